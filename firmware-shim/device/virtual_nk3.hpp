#pragma once
// The simulated NK3: one power domain, the internal and the external flash stacks, the boot
// sequence and its policy (profile), the FIDO application, the admin vendor commands, the
// CTAPHID transport and a simulated touch button. Single-threaded; time is simulated.
//
// Power: a cut armed with cut_after() (or power_off()) stops the MCU where it is; a flash
// operation cut in flight throws flash::PowerLoss inside the firmware, which this class absorbs:
// RAM state (transport, application, mounted filesystems, the journal's slot) is dropped, flash
// keeps what was written. power_on() boots again: storage/board_boot.hpp (mount, the profile's
// recovery, the journal wipe), then the FIDO state. A FirmwarePanic during boot halts the key
// (halted(), last_boot().panicked) until its next power-up, which boots again.

#include <array>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <string>

#include "crypto/bytes.hpp"
#include "device/hid_endpoint.hpp"
#include "flash/flash_op.hpp"
#include "flash/power_domain.hpp"
#include "profiles/device_profile.hpp"
#include "storage/storage_stack.hpp"

namespace nk3::device {

// The simulated touch button.
//   press_after: a request that needs a touch is granted `delay` after it asks (KEEPALIVE with
//                UPNEEDED meanwhile);
//   refuse:      it is denied after `delay` (CTAP2_ERR_OPERATION_DENIED);
//   hold:        nobody touches; the request waits until cancelled or it times out
//                (CTAP2_ERR_USER_ACTION_TIMEOUT after `timeout`).
struct ButtonConfig {
    enum class Mode : std::uint8_t { press_after, refuse, hold };
    Mode mode = Mode::press_after;
    SimTime delay = std::chrono::milliseconds(200);
    SimTime timeout = std::chrono::seconds(30);
};

// What the last boot did (storage/board_boot.hpp does the storage part).
struct BootInfo {
    bool internal_mounted = false;
    bool internal_first_mount_failed = false;  // the mount check failed (flag 0x02)
    bool internal_formatted = false;           // by the boot policy (not a factory image)
    bool journal_replayed = false;
    bool migrated = false;          // a pre-journal layout was migrated (v1.3 first boot)
    bool migration_failed = false;  // ... and the migration failed: formatted
    bool external_mounted = false;
    bool external_formatted = false;
    bool halted = false;            // the key answers nothing (boot policy, panic, state file)
    bool panicked = false;          // the firmware panicked during boot (FirmwarePanic)
    bool state_file_reset = false;  // FIDO state started from defaults after corruption
    std::uint8_t init_flags = 0;    // the admin status's, set once at boot
    std::uint8_t free_internal_blocks = 0xFF;     // counted once at boot (0xFF: more than fit)
    std::uint16_t free_external_blocks = 0xFFFF;  // counted once at boot
    std::string detail;                           // one line: what happened and why
};

// The admin status (vendor 0x72, sub-command 0x80), decoded. 4 bytes before firmware v1.4.0
// (has_variant false, variant 0), 5 from it.
struct AdminStatus {
    std::uint8_t init_flags = 0;
    std::uint8_t free_internal_blocks = 0;  // 255 when more
    std::uint16_t free_external_blocks = 0;
    std::uint8_t variant = 0;  // 1 LPC55, 2 nRF52
    bool has_variant = true;
};

class VirtualNk3 final : public HidEndpoint {
  public:
    // A factory-fresh key: both filesystems formatted, the attestation provisioned by the
    // project's test CA, then powered on. Everything random comes from `seed`.
    VirtualNk3(const profiles::DeviceProfile& profile, std::uint64_t seed);
    ~VirtualNk3() override;

    const profiles::DeviceProfile& profile() const;

    // HidEndpoint
    void write(const ctaphid::Report& report) override;
    std::optional<ctaphid::Report> read() override;
    void advance(SimTime dt) override;
    SimTime now() const override;
    SimTime quiet_until() const override;

