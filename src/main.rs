fn main() -> std::process::ExitCode {
    quizc::cli::run()
}
