//! The C ABI of include/nk3_littlefs.h: the real littlefs (littlefs2-sys, built without malloc)
//! over a caller-provided block device. Each handle owns its littlefs state, configuration and
//! buffers in one heap allocation that never moves, so the pointers littlefs keeps into them stay
//! valid; a clone copies everything and re-points those pointers at the copy's own buffers.

use core::ffi::{c_char, c_int, c_void};
use core::ptr;
use std::ffi::CStr;
use std::panic::{catch_unwind, AssertUnwindSafe};

use littlefs2_sys as lfs;

const ERR_IO: c_int = -5;
const ERR_INVAL: c_int = -22;
const ERR_PANIC: c_int = -1000;

#[repr(C)]
#[derive(Clone, Copy)]
pub struct Device {
    pub(crate) context: *mut c_void,
    pub(crate) read: Option<unsafe extern "C" fn(*mut c_void, u32, u32, *mut u8, u32) -> c_int>,
    pub(crate) prog: Option<unsafe extern "C" fn(*mut c_void, u32, u32, *const u8, u32) -> c_int>,
    pub(crate) erase: Option<unsafe extern "C" fn(*mut c_void, u32) -> c_int>,
}

#[repr(C)]
#[derive(Clone, Copy)]
pub struct Config {
    read_size: u32,
    prog_size: u32,
    block_size: u32,
    block_count: u32,
    block_cycles: i32,
    cache_size: u32,
    lookahead_size: u32,
    name_max: u32,
}

pub struct Handle {
    lfs: lfs::lfs_t,
    cfg: lfs::lfs_config,
    config: Config,
    device: Device,
    mounted: bool,
    read_buffer: Vec<u8>,
    prog_buffer: Vec<u8>,
    // u64 keeps the lookahead buffer 8-byte aligned, as littlefs reads it in 32-bit words.
    lookahead_buffer: Vec<u64>,
    file_buffer: Vec<u8>,
}

fn valid(c: &Config) -> bool {
    let nonzero = c.read_size > 0 && c.prog_size > 0 && c.block_size > 0 && c.cache_size > 0;
    nonzero
        && c.block_count >= 2
        && c.cache_size.is_multiple_of(c.read_size)
        && c.cache_size.is_multiple_of(c.prog_size)
        && c.block_size.is_multiple_of(c.cache_size)
        && c.lookahead_size > 0
        && c.lookahead_size.is_multiple_of(8)
        && c.block_size >= 128
        && c.name_max <= 255
}

unsafe extern "C" fn bd_read(
    c: *const lfs::lfs_config,
    block: lfs::lfs_block_t,
    off: lfs::lfs_off_t,
    buffer: *mut c_void,
    size: lfs::lfs_size_t,
) -> c_int {
    let handle = &*((*c).context as *const Handle);
    match handle.device.read {
        Some(f) => f(handle.device.context, block, off, buffer as *mut u8, size),
        None => ERR_IO,
    }
}

unsafe extern "C" fn bd_prog(
    c: *const lfs::lfs_config,
    block: lfs::lfs_block_t,
    off: lfs::lfs_off_t,
    buffer: *const c_void,
    size: lfs::lfs_size_t,
) -> c_int {
    let handle = &*((*c).context as *const Handle);
    match handle.device.prog {
        Some(f) => f(handle.device.context, block, off, buffer as *const u8, size),
        None => ERR_IO,
    }
}

unsafe extern "C" fn bd_erase(c: *const lfs::lfs_config, block: lfs::lfs_block_t) -> c_int {
    let handle = &*((*c).context as *const Handle);
    match handle.device.erase {
        Some(f) => f(handle.device.context, block),
        None => ERR_IO,
    }
}

unsafe extern "C" fn bd_sync(_c: *const lfs::lfs_config) -> c_int {
    0
}

impl Handle {
    fn boxed(config: Config, device: Device) -> Box<Handle> {
        let mut h = Box::new(Handle {
            // SAFETY: lfs_t and lfs_config are plain C structs; all-zero is their state before
            // lfs_format / lfs_mount initialise them.
            lfs: unsafe { core::mem::zeroed() },
            cfg: unsafe { core::mem::zeroed() },
            config,
            device,
            mounted: false,
            read_buffer: vec![0; config.cache_size as usize],
            prog_buffer: vec![0; config.cache_size as usize],
            lookahead_buffer: vec![0; (config.lookahead_size as usize).div_ceil(8)],
            file_buffer: vec![0; config.cache_size as usize],
        });
        h.cfg.read = Some(bd_read);
        h.cfg.prog = Some(bd_prog);
        h.cfg.erase = Some(bd_erase);
        h.cfg.sync = Some(bd_sync);
        h.cfg.read_size = config.read_size;
        h.cfg.prog_size = config.prog_size;
        h.cfg.block_size = config.block_size;
        h.cfg.block_count = config.block_count;
        h.cfg.block_cycles = config.block_cycles;
        h.cfg.cache_size = config.cache_size;
        h.cfg.lookahead_size = config.lookahead_size;
        h.cfg.name_max = config.name_max;
        h.fix_pointers();
        h
    }