    // Power.
    void power_off();
    void power_on();  // boots; no-op when already on
    void power_cycle(SimTime off_time = std::chrono::seconds(2));
    bool powered() const;
    bool halted() const;
    // Cuts power at the flash operation `ops_from_now` operations ahead (0 = the next one).
    void cut_after(std::uint64_t ops_from_now, flash::CutMode mode);
    // Cuts power at simulated instant `at` (flash::PowerDomain::arm_cut_at_time): a flash
    // operation running then is torn at that point, one starting after it is cut before, and a
    // key that is idle when its clock reaches `at` (advance(), a host waiting for an answer)
    // loses power right then. last_cut() says where it landed.
    void cut_at_time(SimTime at);

    // Called on every edge of the key's supply rail (power_on, power_off, a cut landing), with
    // the level after the edge and the simulated time: what a probe on the rail sees. Not
    // called by restore(), which jumps to a state rather than switching. One listener; an
    // empty function removes it.
    using PowerListener = std::function<void(bool powered, SimTime at)>;
    void set_power_listener(PowerListener listener);
    const BootInfo& last_boot() const;
    std::optional<flash::CutRecord> last_cut() const;

    void set_button(const ButtonConfig& config);
    const ButtonConfig& button() const;
    // A CBOR request is waiting for the button (KEEPALIVE says UPNEEDED).
    bool waiting_for_touch() const;

    AdminStatus status() const;
    flash::PowerDomain& power_domain();
    storage::StorageStack& internal();
    storage::StorageStack& external();

    // Flash images, for `--state DIR` and post-mortems: DIR/internal.img, DIR/external.img.
    void save_images(const std::filesystem::path& dir) const;
    // Replaces both chips' contents with the images and boots. Throws on a bad image (and then
    // changes nothing).
    void load_images(const std::filesystem::path& dir);

    // The seed everything random derives from, and the UUID (vendor command 0x62) drawn from it.
    std::uint64_t seed() const;
    std::array<std::uint8_t, 16> uuid() const;

    // The whole device: both chips and their mounted filesystems, the power domain's counter,
    // clock and power, the authenticator's random stream, boot time and boot report, button.
    // Cheap (flash pages are shared copy-on-write). Not included: the transport, the host's
    // unread reports and the authenticator's RAM: restore() rebuilds those as after a boot that
    // keeps the boot time (the authenticator reads its state files again), so take snapshots at
    // quiet points, with no request in flight. One bit of that RAM is kept: whether trussed's
    // rng-state was already written this power-up, so a restore in mid power-up does not write
    // it again at the next request. restore() disarms any armed cut.
    class Snapshot {
      public:
        Snapshot();
        ~Snapshot();
        Snapshot(const Snapshot&);
        Snapshot& operator=(const Snapshot&);

      private:
        friend class VirtualNk3;
        struct Data;
        std::shared_ptr<const Data> data_;
    };
    Snapshot snapshot() const;
    void restore(const Snapshot& snapshot);

    // Digests for telling two power cuts apart (docs/engine.md, "Same state, same outcome"),
    // SHA-256, meant to be used together. flash_digest(s): the bytes of both chips in `s`.
    // unpowered_digest(base): what this key keeps while unpowered, relative to `base`: the
    // pages of both chips that differ from base's, the authenticator's random stream, the
    // button, the seed. Two keys of one profile, each restored from a snapshot with equal
    // flash_digest() and then cut, with equal unpowered_digest(of that snapshot), hold the same
    // bytes and will draw the same random numbers: they boot and answer alike. Only their
    // clocks may differ, and the firmware only ever measures durations.
    // unpowered_digest() throws std::logic_error while the key is powered (its RAM would count).
    crypto::Bytes flash_digest(const Snapshot& snapshot) const;
    crypto::Bytes unpowered_digest(const Snapshot& base) const;

  private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

}  // namespace nk3::device
