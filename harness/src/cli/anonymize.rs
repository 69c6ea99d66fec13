//! `anonymize`: a real export rewritten with fictitious personal data of the
//! same shape, to share as a bug report or a regression corpus.

use std::path::PathBuf;
use std::process::ExitCode;

use careplan_conformance::anonymize;
use careplan_conformance::finding::Lang;

use super::{out, outputs_clear_of_inputs};

#[derive(clap::Args)]
pub struct Args {
    /// The export: a folder (walked as `check` walks it) or one file.
    input: PathBuf,
    /// The folder to write the anonymized files into (at the same relative
    /// paths); never inside the input.
    output: PathBuf,
    /// Make the fakes reproducible (the same seed, the same fakes). Without
    /// it they are drawn anew each time, so that they cannot be traced back.
    #[arg(long)]
    seed: Option<u64>,
}

pub fn run(a: Args, lang: Lang) -> ExitCode {
    if !outputs_clear_of_inputs(&[&a.input], &[("OUTPUT", &a.output)]) {
        return ExitCode::from(2);
    }
    if !a.input.exists() {
        eprintln!(
            "error: {}: no such file or directory",
            careplan_conformance::finding::path_text(a.input.as_os_str())
        );
        return ExitCode::from(2);
    }
    let seed = a.seed.unwrap_or_else(anonymize::random_seed);
    let r = anonymize::anonymize(&a.input, &a.output, seed);
    out!("{}", anonymize::human(&r, &a.output, lang));
    for e in &r.errors {
        eprintln!("error: {e}");
    }
    if r.errors.is_empty() {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(2)
    }
}