    /// Points littlefs's configuration and in-RAM state at this handle's own buffers.
    fn fix_pointers(&mut self) {
        self.cfg.context = self as *mut Handle as *mut c_void;
        self.cfg.read_buffer = self.read_buffer.as_mut_ptr() as *mut c_void;
        self.cfg.prog_buffer = self.prog_buffer.as_mut_ptr() as *mut c_void;
        self.cfg.lookahead_buffer = self.lookahead_buffer.as_mut_ptr() as *mut c_void;
        self.lfs.rcache.buffer = self.read_buffer.as_mut_ptr();
        self.lfs.pcache.buffer = self.prog_buffer.as_mut_ptr();
        self.lfs.free.buffer = self.lookahead_buffer.as_mut_ptr() as *mut u32;
        self.lfs.cfg = &self.cfg;
    }

    fn raw(&mut self) -> *mut lfs::lfs_t {
        &mut self.lfs
    }
}

/// Runs `f`, turning a panic into ERR_PANIC so that nothing unwinds into C or C++.
fn guarded<F: FnOnce() -> c_int>(f: F) -> c_int {
    catch_unwind(AssertUnwindSafe(f)).unwrap_or(ERR_PANIC)
}

/// The handle behind a pointer from C, or None for NULL.
unsafe fn handle<'a>(fs: *mut Handle) -> Option<&'a mut Handle> {
    fs.as_mut()
}

unsafe fn path<'a>(p: *const c_char) -> Option<&'a CStr> {
    if p.is_null() {
        None
    } else {
        Some(CStr::from_ptr(p))
    }
}

#[no_mangle]
pub extern "C" fn nk3lfs_version() -> u32 {
    lfs::LFS_VERSION
}

#[no_mangle]
pub extern "C" fn nk3lfs_disk_version() -> u32 {
    lfs::LFS_DISK_VERSION
}

/// # Safety
/// `config` and `device` point at valid structs (or are NULL).
#[no_mangle]
pub unsafe extern "C" fn nk3lfs_new(config: *const Config, device: *const Device) -> *mut Handle {
    catch_unwind(|| {
        let (Some(config), Some(device)) = (config.as_ref(), device.as_ref()) else {
            return ptr::null_mut();
        };
        if !valid(config) {
            return ptr::null_mut();
        }
        Box::into_raw(Handle::boxed(*config, *device))
    })
    .unwrap_or(ptr::null_mut())
}

/// # Safety
/// `fs` comes from nk3lfs_new / nk3lfs_clone and is not used afterwards (NULL is ignored).
#[no_mangle]
pub unsafe extern "C" fn nk3lfs_free(fs: *mut Handle) {
    if !fs.is_null() {
        drop(Box::from_raw(fs));
    }
}

/// # Safety
/// `fs` is a valid handle with no operation in progress.
#[no_mangle]
pub unsafe extern "C" fn nk3lfs_clone(fs: *const Handle) -> *mut Handle {
    catch_unwind(|| {
        let Some(src) = fs.as_ref() else {
            return ptr::null_mut();
        };
        let mut copy = Handle::boxed(src.config, src.device);
        copy.lfs = src.lfs;
        copy.cfg = src.cfg;
        copy.mounted = src.mounted;
        copy.read_buffer.copy_from_slice(&src.read_buffer);
        copy.prog_buffer.copy_from_slice(&src.prog_buffer);
        copy.lookahead_buffer.copy_from_slice(&src.lookahead_buffer);
        // No file or directory is open between calls, so littlefs's list of open handles is
        // empty; the copy must not share the source's.
        copy.lfs.mlist = ptr::null_mut();
        copy.fix_pointers();
        Box::into_raw(copy)
    })
    .unwrap_or(ptr::null_mut())
}

/// # Safety
/// `fs` is a valid handle; `device` points at a valid struct.
#[no_mangle]
pub unsafe extern "C" fn nk3lfs_set_device(fs: *mut Handle, device: *const Device) {
    if let (Some(h), Some(d)) = (handle(fs), device.as_ref()) {
        h.device = *d;
    }
}

type Start = unsafe extern "C" fn(*mut lfs::lfs_t, *const lfs::lfs_config) -> c_int;

