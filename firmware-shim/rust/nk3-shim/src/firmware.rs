//! The C ABI of include/nk3_firmware.h: the real FIDO application of NK3 firmware v1.3.1
//! (fido-authenticator 0.1.1 on trussed 0.1.0, both from the crate registry) on a trussed
//! platform that nk3rig provides (docs/real-firmware.md):
//!
//! - store: three littlefs2 0.3.2 filesystems. Internal is the board's internal flash, reached
//!   through block-device callbacks into C++; external and volatile are RAM, formatted at every
//!   boot, as trussed 0.1.0's own `store!` mount does.
//! - RNG: ChaCha8 seeded from the seed given over the ABI (the board's TRNG), so every run is
//!   reproducible; trussed mixes it with `trussed/dat/rng-state.bin` as on the key.
//! - user presence and clock: C callbacks.
//!
//! trussed 0.1.0 keeps its client interchange in process-wide statics (interchange 0.2), so one
//! instance at a time may be alive in a process; `nk3fw_new` refuses a second one.
//!
//! Panics: every entry point runs under catch_unwind. A panic (the firmware panics on
//! filesystem errors) halts the instance: it refuses everything until freed, as the real panic
//! handler halts the key until the next power-up. littlefs2 0.3.2 calls its `Storage` from
//! `extern "C"` callbacks and unwraps the result there, where a panic cannot unwind (the process
//! would abort), so the storage driver never fails towards littlefs: when the C++ device reports
//! an error (a power cut), the driver marks the instance off, reads erased bytes and drops every
//! later write, and the instance reports itself off when the call returns.

use core::cell::Cell;
use core::ffi::{c_int, c_void};
use core::marker::PhantomData;
use core::ptr;
use core::sync::atomic::{AtomicBool, Ordering};
use core::time::Duration;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::rc::Rc;

use chacha20::ChaCha8Rng;
use ctaphid_dispatch::app::{App as _, Command, Message};
use fido_authenticator::{Authenticator, Conforming};
use littlefs2::consts::{U16, U2, U256};
use littlefs2::driver::Storage;
use littlefs2::fs::{Allocation, Filesystem};
use rand_core::SeedableRng;
use trussed::platform::{consent, ui, UserInterface};
use trussed::store::Fs;
use trussed::types::ClientId;
use trussed::Interchange as _;

/// Result codes of include/nk3_firmware.h.
pub const OK: c_int = 0;
pub const ERR_INVAL: c_int = -22;
pub const ERR_MOUNT: c_int = -100;
pub const ERR_STATE: c_int = -102;
pub const ERR_SIZE: c_int = -103;
pub const ERR_HALTED: c_int = -1000;
pub const ERR_OFF: c_int = -1001;

/// Instance states.
pub const STATE_NEW: c_int = 0;
pub const STATE_RUNNING: c_int = 1;
pub const STATE_HALTED: c_int = 2;
pub const STATE_OFF: c_int = 3;

/// The storage geometries (compile-time in littlefs2 0.3.2, so one Rust type each).
pub const GEOMETRY_NK3AM_MINI: u32 = 1;

/// The internal flash's callbacks: nk3fw_device has nk3lfs_device's layout, so one Rust type
/// serves both.
pub use crate::littlefs::Device;

#[repr(C)]
#[derive(Clone, Copy)]
pub struct Board {
    context: *mut c_void,
    /// 0: nobody touches the key, 1: a touch (consent::Level::Normal), 2: Strong.
    user_presence: Option<unsafe extern "C" fn(*mut c_void) -> c_int>,
    /// Milliseconds since power-up (the simulated clock).
    uptime_ms: Option<unsafe extern "C" fn(*mut c_void) -> u64>,
}

#[repr(C)]
#[derive(Clone, Copy)]
pub struct Config {
    geometry: u32,
    seed: [u8; 32],
    /// fido-authenticator's Config::skip_up_timeout in ms (0: none).
    skip_up_timeout_ms: u32,
    /// fido-authenticator's Config::max_msg_size (getInfo maxMsgSize); 0: 3072.
    max_msg_size: u32,
}

