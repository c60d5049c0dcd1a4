// The simulated NK3: power, boot sequence and boot policy, and the loop that runs the firmware
// (transport, application, authenticator) and absorbs power cuts. README.md describes it.

#include "device/virtual_nk3.hpp"

#include <algorithm>
#include <deque>

#include "common/endian.hpp"
#include "common/firmware_panic.hpp"
#include "crypto/drbg.hpp"
#include "ctaphid/transport.hpp"
#include "device/nk3_application.hpp"
#include "device/seed_streams.hpp"
#include "fido/authenticator.hpp"
#include "fido/panic.hpp"
#include "flash/flash_error.hpp"
#include "fs/fs_error.hpp"
#include "storage/board_boot.hpp"

namespace nk3::device {

namespace {

// Reports the host has not read yet; beyond this the oldest are dropped, as a full HID input
// buffer drops them.
constexpr std::size_t kMaxUnreadReports = 65536;

ctaphid::TransportConfig transport_config(const profiles::DeviceProfile& profile) {
    const std::uint32_t v = profile.firmware_version;
    ctaphid::TransportConfig config;
    config.version.major = static_cast<std::uint8_t>(std::min<std::uint32_t>(v >> 22, 0xFF));
    config.version.minor =
        static_cast<std::uint8_t>(std::min<std::uint32_t>((v >> 6) & 0xFFFF, 0xFF));
    config.version.build = static_cast<std::uint8_t>(v & 0x3F);
    config.capabilities = ctaphid::capability::kWink | ctaphid::capability::kCbor;  // MSG too
    return config;
}

std::array<std::uint8_t, 16> draw_uuid(std::uint64_t seed) {
    crypto::Drbg drbg = seed_stream(seed, stream::kUuid);
    std::array<std::uint8_t, 16> out{};
    drbg.fill(out);
    return out;
}

}  // namespace

struct VirtualNk3::Snapshot::Data {
    storage::StorageStack::Snapshot internal;
    storage::StorageStack::Snapshot external;
    flash::PowerDomain::State domain;
    crypto::Drbg rng;
    bool powered = false;
    bool halted = false;
    SimTime powered_since{0};
    BootInfo boot;
    ButtonConfig button;
    bool trussed_rng_seeded = false;  // trussed's RAM: the power-up's rng-state write is done
};

VirtualNk3::Snapshot::Snapshot() = default;
VirtualNk3::Snapshot::~Snapshot() = default;
VirtualNk3::Snapshot::Snapshot(const Snapshot&) = default;
VirtualNk3::Snapshot& VirtualNk3::Snapshot::operator=(const Snapshot&) = default;

struct VirtualNk3::Impl final : DeviceServices, fido::Platform {
    Impl(const profiles::DeviceProfile& p, std::uint64_t s)
        : profile(p),
          seed(s),
          internal(p.internal, domain, 0),
          external(p.external, domain, 1),
          random(seed_stream(s, stream::kAuthenticator)),
          uuid(draw_uuid(s)),
          app(*this, p.firmware_version, uuid) {
        rebuild_transport();
    }

    // A new transport (its clock starts again): after a restore sends the clock back.
    void rebuild_transport() {
        transport_holder = std::make_unique<ctaphid::Transport>(app, transport_config(profile));
        app.attach(*transport_holder);
    }
    ctaphid::Transport& transport() { return *transport_holder; }

    // --- services to the firmware --------------------------------------------------------
    fido::Authenticator* authenticator() override { return auth.get(); }
    AdminStatus admin_status() override { return status(); }
    void request_reboot() override { reboot_requested = true; }
    SimTime now() const override { return domain.now(); }
    SimTime powered_since() const override { return boot_time; }
    crypto::Drbg& rng() override { return random; }

    // --- running firmware ----------------------------------------------------------------
    // Runs firmware code; a power cut inside it drops the RAM state. Returns false after a cut.
    template <typename F>
    bool run_firmware(F&& f) {
        try {
            f();
            return true;
        } catch (const flash::PowerLoss&) {
            lose_power();
            return false;
        }
    }