/// lfs_format or lfs_mount on a handle: unmounted first, littlefs's pointers set to the handle's
/// buffers afterwards; `mounted` when a mount succeeded.
unsafe fn start(fs: *mut Handle, f: Start, mounts: bool) -> c_int {
    guarded(|| {
        let Some(h) = handle(fs) else {
            return ERR_INVAL;
        };
        if h.mounted {
            lfs::lfs_unmount(h.raw());
            h.mounted = false;
        }
        let cfg: *const lfs::lfs_config = &h.cfg;
        let rc = f(h.raw(), cfg);
        h.fix_pointers();
        h.mounted = mounts && rc == 0;
        rc
    })
}

/// # Safety
/// `fs` is a valid handle.
#[no_mangle]
pub unsafe extern "C" fn nk3lfs_format(fs: *mut Handle) -> c_int {
    start(fs, lfs::lfs_format, false)
}

/// # Safety
/// `fs` is a valid handle.
#[no_mangle]
pub unsafe extern "C" fn nk3lfs_mount(fs: *mut Handle) -> c_int {
    start(fs, lfs::lfs_mount, true)
}

/// # Safety
/// `fs` is a valid handle.
#[no_mangle]
pub unsafe extern "C" fn nk3lfs_unmount(fs: *mut Handle) -> c_int {
    guarded(|| {
        let Some(h) = handle(fs) else {
            return ERR_INVAL;
        };
        if !h.mounted {
            return 0;
        }
        h.mounted = false;
        lfs::lfs_unmount(h.raw())
    })
}

/// # Safety
/// `fs` is a valid handle or NULL.
#[no_mangle]
pub unsafe extern "C" fn nk3lfs_mounted(fs: *const Handle) -> c_int {
    fs.as_ref().map_or(0, |h| c_int::from(h.mounted))
}

/// Runs `f` on a mounted handle and a path; ERR_INVAL for NULL arguments or an unmounted handle.
unsafe fn with_path<F>(fs: *mut Handle, p: *const c_char, f: F) -> c_int
where
    F: FnOnce(&mut Handle, &CStr) -> c_int,
{
    guarded(|| match (handle(fs), path(p)) {
        (Some(h), Some(p)) if h.mounted => f(h, p),
        _ => ERR_INVAL,
    })
}

fn open_file(h: &mut Handle, p: &CStr, flags: c_int, file: &mut lfs::lfs_file_t) -> c_int {
    let file_cfg = lfs::lfs_file_config {
        buffer: h.file_buffer.as_mut_ptr() as *mut c_void,
        attrs: ptr::null_mut(),
        attr_count: 0,
    };
    // SAFETY: littlefs copies nothing from file_cfg but the pointers, which outlive the file
    // (it is closed before this handle's next call returns).
    unsafe { lfs::lfs_file_opencfg(h.raw(), file, p.as_ptr(), flags, &file_cfg) }
}

/// # Safety
/// `fs` is a valid handle; `p` a NUL-terminated path; `buffer` holds `capacity` bytes; `size`
/// is valid.
#[no_mangle]
pub unsafe extern "C" fn nk3lfs_read_file_sized(
    fs: *mut Handle,
    p: *const c_char,
    buffer: *mut u8,
    capacity: u32,
    size: *mut u32,
) -> c_int {
    with_path(fs, p, |h, p| {
        if (buffer.is_null() && capacity > 0) || size.is_null() {
            return ERR_INVAL;
        }
        let mut file: lfs::lfs_file_t = core::mem::zeroed();
        let rc = open_file(h, p, lfs::lfs_open_flags_LFS_O_RDONLY as c_int, &mut file);
        if rc < 0 {
            return rc;
        }
        let length = lfs::lfs_file_size(h.raw(), &mut file);
        let result = if length < 0 {
            length
        } else {
            *size = length as u32;
            if length as u32 > capacity {
                0
            } else {
                lfs::lfs_file_read(h.raw(), &mut file, buffer as *mut c_void, length as u32)
            }
        };
        let closed = lfs::lfs_file_close(h.raw(), &mut file);
        if result < 0 {
            result
        } else if closed < 0 {
            closed
        } else {
            result
        }
    })
}

/// # Safety
/// `fs` is a valid handle; `p` a NUL-terminated path; `data` holds `size` bytes.
#[no_mangle]
pub unsafe extern "C" fn nk3lfs_write_file(
    fs: *mut Handle,
    p: *const c_char,
    data: *const u8,
    size: u32,
) -> c_int {
    with_path(fs, p, |h, p| {
        if data.is_null() && size > 0 {
            return ERR_INVAL;
        }
        let flags = lfs::lfs_open_flags_LFS_O_WRONLY
            | lfs::lfs_open_flags_LFS_O_CREAT
            | lfs::lfs_open_flags_LFS_O_TRUNC;
        let mut file: lfs::lfs_file_t = core::mem::zeroed();
        let rc = open_file(h, p, flags as c_int, &mut file);
        if rc < 0 {
            return rc;
        }
        let written = if size > 0 {
            lfs::lfs_file_write(h.raw(), &mut file, data as *const c_void, size)
        } else {
            0
        };
        let closed = lfs::lfs_file_close(h.raw(), &mut file);
        if written < 0 {
            written
        } else if closed < 0 {
            closed
        } else if written as u32 != size {
            -28 // LFS_ERR_NOSPC: littlefs wrote less than asked
        } else {
            0
        }
    })
}