/// Whether the flash still answers; shared by the storage driver and the instance.
type Power = Rc<Cell<bool>>;

/// The internal flash of the NK3A mini as littlefs2 0.3.2 sees it (firmware v1.3.0 = v1.3.1:
/// 288 blocks of 256 B behind the firmware's journal, read 4, prog 256, cache 256, lookahead
/// `U2` words). littlefs2 0.3.2 turns LOOKAHEADWORDS_SIZE into lfs_config.lookahead_size as
/// 32 × words (64 B for U2) over a buffer of 4 × words bytes (docs/real-firmware.md).
pub struct Nk3amMiniInternal {
    device: Device,
    power: Power,
}

impl Storage for Nk3amMiniInternal {
    const READ_SIZE: usize = 4;
    const WRITE_SIZE: usize = 256;
    const BLOCK_SIZE: usize = 256;
    const BLOCK_COUNT: usize = 288;
    const BLOCK_CYCLES: isize = -1;
    type CACHE_SIZE = U256;
    type LOOKAHEADWORDS_SIZE = U2;

    fn read(&self, off: usize, buf: &mut [u8]) -> littlefs2::io::Result<usize> {
        device_read(&self.device, &self.power, Self::BLOCK_SIZE, off, buf);
        Ok(buf.len())
    }

    fn write(&mut self, off: usize, data: &[u8]) -> littlefs2::io::Result<usize> {
        device_prog(&self.device, &self.power, Self::BLOCK_SIZE, off, data);
        Ok(data.len())
    }

    fn erase(&mut self, off: usize, len: usize) -> littlefs2::io::Result<usize> {
        device_erase(&self.device, &self.power, Self::BLOCK_SIZE, off, len);
        Ok(len)
    }
}

// The driver never fails towards littlefs2 (see the module comment): a device error turns the
// power off, and from then on reads see erased flash and writes go nowhere.

fn device_read(d: &Device, power: &Power, block_size: usize, off: usize, buf: &mut [u8]) {
    if power.get() {
        if let Some(f) = d.read {
            let (block, offset) = ((off / block_size) as u32, (off % block_size) as u32);
            // SAFETY: the C++ side's contract (nk3_firmware.h): buf holds buf.len() bytes.
            let rc = unsafe { f(d.context, block, offset, buf.as_mut_ptr(), buf.len() as u32) };
            if rc == 0 {
                return;
            }
        }
        power.set(false);
    }
    buf.fill(0xff);
}

fn device_prog(d: &Device, power: &Power, block_size: usize, off: usize, data: &[u8]) {
    if power.get() {
        if let Some(f) = d.prog {
            let (block, offset) = ((off / block_size) as u32, (off % block_size) as u32);
            // SAFETY: as device_read.
            let rc = unsafe { f(d.context, block, offset, data.as_ptr(), data.len() as u32) };
            if rc == 0 {
                return;
            }
        }
        power.set(false);
    }
}

fn device_erase(d: &Device, power: &Power, block_size: usize, off: usize, len: usize) {
    let mut block = off / block_size;
    while power.get() && block < (off + len) / block_size {
        let ok = match d.erase {
            // SAFETY: as device_read.
            Some(f) => (unsafe { f(d.context, block as u32) }) == 0,
            None => false,
        };
        if !ok {
            power.set(false);
        }
        block += 1;
    }
}

/// RAM for trussed's external and volatile filesystems (the NK3A mini's firmware keeps both in
/// RAM; trussed formats them at every mount). 32 blocks of 256 B.
pub struct Ram {
    bytes: Vec<u8>,
}

impl Ram {
    fn new() -> Self {
        Ram {
            bytes: vec![0xff; Self::BLOCK_SIZE * Self::BLOCK_COUNT],
        }
    }
}

impl Storage for Ram {
    const READ_SIZE: usize = 4;
    const WRITE_SIZE: usize = 4;
    const BLOCK_SIZE: usize = 256;
    const BLOCK_COUNT: usize = 32;
    const BLOCK_CYCLES: isize = -1;
    type CACHE_SIZE = U256;
    type LOOKAHEADWORDS_SIZE = U16;

