// Parsing of "DRIVER[:KEY=VALUE]..." driver specs.
#include "rig/sigrok/driver_spec.hpp"

#include <stdexcept>

namespace nk3::rig::sigrok {

DriverSpec parse_driver_spec(const std::string& text) {
    const std::string form = "\"" + text +
                             "\" is not a sigrok driver spec like fx2lafw or fx2lafw:conn=1.5 "
                             "(`sigrok-cli --list-supported` lists drivers)";
    DriverSpec spec;
    std::size_t start = 0;
    bool first = true;
    for (;;) {
        const std::size_t colon = text.find(':', start);
        const std::string part =
            text.substr(start, colon == std::string::npos ? std::string::npos : colon - start);
        if (first) {
            if (part.empty() || part.find_first_of("= \t") != std::string::npos)
                throw std::invalid_argument(form);
            spec.driver = part;
            first = false;
        } else {
            const std::size_t eq = part.find('=');
            if (eq == std::string::npos || eq == 0 || eq + 1 == part.size())
                throw std::invalid_argument(form);
            spec.options.emplace_back(part.substr(0, eq), part.substr(eq + 1));
        }
        if (colon == std::string::npos) break;
        start = colon + 1;
    }
    return spec;
}

}  // namespace nk3::rig::sigrok
