// FidoError: message built from libfido2's own description of the status code.
#include "rig/link/fido_error.hpp"

#include <fido.h>

namespace nk3::rig {

namespace {

std::string message(std::string_view what, int code) {
    std::string text(what);
    text += ": ";
    text += fido_strerr(code);
    text += " (";
    text += std::to_string(code);
    text += ")";
    return text;
}

}  // namespace

FidoError::FidoError(std::string_view what, int code)
    : std::runtime_error(message(what, code)), code_(code) {}

void check_fido(int code, std::string_view what) {
    if (code != FIDO_OK) throw FidoError(what, code);
}

}  // namespace nk3::rig