    fn read(&self, off: usize, buf: &mut [u8]) -> littlefs2::io::Result<usize> {
        let n = buf.len();
        buf.copy_from_slice(&self.bytes[off..off + n]);
        Ok(n)
    }

    fn write(&mut self, off: usize, data: &[u8]) -> littlefs2::io::Result<usize> {
        self.bytes[off..off + data.len()].copy_from_slice(data);
        Ok(data.len())
    }

    fn erase(&mut self, off: usize, len: usize) -> littlefs2::io::Result<usize> {
        self.bytes[off..off + len].fill(0xff);
        Ok(len)
    }
}

/// One mounted littlefs2 filesystem with everything it borrows, on the heap at fixed
/// addresses. trussed wants `&'static` filesystems; these live until the instance is freed,
/// after the service and the app that use them (field order in `Running`).
struct Mounted<S: Storage + 'static> {
    fs: *mut Fs<S>,
    filesystem: *mut Filesystem<'static, S>,
    alloc: *mut Allocation<S>,
    storage: *mut S,
}

/// littlefs2 0.3.2 sets lfs_config.lookahead_size to 32 × LOOKAHEADWORDS_SIZE bytes while its
/// lookahead buffer holds 4 × LOOKAHEADWORDS_SIZE (littlefs2 0.4.0 fixed this "overflow of the
/// lookahead buffer"). On the key the overflow lands in neighbouring RAM; here it crashes (a
/// SIGSEGV in lfs_format was observed), so the glue sets the field to the buffer's size, the
/// value the board's LOOKAHEADWORDS_SIZE meant (8 B on the NK3A mini, as the profile says), in
/// each allocation before littlefs sees it. The field is private to littlefs2: it is found as
/// the one lfs_config in the allocation that holds this storage's geometry.
fn fix_lookahead<S: Storage>(alloc: &mut Allocation<S>) -> bool {
    use core::mem::{align_of, offset_of, size_of};
    use generic_array::typenum::Unsigned;
    use littlefs2_sys::lfs_config;
    let words = <S::LOOKAHEADWORDS_SIZE as Unsigned>::U32;
    let expect = [
        (offset_of!(lfs_config, read_size), S::READ_SIZE as u32),
        (offset_of!(lfs_config, prog_size), S::WRITE_SIZE as u32),
        (offset_of!(lfs_config, block_size), S::BLOCK_SIZE as u32),
        (offset_of!(lfs_config, block_count), S::BLOCK_COUNT as u32),
        (
            offset_of!(lfs_config, block_cycles),
            S::BLOCK_CYCLES as i32 as u32,
        ),
        (
            offset_of!(lfs_config, cache_size),
            <S::CACHE_SIZE as Unsigned>::U32,
        ),
        (offset_of!(lfs_config, lookahead_size), 32 * words),
    ];
    let base = alloc as *mut Allocation<S> as *mut u8;
    let size = size_of::<Allocation<S>>();
    let mut found = None;
    let mut at = 0;
    while at + size_of::<lfs_config>() <= size {
        // SAFETY: in bounds of the allocation; u32 reads at 4-aligned offsets of it.
        let matches = expect
            .iter()
            .all(|&(off, value)| unsafe { ptr::read(base.add(at + off) as *const u32) } == value);
        if matches {
            if found.is_some() {
                return false;
            }
            found = Some(at);
        }
        at += align_of::<lfs_config>();
    }
    let Some(at) = found else {
        return false;
    };
    // SAFETY: the lookahead_size field of the allocation's lfs_config.
    unsafe {
        ptr::write(
            base.add(at + offset_of!(lfs_config, lookahead_size)) as *mut u32,
            4 * words,
        )
    };
    true
}

unsafe extern "C" fn format_read<S: Storage>(
    c: *const littlefs2_sys::lfs_config,
    block: u32,
    off: u32,
    buffer: *mut c_void,
    size: u32,
) -> c_int {
    let s = &*((*c).context as *const S);
    let buf = core::slice::from_raw_parts_mut(buffer as *mut u8, size as usize);
    match s.read(block as usize * S::BLOCK_SIZE + off as usize, buf) {
        Ok(_) => 0,
        Err(_) => -5,
    }
}

