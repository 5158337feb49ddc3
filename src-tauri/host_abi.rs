//! The one interface between the `allybook` executable and the window library: a C-laid-out
//! table the executable fills and the library calls back through. Compiled into both (`#[path]`
//! module); [`HOST_VERSION`] makes a library from another build refuse to run.

use std::ffi::c_void;

/// `reply(out, ok, bytes, len)`: the host's answer to one call, JSON bytes valid for the call.
pub type Reply = unsafe extern "C" fn(*mut c_void, i32, *const u8, usize);

/// What the executable lends the window: its book and the function that answers commands.
/// Laid out for C so that the two sides agree whatever they were compiled with.
#[repr(C)]
pub struct Host {
    /// [`HOST_VERSION`]: a library and an executable from different builds refuse each other.
    pub version: u32,
    /// Opaque to the library; passed back on every call. The host keeps it alive and usable from
    /// any thread for as long as the window runs.
    pub ctx: *const c_void,
    /// The book's path, as the OS's bytes.
    pub db: *const u8,
    pub db_len: usize,
    /// Answers command `name` (UTF-8) with JSON `args`: calls `reply(out, ok, …)` exactly once,
    /// `ok` = 1 with the result's JSON or 0 with an `ApiError`'s, before it returns. Blocking.
    pub call: CallFn,
    /// Answers a file the window's page asks for that the executable keeps (the UI's fonts,
    /// which the executable embeds for its PDFs anyway): `reply(out, 1, bytes, len)` with the
    /// file, or `reply(out, 0, …)` when there is none by that name. Blocking.
    pub asset: AssetFn,
}

/// `asset(ctx, name, name_len, out, reply)`; see [`Host::asset`].
pub type AssetFn = unsafe extern "C" fn(
    ctx: *const c_void,
    name: *const u8,
    name_len: usize,
    out: *mut c_void,
    reply: Reply,
);

/// `call(ctx, name, name_len, args, args_len, out, reply)`; see [`Host::call`].
pub type CallFn = unsafe extern "C" fn(
    ctx: *const c_void,
    name: *const u8,
    name_len: usize,
    args: *const u8,
    args_len: usize,
    out: *mut c_void,
    reply: Reply,
);

/// Bumped whenever [`Host`] or the entry point changes.
pub const HOST_VERSION: u32 = 2;

/// The library's entry point: `fn(host, err_buf, err_len) -> 0` when the window closed normally.
pub type RunWindow = unsafe extern "C" fn(*const Host, *mut u8, usize) -> i32;

/// The entry point's symbol name.
pub const ENTRY: &[u8] = b"allybook_window_v2\0";
