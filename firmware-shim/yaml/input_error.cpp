// InputError: formats "FILE:LINE:COLUMN: FIELD: MESSAGE", leaving out what is unknown.

#include "yaml/input_error.hpp"

namespace nk3::yaml {

namespace {

std::string format(const std::string& file, int line, int column, const std::string& field,
                   const std::string& message) {
    // No file (an unknown profile name, say): the message stands alone.
    std::string out = file;
    if (!file.empty() && line > 0) {
        out += ":" + std::to_string(line);
        if (column > 0) out += ":" + std::to_string(column);
    }
    if (!out.empty()) out += ": ";
    if (!field.empty()) out += field + ": ";
    out += message;
    return out;
}

}  // namespace

InputError::InputError(std::string file, int line, int column, std::string field,
                       std::string message)
    : std::runtime_error(format(file, line, column, field, message)),
      file_(std::move(file)),
      line_(line),
      column_(column),
      field_(std::move(field)),
      message_(std::move(message)) {}

}  // namespace nk3::yaml
