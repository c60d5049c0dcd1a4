// RFC 4180 quoting of single fields and whole records.

#include "harness/results/csv_row.hpp"

#include <gtest/gtest.h>

namespace nk3::results {
namespace {

TEST(CsvRowTest, PlainFieldsAreWrittenAsIs) {
    EXPECT_EQ(csv_field(""), "");
    EXPECT_EQ(csv_field("flash op 37 torn"), "flash op 37 torn");
    EXPECT_EQ(csv_field("a;b"), "a;b");
}

TEST(CsvRowTest, SpecialCharactersAreQuotedAndQuotesDoubled) {
    EXPECT_EQ(csv_field("a,b"), "\"a,b\"");
    EXPECT_EQ(csv_field("say \"hi\""), "\"say \"\"hi\"\"\"");
    EXPECT_EQ(csv_field("line\nbreak"), "\"line\nbreak\"");
    EXPECT_EQ(csv_field("cr\rhere"), "\"cr\rhere\"");
    EXPECT_EQ(csv_field("\""), "\"\"\"\"");
}

TEST(CsvRowTest, RecordsJoinWithCommasAndEndInCrlf) {
    EXPECT_EQ(csv_row({"1", "", "x,y"}), "1,,\"x,y\"\r\n");
    EXPECT_EQ(csv_row({}), "\r\n");
}

}  // namespace
}  // namespace nk3::results