/// # Safety
/// `fs` is a valid handle; `p` a NUL-terminated path.
#[no_mangle]
pub unsafe extern "C" fn nk3lfs_mkdir(fs: *mut Handle, p: *const c_char) -> c_int {
    with_path(fs, p, |h, p| lfs::lfs_mkdir(h.raw(), p.as_ptr()))
}

/// # Safety
/// `fs` is a valid handle; `p` a NUL-terminated path.
#[no_mangle]
pub unsafe extern "C" fn nk3lfs_remove(fs: *mut Handle, p: *const c_char) -> c_int {
    with_path(fs, p, |h, p| lfs::lfs_remove(h.raw(), p.as_ptr()))
}

/// # Safety
/// `fs` is a valid handle; `from` and `to` NUL-terminated paths.
#[no_mangle]
pub unsafe extern "C" fn nk3lfs_rename(
    fs: *mut Handle,
    from: *const c_char,
    to: *const c_char,
) -> c_int {
    with_path(fs, from, |h, from| match path(to) {
        Some(to) => lfs::lfs_rename(h.raw(), from.as_ptr(), to.as_ptr()),
        None => ERR_INVAL,
    })
}

/// # Safety
/// `fs` is a valid handle; `p` a NUL-terminated path; `type_` and `size` valid or NULL.
#[no_mangle]
pub unsafe extern "C" fn nk3lfs_stat(
    fs: *mut Handle,
    p: *const c_char,
    type_: *mut u8,
    size: *mut u32,
) -> c_int {
    with_path(fs, p, |h, p| {
        let mut info: lfs::lfs_info = core::mem::zeroed();
        let rc = lfs::lfs_stat(h.raw(), p.as_ptr(), &mut info);
        if rc < 0 {
            return rc;
        }
        if let Some(t) = type_.as_mut() {
            *t = info.type_;
        }
        if let Some(s) = size.as_mut() {
            *s = info.size;
        }
        0
    })
}

type Visit = unsafe extern "C" fn(*mut c_void, *const c_char, u8, u32) -> c_int;

/// # Safety
/// `fs` is a valid handle; `p` a NUL-terminated path; `visit` a valid function.
#[no_mangle]
pub unsafe extern "C" fn nk3lfs_list(
    fs: *mut Handle,
    p: *const c_char,
    visit: Option<Visit>,
    context: *mut c_void,
) -> c_int {
    with_path(fs, p, |h, p| {
        let Some(visit) = visit else { return ERR_INVAL };
        let mut dir: lfs::lfs_dir_t = core::mem::zeroed();
        let rc = lfs::lfs_dir_open(h.raw(), &mut dir, p.as_ptr());
        if rc < 0 {
            return rc;
        }
        let result;
        loop {
            let mut info: lfs::lfs_info = core::mem::zeroed();
            let rc = lfs::lfs_dir_read(h.raw(), &mut dir, &mut info);
            if rc <= 0 {
                result = rc;
                break;
            }
            let name = CStr::from_ptr(info.name.as_ptr());
            let bytes = name.to_bytes();
            if bytes == b"." || bytes == b".." {
                continue;
            }
            let stop = visit(context, name.as_ptr(), info.type_, info.size);
            if stop != 0 {
                result = stop;
                break;
            }
        }
        let closed = lfs::lfs_dir_close(h.raw(), &mut dir);
        if result != 0 {
            result
        } else {
            closed
        }
    })
}

/// # Safety
/// `fs` is a valid handle.
#[no_mangle]
pub unsafe extern "C" fn nk3lfs_fs_size(fs: *mut Handle) -> c_int {
    guarded(|| match handle(fs) {
        Some(h) if h.mounted => lfs::lfs_fs_size(h.raw()),
        _ => ERR_INVAL,
    })
}

type BlockVisit = unsafe extern "C" fn(*mut c_void, u32) -> c_int;

/// # Safety
/// `fs` is a valid handle; `visit` a valid function.
#[no_mangle]
pub unsafe extern "C" fn nk3lfs_traverse(
    fs: *mut Handle,
    visit: Option<BlockVisit>,
    context: *mut c_void,
) -> c_int {
    guarded(|| match (handle(fs), visit) {
        (Some(h), Some(visit)) if h.mounted => lfs::lfs_fs_traverse(h.raw(), Some(visit), context),
        _ => ERR_INVAL,
    })
}
