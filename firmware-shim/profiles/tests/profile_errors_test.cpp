// Bad profiles: every kind of mistake is a ProfileError naming file, line, column and field.

#include <gtest/gtest.h>

#include <cstdint>
#include <string>

#include "profile_test_util.hpp"

namespace nk3::profiles {
namespace {

using testing::error_of;
using testing::kValidProfile;
using testing::with_line;
using testing::with_lines;

// The error's position and field, and a piece of its message.
void expect_error(const std::string& text, int line, int column, const std::string& field,
                  const std::string& message_part) {
    const ProfileError e = error_of(text);
    EXPECT_EQ(e.file(), "profiles/x.yaml");
    EXPECT_EQ(e.line(), line) << e.what();
    EXPECT_EQ(e.column(), column) << e.what();
    EXPECT_EQ(e.field(), field) << e.what();
    EXPECT_NE(e.message().find(message_part), std::string::npos)
        << "\"" << message_part << "\" not in: " << e.what();
    const std::string prefix = "profiles/x.yaml:" + std::to_string(line) + ":" +
                               std::to_string(column) + ": " + (field.empty() ? "" : field + ": ");
    EXPECT_EQ(std::string(e.what()).rfind(prefix, 0), 0u) << e.what();
}

TEST(ProfileErrors, TheValidBaseParses) {
    const DeviceProfile p = parse_profile(kValidProfile, "profiles/x.yaml");
    EXPECT_EQ(p.name, "x");
    EXPECT_EQ(p.on_mount_failure, MountFailure::recover_journal);
    EXPECT_EQ(p.internal.ftl.replay, ftl::JournalReplay::on_mount_failure);
}

TEST(ProfileErrors, BadEnumValueReadsAsDocumented) {
    const ProfileError e = error_of(with_line(21, "  pin_retries_write: later"));
    EXPECT_STREQ(e.what(),
                 "profiles/x.yaml:21:22: ctap.pin_retries_write: expected one of before-compare, "
                 "after-compare, got \"later\"");
    expect_error(with_line(7, "    chip: stm32"), 7, 11, "flash.internal.chip",
                 "expected one of nrf52840, lpc55, gd25q16, got \"stm32\"");
    expect_error(with_line(18, "  on_mount_failure: reboot"), 18, 21, "boot.on_mount_failure",
                 "expected one of format, recover-journal, halt");
    expect_error(with_line(19, "  on_state_file_corrupt: wipe"), 19, 26,
                 "boot.on_state_file_corrupt", "expected one of defaults, halt");
    expect_error(with_line(9, "    ftl: JOURNALED"), 9, 10, "flash.internal.ftl",
                 "expected one of none, rmw, journaled");
    expect_error(with_line(11, "    journal_replay: always"), 11, 21,
                 "flash.internal.journal_replay", "expected one of on-mount-failure, on-boot");
    expect_error(with_line(3, "variant: usbip"), 3, 10, "variant", "expected one of lpc55, nrf52");
}

TEST(ProfileErrors, UnknownKeysAtEveryLevel) {
    expect_error(kValidProfile + "colour: red\n", 24, 1, "colour", "unknown field");
    expect_error(with_line(12, "    prog_sise: 256"), 12, 5, "flash.internal.prog_sise",
                 "unknown field; expected one of chip, pages, sectors");
    expect_error(with_line(16, "    ftl: none\n    spare: 1"), 17, 5, "flash.external.spare",
                 "unknown field");
    expect_error(with_line(5, "flash:\n  middle: {}"), 6, 3, "flash.middle",
                 "expected one of internal, external");
    expect_error(kValidProfile + "  pin_retry: 8\n", 24, 3, "ctap.pin_retry", "unknown field");
    expect_error(with_line(19, "  on_state_file_corrupt: defaults\n  on_cut: halt"), 20, 3,
                 "boot.on_cut", "unknown field");
}

TEST(ProfileErrors, MissingRequiredKeysPointAtTheirMapping) {
    expect_error(with_line(9, ""), 7, 5, "flash.internal.ftl", "required field is missing");
    expect_error(with_line(3, ""), 1, 1, "variant", "required field is missing");
    expect_error(with_line(18, ""), 18, 3, "boot.on_mount_failure", "required field is missing");
    expect_error(with_line(11, ""), 7, 5, "flash.internal.journal_replay",
                 "required field is missing");
    expect_error(with_line(15, ""), 14, 5, "flash.external.pages", "pages or sectors");
    expect_error(with_lines({{9, "    ftl: rmw"}, {10, ""}, {11, ""}}), 7, 5,
                 "flash.internal.block_size", "required field is missing");
    expect_error(with_lines({{13, ""}, {14, ""}, {15, ""}, {16, ""}}), 6, 3, "flash.external",
                 "required field is missing");
}

TEST(ProfileErrors, WrongTypes) {
    expect_error(with_line(8, "    pages: \"20\""), 8, 12, "flash.internal.pages",
                 "expected an integer in 1..256, got the string \"20\"");
    expect_error(with_line(8, "    pages: [20]"), 8, 12, "flash.internal.pages", "got a list");
    expect_error(with_line(8, "    pages: twenty"), 8, 12, "flash.internal.pages",
                 "expected an integer in 1..256, got \"twenty\"");
    expect_error(with_line(8, "    pages: 20.5"), 8, 12, "flash.internal.pages",
                 "expected an integer");
    expect_error(with_line(8, "    pages: 0x14"), 8, 12, "flash.internal.pages",
                 "expected an integer");
    expect_error(with_line(21, "  pin_retries_write: {a: 1}"), 21, 22, "ctap.pin_retries_write",
                 "got a mapping");
    expect_error(with_lines({{20, "ctap: 3"}, {21, ""}, {22, ""}, {23, ""}}), 20, 7, "ctap",
                 "expected a mapping, got \"3\"");
    expect_error(with_line(1, "model: [a, b]"), 1, 8, "model", "got a list");
    const ProfileError empty = error_of(with_line(9, "    ftl:"));
    EXPECT_EQ(empty.line(), 9) << empty.what();
    EXPECT_EQ(empty.field(), "flash.internal.ftl");
    EXPECT_NE(empty.message().find("got nothing"), std::string::npos) << empty.what();
}

TEST(ProfileErrors, OutOfRangeNumbers) {
    expect_error(with_line(8, "    pages: 9999"), 8, 12, "flash.internal.pages",
                 "out of range: 9999 is not in 1..256");
    expect_error(with_line(8, "    pages: 0"), 8, 12, "flash.internal.pages", "out of range");
    expect_error(with_line(22, "  pin_retries: 0"), 22, 16, "ctap.pin_retries", "out of range");
    expect_error(with_line(22, "  pin_retries: -1"), 22, 16, "ctap.pin_retries",
                 "out of range: -1");
    expect_error(with_line(22, "  pin_retries: 99999999999999999999999"), 22, 16,
                 "ctap.pin_retries", "out of range");
    expect_error(with_line(15, "    sectors: 513"), 15, 14, "flash.external.sectors",
                 "out of range: 513 is not in 1..512");
    expect_error(kValidProfile + "  reset_window_ms: 600001\n", 24, 20, "ctap.reset_window_ms",
                 "out of range");
    expect_error(kValidProfile + "  max_msg_size: 8000\n", 24, 17, "ctap.max_msg_size",
                 "out of range");
}

TEST(ProfileErrors, BoardFieldsDeriveFromFirmwareAndCanBeOverridden) {
    const DeviceProfile base = parse_profile(kValidProfile, "profiles/x.yaml");
    EXPECT_TRUE(base.migrate_from_pre_journal);
    EXPECT_TRUE(base.internal.ftl.reset_journal_on_boot);
    EXPECT_EQ(base.status_bytes, 4);
    const DeviceProfile v14 = parse_profile(with_line(2, "firmware: \"1.4.0\""), "profiles/x.yaml");
    EXPECT_EQ(v14.status_bytes, 5);
    const DeviceProfile v12 = parse_profile(with_lines({{2, "firmware: \"1.2.2\""},
                                                        {9, "    ftl: rmw"},
                                                        {11, ""},
                                                        {18, "  on_mount_failure: format"}}),
                                            "profiles/x.yaml");
    EXPECT_FALSE(v12.status_init_flags);
    EXPECT_EQ(v12.external.ftl.spare_pages, 0u);
    EXPECT_FALSE(v12.migrate_from_pre_journal);
    const DeviceProfile knobs = parse_profile(with_line(19,
                                                        "  on_state_file_corrupt: defaults\n"
                                                        "  journal_reset_on_boot: false\n"
                                                        "  migrate_from_pre_journal: false"),
                                              "profiles/x.yaml");
    EXPECT_FALSE(knobs.internal.ftl.reset_journal_on_boot);
    EXPECT_FALSE(knobs.migrate_from_pre_journal);
}

TEST(ProfileErrors, BoardFieldsNeedTheFirmwareJournal) {
    expect_error(with_lines({{9, "    ftl: rmw"},
                             {11, ""},
                             {18, "  on_mount_failure: format"},
                             {19,
                              "  on_state_file_corrupt: defaults\n"
                              "  journal_reset_on_boot: true"}}),
                 19, 26, "boot.journal_reset_on_boot", "applies to the firmware journal only");
    expect_error(with_lines({{18, "  on_mount_failure: format"},
                             {19,
                              "  on_state_file_corrupt: defaults\n"
                              "  migrate_from_pre_journal: true"}}),
                 20, 29, "boot.migrate_from_pre_journal", "on_mount_failure recover-journal");
    expect_error(with_line(15, "    sectors: 20"), 15, 14, "flash.external.sectors",
                 "32-sector spare");
    expect_error(with_line(19, "  on_state_file_corrupt: defaults\n  journal_reset_on_boot: maybe"),
                 20, 26, "boot.journal_reset_on_boot", "expected one of false, true");
}

TEST(ProfileErrors, InconsistentCombinations) {
    // recover-journal needs a journaled translation layer.
    expect_error(with_lines({{9, "    ftl: rmw"}, {11, ""}}), 17, 21, "boot.on_mount_failure",
                 "recover-journal needs a journal: flash.internal.ftl is rmw");
    // journal_replay only with the journaled layer.
    expect_error(with_line(9, "    ftl: rmw"), 11, 21, "flash.internal.journal_replay",
                 "applies to ftl journaled only");
    // block_size must divide the page, and only exists with a translation layer.
    expect_error(with_line(10, "    block_size: 300"), 10, 17, "flash.internal.block_size",
                 "300 does not divide the 4096 B page of nrf52840");
    expect_error(with_lines({{9, "    ftl: none"}, {11, ""}, {18, "  on_mount_failure: format"}}),
                 10, 17, "flash.internal.block_size", "applies to ftl rmw and journaled only");
    // The variant fixes the internal chip.
    expect_error(with_line(3, "variant: lpc55"), 7, 11, "flash.internal.chip",
                 "variant lpc55 has lpc55 internal flash, got nrf52840");
    // Per-boot PIN retries cannot exceed the persistent ones.
    expect_error(with_line(23, "  pin_retries_per_boot: 9"), 23, 25, "ctap.pin_retries_per_boot",
                 "9 is more than ctap.pin_retries (8)");
    // prog_size: whole chip program units, dividing the block.
    expect_error(with_line(12, "    prog_size: 100"), 12, 16, "flash.internal.prog_size",
                 "100 does not divide the 256 B filesystem block");
    expect_error(with_line(12, "    prog_size: 6"), 12, 16, "flash.internal.prog_size",
                 "not a whole number of the chip's 4 B program units");
    expect_error(kValidProfile.substr(0, kValidProfile.find("    ftl: none")) +
                     "    ftl: none\n    prog_size: 128\n" +
                     kValidProfile.substr(kValidProfile.find("boot:")),
                 17, 16, "flash.external.prog_size", "256 B program units");
    // Too small for a filesystem.
    expect_error(with_line(8, "    pages: 2"), 8, 12, "flash.internal.pages",
                 "2 pages leave 0 filesystem blocks");
    expect_error(with_line(15, "    sectors: 3"), 15, 14, "flash.external.sectors",
                 "3 pages leave 3 filesystem blocks");
    // pages and sectors are the same thing: one of them.
    expect_error(with_line(15, "    sectors: 64\n    pages: 64"), 15, 14, "flash.external.sectors",
                 "either pages or sectors");
}

TEST(ProfileErrors, ValuesWithTheirOwnSyntax) {
    expect_error(with_line(2, "firmware: \"1.3\""), 2, 11, "firmware",
                 "expected MAJOR.MINOR.PATCH");
    expect_error(with_line(2, "firmware: 1.3.64"), 2, 11, "firmware", "patch <= 63");
    expect_error(with_line(4, "aaguid: not-a-uuid"), 4, 9, "aaguid",
                 "expected a UUID (8-4-4-4-12 hex digits), got \"not-a-uuid\"");
    expect_error(with_line(1, "model: \"two\\nlines\""), 1, 8, "model", "single line");
    expect_error(with_line(1, "model: \"\""), 1, 8, "model", "empty");
}

TEST(ProfileErrors, DuplicateKeys) {
    expect_error(kValidProfile + "model: again\n", 24, 1, "model",
                 "duplicate key (first given at line 1)");
    expect_error(with_line(16, "    ftl: none\n    ftl: rmw"), 17, 5, "flash.external.ftl",
                 "duplicate key");
}

TEST(ProfileErrors, DocumentShape) {
    expect_error("", 1, 1, "", "the profile is empty");
    expect_error("# only a comment\n", 1, 1, "", "the profile is empty");
    expect_error("- model\n- firmware\n", 1, 1, "", "expected a mapping, got a list");
    expect_error("just text\n", 1, 1, "", "expected a mapping, got \"just text\"");
    expect_error(kValidProfile + "---\nmodel: again\n", 25, 1, "", "one YAML document expected");
    expect_error("[a, b]: 1\n", 1, 1, "", "keys must be names");
}

TEST(ProfileErrors, YamlSyntaxErrorsCarryTheirPosition) {
    const ProfileError e = error_of(with_line(8, "    pages: [20"));
    EXPECT_GE(e.line(), 8) << e.what();
    EXPECT_GT(e.column(), 0) << e.what();
    EXPECT_EQ(e.field(), "");
    EXPECT_NE(e.message().find("YAML syntax error"), std::string::npos) << e.what();

    const ProfileError tab = error_of(with_line(8, "\tpages: 20"));
    EXPECT_EQ(tab.line(), 8) << tab.what();
    EXPECT_NE(tab.message().find("YAML"), std::string::npos) << tab.what();

    const ProfileError quote = error_of(with_line(1, "model: \"unterminated"));
    EXPECT_GE(quote.line(), 1) << quote.what();
    EXPECT_NE(quote.message().find("YAML syntax error"), std::string::npos) << quote.what();
}

TEST(ProfileErrors, CtapSectionIsOptionalWithFirmwareDefaults) {
    const DeviceProfile p =
        parse_profile(with_lines({{20, ""}, {21, ""}, {22, ""}, {23, ""}}), "profiles/x.yaml");
    const fido::AuthenticatorConfig defaults;
    EXPECT_EQ(p.fido.pin_retries_write, fido::PinRetriesWrite::before_compare);
    EXPECT_EQ(p.fido.pin_retries, defaults.pin_retries);
    EXPECT_EQ(p.fido.pin_retries_per_boot, defaults.pin_retries_per_boot);
    EXPECT_EQ(p.fido.reset_window, defaults.reset_window);
    EXPECT_EQ(p.fido.max_resident_credentials, defaults.max_resident_credentials);
}

// Deterministic mutations of a valid profile (bytes replaced, dropped, YAML punctuation
// inserted): the parser accepts the text or throws ProfileError with a position inside the
// text; nothing else escapes and nothing crashes.
TEST(ProfileErrors, MutatedProfilesNeverEscapeAsAnythingButProfileError) {
    std::uint64_t state = 0x9E3779B97F4A7C15ull;
    auto next = [&state] {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        return state;
    };
    const std::string punctuation = ":-[]{}#&*!|>'\"%@`,? \t\n0123456789";
    int errors = 0;
    for (int i = 0; i < 3000; ++i) {
        std::string text = kValidProfile;
        const int edits = 1 + static_cast<int>(next() % 4);
        for (int k = 0; k < edits && !text.empty(); ++k) {
            const std::size_t at = next() % text.size();
            switch (next() % 4) {
                case 0:
                    text[at] = punctuation[next() % punctuation.size()];
                    break;
                case 1:
                    text.erase(at, 1 + next() % 8);
                    break;
                case 2:
                    text.insert(at, 1, punctuation[next() % punctuation.size()]);
                    break;
                default:
                    text[at] = static_cast<char>(next() & 0xFF);
                    break;
            }
        }
        try {
            parse_profile(text, "profiles/x.yaml");
        } catch (const ProfileError& e) {
            ++errors;
            const auto lines = static_cast<int>(std::count(text.begin(), text.end(), '\n'));
            EXPECT_LE(e.line(), lines + 2) << e.what();
            EXPECT_GE(e.line(), 0) << e.what();
        } catch (const std::exception& e) {
            ADD_FAILURE() << "escaped: " << e.what() << "\n" << text;
        }
    }
    EXPECT_GT(errors, 1000);  // the mutations mostly break the profile
}

}  // namespace
}  // namespace nk3::profiles