unsafe extern "C" fn format_prog<S: Storage>(
    c: *const littlefs2_sys::lfs_config,
    block: u32,
    off: u32,
    buffer: *const c_void,
    size: u32,
) -> c_int {
    let s = &mut *((*c).context as *mut S);
    let buf = core::slice::from_raw_parts(buffer as *const u8, size as usize);
    match s.write(block as usize * S::BLOCK_SIZE + off as usize, buf) {
        Ok(_) => 0,
        Err(_) => -5,
    }
}

unsafe extern "C" fn format_erase<S: Storage>(
    c: *const littlefs2_sys::lfs_config,
    block: u32,
) -> c_int {
    let s = &mut *((*c).context as *mut S);
    match s.erase(block as usize * S::BLOCK_SIZE, S::BLOCK_SIZE) {
        Ok(_) => 0,
        Err(_) => -5,
    }
}

unsafe extern "C" fn format_sync(_c: *const littlefs2_sys::lfs_config) -> c_int {
    0
}

/// lfs_format with the configuration littlefs2 0.3.2 would use, the lookahead corrected as in
/// fix_lookahead (littlefs2's own Filesystem::format overflows a lookahead buffer on its stack).
/// The on-disk result does not depend on the lookahead size.
fn format_storage<S: Storage>(storage: &mut S) -> littlefs2::io::Result<()> {
    use generic_array::typenum::Unsigned;
    use littlefs2_sys as ll;
    let cache = <S::CACHE_SIZE as Unsigned>::USIZE;
    let words = <S::LOOKAHEADWORDS_SIZE as Unsigned>::USIZE;
    let mut read_buffer = vec![0u8; cache];
    let mut prog_buffer = vec![0u8; cache];
    let mut lookahead_buffer = vec![0u64; (4 * words).div_ceil(8)];
    // SAFETY: plain C structs; all-zero is their state before lfs_format fills them.
    let mut state: ll::lfs_t = unsafe { core::mem::zeroed() };
    let mut cfg: ll::lfs_config = unsafe { core::mem::zeroed() };
    cfg.context = storage as *mut S as *mut c_void;
    cfg.read = Some(format_read::<S>);
    cfg.prog = Some(format_prog::<S>);
    cfg.erase = Some(format_erase::<S>);
    cfg.sync = Some(format_sync);
    cfg.read_size = S::READ_SIZE as u32;
    cfg.prog_size = S::WRITE_SIZE as u32;
    cfg.block_size = S::BLOCK_SIZE as u32;
    cfg.block_count = S::BLOCK_COUNT as u32;
    cfg.block_cycles = S::BLOCK_CYCLES as i32;
    cfg.cache_size = cache as u32;
    cfg.lookahead_size = (4 * words) as u32;
    cfg.read_buffer = read_buffer.as_mut_ptr() as *mut c_void;
    cfg.prog_buffer = prog_buffer.as_mut_ptr() as *mut c_void;
    cfg.lookahead_buffer = lookahead_buffer.as_mut_ptr() as *mut c_void;
    // name_max, file_max, attr_max 0: littlefs's defaults 255, 2147483647, 1022, the values
    // littlefs2 0.3.2 passes (they are recorded in the superblock).
    // SAFETY: cfg and its buffers outlive the call.
    let rc = unsafe { ll::lfs_format(&mut state, &cfg) };
    if rc == 0 {
        Ok(())
    } else {
        Err(littlefs2::io::Error::Io)
    }
}

