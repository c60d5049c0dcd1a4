// SigrokProbe: libsigrokcxx context, device, session on its own thread and GLib main context.
#include "rig/sigrok/sigrok_probe.hpp"

#include <glib.h>

#include <future>
#include <libsigrokcxx/libsigrokcxx.hpp>
#include <mutex>
#include <stdexcept>
#include <thread>
#include <vector>

#include "rig/rig_error.hpp"
#include "rig/sigrok/driver_spec.hpp"
#include "rig/sigrok/edge_detector.hpp"

namespace nk3::rig {

namespace {

std::string join_keys(const auto& map) {
    std::string out;
    for (const auto& [k, v] : map)
        out += (out.empty() ? "" : ", ") + k;
    return out;
}

}  // namespace

struct SigrokProbe::Impl {
    SigrokProbeSpec spec;
    std::string driver_name;
    std::shared_ptr<::sigrok::Context> context;
    std::shared_ptr<::sigrok::HardwareDevice> device;
    std::vector<sigrok::WatchedChannel> watched;
    std::string next_capture;

    // One capture.
    std::shared_ptr<::sigrok::Session> session;
    std::shared_ptr<::sigrok::Output> output;
    std::unique_ptr<sigrok::EdgeDetector> detector;
    std::thread thread;
    std::exception_ptr run_error;
    std::string capture_file;
    std::map<std::string, bool> initial;

