fn main() {
    std::process::exit(concord_cli_placeholder());
}

fn concord_cli_placeholder() -> i32 {
    eprintln!("concord: the command line is being written");
    2
}