namespace nk3::profiles {
namespace {

// The FIDO application's level, counter, rk layout and resident limit follow the firmware
// version unless the ctap section names them (docs/profiles.md).
TEST(ProfileFidoFields, DerivedFromTheFirmwareVersionAndOverridable) {
    const DeviceProfile v131 = parse_profile(testing::kValidProfile, "profiles/x.yaml");
    EXPECT_EQ(v131.fido.ctap_level, fido::CtapLevel::v2_1_pre);
    EXPECT_EQ(v131.fido.counter_step, fido::CounterStep::one);
    EXPECT_EQ(v131.fido.rk_layout, fido::RkLayout::per_rp);
    EXPECT_EQ(v131.fido.max_resident_credentials, 0u);  // unlimited

    const DeviceProfile v140 =
        parse_profile(testing::with_line(2, "firmware: \"1.4.0\""), "profiles/x.yaml");
    EXPECT_EQ(v140.fido.ctap_level, fido::CtapLevel::v2_1_pre);
    EXPECT_EQ(v140.fido.max_resident_credentials, 10u);

    const DeviceProfile v182 =
        parse_profile(testing::with_line(2, "firmware: \"1.8.2\""), "profiles/x.yaml");
    EXPECT_EQ(v182.fido.ctap_level, fido::CtapLevel::v2_1);
    EXPECT_EQ(v182.fido.counter_step, fido::CounterStep::one);
    EXPECT_EQ(v182.fido.rk_layout, fido::RkLayout::flat);
    EXPECT_EQ(v182.fido.max_resident_credentials, 100u);

    const DeviceProfile v190 =
        parse_profile(testing::with_line(2, "firmware: \"1.9.0\""), "profiles/x.yaml");
    EXPECT_EQ(v190.fido.counter_step, fido::CounterStep::random);

    const DeviceProfile explicit_fields = parse_profile(
        testing::with_line(23,
                           "  pin_retries_per_boot: 3\n  level: \"2.1\"\n  counter_step: "
                           "random\n  rk_layout: flat\n  max_resident_credentials: 10"),
        "profiles/x.yaml");
    EXPECT_EQ(explicit_fields.fido.ctap_level, fido::CtapLevel::v2_1);
    EXPECT_EQ(explicit_fields.fido.counter_step, fido::CounterStep::random);
    EXPECT_EQ(explicit_fields.fido.rk_layout, fido::RkLayout::flat);
    EXPECT_EQ(explicit_fields.fido.max_resident_credentials, 10u);

    const DeviceProfile unlimited = parse_profile(
        testing::with_line(23, "  pin_retries_per_boot: 3\n  max_resident_credentials: unlimited"),
        "profiles/x.yaml");
    EXPECT_EQ(unlimited.fido.max_resident_credentials, 0u);
    EXPECT_THROW(parse_profile(testing::with_line(23, "  level: \"2.2\""), "profiles/x.yaml"),
                 ProfileError);
}

}  // namespace
}  // namespace nk3::profiles