impl<S: Storage + 'static> Mounted<S> {
    fn mount(storage: S, format: bool) -> Result<Self, littlefs2::io::Error> {
        let storage = Box::into_raw(Box::new(storage));
        let alloc = Box::into_raw(Box::new(Filesystem::allocate()));
        // SAFETY: just allocated, not yet shared.
        assert!(
            fix_lookahead(unsafe { &mut *alloc }),
            "littlefs2 allocation layout not recognised"
        );
        // SAFETY: both boxes are leaked until Drop, which frees them after the filesystem.
        let (s, a) = unsafe { (&mut *storage, &mut *alloc) };
        let formatted = if format { format_storage(s) } else { Ok(()) };
        let mounted = formatted.and_then(|()| Filesystem::mount(a, s));
        match mounted {
            Ok(filesystem) => {
                let filesystem = Box::into_raw(Box::new(filesystem));
                // SAFETY: as above; the filesystem outlives every Fs reference handed out.
                let fs = Box::into_raw(Box::new(Fs::new(unsafe { &*filesystem })));
                Ok(Mounted {
                    fs,
                    filesystem,
                    alloc,
                    storage,
                })
            }
            Err(e) => {
                // SAFETY: nothing borrows them any more.
                unsafe {
                    drop(Box::from_raw(alloc));
                    drop(Box::from_raw(storage));
                }
                Err(e)
            }
        }
    }
}

impl<S: Storage + 'static> Drop for Mounted<S> {
    fn drop(&mut self) {
        // SAFETY: created by Box::into_raw in mount; nothing uses them after the instance's
        // service and app are gone.
        unsafe {
            drop(Box::from_raw(self.fs));
            drop(Box::from_raw(self.filesystem));
            drop(Box::from_raw(self.alloc));
            drop(Box::from_raw(self.storage));
        }
    }
}

/// trussed's Store: copies of three pointers to the instance's filesystems.
pub struct NkStore<I: Storage + 'static> {
    ifs: *const Fs<I>,
    efs: *const Fs<Ram>,
    vfs: *const Fs<Ram>,
    _not_send: PhantomData<*mut ()>,
}

impl<I: Storage + 'static> Clone for NkStore<I> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<I: Storage + 'static> Copy for NkStore<I> {}

// SAFETY: the pointers stay valid while the service holding this store exists (Running drops
// the service and the app before the filesystems).
unsafe impl<I: Storage + 'static> trussed::store::Store for NkStore<I> {
    type I = I;
    type E = Ram;
    type V = Ram;
    fn ifs(self) -> &'static Fs<I> {
        unsafe { &*self.ifs }
    }
    fn efs(self) -> &'static Fs<Ram> {
        unsafe { &*self.efs }
    }
    fn vfs(self) -> &'static Fs<Ram> {
        unsafe { &*self.vfs }
    }
}

/// The user interface: touch and clock from C. trussed's user-presence loop polls
/// check_user_presence until uptime passes the timeout; each unanswered poll counts as 10 ms of
/// waiting on top of the C clock, so a clock that stands still during a call cannot hang it.
pub struct Ui {
    board: Board,
    waited_ms: u64,
    last_ms: u64,
    status: ui::Status,
}

impl UserInterface for Ui {
    fn check_user_presence(&mut self) -> consent::Level {
        // SAFETY: the C++ side's contract (nk3_firmware.h).
        let answer = match self.board.user_presence {
            Some(f) => unsafe { f(self.board.context) },
            None => 0,
        };
        match answer {
            1 => consent::Level::Normal,
            2 => consent::Level::Strong,
            _ => {
                self.waited_ms += 10;
                consent::Level::None
            }
        }
    }

    fn set_status(&mut self, status: ui::Status) {
        self.status = status;
    }

    fn status(&self) -> ui::Status {
        self.status
    }

    fn uptime(&mut self) -> Duration {
        let clock = match self.board.uptime_ms {
            // SAFETY: as check_user_presence.
            Some(f) => unsafe { f(self.board.context) },
            None => 0,
        };
        // Monotonic, whatever the callback does (trussed subtracts uptimes).
        self.last_ms = self.last_ms.max(clock + self.waited_ms);
        Duration::from_millis(self.last_ms)
    }

    fn reboot(&mut self, _to: trussed::platform::reboot::To) -> ! {
        // The key resets; here the instance halts until it is freed and a new one boots.
        panic!("reboot requested");
    }
}

pub struct Platform<I: Storage + 'static> {
    rng: ChaCha8Rng,
    store: NkStore<I>,
    ui: Ui,
}

