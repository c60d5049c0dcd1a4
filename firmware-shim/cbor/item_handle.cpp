// cbor::own: the checked owner of a freshly built libcbor item.

#include "cbor/item_handle.hpp"

#include <new>

namespace nk3::cbor {

ItemPtr own(cbor_item_t* item) {
    if (!item) throw std::bad_alloc();
    return ItemPtr(item);
}

}  // namespace nk3::cbor
