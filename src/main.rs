fn main() {
    std::process::exit(leadscore::cli::main())
}
