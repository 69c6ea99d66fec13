//! `regress`: the same corpus under two revisions, and what changes.

use std::path::PathBuf;
use std::process::ExitCode;

use careplan_conformance::finding::Lang;
use careplan_conformance::regress;

use super::{out, outln, outputs_clear_of_inputs, revision_or_error, write_file, Format, SpecDirs};

#[derive(clap::Args)]
pub struct Args {
    /// The revision the corpus was written for: an id or a revision folder.
    #[arg(long, value_name = "REVISION|DIR")]
    from: String,
    /// The revision to try it against: an id or a revision folder (a draft).
    #[arg(long, value_name = "REVISION|DIR")]
    to: String,
    /// Files or directories (walked recursively).
    #[arg(required = true)]
    paths: Vec<PathBuf>,
    /// Where to write the JUnit XML report.
    #[arg(long, default_value = "reports/regress.xml")]
    junit: PathBuf,
    /// Output format.
    #[arg(long, value_enum, default_value = "human")]
    format: Format,
    #[command(flatten)]
    spec_dirs: SpecDirs,
}

pub fn run(a: Args, lang: Lang) -> ExitCode {
    if !a.spec_dirs.load() {
        return ExitCode::from(2);
    }
    let (Some(from), Some(to)) = (revision_or_error(&a.from), revision_or_error(&a.to)) else {
        return ExitCode::from(2);
    };
    let inputs: Vec<&std::path::Path> = a.paths.iter().map(PathBuf::as_path).collect();
    if !outputs_clear_of_inputs(&inputs, &[("--junit", &a.junit)]) {
        return ExitCode::from(2);
    }
    let r = regress::regress(&a.paths, from, to, lang);
    let written = write_file(&a.junit, &regress::junit(&r, lang));
    match a.format {
        Format::Human => out!("{}", regress::human(&r, &a.junit, lang)),
        Format::Json => outln!("{}", serde_json::to_string_pretty(&r).unwrap_or_default()),
    }
    if let Err(e) = written {
        let why = e.to_string();
        eprintln!(
            "{}",
            super::report_not_written("JUnit report", &a.junit, &why)
        );
        return ExitCode::from(2);
    }
    for e in &r.io_errors {
        eprintln!("error: {e}");
    }
    if r.io_errors.is_empty() {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(2)
    }
}
