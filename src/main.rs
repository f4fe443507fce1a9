//! The `concord` binary: everything it does is in the library; `cli` only parses and prints.

mod cli;

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