    // Runs a request (host input, a settled touch, a transport tick) through the firmware. A
    // firmware panic (fido::Panic, or a filesystem error nobody handled, which trussed unwraps)
    // halts the key as the NK3's panic handler does: red LED, no answer, until power-up.
    template <typename F>
    void run_request(F&& f) {
        try {
            run_firmware(std::forward<F>(f));
        } catch (const fido::Panic& e) {
            halt(std::string("firmware panic: ") + e.what());
        } catch (const fs::FsError& e) {
            halt(std::string("firmware panic: filesystem error: ") + e.what());
        }
    }

    bool running() const { return powered && !halted; }

    void drain() {
        while (auto r = transport().next_output()) {
            to_host.push_back(*r);
            if (to_host.size() > kMaxUnreadReports) to_host.pop_front();
        }
    }

    // RAM is gone: transport, application, authenticator, mounted filesystems. The reports the
    // transport had queued already went out to the host.
    void drop_ram() {
        drain();
        transport().reset();
        app.power_lost();
        auth.reset();
        internal.lose_ram();
        external.lose_ram();
        reboot_requested = false;
    }

    void lose_power() {
        drop_ram();
        const bool was_powered = powered;
        powered = false;
        halted = false;
        domain.power_off();
        if (was_powered && power_listener) power_listener(false, domain.now());
    }

    // After a call into the firmware: collect its output, do a reboot it asked for.
    void after_firmware() {
        drain();
        while (running() && reboot_requested) {
            drop_ram();
            boot_time = domain.now();
            boot();
        }
    }

    void manufacture() {
        internal.format_and_mount();
        external.format_and_mount();
        crypto::Drbg drbg = seed_stream(seed, stream::kProvisioning);
        fido::Authenticator::provision(internal.fs(), profile.fido, fido::project_test_ca(), drbg);
        internal.unmount();
        external.unmount();
        domain.restore({});  // the factory was long ago: the key's life starts at op 0, time 0
        domain.power_off();
        powered = false;
    }

    void power_on() {
        if (powered) return;
        domain.power_on();
        powered = true;
        halted = false;
        boot_time = domain.now();
        if (power_listener) power_listener(true, domain.now());
        boot();
    }

    void power_off() {
        if (!powered) return;
        lose_power();
    }

    void halt(std::string why) {
        halted = true;
        boot_info.halted = true;
        boot_info.detail = std::move(why);
        auth.reset();
    }

    // The firmware's boot: mount (the profile's policy when that fails), start FIDO.
    void boot() {
        boot_info = {};
        drop_ram();
        try {
            const bool completed = run_firmware([&] { boot_stacks_and_fido(); });
            if (!completed) boot_info.detail = "power lost during boot";
        } catch (const FirmwarePanic& e) {
            // The panic handler: red LED, endless loop, no USB until the next power-up.
            boot_info.panicked = true;
            halt(boot_info.detail + (boot_info.detail.empty() ? "" : "; ") +
                 "firmware panic during boot: " + e.what() + "; halted until power-up");
        } catch (const std::exception& e) {
            // Not a cut: the firmware failed in a way it does not handle. It stops.
            halt(std::string("firmware error during boot: ") + e.what());
        }
        drain();
    }

    void boot_stacks_and_fido() {
        const storage::BoardBootReport r =
            storage::boot_board(internal, external, profile.board_boot());
        boot_info.internal_first_mount_failed = r.internal_first_mount_failed;
        boot_info.journal_replayed = r.journal_replayed;
        boot_info.migrated = r.migrated;
        boot_info.migration_failed = r.migration_failed;
        boot_info.internal_formatted = r.internal_formatted;
        boot_info.internal_mounted = r.internal_mounted;
        boot_info.external_formatted = r.external_formatted;
        boot_info.external_mounted = r.external_mounted;
        boot_info.init_flags = r.init_flags;
        boot_info.free_internal_blocks = r.free_internal_blocks;
        boot_info.free_external_blocks = r.free_external_blocks;
        boot_info.detail = r.detail;
        if (r.halted) {
            halt(r.detail);
            return;
        }
        std::string detail = r.detail;
        auth = std::make_unique<fido::Authenticator>(internal.fs(), profile.fido, *this);
        const fido::BootOutcome outcome = auth->boot();
        if (outcome.halted) {
            halt(detail + "; FIDO state file " +
                 (outcome.state_was_corrupt ? "does not parse" : "is unusable") +
                 ", boot.on_state_file_corrupt is halt: halted");
            return;
        }
        if (outcome.state_was_corrupt) {
            boot_info.state_file_reset = true;
            detail += "; FIDO state file did not parse: started from defaults";
        }
        if (!outcome.attestation_present) detail += "; no attestation key (self attestation)";
        boot_info.detail = detail;
    }

