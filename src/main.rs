//! The `concord` binary: everything it does is in the library; `cli` only parses and prints.

mod cli;

// An import allocates and frees some fifteen small strings and vectors per unit on each of its
// two threads; glibc's allocator spent a tenth of the reading thread's time on them (with its
// chunk consolidation), mimalloc a fraction of that. A check gains too.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> std::process::ExitCode {
    // Output piped into `head` is closed early: stop quietly, as other Unix tools do, instead
    // of panicking on the first write that fails (Rust ignores SIGPIPE by default).
    #[cfg(unix)]
    // SAFETY: restoring the default action of a signal before any thread starts.
    unsafe {
        libc::signal(libc::SIGPIPE, libc::SIG_DFL);
    }
    cli::main()
}
