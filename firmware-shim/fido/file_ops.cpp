// File operations of the FIDO application, with the test observer.

#include "fido/file_ops.hpp"

namespace nk3::fido {

namespace {

FileOpObserver& observer() {
    thread_local FileOpObserver current;
    return current;
}

void notify(FileOp op, std::string_view path) {
    if (const auto& o = observer()) o(op, path);
}

}  // namespace

FileOpObserver set_file_op_observer(FileOpObserver next) {
    FileOpObserver previous = std::move(observer());
    observer() = std::move(next);
    return previous;
}

namespace file_ops {

void write_file(fs::Filesystem& fs, std::string_view path, crypto::ByteView content) {
    fs.write_file(path, content);
    notify(FileOp::write, path);
}

void remove(fs::Filesystem& fs, std::string_view path) {
    fs.remove(path);
    notify(FileOp::remove, path);
}

void mkdir(fs::Filesystem& fs, std::string_view path) {
    fs.mkdir(path);
    notify(FileOp::mkdir, path);
}

}  // namespace file_ops
}  // namespace nk3::fido