    // The admin data the firmware fixed at boot (runners/embedded/src/lib.rs init_apps
    // @v1.3.1): init flags and free blocks counted once; the variant byte from v1.4.0.
    AdminStatus status() {
        AdminStatus s;
        s.init_flags = boot_info.init_flags;
        s.free_internal_blocks = boot_info.free_internal_blocks;
        s.free_external_blocks = boot_info.free_external_blocks;
        s.has_variant = profile.status_bytes >= 5;
        s.variant = s.has_variant ? profile.variant : 0;
        return s;
    }

    // --- host side -----------------------------------------------------------------------
    void write(const ctaphid::Report& report) {
        if (!running()) return;
        run_request([&] { transport().receive(report, domain.now()); });
        after_firmware();
    }

    // A cut armed at an instant up to `target` lands while the key idles (a running or halted
    // key: either draws power). True when it did.
    bool idle_cut_before(SimTime target) {
        if (!powered || !domain.time_cut_within(target - domain.now())) return false;
        domain.cut_idle();
        lose_power();
        return true;
    }

    void advance(SimTime dt) {
        if (dt < SimTime{0}) dt = SimTime{0};
        const SimTime target = domain.now() + dt;
        // Settle touches at their own time, so the firmware's flash work happens then.
        while (running()) {
            const auto event = app.next_event();
            if (!event || *event > target) break;
            // A time cut before the event: the event never happens.
            const auto& tc = domain.armed_time();
            if (tc && tc->at < *event && idle_cut_before(*event)) break;
            if (*event > domain.now()) domain.advance(*event - domain.now());
            run_request([&] {
                transport().tick(domain.now());
                app.poll(domain.now());
            });
            after_firmware();
        }
        idle_cut_before(target);
        if (target > domain.now()) domain.advance(target - domain.now());
        if (running()) {
            run_request([&] { transport().tick(domain.now()); });
            after_firmware();
        }
    }