    // Set on the session thread once its loop runs (or with the reason it did not start).
    struct StartSignal {
        std::promise<void> promise;
        bool fulfilled = false;  // touched on the session thread only
    };
    void run_session(StartSignal& started);
};

SigrokProbe::SigrokProbe(const SigrokProbeSpec& spec) : impl_(std::make_unique<Impl>()) {
    Impl& d = *impl_;
    d.spec = spec;
    sigrok::DriverSpec ds;
    try {
        ds = sigrok::parse_driver_spec(spec.driver);
    } catch (const std::invalid_argument& e) {
        throw RigError(std::string("sigrok probe: ") + e.what());
    }
    d.driver_name = ds.driver;
    if (spec.channels.empty())
        throw RigError("sigrok probe " + spec.driver + ": no channels to watch");
    try {
        d.context = ::sigrok::Context::create();
        const auto drivers = d.context->drivers();
        const auto it = drivers.find(ds.driver);
        if (it == drivers.end())
            throw RigError("sigrok probe: no driver \"" + ds.driver +
                           "\" in this libsigrok; drivers: " + join_keys(drivers));
        const std::shared_ptr<::sigrok::Driver> driver = it->second;
        std::map<const ::sigrok::ConfigKey*, Glib::VariantBase> scan_options;
        for (const auto& [key, value] : ds.options) {
            const ::sigrok::ConfigKey* ck = nullptr;
            try {
                ck = ::sigrok::ConfigKey::get_by_identifier(key);
            } catch (const std::exception&) {
                throw RigError("sigrok probe " + spec.driver + ": unknown option \"" + key +
                               "\" (scan options are conn, serialcomm, ...)");
            }
            try {
                scan_options[ck] = ck->parse_string(value);
            } catch (const std::exception& e) {
                throw RigError("sigrok probe " + spec.driver + ": bad value \"" + value +
                               "\" for " + key + ": " + e.what());
            }
        }
        const auto devices = driver->scan(scan_options);
        if (devices.empty())
            throw RigError("sigrok probe: driver " + spec.driver +
                           " found no device (is the analyzer plugged in and visible to this "
                           "host? `sigrok-cli --driver " +
                           spec.driver +
                           " --scan` checks; permission comes from the udev rules of the "
                           "libsigrok package or hardware/99-nk3rig.rules)");
        if (devices.size() > 1)
            throw RigError("sigrok probe: driver " + spec.driver + " found " +
                           std::to_string(devices.size()) +
                           " devices; pick one with conn=BUS.ADDRESS (`sigrok-cli --driver " +
                           ds.driver + " --scan`)");
        d.device = devices.front();
        d.device->open();
        std::map<std::string, std::shared_ptr<::sigrok::Channel>> by_name;
        for (const auto& ch : d.device->channels())
            by_name[ch->name()] = ch;
        for (const auto& [dev_channel, name] : spec.channels) {
            const auto found = by_name.find(dev_channel);
            if (found == by_name.end() || found->second->type() != ::sigrok::ChannelType::LOGIC) {
                std::string logic;
                for (const auto& [n, ch] : by_name)
                    if (ch->type() == ::sigrok::ChannelType::LOGIC)
                        logic += (logic.empty() ? "" : ", ") + n;
                d.device->close();
                throw RigError("sigrok probe " + spec.driver + ": no logic channel \"" +
                               dev_channel + "\" (for " + name + "); logic channels: " + logic);
            }
            found->second->set_enabled(true);
            d.watched.push_back({found->second->index(), name});
        }
        // Analog channels (the demo device has some) only cost time here.
        for (const auto& [n, ch] : by_name)
            if (ch->type() == ::sigrok::ChannelType::ANALOG) ch->set_enabled(false);
        try {
            d.device->config_set(::sigrok::ConfigKey::SAMPLERATE,
                                 Glib::Variant<guint64>::create(spec.samplerate_hz));
        } catch (const ::sigrok::Error& e) {
            d.device->close();
            throw RigError("sigrok probe " + spec.driver + ": samplerate " +
                           std::to_string(spec.samplerate_hz) + " Hz refused: " + e.what());
        }
    } catch (const ::sigrok::Error& e) {
        throw RigError("sigrok probe " + spec.driver + ": " + e.what());
    }
}

SigrokProbe::~SigrokProbe() {
    if (impl_->thread.joinable()) {
        try {
            impl_->session->stop();
        } catch (...) {
        }
        impl_->thread.join();
    }
    if (impl_->device) {
        try {
            impl_->device->close();
        } catch (...) {
        }
    }
}

std::string SigrokProbe::describe() const {
    std::string out =
        "sigrok " + impl_->spec.driver + " at " + std::to_string(impl_->spec.samplerate_hz) + " Hz";
    for (const auto& [ch, name] : impl_->spec.channels)
        out += ", " + ch + "=" + name;
    return out;
}

void SigrokProbe::capture_to(const std::string& path) {
    if (!path.empty() && impl_->context->output_formats().count("srzip") == 0)
        throw RigError("sigrok probe: this libsigrok has no srzip output; cannot write " + path);
    impl_->next_capture = path;
}

void SigrokProbe::Impl::run_session(StartSignal& started) {
    // A main context of our own: libsigrok runs its event sources on it, nobody else does.
    GMainContext* loop_context = g_main_context_new();
    g_main_context_push_thread_default(loop_context);
    try {
        session->start();
        // Fulfilled from inside the running loop, so stop() never races the loop's start.
        GSource* idle = g_idle_source_new();
        g_source_set_callback(
            idle,
            [](gpointer p) -> gboolean {
                auto* signal = static_cast<StartSignal*>(p);
                signal->fulfilled = true;
                signal->promise.set_value();
                return G_SOURCE_REMOVE;
            },
            &started, nullptr);
        g_source_attach(idle, loop_context);
        g_source_unref(idle);
        session->run();
        if (!started.fulfilled)
            started.promise.set_exception(std::make_exception_ptr(
                std::runtime_error("the session ended as soon as it started")));
    } catch (...) {
        if (!started.fulfilled)
            started.promise.set_exception(std::current_exception());
        else
            run_error = std::current_exception();
    }
    g_main_context_pop_thread_default(loop_context);
    g_main_context_unref(loop_context);
}

void SigrokProbe::start() {
    Impl& d = *impl_;
    if (d.thread.joinable()) throw RigError(describe() + ": start() while a capture runs");
    d.detector = std::make_unique<sigrok::EdgeDetector>(d.watched, d.spec.samplerate_hz);
    d.run_error = nullptr;
    d.output.reset();
    d.capture_file = d.next_capture;
    try {
        d.session = d.context->create_session();
        d.session->add_device(d.device);
        if (!d.capture_file.empty())
            d.output =
                d.context->output_formats()["srzip"]->create_output(d.capture_file, d.device);
        d.session->add_datafeed_callback([&d](std::shared_ptr<::sigrok::Device>,
                                              std::shared_ptr<::sigrok::Packet> packet) {
            if (d.output) d.output->receive(packet);
            if (packet->type() == ::sigrok::PacketType::LOGIC) {
                auto logic = std::dynamic_pointer_cast<::sigrok::Logic>(packet->payload());
                d.detector->feed(std::span(static_cast<const std::uint8_t*>(logic->data_pointer()),
                                           logic->data_length()),
                                 logic->unit_size());
            }
        });
    } catch (const ::sigrok::Error& e) {
        throw RigError(describe() + ": cannot set up the capture: " + e.what());
    }
    // Shared: the session thread still reads it after start() has returned.
    auto started = std::make_shared<Impl::StartSignal>();
    std::future<void> ready = started->promise.get_future();
    d.thread = std::thread([&d, started] { d.run_session(*started); });
    try {
        ready.get();
    } catch (const std::exception& e) {
        d.thread.join();
        throw RigError(describe() + ": the acquisition did not start: " + e.what());
    }
}

ProbeCapture SigrokProbe::stop() {
    Impl& d = *impl_;
    if (!d.thread.joinable()) throw RigError(describe() + ": stop() without start()");
    try {
        d.session->stop();
    } catch (const ::sigrok::Error& e) {
        d.thread.join();
        throw RigError(describe() + ": cannot stop the acquisition: " + e.what());
    }
    d.thread.join();
    d.output.reset();  // closes the capture file
    d.session.reset();
    if (d.run_error) {
        try {
            std::rethrow_exception(d.run_error);
        } catch (const std::exception& e) {
            throw RigError(describe() + ": the acquisition failed: " + e.what());
        }
    }
    d.initial.clear();
    for (const auto& w : d.watched)
        if (auto level = d.detector->initial_level(w.name)) d.initial[w.name] = *level;
    ProbeCapture capture;
    capture.edges = d.detector->take_edges();
    capture.file = d.capture_file;
    return capture;
}

std::map<std::string, bool> SigrokProbe::initial_levels() const {
    return impl_->initial;
}

}  // namespace nk3::rig
