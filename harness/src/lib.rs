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
pub mod migrate;
pub mod model;
pub mod regress;
pub mod report;
pub mod rules;
pub mod spec;
pub mod values;

use std::path::PathBuf;

use report::Run;

/// Checks every file under `paths` against revision `rev`. Files found in
/// directories are also checked together, as send units; files named on
/// their own are checked alone.
pub fn check_paths(paths: &[PathBuf], rev: &'static spec::Revision) -> Run {
    check_with(
        paths,
        CheckOptions {
            revision: Some(rev),
            follow_links: true,
            max_file_size: DEFAULT_MAX_FILE_SIZE,
            recursive: true,
        },
    )
}

/// How `check` runs.
#[derive(Debug, Clone, Copy)]
pub struct CheckOptions {
    /// The revision to check against; `None` picks it per file from its name
    /// grammar and its CSVバージョン.
    pub revision: Option<&'static spec::Revision>,
    /// Whether links in directories are followed (never for cases); links
    /// that leave the tree given are never followed.
    pub follow_links: bool,
    /// Files larger than this many bytes are not read (a finding says so).
    pub max_file_size: u64,
    /// Whether directories are walked into their subfolders.
    pub recursive: bool,
}

/// The default size limit: the central system takes at most 10 MB in one
/// send; the harness reads files up to 64 MiB so that oversized exports are
/// still judged, and reports anything larger without reading it.
pub const DEFAULT_MAX_FILE_SIZE: u64 = 64 * 1024 * 1024;

/// Checks every file under `paths`.
pub fn check_with(paths: &[PathBuf], opts: CheckOptions) -> Run {
    check_with_progress(paths, opts, &|_, _| {})
}

/// Checks every file under `paths`, calling `progress(done, total)` as files
/// are checked (from the worker threads, in no particular order).
pub fn check_with_progress(
    paths: &[PathBuf],
    opts: CheckOptions,
    progress: &(dyn Fn(usize, usize) + Sync),
) -> Run {
    let discovery_rev = opts.revision.unwrap_or_else(spec::default_revision);
    let (sources, errors) =
        input::discover(paths, discovery_rev, opts.follow_links, opts.recursive);
    let mut io_errors: Vec<String> = errors.iter().map(ToString::to_string).collect();
    // Files are checked in parallel; results come back in discovery order.
    use rayon::prelude::*;
    let total = sources.len();
    let done = std::sync::atomic::AtomicUsize::new(0);
    let checked: Vec<Result<(check::FileResult, bool), String>> = sources
        .par_iter()
        .map(|s| {
            let r = check_source(s, &opts);
            let n = done.fetch_add(1, std::sync::atomic::Ordering::Relaxed) + 1;
            progress(n, total);
            r
        })
        .collect();
    let mut files = Vec::with_capacity(checked.len());
    let mut in_units = Vec::new();
    for c in checked {
        match c {
            Ok((f, u)) => {
                files.push(f);
                in_units.push(u);
            }
            Err(e) => io_errors.push(e),
        }
    }
    let grouped: Vec<&check::FileResult> = files
        .iter()
        .zip(&in_units)
        .filter(|(_, u)| **u)
        .map(|(f, _)| f)
        .collect();
    let unit_findings = rules::unit::check(&grouped);
    let mut by_path: std::collections::BTreeMap<String, Vec<finding::Finding>> =
        std::collections::BTreeMap::new();
    for f in unit_findings {
        by_path.entry(f.path.clone()).or_default().push(f);
    }
    for (path, new) in by_path {
        if let Some(file) = files.iter_mut().find(|x| x.path == path) {
            check::add_unit_findings(file, new);
        }
    }
    for f in &mut files {
        check::sort_findings(&mut f.findings);
    }
    let alone = in_units.iter().filter(|u| !**u).count();
    Run {
        revision: opts.revision.map(|r| r.revision.clone()),
        paths: paths.iter().map(|p| p.display().to_string()).collect(),
        files,
        io_errors,
        files_checked_alone: alone,
    }
}

/// Reads and checks one discovered file; `Err` for an I/O error. Files over
/// the size limit are not read: a finding says so.
fn check_source(
    s: &input::Source,
    opts: &CheckOptions,
) -> Result<(check::FileResult, bool), String> {
    let path = s.path.display().to_string();
    let shown = report::printable(&path);
    let len = std::fs::metadata(&s.path)
        .map_err(|e| format!("{shown}: {e}"))?
        .len();
    if len > opts.max_file_size {
        let rev = opts.revision.unwrap_or_else(spec::default_revision);
        return Ok((
            check::too_large(&s.name, &path, len, opts.max_file_size, rev),
            s.from_directory,
        ));
    }
    let bytes = std::fs::read(&s.path).map_err(|e| format!("{shown}: {e}"))?;
    let detected = match opts.revision {
        Some(r) => spec::detect::Detection::forced(r),
        None => spec::detect::detect(&s.name, &bytes),
    };
    Ok((
        check::check_detected(&s.name, &path, &bytes, &detected),
        s.from_directory,
    ))
}