    profiles::DeviceProfile profile;
    std::uint64_t seed;
    flash::PowerDomain domain;
    storage::StorageStack internal;
    storage::StorageStack external;
    crypto::Drbg random;  // the authenticator's stream
    std::array<std::uint8_t, 16> uuid;
    Nk3Application app;
    std::unique_ptr<ctaphid::Transport> transport_holder;
    std::unique_ptr<fido::Authenticator> auth;  // after `internal`: it uses its filesystem
    std::deque<ctaphid::Report> to_host;
    bool powered = false;
    bool halted = false;
    bool reboot_requested = false;
    SimTime boot_time{0};
    BootInfo boot_info;
    PowerListener power_listener;
};

// --- VirtualNk3 ------------------------------------------------------------------------------

VirtualNk3::VirtualNk3(const profiles::DeviceProfile& profile, std::uint64_t seed)
    : impl_(std::make_unique<Impl>(profile, seed)) {
    impl_->manufacture();
    impl_->power_on();
}

VirtualNk3::~VirtualNk3() = default;

const profiles::DeviceProfile& VirtualNk3::profile() const {
    return impl_->profile;
}

void VirtualNk3::write(const ctaphid::Report& report) {
    impl_->write(report);
}

std::optional<ctaphid::Report> VirtualNk3::read() {
    if (impl_->to_host.empty()) return std::nullopt;
    ctaphid::Report r = impl_->to_host.front();
    impl_->to_host.pop_front();
    return r;
}

void VirtualNk3::advance(SimTime dt) {
    impl_->advance(dt);
}
SimTime VirtualNk3::now() const {
    return impl_->domain.now();
}

SimTime VirtualNk3::quiet_until() const {
    // What advance() reacts to: a time cut (powered keys only), and on a running key the
    // pending touch's decision and the transport's timers. Flash work happens only under those.
    const Impl& m = *impl_;
    if (!m.powered) return SimTime::max();
    SimTime until = SimTime::max();
    if (const auto& cut = m.domain.armed_time()) until = std::min(until, cut->at);
    if (!m.running()) return until;
    if (const auto event = m.app.next_event()) until = std::min(until, *event);
    if (const auto deadline = m.transport_holder->next_deadline())
        until = std::min(until, *deadline);
    return until;
}

void VirtualNk3::power_off() {
    impl_->power_off();
}
void VirtualNk3::power_on() {
    impl_->power_on();
}

void VirtualNk3::power_cycle(SimTime off_time) {
    impl_->power_off();
    impl_->advance(off_time);
    impl_->power_on();
}

bool VirtualNk3::powered() const {
    return impl_->powered;
}
bool VirtualNk3::halted() const {
    return impl_->powered && impl_->halted;
}

void VirtualNk3::cut_after(std::uint64_t ops_from_now, flash::CutMode mode) {
    const std::uint64_t index = impl_->domain.next_index() + ops_from_now;
    impl_->domain.arm_cut({index, mode, tear_seed(impl_->seed, index)});
}

void VirtualNk3::cut_at_time(SimTime at) {
    impl_->domain.arm_cut_at_time(
        at, tear_seed(impl_->seed, static_cast<std::uint64_t>(at.count()) ^ 0x7117'3c07ull));
}

void VirtualNk3::set_power_listener(PowerListener listener) {
    impl_->power_listener = std::move(listener);
}

const BootInfo& VirtualNk3::last_boot() const {
    return impl_->boot_info;
}

std::optional<flash::CutRecord> VirtualNk3::last_cut() const {
    return impl_->domain.last_cut();
}

void VirtualNk3::set_button(const ButtonConfig& config) {
    impl_->app.set_button(config, impl_->domain.now());
}

const ButtonConfig& VirtualNk3::button() const {
    return impl_->app.button();
}
bool VirtualNk3::waiting_for_touch() const {
    return impl_->app.waiting_for_touch();
}

AdminStatus VirtualNk3::status() const {
    return impl_->status();
}
flash::PowerDomain& VirtualNk3::power_domain() {
    return impl_->domain;
}
storage::StorageStack& VirtualNk3::internal() {
    return impl_->internal;
}
storage::StorageStack& VirtualNk3::external() {
    return impl_->external;
}

void VirtualNk3::save_images(const std::filesystem::path& dir) const {
    std::filesystem::create_directories(dir);
    impl_->internal.flash().save_image(dir / "internal.img");
    impl_->external.flash().save_image(dir / "external.img");
}

void VirtualNk3::load_images(const std::filesystem::path& dir) {
    // Both images are read and checked before anything changes.
    flash::PowerDomain scratch;
    flash::NorFlash internal(impl_->profile.internal.geometry, scratch, 0);
    flash::NorFlash external(impl_->profile.external.geometry, scratch, 1);
    internal.load_image(dir / "internal.img");
    external.load_image(dir / "external.img");
    impl_->power_off();
    impl_->internal.flash().set_contents(internal.contents());
    impl_->external.flash().set_contents(external.contents());
    impl_->power_on();
}

std::uint64_t VirtualNk3::seed() const {
    return impl_->seed;
}
std::array<std::uint8_t, 16> VirtualNk3::uuid() const {
    return impl_->uuid;
}

VirtualNk3::Snapshot VirtualNk3::snapshot() const {
    auto data = std::make_shared<Snapshot::Data>(Snapshot::Data{
        impl_->internal.snapshot(), impl_->external.snapshot(), impl_->domain.state(),
        impl_->random, impl_->powered, impl_->halted, impl_->boot_time, impl_->boot_info,
        impl_->app.button(), impl_->auth && impl_->auth->trussed_rng_seeded()});
    Snapshot s;
    s.data_ = std::move(data);
    return s;
}

namespace {

void digest_page(crypto::Sha256& digest, std::uint8_t chip, std::uint32_t page,
                 std::span<const std::uint8_t> bytes) {
    std::array<std::uint8_t, 5> where{chip};
    store_be32(where.data() + 1, page);
    digest.update(where).update(bytes);
}

// The chip's pages that hold anything but the erased value, with their numbers: the same bytes
// give the same digest however the pages came to be (shared or copied).
void digest_chip(crypto::Sha256& digest, const flash::NorFlash& chip,
                 const flash::NorFlash::Snapshot& pages, std::uint8_t id) {
    for (std::uint32_t p = 0; p < pages.pages.size(); ++p)
        if (!chip.is_erased(pages, p))
            digest_page(digest, id, p, {pages.pages[p].get(), chip.geometry().erase_size});
}

// The chip's pages whose bytes differ from those in `base`, with their numbers.
void digest_changes(crypto::Sha256& digest, const flash::NorFlash& chip,
                    const flash::NorFlash::Snapshot& base, std::uint8_t id) {
    for (std::uint32_t p : chip.pages_changed_since(base))
        digest_page(digest, id, p, chip.page_bytes(p));
}

}  // namespace

crypto::Bytes VirtualNk3::flash_digest(const Snapshot& snapshot) const {
    if (!snapshot.data_) throw std::logic_error("VirtualNk3::flash_digest: empty snapshot");
    crypto::Sha256 digest;
    digest_chip(digest, impl_->internal.flash(), snapshot.data_->internal.flash, 0);
    digest_chip(digest, impl_->external.flash(), snapshot.data_->external.flash, 1);
    return digest.finish();
}

crypto::Bytes VirtualNk3::unpowered_digest(const Snapshot& base) const {
    const Impl& m = *impl_;
    if (m.powered) throw std::logic_error("VirtualNk3::unpowered_digest: the key is powered");
    if (!base.data_) throw std::logic_error("VirtualNk3::unpowered_digest: empty snapshot");
    crypto::Sha256 digest;
    digest_changes(digest, m.internal.flash(), base.data_->internal.flash, 0);
    digest_changes(digest, m.external.flash(), base.data_->external.flash, 1);
    m.random.update_digest(digest);
    const ButtonConfig& b = m.app.button();
    std::array<std::uint8_t, 25> rest{static_cast<std::uint8_t>(b.mode)};
    store_be64(rest.data() + 1, static_cast<std::uint64_t>(b.delay.count()));
    store_be64(rest.data() + 9, static_cast<std::uint64_t>(b.timeout.count()));
    store_be64(rest.data() + 17, m.seed);
    digest.update(rest);
    return digest.finish();
}

void VirtualNk3::restore(const Snapshot& snapshot) {
    if (!snapshot.data_) return;
    const Snapshot::Data& d = *snapshot.data_;
    Impl& m = *impl_;
    m.drop_ram();
    m.to_host.clear();
    m.rebuild_transport();
    m.internal.restore(d.internal);
    m.external.restore(d.external);
    m.domain.restore(d.domain);  // powers on, disarms
    m.random = d.rng;
    m.powered = d.powered;
    m.halted = d.halted;
    m.boot_time = d.powered_since;
    m.boot_info = d.boot;
    m.app.set_button(d.button, m.domain.now());
    if (!m.powered) {
        m.internal.unmount();
        m.external.unmount();
        m.domain.power_off();
        return;
    }
    if (m.halted || !m.internal.mounted()) return;
    try {
        m.run_firmware([&] {
            m.auth = std::make_unique<fido::Authenticator>(m.internal.fs(), m.profile.fido, m);
            if (m.auth->boot().halted) m.halt("FIDO state unusable after restore; halted");
            if (m.auth) m.auth->set_trussed_rng_seeded(d.trussed_rng_seeded);
        });
    } catch (const std::exception& e) {
        m.halt(std::string("firmware error after restore: ") + e.what());
    }
}

}  // namespace nk3::device
