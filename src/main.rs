//! The `concord` binary: everything it does is in the library; `cli` only parses and prints.

mod cli;

fn main() -> std::process::ExitCode {
    cli::main()
}
