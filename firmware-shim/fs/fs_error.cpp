#include "fs/fs_error.hpp"

namespace nk3::fs {

std::string_view to_string(FsErrc code) {
    switch (code) {
        case FsErrc::not_found:
            return "not found";
        case FsErrc::exists:
            return "exists";
        case FsErrc::not_dir:
            return "not a directory";
        case FsErrc::is_dir:
            return "is a directory";
        case FsErrc::not_empty:
            return "directory not empty";
        case FsErrc::name_too_long:
            return "name too long";
        case FsErrc::invalid:
            return "invalid argument";
        case FsErrc::no_space:
            return "no space left";
        case FsErrc::file_too_large:
            return "file too large";
        case FsErrc::corrupt:
            return "corrupt";
        case FsErrc::not_mounted:
            return "not mounted";
        case FsErrc::io:
            return "i/o error";
        case FsErrc::internal:
            return "internal error";
    }
    return "?";
}

}  // namespace nk3::fs
