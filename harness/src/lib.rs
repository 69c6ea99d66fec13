//! careplan-conformance: a conformance test harness for the CSV files of the
//! ケアプランデータ連携標準仕様 (MHLW care plan data exchange standard).
//!
//! Data flows one way: [`input`] discovers files, reads their names, splits
//! records on the raw bytes and decodes MS932; [`check`] runs the [`rules`]
//! level by level against the revision data in [`spec`]; [`report`] renders
//! the findings.

pub mod cases;
pub mod check;
pub mod finding;
pub mod input;
pub mod report;
pub mod rules;
pub mod spec;
pub mod values;

use std::path::PathBuf;

use report::Run;

/// Checks every file under `paths` against revision `rev`.
pub fn check_paths(paths: &[PathBuf], rev: &spec::Revision) -> Run {
    let (sources, errors) = input::discover(paths, rev);
    let mut io_errors: Vec<String> = errors.iter().map(ToString::to_string).collect();
    let mut files = Vec::with_capacity(sources.len());
    for s in &sources {
        match std::fs::read(&s.path) {
            Ok(bytes) => files.push(check::check_bytes(
                &s.name,
                &s.path.display().to_string(),
                &bytes,
                rev,
            )),
            Err(e) => io_errors.push(format!("{}: {e}", s.path.display())),
        }
    }
    Run {
        revision: rev.revision.clone(),
        csv_version: rev.csv_version.clone(),
        paths: paths.iter().map(|p| p.display().to_string()).collect(),
        files,
        io_errors,
    }
}
