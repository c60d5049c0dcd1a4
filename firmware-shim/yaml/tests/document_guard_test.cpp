// guard_document and load_single_document on hostile texts: each ends in an InputError naming
// file, line and column, in bounded time and memory (the suite runs under ctest's timeout).

#include "yaml/document_guard.hpp"

#include <gtest/gtest.h>

#include <string>

#include "yaml/document.hpp"

namespace nk3::yaml {
namespace {

InputError error_of(const std::string& text) {
    try {
        load_single_document(text, Source{"in.yaml"}, "file");
    } catch (const InputError& e) {
        return e;
    }
    ADD_FAILURE() << "accepted:\n" << text.substr(0, 200);
    return InputError("", 0, 0, "", "");
}

TEST(DocumentGuard, LeadingCommaIsASyntaxErrorNotAnEndlessLoadAll) {
    for (const std::string text : {",", ",\n", "\n\n  ,x", ",a: 1\n"}) {
        const InputError e = error_of(text);
        EXPECT_EQ(e.file(), "in.yaml");
        EXPECT_GE(e.line(), 1);
        EXPECT_NE(e.message().find("unexpected \",\""), std::string::npos) << e.what();
    }
    EXPECT_EQ(error_of("\n\n  ,x").line(), 3);
}

TEST(DocumentGuard, OtherStrayTokensAreSyntaxErrors) {
    for (const std::string text : {"]", "}", "a: 1\n,\n", "[1, 2\n", "? ,\n"}) {
        const InputError e = error_of(text);
        EXPECT_GE(e.line(), 1) << text;
        EXPECT_NE(e.message().find("YAML"), std::string::npos) << e.what();
    }
}

TEST(DocumentGuard, SelfReferentialAliasIsACycle) {
    const InputError e = error_of("operation: &op [{repeat: 1, do: *op}]\n");
    EXPECT_EQ(e.line(), 1);
    EXPECT_EQ(e.column(), 33);
    EXPECT_NE(e.message().find("cycle"), std::string::npos) << e.what();
}

TEST(DocumentGuard, DeepAliasChainIsRefusedAtTheLimit) {
    std::string text = "a0: &a0 {x: 1}\n";
    for (int i = 1; i < 8000; ++i)
        text += "a" + std::to_string(i) + ": &a" + std::to_string(i) + " {repeat: 1, do: [*a" +
                std::to_string(i - 1) + "]}\n";
    const InputError e = error_of(text);
    EXPECT_GT(e.line(), 1);
    EXPECT_LT(e.line(), 8000);
    EXPECT_NE(e.message().find("nested more than"), std::string::npos) << e.what();
}

TEST(DocumentGuard, DoublingAliasesAreRefusedAtTheSizeLimit) {
    std::string text = "a0: &a0 [1, 2]\n";
    for (int i = 1; i < 64; ++i)
        text += "a" + std::to_string(i) + ": &a" + std::to_string(i) + " [*a" +
                std::to_string(i - 1) + ", *a" + std::to_string(i - 1) + "]\n";
    const InputError e = error_of(text);
    EXPECT_GT(e.line(), 1);
    EXPECT_NE(e.message().find("once aliases are expanded"), std::string::npos) << e.what();
}

TEST(DocumentGuard, PlainNestingIsBounded) {
    const std::string text = std::string(100000, '[') + std::string(100000, ']');
    const InputError e = error_of(text);
    EXPECT_EQ(e.line(), 1);
    EXPECT_NE(e.message().find("nested more than"), std::string::npos) << e.what();
}

TEST(DocumentGuard, SeveralDocumentsAreRefusedAtTheSecond) {
    const InputError e = error_of("a: 1\n---\nb: 2\n");
    EXPECT_EQ(e.line(), 3);  // the second document's first node
    EXPECT_NE(e.message().find("found several"), std::string::npos);
}

TEST(DocumentGuard, OverlongTextIsRefused) {
    const std::string text(DocumentLimits::kMaxBytes + 1, '#');
    const InputError e = error_of(text);
    EXPECT_NE(e.message().find("longer than"), std::string::npos);
}

TEST(DocumentGuard, AcceptsAliasesThatStayWithinTheLimits) {
    const YAML::Node n = load_single_document("base: &b {x: 1, y: [1, 2]}\nuse: [*b, *b]\n",
                                              Source{"in.yaml"}, "file");
    EXPECT_EQ(n["use"][1]["y"][1].as<int>(), 2);
}

TEST(DocumentGuard, EmptyTextIsEmpty) {
    EXPECT_NE(error_of("").message().find("is empty"), std::string::npos);
    EXPECT_NE(error_of("# only a comment\n").message().find("is empty"), std::string::npos);
}

}  // namespace
}  // namespace nk3::yaml
