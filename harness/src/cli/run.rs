//! `run`: every case under the cases folder, with a JUnit report.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use careplan_conformance::cases::tree::Folder;
use careplan_conformance::finding::Lang;
use careplan_conformance::{cases, report};

use super::{is_local_timestamp, out, outln, outputs_clear_of_inputs, write_file, SpecDirs};

#[derive(clap::Args)]
pub struct Args {
    /// The folder holding the cases (each a directory with a case.toml).
    /// Default: `cases` when there is such a folder here (a checkout of the
    /// harness), else the cases built into the binary (a self-test).
    #[arg(long, value_name = "DIR")]
    cases: Option<PathBuf>,
    /// Where to write the JUnit XML report.
    #[arg(long, value_name = "FILE", default_value = "reports/junit.xml")]
    junit: PathBuf,
    /// Run only the cases whose id contains this text.
    #[arg(long)]
    filter: Option<String>,
    /// The timestamp written in the report (YYYY-MM-DDTHH:MM:SS); fixed so
    /// that the same cases give a byte-identical report.
    #[arg(long, default_value = report::FIXED_TIMESTAMP)]
    timestamp: String,
    /// Write each case's findings file (findings.txt) from what is found
    /// now, after a deliberate change; review the diff before committing.
    #[arg(long)]
    bless: bool,
    /// Where the findings of cases whose findings file is missing or
    /// differs are written for review (DIR/<case id>/findings.txt).
    #[arg(long, value_name = "DIR", default_value = "reports/pending")]
    pending: PathBuf,
    /// Write the files each case checks (its own, or its base's with its
    /// edits applied) under DIR/<case folder>, and run nothing (without
    /// it, nothing is emitted).
    #[arg(long, value_name = "DIR")]
    emit: Option<PathBuf>,
    #[command(flatten)]
    spec_dirs: SpecDirs,
}

/// The cases `--cases` names, or the default: `cases` here, else the
/// built-in ones.
pub fn cases_folder(given: Option<&Path>) -> Folder {
    match given {
        Some(p) => Folder::on_disk(p),
        None => Folder::disk_or_builtin("cases"),
    }
}

pub fn run(a: Args, lang: Lang) -> ExitCode {
    let root = &cases_folder(a.cases.as_deref());
    let (junit, filter) = (&a.junit, a.filter.as_deref());
    // Cases built into the binary are no files: only a cases folder on
    // disk is an input that the outputs must stay clear of.
    if !root.is_builtin() {
        let outputs: Vec<(&str, &Path)> = match &a.emit {
            Some(dir) => vec![("--emit", dir.as_path())],
            None => vec![
                ("--junit", junit.as_path()),
                ("--pending", a.pending.as_path()),
            ],
        };
        if !outputs_clear_of_inputs(&[root.path.as_path()], &outputs) {
            return ExitCode::from(2);
        }
    }
    if !a.spec_dirs.load() {
        return ExitCode::from(2);
    }
    if let Some(out) = &a.emit {
        return emit_cases(root, out, filter);
    }
    if !is_local_timestamp(&a.timestamp) {
        eprintln!(
            "error: --timestamp must be YYYY-MM-DDTHH:MM:SS, not '{}'",
            a.timestamp
        );
        return ExitCode::from(2);
    }
    if !root.tree.is_dir(&root.path) {
        eprintln!("error: {}: no such cases folder", root.path.display());
        return ExitCode::from(2);
    }
    let mut suite = cases::run_all(root, filter);
    if a.bless {
        match cases::bless(&suite.results) {
            Ok(paths) => {
                for p in &paths {
                    outln!("blessed: {}", p.display());
                }
                suite = cases::run_all(root, filter);
            }
            Err(e) => {
                eprintln!("error: {e}");
                return ExitCode::from(2);
            }
        }
    }
    match cases::write_pending(&suite.results, &a.pending) {
        Ok(paths) => {
            for p in &paths {
                outln!("pending: {} (accept with run --bless)", p.display());
            }
        }
        Err(e) => eprintln!("error: {}: {e}", a.pending.display()),
    }
    if suite.results.is_empty() && suite.manifest_errors.is_empty() {
        match filter {
            Some(f) => {
                let (all, _) = cases::discover(root);
                eprintln!(
                    "error: no case id contains '{f}' under {root}{}",
                    super::golden::did_you_mean(&all, f)
                )
            }
            None => eprintln!("error: no case (a directory with a case.toml) under {root}"),
        }
        return ExitCode::from(2);
    }
    let written = write_file(junit, &report::suite::junit(&suite, &a.timestamp, lang));
    let junit_shown = junit.display().to_string();
    out!(
        "{}",
        report::suite::human(
            &suite,
            written.is_ok().then_some(junit_shown.as_str()),
            lang
        )
    );
    if let Err(e) = written {
        let why = e.to_string();
        eprintln!("{}", super::report_not_written("JUnit report", junit, &why));
        return ExitCode::from(2);
    }
    if !suite.manifest_errors.is_empty() {
        for e in &suite.manifest_errors {
            eprintln!("error: {e}");
        }
        return ExitCode::from(2);
    }
    if suite.failed() > 0 {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}

fn emit_cases(root: &Folder, out: &Path, filter: Option<&str>) -> ExitCode {
    match cases::emit(root, out, filter) {
        Ok(dirs) => {
            out!(
                "{} written under {}",
                report::count(dirs.len(), "case"),
                out.display()
            );
            ExitCode::SUCCESS
        }
        Err(errors) => {
            for e in &errors {
                eprintln!("error: {e}");
            }
            ExitCode::from(2)
        }
    }
}