// SAFETY: rng, store and user interface are this platform's own.
unsafe impl<I: Storage + 'static> trussed::Platform for Platform<I> {
    type R = ChaCha8Rng;
    type S = NkStore<I>;
    type UI = Ui;
    fn rng(&mut self) -> &mut ChaCha8Rng {
        &mut self.rng
    }
    fn store(&self) -> NkStore<I> {
        self.store
    }
    fn user_interface(&mut self) -> &mut Ui {
        &mut self.ui
    }
}

type Service<I> = trussed::Service<Platform<I>>;

/// The client's syscall: run the service in place ("call thyself", as trussed's
/// `try_as_new_client` does), through a pointer since app and service live side by side.
pub struct Syscall<I: Storage + 'static>(*mut Service<I>);

impl<I: Storage + 'static> trussed::platform::Syscall for Syscall<I> {
    fn syscall(&mut self) {
        // SAFETY: the service outlives the app (field order in Running) and is only used from
        // inside the app's calls, on this thread.
        unsafe { (*self.0).process() }
    }
}

type App<I> = Authenticator<Conforming, trussed::ClientImplementation<Syscall<I>>>;

/// A booted key. Field order is drop order: the app, then the service, then the filesystems.
struct Running<I: Storage + 'static> {
    app: Option<Box<App<I>>>,
    service: *mut Service<I>,
    _ifs: Mounted<I>,
    _efs: Mounted<Ram>,
    _vfs: Mounted<Ram>,
}

impl<I: Storage + 'static> Drop for Running<I> {
    fn drop(&mut self) {
        // The app (and its client, which points at the service) first, then the service; the
        // filesystems drop after this body, as fields.
        drop(self.app.take());
        // SAFETY: leaked in boot, freed only here.
        unsafe { drop(Box::from_raw(self.service)) };
    }
}

/// The firmware's side of a key, over one geometry.
trait Key {
    fn boot(&mut self, board: Board, config: &Config) -> c_int;
    fn ctap2(&mut self, request: &[u8], response: &mut Vec<u8>) -> c_int;
    fn power_off(&mut self);
}

struct KeyOn<I: Storage + 'static> {
    make_internal: Box<dyn Fn(Power) -> I>,
    power: Power,
    running: Option<Running<I>>,
}

/// Whether a firmware instance exists in this process (trussed's interchange is static).
static INSTANCE_ALIVE: AtomicBool = AtomicBool::new(false);

