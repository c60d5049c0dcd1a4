//! nk3-shim: the C ABI through which nk3rig's simulated NK3 (C++) runs the crates the NK3
//! firmware is built from. Contracts are in include/*.h; nothing here panics or unwinds across
//! the boundary (every entry point catches panics and returns an error code).

pub mod firmware;
pub mod littlefs;
