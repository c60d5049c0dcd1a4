#pragma once
// The exception the link throws when a libfido2 call fails: the libfido2 status code, its
// fido_strerr text and what the link was doing.

#include <stdexcept>
#include <string>
#include <string_view>

namespace nk3::rig {

class FidoError : public std::runtime_error {
  public:
    FidoError(std::string_view what, int code);

    int code() const { return code_; }

  private:
    int code_;
};

// Throws FidoError unless `code` is FIDO_OK.
void check_fido(int code, std::string_view what);

}  // namespace nk3::rig