impl<I: Storage + 'static> Key for KeyOn<I> {
    fn boot(&mut self, board: Board, config: &Config) -> c_int {
        let ifs = match Mounted::mount((self.make_internal)(self.power.clone()), false) {
            Ok(m) => m,
            Err(_) if !self.power.get() => return ERR_OFF,
            Err(_) => return ERR_MOUNT,
        };
        // trussed 0.1.0 formats external and volatile at every mount (both RAM here).
        let efs = Mounted::mount(Ram::new(), true).expect("RAM filesystem formats");
        let vfs = Mounted::mount(Ram::new(), true).expect("RAM filesystem formats");
        let platform = Platform {
            rng: ChaCha8Rng::from_seed(config.seed),
            store: NkStore {
                ifs: ifs.fs,
                efs: efs.fs,
                vfs: vfs.fs,
                _not_send: PhantomData,
            },
            ui: Ui {
                board,
                waited_ms: 0,
                last_ms: 0,
                status: ui::Status::Idle,
            },
        };
        let service = Box::into_raw(Box::new(trussed::Service::new(platform)));
        // SAFETY: the only instance in the process (INSTANCE_ALIVE), so no other client holds
        // the interchange; a previous instance may have left its state mid-request.
        let (requester, responder) = unsafe {
            trussed::pipe::TrussedInterchange::reset_claims();
            trussed::pipe::TrussedInterchange::claim().expect("one client")
        };
        requester
            .state
            .store(interchange::State::Idle as u8, Ordering::SeqCst);
        // SAFETY: service was just leaked and is owned by Running.
        let svc = unsafe { &mut *service };
        if svc
            .add_endpoint(responder, ClientId::from("fido".as_bytes()))
            .is_err()
        {
            // SAFETY: as above.
            unsafe { drop(Box::from_raw(service)) };
            return ERR_STATE;
        }
        let client = trussed::ClientImplementation::new(requester, Syscall(service));
        let config = fido_authenticator::Config {
            max_msg_size: match config.max_msg_size {
                0 => 3072,
                n => n as usize,
            },
            skip_up_timeout: match config.skip_up_timeout_ms {
                0 => None,
                ms => Some(Duration::from_millis(u64::from(ms))),
            },
        };
        let app = Box::new(Authenticator::new(client, Conforming {}, config));
        self.running = Some(Running {
            app: Some(app),
            service,
            _ifs: ifs,
            _efs: efs,
            _vfs: vfs,
        });
        if self.power.get() {
            OK
        } else {
            ERR_OFF
        }
    }

    fn ctap2(&mut self, request: &[u8], response: &mut Vec<u8>) -> c_int {
        let Some(running) = self.running.as_mut() else {
            return ERR_STATE;
        };
        let Ok(message) = Message::from_slice(request) else {
            return ERR_SIZE;
        };
        let mut reply = Message::new();
        let Some(app) = running.app.as_mut() else {
            return ERR_STATE;
        };
        let result = app.call(Command::Cbor, &message, &mut reply);
        if !self.power.get() {
            return ERR_OFF;
        }
        if result.is_err() {
            return ERR_INVAL;
        }
        response.clear();
        response.extend_from_slice(&reply);
        OK
    }

    fn power_off(&mut self) {
        self.running = None;
        self.power.set(false);
    }
}

pub struct Instance {
    key: Box<dyn Key>,
    config: Config,
    board: Board,
    state: c_int,
    power: Power,
    response: Vec<u8>,
    /// The message of the panic that halted the instance (or came after its cut).
    panic_message: String,
}

impl Drop for Instance {
    fn drop(&mut self) {
        INSTANCE_ALIVE.store(false, Ordering::SeqCst);
    }
}

impl Instance {
    /// Runs one call on a live instance: a panic halts it, a device error turns it off.
    fn run<F: FnOnce(&mut Instance) -> c_int>(&mut self, f: F) -> c_int {
        match self.state {
            STATE_HALTED => return ERR_HALTED,
            STATE_OFF => return ERR_OFF,
            _ => {}
        }
        let rc = catch_unwind(AssertUnwindSafe(|| f(self)));
        if let Err(payload) = &rc {
            self.panic_message = if let Some(s) = payload.downcast_ref::<&str>() {
                (*s).to_string()
            } else if let Some(s) = payload.downcast_ref::<String>() {
                s.clone()
            } else {
                "panic".to_string()
            };
        }
        if !self.power.get() {
            self.state = STATE_OFF;
            return ERR_OFF;
        }
        match rc {
            Ok(rc) => rc,
            Err(_) => {
                self.state = STATE_HALTED;
                ERR_HALTED
            }
        }
    }
}

/// # Safety
/// `config`, `internal` and `board` point at valid structs (or are NULL: then NULL is
/// returned).
#[no_mangle]
pub unsafe extern "C" fn nk3fw_new(
    config: *const Config,
    internal: *const Device,
    board: *const Board,
) -> *mut Instance {
    catch_unwind(|| {
        let (Some(config), Some(internal), Some(board)) =
            (config.as_ref(), internal.as_ref(), board.as_ref())
        else {
            return ptr::null_mut();
        };
        if config.geometry != GEOMETRY_NK3AM_MINI {
            return ptr::null_mut();
        }
        if INSTANCE_ALIVE.swap(true, Ordering::SeqCst) {
            return ptr::null_mut();
        }
        let power: Power = Rc::new(Cell::new(true));
        let device = *internal;
        let key: Box<dyn Key> = Box::new(KeyOn::<Nk3amMiniInternal> {
            make_internal: Box::new(move |power| Nk3amMiniInternal { device, power }),
            power: power.clone(),
            running: None,
        });
        Box::into_raw(Box::new(Instance {
            key,
            config: *config,
            board: *board,
            state: STATE_NEW,
            power,
            response: Vec::new(),
            panic_message: String::new(),
        }))
    })
    .unwrap_or(ptr::null_mut())
}

