// RFC 4180 quoting.

#include "harness/results/csv_row.hpp"

namespace nk3::results {

std::string csv_field(std::string_view value) {
    if (value.find_first_of(",\"\r\n") == std::string_view::npos) return std::string(value);
    std::string quoted = "\"";
    for (const char c : value) {
        if (c == '"') quoted += '"';
        quoted += c;
    }
    quoted += '"';
    return quoted;
}

std::string csv_row(const std::vector<std::string>& fields) {
    std::string row;
    for (std::size_t i = 0; i < fields.size(); ++i) {
        if (i != 0) row += ',';
        row += csv_field(fields[i]);
    }
    row += "\r\n";
    return row;
}

}  // namespace nk3::results
