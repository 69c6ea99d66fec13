//! careplan-conformance: a conformance test harness for the CSV files of the
//! ケアプランデータ連携標準仕様 (MHLW care plan data exchange standard).
//!
//! Data flows one way: [`input`] discovers files, reads their names, splits
//! records on the raw bytes and decodes MS932; [`check`] runs the [`rules`]
//! level by level against the revision data in [`spec`]; [`report`] renders
//! the findings.

pub mod cases;
pub mod certify;
pub mod check;
pub mod finding;
pub mod input;
pub mod model;
pub mod report;
pub mod rules;
pub mod spec;
pub mod values;

use std::path::PathBuf;

use report::Run;

/// Checks every file under `paths` against revision `rev`. Files found in
/// directories are also checked together, as send units; files named on
/// their own are checked alone.
pub fn check_paths(paths: &[PathBuf], rev: &spec::Revision) -> Run {
    check_paths_with(paths, rev, true)
}

/// [`check_paths`], following links in directories or not.
pub fn check_paths_with(paths: &[PathBuf], rev: &spec::Revision, follow_links: bool) -> Run {
    let (sources, errors) = input::discover(paths, rev, follow_links);
    let mut io_errors: Vec<String> = errors.iter().map(ToString::to_string).collect();
    let mut files = Vec::with_capacity(sources.len());
    let mut in_units = Vec::new();
    for s in &sources {
        match std::fs::read(&s.path) {
            Ok(bytes) => {
                in_units.push(s.from_directory);
                files.push(check::check_bytes(
                    &s.name,
                    &s.path.display().to_string(),
                    &bytes,
                    rev,
                ));
            }
            Err(e) => io_errors.push(format!("{}: {e}", s.path.display())),
        }
    }
    let grouped: Vec<&check::FileResult> = files
        .iter()
        .zip(&in_units)
        .filter(|(_, u)| **u)
        .map(|(f, _)| f)
        .collect();
    let unit_findings = rules::unit::check(&grouped);
    for f in unit_findings {
        if let Some(file) = files.iter_mut().find(|x| x.path == f.path) {
            file.findings.push(f);
        }
    }
    for f in &mut files {
        check::sort_findings(&mut f.findings);
    }
    let alone = in_units.iter().filter(|u| !**u).count();
    Run {
        revision: rev.revision.clone(),
        csv_version: rev.csv_version.clone(),
        paths: paths.iter().map(|p| p.display().to_string()).collect(),
        files,
        io_errors,
        files_checked_alone: alone,
    }
}