/// # Safety
/// `fw` comes from nk3fw_new and is not used afterwards (NULL is ignored).
#[no_mangle]
pub unsafe extern "C" fn nk3fw_free(fw: *mut Instance) {
    if fw.is_null() {
        return;
    }
    // Dropping a halted instance may meet state a panic left half-done; a panic there is
    // swallowed (what remains is leaked).
    let _ = catch_unwind(AssertUnwindSafe(|| drop(Box::from_raw(fw))));
    INSTANCE_ALIVE.store(false, Ordering::SeqCst);
}

/// # Safety
/// `fw` is a valid instance or NULL.
#[no_mangle]
pub unsafe extern "C" fn nk3fw_state(fw: *const Instance) -> c_int {
    fw.as_ref().map_or(STATE_OFF, |i| i.state)
}

/// # Safety
/// `fw` is a valid instance or NULL.
#[no_mangle]
pub unsafe extern "C" fn nk3fw_boot(fw: *mut Instance) -> c_int {
    let Some(inst) = fw.as_mut() else {
        return ERR_INVAL;
    };
    if inst.state != STATE_NEW {
        return inst.run(|_| ERR_STATE);
    }
    inst.run(|i| {
        let rc = i.key.boot(i.board, &i.config);
        if rc == OK {
            i.state = STATE_RUNNING;
        }
        rc
    })
}

/// # Safety
/// `fw` is a valid instance; `request` holds `request_size` bytes, `response` `capacity` bytes;
/// `response_size` points at a u32.
#[no_mangle]
pub unsafe extern "C" fn nk3fw_ctap2(
    fw: *mut Instance,
    request: *const u8,
    request_size: u32,
    response: *mut u8,
    capacity: u32,
    response_size: *mut u32,
) -> c_int {
    let Some(inst) = fw.as_mut() else {
        return ERR_INVAL;
    };
    if (request.is_null() && request_size > 0) || response_size.is_null() {
        return ERR_INVAL;
    }
    let rc = inst.run(|i| {
        if i.state != STATE_RUNNING {
            return ERR_STATE;
        }
        let req = if request_size == 0 {
            &[][..]
        } else {
            core::slice::from_raw_parts(request, request_size as usize)
        };
        let mut out = core::mem::take(&mut i.response);
        let rc = i.key.ctap2(req, &mut out);
        i.response = out;
        rc
    });
    if rc != OK {
        *response_size = 0;
        return rc;
    }
    *response_size = inst.response.len() as u32;
    if inst.response.len() > capacity as usize || (response.is_null() && capacity > 0) {
        return ERR_SIZE;
    }
    if !inst.response.is_empty() {
        ptr::copy_nonoverlapping(inst.response.as_ptr(), response, inst.response.len());
    }
    OK
}

/// # Safety
/// `fw` is a valid instance or NULL.
#[no_mangle]
pub unsafe extern "C" fn nk3fw_power_off(fw: *mut Instance) {
    if let Some(inst) = fw.as_mut() {
        let _ = catch_unwind(AssertUnwindSafe(|| inst.key.power_off()));
        inst.power.set(false);
        inst.state = STATE_OFF;
    }
}

/// # Safety
/// `fw` is a valid instance or NULL; `buffer` holds `capacity` bytes (or is NULL with 0).
#[no_mangle]
pub unsafe extern "C" fn nk3fw_panic_message(
    fw: *const Instance,
    buffer: *mut u8,
    capacity: u32,
) -> u32 {
    let Some(inst) = fw.as_ref() else {
        return 0;
    };
    let message = inst.panic_message.as_bytes();
    if !buffer.is_null() && capacity > 0 {
        let n = message.len().min(capacity as usize - 1);
        ptr::copy_nonoverlapping(message.as_ptr(), buffer, n);
        *buffer.add(n) = 0;
    }
    message.len() as u32
}
