#pragma once
// RFC 4180 CSV: a field is quoted when it holds a comma, a double quote, CR or LF, and quotes
// inside it are doubled; records end with CRLF. Everything else is written as is.

#include <string>
#include <string_view>
#include <vector>

namespace nk3::results {

std::string csv_field(std::string_view value);
// The fields quoted as needed, joined with ',', ending in "\r\n".
std::string csv_row(const std::vector<std::string>& fields);

}  // namespace nk3::results
