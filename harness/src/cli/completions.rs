//! `completions`: a shell completion script for the whole command line.

use std::process::ExitCode;

use super::out;

pub fn run(shell: clap_complete::Shell, mut cmd: clap::Command) -> ExitCode {
    let mut buf = Vec::new();
    clap_complete::generate(shell, &mut cmd, "careplan-conformance", &mut buf);
    out!("{}", String::from_utf8_lossy(&buf));
    ExitCode::SUCCESS
}
