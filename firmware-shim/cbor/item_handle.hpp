#pragma once
// RAII ownership of libcbor items: a std::unique_ptr whose deleter drops one reference
// (cbor_decref), and a checked constructor for the builders that return NULL on allocation
// failure.

#include <cbor.h>

#include <memory>

namespace nk3::cbor {

struct ItemDeleter {
    void operator()(cbor_item_t* item) const noexcept {
        if (item) cbor_decref(&item);
    }
};
using ItemPtr = std::unique_ptr<cbor_item_t, ItemDeleter>;

// Owns `item` (one reference); throws std::bad_alloc when a libcbor builder returned NULL.
ItemPtr own(cbor_item_t* item);

}  // namespace nk3::cbor
