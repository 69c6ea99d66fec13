//! `check`: files and folders against the standard, printed in one format
//! and written in any others.

use std::path::PathBuf;
use std::process::ExitCode;

use careplan_conformance::{self as lib, report, CheckOptions};

use super::{
    is_local_timestamp, out, outputs_clear_of_inputs, progress_bar, report_not_written,
    revision_or_error, use_color, write_report, SpecDirs,
};

#[derive(clap::Args)]
pub struct Args {
    /// Files or directories to check.
    #[arg(required = true)]
    paths: Vec<PathBuf>,
    /// What to print on standard output. Default: the configuration's
    /// `[check] format`, else human.
    #[arg(long, value_parser = format_parser())]
    format: Option<String>,
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
    /// Default: the current time (UTC); give one for byte-identical reports.
    #[arg(long)]
    timestamp: Option<String>,
    /// Show personal data (names, addresses, 生年月日, 被保険者番号, health,
    /// free text) in findings and record tables instead of masking it.
    #[arg(long)]
    show_personal_data: bool,
    /// Revision of the standard to check against: an id (3.2, 4.1) or a
    /// revision folder (as `spec export` writes one). By default, or with
    /// `auto`, it is picked per file from its name and CSVバージョン.
    #[arg(long, value_name = "REVISION|DIR")]
    spec: Option<String>,
    #[command(flatten)]
    spec_dirs: SpecDirs,
    /// The day the configuration's waivers are judged against
    /// (YYYY-MM-DD): a waiver holds up to and including its expiry date.
    /// Default: today (UTC); give one for reproducible output.
    #[arg(long, value_name = "YYYY-MM-DD")]
    today: Option<String>,
    /// Files larger than this many bytes are reported, not read.
    #[arg(long, default_value_t = lib::DEFAULT_MAX_FILE_SIZE)]
    max_file_size: u64,
    /// Leave out the consistency level (整合, CON-*): the 第7表's figures
    /// against each other, the unit prices and limits, and the 第6表.
    #[arg(long)]
    no_consistency: bool,
    /// Also write the 予定 (第6表) against the 実績 of each folder holding
    /// both, per user, day and service, to FILE (`-`: standard output,
    /// after the report).
    #[arg(long, value_name = "FILE")]
    compare_plan: Option<PathBuf>,
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
#[derive(Default, Clone)]
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
    let timestamp = match a.timestamp {
        Some(t) if !is_local_timestamp(&t) => {
            eprintln!("error: --timestamp must be YYYY-MM-DDTHH:MM:SS, not '{t}'");
            return ExitCode::from(2);
        }
        Some(t) => t,
        None => lib::certify::now_utc().trim_end_matches('Z').to_string(),
    };
    if !a.spec_dirs.load() {
        return ExitCode::from(2);
    }
    let forced = match a.spec.as_deref().filter(|s| *s != "auto") {
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
    let today = match a.today.as_deref().map(|t| (t, lib::config::Date::parse(t))) {
        Some((t, None)) => {
            eprintln!("error: --today must be a date, YYYY-MM-DD, not '{t}'");
            return ExitCode::from(2);
        }
        Some((_, Some(d))) => d,
        None => lib::config::Date::parse(&lib::certify::now_utc()[..10])
            .expect("the clock gives a real date"),
    };
    let config = cx.config;
    // The command line wins over the configuration: its format, and a
    // report it names.
    let format = a
        .format
        .as_deref()
        .or(config.and_then(|c| c.format.as_deref()))
        .unwrap_or("human");
    let printed = report::reporter(format).expect("--format takes registered names");
    let mut files = a.files.0.clone();
    for (name, file) in config.map_or(&[][..], |c| &c.reports[..]) {
        if !files.iter().any(|(r, _)| r.name() == name) {
            let reporter = report::reporter(name).expect("the configuration names reporters");
            files.push((reporter, file.clone()));
        }
    }
    // Report files (named here or by the configuration) are refused before
    // anything is read or written when one would land on an input.
    // The revision folders read (--spec-dir, --spec DIR) are inputs too.
    let mut inputs: Vec<&std::path::Path> = a.paths.iter().map(PathBuf::as_path).collect();
    inputs.extend(a.spec_dirs.dirs.iter().map(PathBuf::as_path));
    inputs.extend(
        a.spec
            .as_deref()
            .map(std::path::Path::new)
            .filter(|p| p.is_dir()),
    );
    let outputs: Vec<(String, &std::path::Path)> = files
        .iter()
        .map(|(r, p)| {
            let what = if a.files.0.iter().any(|(x, _)| x.name() == r.name()) {
                format!("--{}", r.name())
            } else {
                format!("careplan-conformance.toml [check] reports.{}", r.name())
            };
            (what, p.as_path())
        })
        .collect();
    let mut outputs: Vec<(&str, &std::path::Path)> =
        outputs.iter().map(|(w, p)| (w.as_str(), *p)).collect();
    if let Some(f) = a.compare_plan.as_deref().filter(|f| f.as_os_str() != "-") {
        outputs.push(("--compare-plan", f));
    }
    if !outputs_clear_of_inputs(&inputs, &outputs) {
        return ExitCode::from(2);
    }
    // A report that shows the records findings point at is given copies of
    // them: reports read no file.
    let keep_records =
        (!a.quiet && printed.shows_records()) || files.iter().any(|(r, _)| r.shows_records());
    let progress = progress_bar(a.quiet);
    let mut run = lib::check_with_progress(
        &a.paths,
        CheckOptions {
            revision: forced,
            follow_links: true,
            max_file_size: a.max_file_size,
            recursive: true,
            keep_records,
            consistency: !a.no_consistency,
            keep_keys: a.compare_plan.is_some(),
        },
        &|done, total| {
            progress.set_length(total as u64);
            progress.set_position(done as u64);
        },
    );
    progress.finish_and_clear();
    if let Some(c) = config {
        match std::env::current_dir() {
            Ok(cwd) => lib::config::apply(&mut run, c, today, &cwd),
            Err(e) => {
                eprintln!("error: the working folder: {e}");
                return ExitCode::from(2);
            }
        }
    }
    let opts = report::Options {
        lang: cx.lang,
        show_personal: a.show_personal_data,
        color: false,
        max_findings: a.max_findings,
        timestamp,
    };
    let mut failed = false;
    for (reporter, file) in &files {
        if let Err(why) = write_report(file, &reporter.render(&run, &opts), reporter.appends()) {
            let what = format!("report --{}", reporter.name());
            eprintln!("{}", report_not_written(&what, file, &why));
            failed = true;
        }
    }
    let comparison = a
        .compare_plan
        .as_ref()
        .map(|file| (file, report::plan_compare::render(&run, &opts)));
    if let Some((file, text)) = &comparison {
        if file.as_os_str() != "-" {
            if let Err(why) = write_report(file, text, false) {
                eprintln!(
                    "{}",
                    report_not_written("report --compare-plan", file, &why)
                );
                failed = true;
            }
        }
    }
    if !a.quiet {
        let opts = report::Options {
            color: printed.colours() && use_color(cx.color),
            ..opts
        };
        out!("{}", printed.render(&run, &opts));
        if let Some((file, text)) = &comparison {
            if file.as_os_str() == "-" {
                out!("{text}");
            }
        }
    }
    for e in &run.io_errors {
        eprintln!("error: {e}");
    }
    for w in &run.waivers.list {
        if let Some(d) = w.diagnostic(cx.lang) {
            let level = match w.state {
                lib::result::WaiverState::Expired => "error",
                _ => "warning",
            };
            eprintln!("{level}: {d}");
        }
    }
    if failed {
        return ExitCode::from(2);
    }
    ExitCode::from(run.exit_code() as u8)
}
