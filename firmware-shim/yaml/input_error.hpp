#pragma once
// The error every YAML input of nk3rig produces (device profiles, scenarios, bench files): bad
// YAML, a bad field, or a file that does not exist. It names the file, the position (1-based
// line and column; 0 when there is none, e.g. an unreadable file) and the dotted field, so a user
// can go straight to the mistake:
//   profiles/x.yaml:7:5: ctap.pin_retries_write: expected one of before-compare, after-compare,
//   got "later"

#include <stdexcept>
#include <string>

namespace nk3::yaml {

class InputError : public std::runtime_error {
  public:
    InputError(std::string file, int line, int column, std::string field, std::string message);

    const std::string& file() const { return file_; }
    int line() const { return line_; }
    int column() const { return column_; }
    const std::string& field() const { return field_; }      // "" when the error is not about one
    const std::string& message() const { return message_; }  // without the location prefix

  private:
    std::string file_;
    int line_;
    int column_;
    std::string field_;
    std::string message_;
};

}  // namespace nk3::yaml
