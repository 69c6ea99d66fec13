//! `check`: files and folders against the standard, printed in one format
//! and written in any others.

use std::path::PathBuf;
use std::process::ExitCode;

use careplan_conformance::{self as lib, report, CheckOptions};

use super::{
    is_local_timestamp, out, outputs_clear_of_inputs, progress_bar, revision_or_error, use_color,
    write_report,
};

#[derive(clap::Args)]
pub struct Args {
    /// Files or directories to check.
    #[arg(required = true)]
    paths: Vec<PathBuf>,
    /// What to print on standard output.
    #[arg(long, default_value = "human", value_parser = format_parser())]
    format: String,
    #[command(flatten)]
    files: ReportFiles,
    /// Print nothing on standard output (the exit status and the files
    /// asked for still tell).
    #[arg(long, short)]
    quiet: bool,
    /// List at most N findings in the human, GitHub and Markdown output
    /// (all are counted; the JSON, SARIF, JUnit and HTML reports hold all).
    #[arg(long, value_name = "N")]
    max_findings: Option<usize>,
    /// The timestamp written in the JUnit report (YYYY-MM-DDTHH:MM:SS).
    #[arg(long, default_value = report::FIXED_TIMESTAMP)]
    timestamp: String,
    /// Show personal data (names, addresses, 生年月日, 被保険者番号, health,
    /// free text) in findings and record tables instead of masking it.
    #[arg(long)]
    show_personal_data: bool,
    /// Revision of the standard to check against (3.2, 4.1); by default
    /// it is picked per file from its name and CSVバージョン.
    #[arg(long)]
    spec: Option<String>,
    /// Files larger than this many bytes are reported, not read.
    #[arg(long, default_value_t = lib::DEFAULT_MAX_FILE_SIZE)]
    max_file_size: u64,
    /// Threads to check with (default: one per core). Files are checked in
    /// parallel, and a large file's records in chunks; the output is the
    /// same for any number.
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u16).range(1..))]
    threads: Option<u16>,
}

/// `--format`'s values: the registered reporters, with their help.
fn format_parser() -> clap::builder::PossibleValuesParser {
    clap::builder::PossibleValuesParser::new(
        report::REPORTERS
            .iter()
            .map(|r| clap::builder::PossibleValue::new(r.name()).help(r.about())),
    )
}

/// The `--NAME FILE` options: one per registered reporter that can be
/// written to a file.
#[derive(Default)]
struct ReportFiles(Vec<(&'static dyn report::Reporter, PathBuf)>);

impl clap::FromArgMatches for ReportFiles {
    fn from_arg_matches(m: &clap::ArgMatches) -> Result<Self, clap::Error> {
        Ok(ReportFiles(
            report::REPORTERS
                .iter()
                .filter(|r| r.file_help().is_some())
                .filter_map(|r| Some((*r, m.get_one::<PathBuf>(r.name())?.clone())))
                .collect(),
        ))
    }
    fn update_from_arg_matches(&mut self, m: &clap::ArgMatches) -> Result<(), clap::Error> {
        *self = Self::from_arg_matches(m)?;
        Ok(())
    }
}

impl clap::Args for ReportFiles {
    fn augment_args(cmd: clap::Command) -> clap::Command {
        report::REPORTERS
            .iter()
            .fold(cmd, |cmd, r| match r.file_help() {
                Some(help) => cmd.arg(
                    clap::Arg::new(r.name())
                        .long(r.name())
                        .value_name("FILE")
                        .value_parser(clap::value_parser!(PathBuf))
                        .help(help),
                ),
                None => cmd,
            })
    }
    fn augment_args_for_update(cmd: clap::Command) -> clap::Command {
        Self::augment_args(cmd)
    }
}

/// The environment variable that sets the chunk size, in bytes.
pub const CHUNK_BYTES_VAR: &str = "CAREPLAN_CONFORMANCE_CHUNK_BYTES";

pub fn run(a: Args, cx: super::Context) -> ExitCode {
    if !is_local_timestamp(&a.timestamp) {
        eprintln!(
            "error: --timestamp must be YYYY-MM-DDTHH:MM:SS, not '{}'",
            a.timestamp
        );
        return ExitCode::from(2);
    }
    // Report files are refused before anything is read or written when one
    // would land on an input.
    let inputs: Vec<&std::path::Path> = a.paths.iter().map(PathBuf::as_path).collect();
    let outputs: Vec<(String, &std::path::Path)> = a
        .files
        .0
        .iter()
        .map(|(r, p)| (format!("--{}", r.name()), p.as_path()))
        .collect();
    let outputs: Vec<(&str, &std::path::Path)> =
        outputs.iter().map(|(w, p)| (w.as_str(), *p)).collect();
    if !outputs_clear_of_inputs(&inputs, &outputs) {
        return ExitCode::from(2);
    }
    let forced = match &a.spec {
        Some(id) => match revision_or_error(id) {
            Some(r) => Some(r),
            None => return ExitCode::from(2),
        },
        None => None,
    };
    if let Some(n) = a.threads {
        // Nothing has used the pool yet: it is built here, once.
        let _ = rayon::ThreadPoolBuilder::new()
            .num_threads(usize::from(n))
            .build_global();
    }
    // The size of the chunks a large file is cut into: the output is the
    // same for any size; the tests set a tiny one so that the bundled
    // cases cross chunk boundaries.
    if let Some(n) = std::env::var(CHUNK_BYTES_VAR)
        .ok()
        .and_then(|v| v.parse::<usize>().ok())
    {
        lib::check::set_chunk_bytes(n);
    }
    let printed = report::reporter(&a.format).expect("--format takes registered names");
    // A report that shows the records findings point at is given copies of
    // them: reports read no file.
    let keep_records =
        (!a.quiet && printed.shows_records()) || a.files.0.iter().any(|(r, _)| r.shows_records());
    let progress = progress_bar(a.quiet);
    let run = lib::check_with_progress(
        &a.paths,
        CheckOptions {
            revision: forced,
            follow_links: true,
            max_file_size: a.max_file_size,
            recursive: true,
            keep_records,
        },
        &|done, total| {
            progress.set_length(total as u64);
            progress.set_position(done as u64);
        },
    );
    progress.finish_and_clear();
    let opts = report::Options {
        lang: cx.lang,
        show_personal: a.show_personal_data,
        color: false,
        max_findings: a.max_findings,
        timestamp: a.timestamp,
    };
    let mut failed = false;
    for (reporter, file) in &a.files.0 {
        failed |= !write_report(file, &reporter.render(&run, &opts), reporter.appends());
    }
    if !a.quiet {
        let opts = report::Options {
            color: printed.colours() && use_color(cx.color),
            ..opts
        };
        out!("{}", printed.render(&run, &opts));
    }
    for e in &run.io_errors {
        eprintln!("error: {e}");
    }
    if failed {
        return ExitCode::from(2);
    }
    ExitCode::from(run.exit_code() as u8)
}
