// check_readable_run: ResultStore::open, then verify(), with StoreError as an exit status.

#include "harness/cli/readable_run.hpp"

#include <cstdio>

#include "harness/engine/error_status.hpp"
#include "harness/engine/exit_status.hpp"
#include "harness/results/result_store.hpp"

namespace nk3::cli {

int check_readable_run(const std::string& dir, const char* who) {
    try {
        results::ResultStore::open(dir).verify();
        return 0;
    } catch (const results::StoreError& e) {
        // Not a run at all, another schema: the renderer says so in its own words, as before.
        if (e.kind() != results::StoreError::Kind::corrupt) return 0;
        std::fprintf(stderr, "%s: %s\n", who, e.what());
        return *engine::exit_status_for(e);
    }
}

}  // namespace nk3::cli
