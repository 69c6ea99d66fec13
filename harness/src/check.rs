//! Runs the rules level by level, in the order the data flows: for each
//! file its name, bytes, structure, fields and records; then, across the
//! files of a folder, send units and the relations inside them. The rules
//! themselves are in [`crate::rules`]; this module reads the files (or
//! takes them held in memory, as the cases are), walks their records, gives
//! each issue its position and keeps the findings bounded. Bad content
//! never stops the check: it becomes a finding with a position and the rest
//! of the file is still read.

use std::collections::{BTreeMap, BTreeSet};
use std::path::PathBuf;

use crate::finding::{Finding, Position};
use crate::input::align;
use crate::input::bytes::Release;
use crate::input::decode::{self, Text};
use crate::input::detect::Detection;
use crate::input::filename;
use crate::input::records::{RawRecord, Records};
use crate::result::SikyuUser;
use crate::result::{records_to_copy, CopiedValue, RecordCopies, RecordCopy};
pub use crate::result::{FileResult, KeyField, Keys, RecordKey, Run};
use crate::rules::catalogue::{self as cat, Rule};
use crate::rules::{self, encoding, field, name, structure, Issue, Sink};
use crate::spec::{FieldSpec, FileFormat, KindSpec, Revision};

/// Characters of a found value kept in a finding.
pub const MAX_FOUND_CHARS: usize = 200;

/// A found value as a finding holds it: a longer one (a free text of
/// thousands of characters, a record of garbage) is cut, with the count of
/// what was left out, so that findings stay readable and bounded.
fn cap_found(v: String) -> String {
    let total = v.chars().count();
    if total <= MAX_FOUND_CHARS {
        return v;
    }
    let kept: String = v.chars().take(MAX_FOUND_CHARS).collect();
    format!("{kept}…(+{} chars)", total - MAX_FOUND_CHARS)
}

/// Findings kept per rule and file; the rest are counted (FILE-FINDINGS-LIMIT).
pub const MAX_FINDINGS_PER_RULE: u32 = 1000;

/// The FILE-FINDINGS-LIMIT finding: `omitted` more findings of `rule`, the
/// first of them at `pos`.
pub fn limit_finding(file: &str, path: &str, rule: &str, omitted: u32, pos: Position) -> Finding {
    let issue = rules::file::findings_limit(rule, omitted, MAX_FINDINGS_PER_RULE);
    Finding {
        rule: issue.rule,
        file: file.to_string(),
        path: path.to_string(),
        pos,
        field_name: None,
        found: issue.found,
        personal: false,
        fact: issue.fact,
    }
}

/// Adds the findings of the rules across files (send units, relations) to
/// a file's, with the same limit per rule.
pub fn add_unit_findings(file: &mut FileResult, new: Vec<Finding>) {
    add_unit_findings_counted(file, new, &BTreeMap::new());
}

/// [`add_unit_findings`], with the findings of each rule left out before
/// (`left_out`, by path and rule) counted after those given.
fn add_unit_findings_counted(
    file: &mut FileResult,
    new: Vec<Finding>,
    left_out: &BTreeMap<(String, &'static str), u32>,
) {
    let mut counts: std::collections::BTreeMap<&'static str, (u32, Position)> = Default::default();
    for f in new {
        let c = counts.entry(f.rule.id).or_insert((0, Position::default()));
        c.0 += 1;
        if c.0 <= MAX_FINDINGS_PER_RULE {
            file.findings.push(f);
        } else if c.0 == MAX_FINDINGS_PER_RULE + 1 {
            c.1 = f.pos;
        }
    }
    for (rule, (n, pos)) in counts {
        let n = n + left_out
            .get(&(file.path.clone(), rule))
            .copied()
            .unwrap_or(0);
        if n > MAX_FINDINGS_PER_RULE {
            let l = limit_finding(&file.file, &file.path, rule, n - MAX_FINDINGS_PER_RULE, pos);
            file.findings.push(l);
        }
    }
}

mod chunks;
pub use chunks::{chunk_bytes, set_chunk_bytes, DEFAULT_CHUNK_BYTES};

// ------------------------------------------------------------------ a run

/// Checks every file under `paths` against revision `rev`. Files found in
/// directories are also checked together, as send units; files named on
/// their own are checked alone. Copies of the records findings point at are
/// kept, for the HTML report.
pub fn check_paths(paths: &[PathBuf], rev: &'static crate::spec::Revision) -> Run {
    check_with(
        paths,
        CheckOptions {
            revision: Some(rev),
            follow_links: true,
            max_file_size: DEFAULT_MAX_FILE_SIZE,
            recursive: true,
            keep_records: true,
            consistency: true,
            keep_keys: false,
        },
    )
}

/// How `check` runs.
#[derive(Debug, Clone, Copy)]
pub struct CheckOptions {
    /// The revision to check against; `None` picks it per file from its name
    /// grammar and its CSVバージョン.
    pub revision: Option<&'static crate::spec::Revision>,
    /// Whether links in directories are followed (never for cases); links
    /// that leave the tree given are never followed.
    pub follow_links: bool,
    /// Files larger than this many bytes are not read (a finding says so).
    pub max_file_size: u64,
    /// Whether directories are walked into their subfolders.
    pub recursive: bool,
    /// Whether each file keeps copies of the records its findings point at
    /// ([`FileResult::record_copies`], bounded as the HTML report bounds its
    /// record tables), so that a report can show them without reading the
    /// files again. Records only the rules across files point at are read
    /// again once the check is done, and only from a file whose SHA-256 is
    /// still the one checked.
    pub keep_records: bool,
    /// Whether the consistency level runs (the figures of the 第7表
    /// against each other, the tariff and the 第6表); `check
    /// --no-consistency` turns it off.
    pub consistency: bool,
    /// Whether each file keeps the keys of its records after the check
    /// (`check --compare-plan` reads them). Without it they are dropped once
    /// the rules across files are done, so that memory does not grow with
    /// the number of files.
    pub keep_keys: bool,
}

/// The default size limit, the harness's own (the standard states no size):
/// files up to 64 MiB are read, so that large exports are still judged, and
/// anything larger is reported without being read.
pub const DEFAULT_MAX_FILE_SIZE: u64 = 64 * 1024 * 1024;

/// Checks every file under `paths`.
pub fn check_with(paths: &[PathBuf], opts: CheckOptions) -> Run {
    check_with_progress(paths, opts, &|_, _| {})
}

/// One checked file, with what the run needs besides its result.
struct Checked {
    result: FileResult,
    /// Found in a directory: checked with the others as send units.
    in_units: bool,
    path: PathBuf,
    /// The SHA-256 of the bytes checked, when records are kept.
    digest: Option<[u8; 32]>,
}

/// Checks every file under `paths`, calling `progress(done, total)` as files
/// are checked (from the worker threads, in no particular order).
///
/// Memory is bounded by the largest files and the number of threads, not
/// by the number of files: the send units are formed first from what each
/// file's name and first records say, then each unit is checked on its own
/// (its files, then the relations between their records) and the keys of
/// its records are dropped before the result is kept; a file outside any
/// unit keeps no keys at all. Should a file's full check read it otherwise
/// than its first records did (another kind or revision), the files are
/// checked again all at once, as the units formed would not hold.
pub fn check_with_progress(
    paths: &[PathBuf],
    opts: CheckOptions,
    progress: &(dyn Fn(usize, usize) + Sync),
) -> Run {
    let discovery_rev = opts.revision.unwrap_or_else(crate::spec::default_revision);
    let (sources, errors) =
        crate::input::discover(paths, discovery_rev, opts.follow_links, opts.recursive);
    let mut io_errors: Vec<String> = errors.iter().map(ToString::to_string).collect();
    let (files, errors) = match check_by_units(&sources, &opts, progress) {
        Some(done) => done,
        None => check_all_at_once(&sources, &opts, progress),
    };
    io_errors.extend(errors);
    let alone: BTreeSet<String> = sources
        .iter()
        .filter(|s| !s.from_directory)
        .map(|s| crate::finding::path_text(s.path.as_os_str()))
        .collect();
    let files_checked_alone = files.iter().filter(|f| alone.contains(&f.path)).count();
    Run {
        revision: opts.revision.map(|r| r.revision.clone()),
        paths: paths
            .iter()
            .map(|p| crate::finding::path_text(p.as_os_str()))
            .collect(),
        files,
        io_errors,
        files_checked_alone,
        other_files: other_files(&sources),
        waivers: Default::default(),
    }
}

/// What a file's name and first records say, before its full check: its
/// result without content (name, kind, revision), or the final result of a
/// file too large to read, or why it could not be read.
enum Shell {
    Named(FileResult),
    TooLarge(FileResult),
    Unread(Option<FileResult>, String),
}

/// The first records of a file, as many as the revision detection reads
/// (its first eight records whole, or the whole file).
fn head(path: &std::path::Path) -> std::io::Result<Vec<u8>> {
    use std::io::Read;
    let mut f = std::fs::File::open(path)?;
    let mut buf = Vec::new();
    let mut chunk = 64 * 1024;
    loop {
        let got = (&mut f).take(chunk as u64).read_to_end(&mut buf)?;
        let start = decode::sniff(&buf).start;
        if got < chunk || Records::new(&buf, start).nth(8).is_some() {
            return Ok(buf);
        }
        chunk *= 2;
    }
}

/// The shell of one discovered file.
fn shell(s: &crate::input::Source, opts: &CheckOptions) -> Shell {
    let path = crate::finding::path_text(s.path.as_os_str());
    let unread = |e: std::io::Error| {
        let member = s.from_directory.then(|| unread_member(s, opts));
        let why = if member.is_some() {
            format!("{path}: {e} (the send unit it belongs to was checked without it)")
        } else {
            format!("{path}: {e}")
        };
        Shell::Unread(member, why)
    };
    let len = match std::fs::metadata(&s.path) {
        Ok(m) => m.len(),
        Err(e) => return unread(e),
    };
    if len > opts.max_file_size {
        let rev = opts.revision.unwrap_or_else(crate::spec::default_revision);
        return Shell::TooLarge(too_large(&s.name, &path, len, opts.max_file_size, rev));
    }
    let head = match head(&s.path) {
        Ok(h) => h,
        Err(e) => return unread(e),
    };
    let detected = match opts.revision {
        Some(r) => Detection::forced(r),
        None => crate::input::detect::detect(&s.name, &head),
    };
    // A name that gives no kind: the kind the first records resemble (as
    // the full check will guess it), read from them.
    let content = if filename::parse(&s.name, detected.revision).0.kind.is_none() {
        &head[..]
    } else {
        &[]
    };
    let mut r = check_file(
        &s.name,
        &path,
        content,
        &detected,
        false,
        false,
        Release::NONE,
    );
    r.findings.clear();
    r.keys = Keys::default();
    r.sikyu_users = Vec::new();
    Shell::Named(r)
}

/// Whether two results read a file as the same kind, revision and name.
fn same_identity(a: &FileResult, b: &FileResult) -> bool {
    a.kind == b.kind && a.revision == b.revision && a.name == b.name
}

/// One file checked in a job: its index among the sources, its result and
/// the digest of the bytes checked.
type Done = (usize, FileResult, Option<[u8; 32]>);

/// What a job gives: its files checked, the relation findings of its unit
/// (past the limit per rule and file, counted) and the files it could not
/// read.
type JobOutcome = (Vec<Done>, Across, Vec<String>);

/// The pipeline of [`check_with_progress`] unit by unit; `None` when a full
/// check reads a file otherwise than its shell did.
fn check_by_units(
    sources: &[crate::input::Source],
    opts: &CheckOptions,
    progress: &(dyn Fn(usize, usize) + Sync),
) -> Option<(Vec<FileResult>, Vec<String>)> {
    use rayon::prelude::*;
    use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
    let shells: Vec<Shell> = sources.par_iter().map(|s| shell(s, opts)).collect();
    let mut io_errors = Vec::new();
    // The files the unit rules see, with their index among the sources.
    let mut members: Vec<(usize, &FileResult)> = Vec::new();
    for (i, (sh, s)) in shells.iter().zip(sources).enumerate() {
        match sh {
            Shell::Named(r) | Shell::TooLarge(r) if s.from_directory => members.push((i, r)),
            Shell::Unread(Some(r), _) => members.push((i, r)),
            _ => {}
        }
        if let Shell::Unread(_, e) = sh {
            io_errors.push(e.clone());
        }
    }
    let refs: Vec<&FileResult> = members.iter().map(|(_, r)| *r).collect();
    let (unit_findings, formed) = rules::unit::check(&refs);
    let index_of: BTreeMap<&str, usize> =
        members.iter().map(|(i, r)| (r.path.as_str(), *i)).collect();
    // Each unit formed is a job; so is every other file that can be read.
    let mut jobs: Vec<(Option<&'static crate::spec::SendUnit>, Vec<usize>)> = Vec::new();
    let mut in_a_unit = vec![false; sources.len()];
    for u in &formed {
        let idx: Vec<usize> = u
            .files
            .iter()
            .filter_map(|f| index_of.get(f.path.as_str()).copied())
            .collect();
        for &i in &idx {
            in_a_unit[i] = true;
        }
        jobs.push((Some(u.unit), idx));
    }
    drop(formed);
    for (i, sh) in shells.iter().enumerate() {
        if matches!(sh, Shell::Named(_)) && !in_a_unit[i] {
            jobs.push((None, vec![i]));
        }
    }
    let total = sources.len();
    let done = AtomicUsize::new(0);
    let mismatch = AtomicBool::new(false);
    let run_job = |(unit, idx): &(Option<&'static crate::spec::SendUnit>, Vec<usize>)| {
        let mut results: Vec<Done> = Vec::new();
        let mut errors = Vec::new();
        let one = |i: usize| -> Option<Result<Done, String>> {
            if mismatch.load(Ordering::Relaxed) {
                return None;
            }
            match &shells[i] {
                Shell::TooLarge(r) => Some(Ok((i, r.clone(), None))),
                Shell::Named(sh) => {
                    let r = check_source(&sources[i], opts).map(|c| {
                        if !same_identity(&c.result, sh) {
                            mismatch.store(true, Ordering::Relaxed);
                        }
                        (i, c.result, c.digest)
                    });
                    let n = done.fetch_add(1, Ordering::Relaxed) + 1;
                    progress(n.min(total), total);
                    Some(r)
                }
                Shell::Unread(..) => None,
            }
        };
        // The unit's files side by side; their results in the unit's order.
        let outs: Vec<Option<Result<Done, String>>> = idx.par_iter().map(|&i| one(i)).collect();
        for o in outs.into_iter().flatten() {
            match o {
                Ok(d) => results.push(d),
                Err(e) => errors.push(e),
            }
        }
        let relations = match unit {
            Some(u) => {
                let formed = [rules::unit::Formed {
                    unit: u,
                    files: results.iter().map(|(_, r, _)| r).collect(),
                }];
                // Two readers of the same keys, side by side.
                let (mut found, consistency) = rayon::join(
                    || rules::relation::check(&formed),
                    || match opts.consistency {
                        true => rules::consistency::check(&formed),
                        false => Vec::new(),
                    },
                );
                found.extend(consistency);
                found
            }
            None => Vec::new(),
        };
        // Past the limit per rule and file, the unit's findings are only
        // counted: a unit waiting for the others holds no more of them.
        // (Only this unit's rules name its files, so limiting them here
        // keeps what limiting them with every unit's would.)
        let mut found = Across::default();
        found.extend(relations);
        // What the relations and the consistency level needed is not
        // kept.
        for (_, r, _) in &mut results {
            if !opts.keep_keys {
                r.keys = Keys::default();
            }
            r.sikyu_users = Vec::new();
        }
        (results, found, errors)
    };
    // Jobs with a file of several chunks are checked one at a time, each
    // on every thread (chunks in parallel), after the others: two units
    // with large files are never held at once. A unit's own files are
    // checked side by side (a 第7表's sums, in file order, beside the 第6表's
    // chunks); a mapped file's pages are given back as its chunks are
    // merged, so what they hold together is their chunks in flight and
    // what their records keep.
    let large_file = 4 * chunks::chunk_bytes() as u64;
    let large: Vec<bool> = jobs
        .iter()
        .map(|(_, idx)| {
            idx.iter()
                .any(|&i| std::fs::metadata(&sources[i].path).is_ok_and(|m| m.len() > large_file))
        })
        .collect();
    let mut outcomes: Vec<Option<JobOutcome>> = jobs
        .par_iter()
        .zip(&large)
        .map(|(job, large)| (!large).then(|| run_job(job)))
        .collect();
    let last_large = large.iter().rposition(|l| *l);
    for (k, job) in jobs.iter().enumerate() {
        if large[k] {
            let outcome = run_job(job);
            // What the unit keeps (its findings, chiefly) was allocated
            // among what it only needed while checked; copied now that
            // the rest is freed, it packs into few pages, and the pages of
            // the rest are given back whole, for the next unit. Not after
            // the last one, where nothing is checked next, nor when the
            // keys are kept (`--compare-plan`): a copy of a large unit's
            // keys would hold them twice for a moment. The pages freed are
            // given back after the last one too: the report is written
            // after it, and its text would not fit in the holes the unit
            // left (twelve copies of the bench unit peaked 27 MiB higher
            // with them kept).
            let pack = !opts.keep_keys && Some(k) != last_large;
            outcomes[k] = Some(match pack {
                false => outcome,
                true => {
                    let packed = outcome.clone();
                    drop(outcome);
                    packed
                }
            });
            release_freed_memory();
        }
    }
    let outcomes = outcomes.into_iter().flatten();
    if mismatch.into_inner() {
        return None;
    }
    let mut kept: BTreeMap<usize, (FileResult, Option<[u8; 32]>)> = BTreeMap::new();
    let mut across = Across::default();
    across.extend(unit_findings);
    for (results, relations, errors) in outcomes {
        for (i, r, d) in results {
            kept.entry(i).or_insert((r, d));
        }
        across.absorb(relations);
        for e in errors {
            if !io_errors.contains(&e) {
                io_errors.push(e);
            }
        }
    }
    for (i, sh) in shells.into_iter().enumerate() {
        if let Shell::TooLarge(r) = sh {
            kept.entry(i).or_insert((r, None));
        }
    }
    let mut files = Vec::with_capacity(kept.len());
    let mut rest = Vec::with_capacity(kept.len());
    for (i, (r, d)) in kept {
        files.push(r);
        rest.push((sources[i].path.clone(), d));
    }
    attach_across(&mut files, across.findings, &across.left_out);
    if opts.keep_records {
        files
            .par_iter_mut()
            .zip(&rest)
            .for_each(|(f, (path, digest))| copy_unit_records(f, path, digest.as_ref()));
    }
    Some((files, io_errors))
}

/// Every file checked at once, the keys of all their records held until
/// the rules across files are done.
fn check_all_at_once(
    sources: &[crate::input::Source],
    opts: &CheckOptions,
    progress: &(dyn Fn(usize, usize) + Sync),
) -> (Vec<FileResult>, Vec<String>) {
    use rayon::prelude::*;
    let mut io_errors = Vec::new();
    let total = sources.len();
    let done = std::sync::atomic::AtomicUsize::new(0);
    let checked: Vec<Result<Checked, String>> = sources
        .par_iter()
        .map(|s| {
            let r = check_source(s, opts);
            let n = done.fetch_add(1, std::sync::atomic::Ordering::Relaxed) + 1;
            progress(n, total);
            r
        })
        .collect();
    let mut files = Vec::with_capacity(checked.len());
    let mut rest = Vec::with_capacity(checked.len());
    // A file that could not be read still belongs to its send unit: it
    // stands in the unit rules by its name alone (so that its unit does not
    // also say it is missing), and is not among the files checked.
    let mut unread = Vec::new();
    for (c, s) in checked.into_iter().zip(sources) {
        match c {
            Ok(c) => {
                files.push(c.result);
                rest.push((c.in_units, c.path, c.digest));
            }
            Err(e) if s.from_directory => {
                io_errors.push(format!(
                    "{e} (the send unit it belongs to was checked without it)"
                ));
                unread.push(unread_member(s, opts));
            }
            Err(e) => io_errors.push(e),
        }
    }
    let mut in_units: Vec<bool> = rest.iter().map(|r| r.0).collect();
    let read = files.len();
    in_units.extend(std::iter::repeat_n(true, unread.len()));
    files.extend(unread);
    check_units(&mut files, &in_units, opts.consistency);
    files.truncate(read);
    for f in &mut files {
        if !opts.keep_keys {
            f.keys = Keys::default();
        }
        f.sikyu_users = Vec::new();
    }
    if opts.keep_records {
        files
            .par_iter_mut()
            .zip(&rest)
            .for_each(|(f, (_, path, digest))| copy_unit_records(f, path, digest.as_ref()));
    }
    (files, io_errors)
}

/// What the unit rules know of a file that could not be read: its name.
/// Its records are unknown, so no relation is judged against them.
fn unread_member(s: &crate::input::Source, opts: &CheckOptions) -> FileResult {
    let rev = opts
        .revision
        .or_else(|| {
            crate::input::detect::name_revisions(&s.name)
                .first()
                .copied()
        })
        .unwrap_or_else(crate::spec::default_revision);
    let path = crate::finding::path_text(s.path.as_os_str());
    let mut r = check_file(
        &s.name,
        &path,
        &[],
        &Detection::forced(rev),
        false,
        false,
        Release::NONE,
    );
    r.findings.clear();
    r.keys_complete = false;
    r
}

/// Other files kept per run: a folder of thousands of unrelated files is
/// not listed whole.
const MAX_OTHER_FILES: usize = 1000;

/// The regular files of the folders files were found in that discovery
/// did not take (not named as the standard's files: a PDF, a spreadsheet),
/// hidden files aside: what a transmission of the folder would also carry.
/// Only their names and sizes are read.
fn other_files(sources: &[crate::input::Source]) -> Vec<(String, u64)> {
    let taken: BTreeSet<&std::path::Path> = sources.iter().map(|s| s.path.as_path()).collect();
    let folders: BTreeSet<&std::path::Path> = sources
        .iter()
        .filter(|s| s.from_directory)
        .filter_map(|s| s.path.parent())
        .collect();
    let mut out = Vec::new();
    for dir in folders {
        let Ok(entries) = std::fs::read_dir(dir) else {
            continue;
        };
        let mut found: Vec<(String, u64)> = entries
            .flatten()
            .filter(|e| !e.file_name().to_string_lossy().starts_with('.'))
            .filter_map(|e| {
                let meta = std::fs::symlink_metadata(e.path()).ok()?;
                let path = dir.join(e.file_name());
                (meta.is_file() && !taken.contains(path.as_path()))
                    .then(|| (crate::finding::path_text(path.as_os_str()), meta.len()))
            })
            .collect();
        found.sort();
        out.extend(found);
        if out.len() >= MAX_OTHER_FILES {
            out.truncate(MAX_OTHER_FILES);
            break;
        }
    }
    out
}

/// The levels across files on the files checked as part of a folder
/// (`in_units`), in order: send units, then the relations inside the units
/// they form, then (unless turned off) the consistency of their figures;
/// then every file's findings in order.
fn check_units(files: &mut [FileResult], in_units: &[bool], consistency: bool) {
    let grouped: Vec<&FileResult> = files
        .iter()
        .zip(in_units)
        .filter(|(_, u)| **u)
        .map(|(f, _)| f)
        .collect();
    let (mut unit_findings, units) = rules::unit::check(&grouped);
    unit_findings.extend(rules::relation::check(&units));
    if consistency {
        unit_findings.extend(rules::consistency::check(&units));
    }
    attach_across(files, unit_findings, &BTreeMap::new());
}

/// The findings of the rules across files as the send units give them:
/// past the first [`MAX_FINDINGS_PER_RULE`] of a rule on a file (and the
/// one after, whose position the count names) they are counted, not held,
/// so that a folder of units that each find thousands (a 第7表 against its
/// 補足) does not hold them all until the end of the run.
#[derive(Default, Clone)]
struct Across {
    findings: Vec<Finding>,
    /// Found so far, by path and rule.
    found: std::collections::HashMap<(String, &'static str), u32>,
    /// Left out, by path and rule.
    left_out: BTreeMap<(String, &'static str), u32>,
}

impl Across {
    fn extend(&mut self, new: Vec<Finding>) {
        for f in new {
            let key = (f.path.clone(), f.rule.id);
            let n = self.found.entry(key.clone()).or_insert(0);
            *n += 1;
            if *n <= MAX_FINDINGS_PER_RULE + 1 {
                self.findings.push(f);
            } else {
                *self.left_out.entry(key).or_insert(0) += 1;
            }
        }
    }

    /// Adds what another `Across` holds and counted, as if its findings
    /// had been added here.
    fn absorb(&mut self, other: Across) {
        self.extend(other.findings);
        for (key, n) in other.left_out {
            *self.found.entry(key.clone()).or_insert(0) += n;
            *self.left_out.entry(key).or_insert(0) += n;
        }
    }
}

/// Files the findings of the rules across files to the files they name;
/// then every file's findings in order.
fn attach_across(
    files: &mut [FileResult],
    across: Vec<Finding>,
    left_out: &BTreeMap<(String, &'static str), u32>,
) {
    let mut by_path: BTreeMap<String, Vec<Finding>> = BTreeMap::new();
    for f in across {
        by_path.entry(f.path.clone()).or_default().push(f);
    }
    let index: BTreeMap<String, usize> = files
        .iter()
        .enumerate()
        .map(|(i, f)| (f.path.clone(), i))
        .collect();
    for (path, new) in by_path {
        if let Some(&i) = index.get(&path) {
            add_unit_findings_counted(&mut files[i], new, left_out);
        }
    }
    for f in files.iter_mut() {
        sort_findings(&mut f.findings);
    }
}

/// A file held in memory, checked as if read from `path`.
#[derive(Debug, Clone)]
pub struct SourceFile {
    /// The file name alone (what the name rules read).
    pub name: String,
    /// The path shown in findings; files whose paths share a folder are
    /// checked together as send units when `as_folder` is given.
    pub path: String,
    pub bytes: Vec<u8>,
}

/// Checks files held in memory, as `check` checks files on disk: each file
/// on its own (name, bytes, structure, fields, file rules), then, when
/// `as_folder`, the send units and relations among the files of each folder
/// of their paths (as `check DIR` does); otherwise each file is checked
/// alone (as `check FILE` does). `opts.follow_links` and `opts.recursive`
/// have no meaning here. Files are checked in the order given. With
/// `opts.keep_records`, the records the rules across files point at are
/// copied from the bytes held.
pub fn check_sources(files: &[SourceFile], as_folder: bool, opts: CheckOptions) -> Run {
    use rayon::prelude::*;
    let mut checked: Vec<FileResult> = files
        .par_iter()
        .map(|f| check_loaded(&f.name, &f.path, &f.bytes, &opts, Release::NONE))
        .collect();
    let in_units = vec![as_folder; checked.len()];
    check_units(&mut checked, &in_units, opts.consistency);
    if opts.keep_records {
        checked
            .par_iter_mut()
            .zip(files)
            .for_each(|(r, f)| add_unit_records(r, || Ok::<_, RecordCopies>(&f.bytes[..])));
    }
    Run {
        revision: opts.revision.map(|r| r.revision.clone()),
        paths: files.iter().map(|f| f.path.clone()).collect(),
        files: checked,
        io_errors: Vec::new(),
        files_checked_alone: if as_folder { 0 } else { files.len() },
        other_files: Vec::new(),
        waivers: Default::default(),
    }
}

/// Reads and checks one discovered file; `Err` for an I/O error. Files over
/// the size limit are not read: a finding says so.
fn check_source(s: &crate::input::Source, opts: &CheckOptions) -> Result<Checked, String> {
    let path = crate::finding::path_text(s.path.as_os_str());
    let shown = path.clone();
    let len = std::fs::metadata(&s.path)
        .map_err(|e| format!("{shown}: {e}"))?
        .len();
    let checked = |result, digest| Checked {
        result,
        in_units: s.from_directory,
        path: s.path.clone(),
        digest,
    };
    if len > opts.max_file_size {
        let rev = opts.revision.unwrap_or_else(crate::spec::default_revision);
        return Ok(checked(
            too_large(&s.name, &path, len, opts.max_file_size, rev),
            None,
        ));
    }
    let bytes = crate::input::bytes::load(&s.path, len).map_err(|e| format!("{shown}: {e}"))?;
    let result = check_loaded(&s.name, &path, &bytes, opts, bytes.release());
    let digest = opts
        .keep_records
        .then(|| sha256_given_back(&bytes, bytes.release()));
    Ok(checked(result, digest))
}

/// Checks one file's bytes against the revision forced or detected for it;
/// over the size limit, a finding says so.
fn check_loaded(
    name: &str,
    path: &str,
    bytes: &[u8],
    opts: &CheckOptions,
    release: Release<'_>,
) -> FileResult {
    if bytes.len() as u64 > opts.max_file_size {
        let rev = opts.revision.unwrap_or_else(crate::spec::default_revision);
        return too_large(name, path, bytes.len() as u64, opts.max_file_size, rev);
    }
    let detected = match opts.revision {
        Some(r) => Detection::forced(r),
        None => crate::input::detect::detect(name, bytes),
    };
    check_file(
        name,
        path,
        bytes,
        &detected,
        opts.keep_records,
        opts.consistency,
        release,
    )
}

/// Returns the memory a large file's send unit freed to the system. With
/// glibc's allocator the pages of a unit's keys stay resident once freed,
/// and the next unit's land elsewhere: a folder of six copies of one large
/// unit peaked a third higher than the unit alone. Elsewhere, nothing.
fn release_freed_memory() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    // SAFETY: malloc_trim takes no pointer and only gives free memory of
    // the allocator's own heaps back to the system; it is safe to call at
    // any time from any thread.
    unsafe {
        libc::malloc_trim(0);
    }
}

fn sha256(data: &[u8]) -> [u8; 32] {
    use sha2::Digest;
    sha2::Sha256::digest(data).into()
}

/// The SHA-256 of a file's bytes, read a mebibyte at a time, the pages of
/// each given back after it (a mapped file's: its pages were given back as
/// it was checked, and hashing it is not to bring them all back at once).
fn sha256_given_back(data: &[u8], release: Release<'_>) -> [u8; 32] {
    use sha2::Digest;
    const PIECE: usize = 1 << 20;
    let mut h = sha2::Sha256::new();
    for (i, piece) in data.chunks(PIECE).enumerate() {
        h.update(piece);
        release.range(i * PIECE, i * PIECE + piece.len());
    }
    h.finalize().into()
}

// ---------------------------------------------------------- record copies

/// Copies the records numbered in `wanted` from a file's bytes, decoded as
/// the check decodes them (see [`decode::sniff`]).
fn copy_records(data: &[u8], wanted: &BTreeSet<u32>) -> BTreeMap<u32, RecordCopy> {
    let mut out = BTreeMap::new();
    let Some(&last) = wanted.last() else {
        return out;
    };
    let sniffed = decode::sniff(data);
    for rec in Records::new(data, sniffed.start) {
        if rec.number > last {
            break;
        }
        if !wanted.contains(&rec.number) {
            continue;
        }
        let values = rec
            .fields
            .iter()
            .map(|f| CopiedValue::new(&decode::decode_cow(f.value(data), sniffed.encoding).0))
            .collect();
        out.insert(
            rec.number,
            RecordCopy {
                values,
                field_count: rec.field_count,
                blank: rec.is_blank(),
            },
        );
    }
    out
}

/// The copies of the records a file's own findings point at, taken while
/// its bytes are at hand.
fn own_record_copies(data: &[u8], layout: Option<&KindSpec>, findings: &[Finding]) -> RecordCopies {
    if layout.is_some_and(|l| l.format == FileFormat::Jpeg)
        || decode::sniff(data).bom == Some(decode::Bom::Utf16)
    {
        return RecordCopies::NotCsv;
    }
    let mut copies = copy_records(data, &records_to_copy(findings, &BTreeMap::new()));
    let shown = records_to_copy(findings, &copies);
    copies.retain(|r, _| shown.contains(r));
    RecordCopies::Kept(copies)
}

/// After the rules across files: copies of the records their findings point
/// at, read again from `path` only when the bytes are still those checked
/// (`digest`); then only the copies a report can show are kept.
fn copy_unit_records(f: &mut FileResult, path: &std::path::Path, digest: Option<&[u8; 32]>) {
    add_unit_records(f, || match (std::fs::read(path), digest) {
        (Ok(data), Some(d)) if sha256(&data) == *d => Ok(data),
        (Ok(_), _) => Err(RecordCopies::Changed),
        (Err(_), _) => Err(RecordCopies::Unreadable),
    });
}

/// After the rules across files: copies of the records their findings point
/// at that the file's own check did not take, from the bytes checked as
/// `read` gives them (or, when it cannot, what stands instead of the
/// copies); then only the copies a report can show are kept.
fn add_unit_records<B: AsRef<[u8]>>(
    f: &mut FileResult,
    read: impl FnOnce() -> Result<B, RecordCopies>,
) {
    let RecordCopies::Kept(copies) = &mut f.record_copies else {
        return;
    };
    let missing: BTreeSet<u32> = records_to_copy(&f.findings, copies)
        .into_iter()
        .filter(|r| !copies.contains_key(r))
        .collect();
    if !missing.is_empty() {
        match read() {
            Ok(data) => copies.extend(copy_records(data.as_ref(), &missing)),
            Err(instead) => {
                f.record_copies = instead;
                return;
            }
        }
    }
    let shown = records_to_copy(&f.findings, copies);
    copies.retain(|r, _| shown.contains(r));
}

// ------------------------------------------------------------- one file

struct Ctx<'a> {
    file: &'a str,
    path: &'a str,
    /// The pages of the file's bytes to give back as they are checked.
    release: Release<'a>,
    findings: Vec<Finding>,
    /// Findings per rule so far, and the position of the first one left out.
    counts: std::collections::HashMap<&'static str, (u32, Position)>,
    /// (record, field No.) of the error findings since the current record
    /// began, kept or not: the relation rules must know a key field is bad
    /// even when its finding fell beyond the limit.
    error_fields: Vec<(Option<u32>, u16)>,
    /// (record, field No.) of every finding since the current record began,
    /// warnings included: the consistency level leaves such a field out.
    flagged_fields: Vec<(Option<u32>, u16)>,
    /// The layout is the one the content resembles, not the name's: which
    /// value is which is a guess, and every value found is masked.
    guessed_layout: bool,
}

impl Sink for Ctx<'_> {
    fn push(
        &mut self,
        issue: Issue,
        pos: Position,
        field: Option<&FieldSpec>,
        value: Option<&str>,
    ) {
        if let Some(n) = pos.field_no {
            if issue.rule.severity == cat::Severity::Error {
                self.error_fields.push((pos.record, n));
            }
            self.flagged_fields.push((pos.record, n));
        }
        let count = self
            .counts
            .entry(issue.rule.id)
            .or_insert((0, Position::default()));
        count.0 += 1;
        if count.0 > MAX_FINDINGS_PER_RULE {
            if count.0 == MAX_FINDINGS_PER_RULE + 1 {
                count.1 = pos;
            }
            return;
        }
        let found = issue
            .found
            .or_else(|| value.map(str::to_string))
            .map(cap_found);
        // Masked by what the field holds, or because the value is not what
        // the field holds (its meaning is uncertain), or as the rule says.
        // Bytes that do not decode (or decode to 外字 or NUL) fit no type
        // that is not free text: in any field they are masked.
        // A value placed on a field by the alignment of a record of another
        // field count, or read with a layout guessed from the content, has
        // an uncertain meaning: masked too.
        // A value the rule read as what the field holds, written otherwise
        // (a label of one of its codes, a 和暦 date, a time with ':', digits
        // in full width), is of certain meaning: masked as the field is.
        let recognised = matches!(
            &issue.fact,
            Some(
                crate::fact::Fact::CodeLabel { .. }
                    | crate::fact::Fact::Respelled { .. }
                    | crate::fact::Fact::Shape(
                        crate::fact::Shape::DateDigits { hint: Some(_) }
                            | crate::fact::Shape::TimeDigits { .. }
                    )
            )
        );
        let personal = issue.personal.unwrap_or_else(|| match (field, &found) {
            (Some(_), Some(_)) if issue.rule.level == cat::Level::Encoding => true,
            (Some(_), Some(_)) if pos.inferred || self.guessed_layout => true,
            (Some(f), Some(_)) if recognised => f.personal,
            (Some(f), Some(v)) => f.masks(value.unwrap_or(v)),
            _ => false,
        });
        self.findings.push(Finding {
            rule: issue.rule,
            file: self.file.to_string(),
            path: self.path.to_string(),
            pos,
            field_name: field.map(|f| f.name.clone()),
            found,
            personal,
            fact: issue.fact,
        });
    }
}

/// Checks one file's bytes against one revision. `file` is its name,
/// `path` where it was found.
pub fn check_bytes(file: &str, path: &str, data: &[u8], rev: &'static Revision) -> FileResult {
    check_detected(file, path, data, &Detection::forced(rev))
}

/// Checks one file's bytes against the revision detected for it, keeping
/// copies of the records its findings point at.
pub fn check_detected(file: &str, path: &str, data: &[u8], detected: &Detection) -> FileResult {
    check_file(file, path, data, detected, true, true, Release::NONE)
}

/// The layout a file whose name has a prefix of no kind is read with: the
/// kind its records resemble (`input::detect::guess_kind`), the sender's
/// kind in the name saying which side of the exchange it is.
fn guess_layout(
    name: &filename::FileName,
    reading: &filename::NameReading,
    data: &[u8],
    rev: &'static Revision,
) -> Option<&'static KindSpec> {
    if !matches!(reading.prefix, filename::Prefix::Unknown { .. }) {
        return None;
    }
    let plan_side = name
        .loose
        .as_ref()
        .and_then(|l| l.sender_kind.as_deref())
        .map(|k| rev.service_kinds.care_management.contains_key(k));
    crate::input::detect::guess_kind(data, rev, plan_side)
}

/// The layout `check` reads a file with: its name's kind, or, when the name
/// has a prefix of no kind, the kind its records resemble.
pub fn layout_read_with(
    file: &str,
    data: &[u8],
    rev: &'static Revision,
) -> Option<&'static KindSpec> {
    let (name, reading) = filename::parse(file, rev);
    if let Some(l) = name.kind.as_deref().and_then(|k| rev.layout(k)) {
        return Some(l);
    }
    if encoding::other_format(data).is_some() {
        return None;
    }
    guess_layout(&name, &reading, data, rev)
}

fn check_file(
    file: &str,
    path: &str,
    data: &[u8],
    detected: &Detection,
    keep_records: bool,
    consistency: bool,
    release: Release<'_>,
) -> FileResult {
    let rev = detected.revision;
    let mut ctx = Ctx {
        file,
        path,
        release,
        findings: Vec::new(),
        counts: Default::default(),
        error_fields: Vec::new(),
        flagged_fields: Vec::new(),
        guessed_layout: false,
    };
    // The name.
    let (name, reading) = filename::parse(file, rev);
    if let Some(m) = &detected.mismatch {
        ctx.push(
            rules::file::revision_mismatch(m),
            Position::default(),
            None,
            None,
        );
    }
    // A file in another format (an .xlsx, a PDF) is said to be one, and not
    // read as CSV; the family image is a JPEG and is judged as one.
    let image = name
        .kind
        .as_deref()
        .and_then(|k| rev.layout(k))
        .is_some_and(|l| l.format == FileFormat::Jpeg);
    let other_format = !image && encoding::other_format(data).is_some();
    // A prefix of no kind: the kind the records resemble, checked as such.
    let guessed = if other_format {
        None
    } else {
        guess_layout(&name, &reading, data, rev)
    };
    for mut i in name::check(file, &name, &reading, rev) {
        // A name of another revision's grammar is the mismatch finding, said once.
        if detected.name_of_other_revision && std::ptr::eq(i.rule, &name::NAME_SEGMENTS) {
            continue;
        }
        if let (Some(crate::fact::Fact::PrefixUnknown { content, .. }), Some(g)) =
            (&mut i.fact, guessed)
        {
            *content = Some((g.kind.clone(), g.name_ja.clone()));
        }
        ctx.push(i, Position::default(), None, None);
    }
    // A name of another revision's grammar still says which unit the file
    // belongs to.
    let name = if detected.name_of_other_revision {
        crate::input::detect::name_revisions(file)
            .first()
            .map(|r| {
                let mut n = filename::parse(file, r).0;
                n.kind = name.kind.clone();
                n
            })
            .unwrap_or(name)
    } else {
        name
    };
    let mut result = FileResult {
        file: file.to_string(),
        path: path.to_string(),
        kind: name
            .kind
            .clone()
            .or_else(|| guessed.map(|g| g.kind.clone())),
        records: 0,
        bytes: data.len() as u64,
        findings: Vec::new(),
        name: name.clone(),
        revision: rev.revision.clone(),
        keys: Keys::default(),
        keys_complete: true,
        record_copies: RecordCopies::NotKept,
        sikyu_users: Vec::new(),
    };
    // The content, when the name gives a kind with a layout (or the
    // content resembles one); else its bytes and CSV structure alone.
    let layout = name.kind.as_deref().and_then(|k| rev.layout(k)).or(guessed);
    ctx.guessed_layout = name.kind.is_none() && guessed.is_some();
    if other_format {
        encoding::not_csv(&mut ctx, data);
    } else if let Some(layout) = layout {
        let (records, keys, users) = check_content(&mut ctx, data, &name, layout, rev, consistency);
        result.sikyu_users = users;
        result.records = records;
        result.keys_complete = keys.len() as u32 == records
            && !ctx.findings.iter().any(|f| {
                std::ptr::eq(f.rule, &structure::CSV_FIELD_COUNT)
                    || std::ptr::eq(f.rule, &structure::CSV_UNTERMINATED_QUOTE)
            });
        result.keys = keys;
    } else if !data.is_empty() {
        result.records = check_structure(&mut ctx, data);
        result.keys_complete = false;
    }
    let mut limited: Vec<(&'static str, u32, Position)> = ctx
        .counts
        .iter()
        .filter(|(_, (n, _))| *n > MAX_FINDINGS_PER_RULE)
        .map(|(rule, (n, pos))| (*rule, n - MAX_FINDINGS_PER_RULE, *pos))
        .collect();
    limited.sort_unstable_by_key(|l| l.0);
    let mut findings = ctx.findings;
    for (rule, omitted, pos) in limited {
        findings.push(limit_finding(file, path, rule, omitted, pos));
    }
    sort_findings(&mut findings);
    if keep_records && !other_format {
        result.record_copies = own_record_copies(data, layout, &findings);
    } else if keep_records {
        result.record_copies = RecordCopies::NotCsv;
    }
    result.findings = findings;
    result
}

/// A file over the size limit: its name is checked, its content not read.
pub fn too_large(
    file: &str,
    path: &str,
    len: u64,
    limit: u64,
    rev: &'static Revision,
) -> FileResult {
    let mut r = check_file(
        file,
        path,
        &[],
        &Detection::forced(rev),
        false,
        false,
        Release::NONE,
    );
    r.bytes = len;
    // The empty content stood in for the file: only its name's findings stay.
    r.findings.retain(|f| f.rule.level == cat::Level::Name);
    let issue = structure::too_large(len, limit);
    r.findings.insert(
        0,
        Finding {
            rule: issue.rule,
            file: file.to_string(),
            path: path.to_string(),
            pos: Position::default(),
            field_name: None,
            found: issue.found,
            personal: false,
            fact: issue.fact,
        },
    );
    r
}

/// Orders a file's findings: name findings first, then by position, then by
/// rule catalogue order.
pub fn sort_findings(f: &mut [Finding]) {
    let order = |r: &Rule| {
        cat::ALL
            .iter()
            .position(|x| std::ptr::eq(*x, r))
            .unwrap_or(usize::MAX)
    };
    f.sort_by_key(|x| {
        (
            x.pos.record.unwrap_or(0),
            x.pos.line.unwrap_or(0),
            x.pos.field_no.unwrap_or(0),
            x.pos.byte.unwrap_or(0),
            order(x.rule),
        )
    });
}

/// The encoding, structure, field and file levels over a file's records.
/// Returns the number of data records and their keys.
fn check_content(
    ctx: &mut Ctx,
    data: &[u8],
    name: &filename::FileName,
    layout: &'static KindSpec,
    rev: &Revision,
    consistency: bool,
) -> (u32, Keys, Vec<SikyuUser>) {
    if layout.format == FileFormat::Jpeg {
        encoding::jpeg(ctx, data);
        return (0, Keys::default(), Vec::new());
    }
    let sniffed = decode::sniff(data);
    if !encoding::bom(ctx, data, &sniffed) {
        return (0, Keys::default(), Vec::new());
    }
    encoding::utf8(ctx, data, &sniffed);
    let (start, enc) = (sniffed.start, sniffed.encoding);
    if data.len() == start {
        structure::zero_bytes(ctx, start, layout);
        return (0, Keys::default(), Vec::new());
    }

    chunks::check_records(ctx, data, start, enc, name, layout, rev, consistency)
}

/// A record's values as placed on its layout's fields: where they stand
/// when the record has the layout's number of fields, else where an
/// alignment puts them (`input::align`), and only the fields it places
/// with certainty.
struct Placed<'r, 'v> {
    rec: &'r RawRecord,
    values: &'v [Text<'v>],
    alignment: Option<align::Alignment>,
}

impl<'r, 'v> Placed<'r, 'v> {
    fn new(rec: &'r RawRecord, values: &'v [Text<'v>], layout: &KindSpec, rev: &Revision) -> Self {
        let unterminated = rec.issues.iter().find_map(|i| match i {
            crate::input::records::SplitIssue::UnterminatedQuote { field_index, .. } => {
                Some(*field_index)
            }
            _ => None,
        });
        let alignment = (rec.field_count != layout.fields.len()).then(|| {
            // A quote never closed swallowed the rest of the file: the fields
            // before it stand where they are, nothing after it is a field.
            if let Some(at) = unterminated {
                return align::up_to(values.len(), at, layout.fields.len());
            }
            let vals: Vec<align::Value> = values
                .iter()
                .zip(&rec.fields)
                .map(|(t, f)| align::Value {
                    text: t.as_ref(),
                    quoted: f.quoted,
                })
                .collect();
            align::align(&vals, layout, rev)
        });
        Placed {
            rec,
            values,
            alignment,
        }
    }

    /// The index of the value placed on a field, when it is checked.
    fn index(&self, spec: &FieldSpec) -> Option<usize> {
        let j = usize::from(spec.no) - 1;
        match &self.alignment {
            None => Some(j),
            Some(a) => a.value_of(j),
        }
    }

    fn value<'s>(&'s self, spec: &FieldSpec) -> Option<&'s str>
    where
        'v: 's,
    {
        let i = self.index(spec)?;
        match &self.alignment {
            Some(align::Alignment {
                joined: Some((j, text)),
                ..
            }) if *j + 1 == usize::from(spec.no) => Some(text.as_str()),
            _ => Some(self.values[i].as_ref()),
        }
    }

    fn pos(&self, spec: &FieldSpec) -> Option<Position> {
        let i = self.index(spec)?;
        let raw = &self.rec.fields[i];
        let mut pos = Position::at(raw.start, raw.line, Some(self.rec.number), Some(spec.no));
        // A value that stands at its own place is not said to be inferred.
        pos.inferred = i + 1 != usize::from(spec.no);
        Some(pos)
    }
}

/// A layout of no fields: the bytes and CSV structure of a file whose kind
/// is not known are checked with it (no field is named).
static NO_LAYOUT: std::sync::LazyLock<KindSpec> = std::sync::LazyLock::new(|| KindSpec {
    kind: String::new(),
    name_ja: String::new(),
    name_en: String::new(),
    layout_ja: String::new(),
    month_segment: false,
    direction: String::new(),
    basis: None,
    format: FileFormat::Csv,
    name_branch: false,
    extensions: None,
    month_placeholder: None,
    summary_rows: false,
    numbered_rows: false,
    empty_allowed: false,
    time_pairs: Vec::new(),
    limit_slots: None,
    conditional_required: Vec::new(),
    numbering: None,
    notes: Vec::new(),
    fields: Vec::new(),
    roles: Vec::new(),
});

/// The encoding and structure levels over a file of no known kind: its
/// bytes, quotes, line ends and blank lines. Returns the number of records.
fn check_structure(ctx: &mut Ctx, data: &[u8]) -> u32 {
    let sniffed = decode::sniff(data);
    if !encoding::bom(ctx, data, &sniffed) {
        return 0;
    }
    encoding::utf8(ctx, data, &sniffed);
    let mut line_ends = structure::LineEnds::default();
    let mut records = 0;
    for rec in Records::new(data, sniffed.start) {
        structure::quotes(ctx, &rec, &NO_LAYOUT);
        line_ends.record(data, &rec);
        if rec.is_blank() {
            structure::blank_line(ctx, &rec);
        } else {
            encoding::decode_fields(ctx, data, &rec, &NO_LAYOUT, sniffed.encoding);
            records += 1;
        }
    }
    line_ends.finish(ctx);
    records
}

/// The last value of each field of a layout that its field rules passed.
/// [`field::check_value`] reads nothing but its arguments, so a value equal
/// to the last one that passed passes again: consecutive records of a file
/// repeat most of their values (the user's, the office's, the month), and
/// are not checked twice.
#[derive(Default)]
struct Passed(rules::PerField<String>);

impl Passed {
    fn is(&self, i: usize, v: &str) -> bool {
        self.0.get(i).is_some_and(|p| crate::values::same(p, v))
    }

    fn set(&mut self, i: usize, v: &str) {
        let p = self.0.set(i);
        p.clear();
        p.push_str(v);
    }
}

/// The quoting (structure) and the value (field) of each field of a record.
fn check_fields(
    ctx: &mut Ctx,
    quoting: &mut structure::Quoting,
    passed: &mut Passed,
    placed: &Placed,
    layout: &'static KindSpec,
    rev: &Revision,
) {
    for (n, spec) in layout.fields.iter().enumerate() {
        let Some(i) = placed.index(spec) else {
            continue;
        };
        let raw = &placed.rec.fields[i];
        let Some(v) = placed.value(spec) else {
            continue;
        };
        // Most fields are quoted as the layout says and repeat a value that
        // passed: their position is not worked out.
        let quoted = structure::quoting(spec, raw, v);
        let passed_before = passed.is(n, v);
        if quoted.is_none() && passed_before {
            continue;
        }
        let Some(pos) = placed.pos(spec) else {
            continue;
        };
        if let Some(issue) = quoted {
            quoting.add(issue, spec, v, pos);
        }
        if passed_before {
            continue;
        }
        let issues = field::check_value(spec, v, layout, rev);
        if issues.is_empty() {
            passed.set(n, v);
        }
        for issue in issues {
            ctx.push(issue, pos, Some(spec), Some(v));
        }
    }
}

/// An issue of the rules across a record's fields at field No. `no`,
/// where that field's value was placed (dropped when it was not).
fn push_at(ctx: &mut Ctx, placed: &Placed, layout: &KindSpec, no: u16, issue: Issue) {
    let Some(spec) = layout.fields.get(usize::from(no).wrapping_sub(1)) else {
        return;
    };
    let (Some(pos), Some(v)) = (placed.pos(spec), placed.value(spec)) else {
        return;
    };
    ctx.push(issue, pos, Some(spec), Some(v));
}

#[cfg(test)]
mod tests {
    use super::*;

    const UP2KYO: &str = "UP2KYO_1371000017_43_1371000025_11_20250325093000.CSV";

    /// A checked file with a finding of the rules across files on record 2,
    /// whose own checks found nothing, and the bytes it was checked from.
    fn checked(dir: &std::path::Path) -> (FileResult, PathBuf, Vec<u8>) {
        let src = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("../cases/conformant/plan-set-1-2-3-hosoku")
            .join(UP2KYO);
        let data = std::fs::read(&src).unwrap();
        let path = dir.join(UP2KYO);
        std::fs::write(&path, &data).unwrap();
        let rev = crate::spec::revision("4.1").unwrap();
        let mut f = check_bytes(UP2KYO, &path.display().to_string(), &data, rev);
        assert_eq!(f.record_copies, RecordCopies::Kept(BTreeMap::new()));
        let mut fnd = limit_finding(UP2KYO, &f.path, "REL-NO-PLAN", 1, Position::default());
        fnd.pos.record = Some(2);
        f.findings.push(fnd);
        (f, path, data)
    }

    /// A 第6表 of more than the size at which files are mapped has its pages
    /// given back chunk by chunk as it is checked; the records its findings
    /// point at are copied after that, from pages mapped again. Checked from
    /// its folder with its unit, it gives what the same bytes checked in
    /// memory give, findings and copies alike.
    #[test]
    fn a_large_file_given_back_as_it_is_checked_gives_what_its_bytes_give() {
        let case = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("../cases/conformant/use-set-6-7-hosoku");
        let dir = std::env::temp_dir().join(format!("careplan-given-back-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let mut files = Vec::new();
        for e in std::fs::read_dir(&case).unwrap() {
            let e = e.unwrap();
            let name = e.file_name().to_string_lossy().into_owned();
            if !name.ends_with(".CSV") {
                continue;
            }
            let mut bytes = std::fs::read(e.path()).unwrap();
            if name.starts_with("UPPLAN") {
                // The month's records again and again (the repeats are
                // findings of their own), a malformed 被保険者番号 on a
                // record near the end and one in the middle.
                let one = bytes.clone();
                while bytes.len() <= crate::input::bytes::MAP_AT as usize + (1 << 18) {
                    bytes.extend_from_slice(&one);
                }
                let bad = b"131011,99000000X1,";
                for at in [bytes.len() / 2, bytes.len() - one.len() / 2] {
                    let line = at + bytes[at..].windows(2).position(|w| w == b"\r\n").unwrap() + 2;
                    let field = line + bytes[line..].iter().position(|b| *b == b',').unwrap() + 1;
                    bytes[field..field + bad.len()].copy_from_slice(bad);
                }
            }
            let path = dir.join(&name);
            std::fs::write(&path, &bytes).unwrap();
            files.push(SourceFile {
                name,
                path: crate::finding::path_text(path.as_os_str()),
                bytes,
            });
        }
        files.sort_by(|a, b| a.path.cmp(&b.path));
        let opts = || CheckOptions {
            revision: None,
            follow_links: false,
            max_file_size: DEFAULT_MAX_FILE_SIZE,
            recursive: false,
            keep_records: true,
            consistency: true,
            keep_keys: false,
        };
        let from_disk = check_with(std::slice::from_ref(&dir), opts());
        let in_memory = check_sources(&files, true, opts());
        let show = |run: &Run| {
            run.files
                .iter()
                .map(|f| format!("{:?}\n{:?}\n{:?}", f.path, f.findings, f.record_copies))
                .collect::<Vec<_>>()
        };
        let plan = from_disk
            .files
            .iter()
            .find(|f| f.file.starts_with("UPPLAN"))
            .unwrap();
        // The two malformed numbers, one in a middle chunk and one in the
        // last, and the copies of their records.
        let fld: Vec<u32> = plan
            .findings
            .iter()
            .filter(|f| f.rule.id.starts_with("FLD-"))
            .filter_map(|f| f.pos.record)
            .collect();
        assert_eq!(fld.len(), 2, "{:?}", plan.findings);
        let RecordCopies::Kept(copies) = &plan.record_copies else {
            panic!("{:?}", plan.record_copies)
        };
        assert!(fld.iter().all(|r| copies.contains_key(r)), "{fld:?}");
        assert_eq!(show(&from_disk), show(&in_memory));
        let _ = std::fs::remove_dir_all(&dir);
    }

    #[test]
    fn the_digest_read_in_pieces_is_the_digest_of_the_whole() {
        let data: Vec<u8> = (0..(3 << 20) + 17).map(|i| (i * 7 % 256) as u8).collect();
        for n in [0, 1, 1 << 20, (1 << 20) + 1, data.len()] {
            assert_eq!(
                sha256_given_back(&data[..n], Release::NONE),
                sha256(&data[..n])
            );
        }
    }

    #[test]
    fn records_the_rules_across_files_point_at_are_copied_only_from_the_bytes_checked() {
        let dir = std::env::temp_dir().join(format!("careplan-copies-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();

        let (mut f, path, data) = checked(&dir);
        copy_unit_records(&mut f, &path, Some(&sha256(&data)));
        let RecordCopies::Kept(copies) = &f.record_copies else {
            panic!("{:?}", f.record_copies)
        };
        assert_eq!(copies.keys().copied().collect::<Vec<_>>(), [2]);
        assert_eq!(copies[&2].field_count, 22);

        // The file changed between the check and the copy, even at equal length.
        let (mut f, path, data) = checked(&dir);
        let mut other = data.clone();
        let last = other.len() - 3;
        other[last] = if other[last] == b'1' { b'2' } else { b'1' };
        std::fs::write(&path, &other).unwrap();
        copy_unit_records(&mut f, &path, Some(&sha256(&data)));
        assert_eq!(f.record_copies, RecordCopies::Changed);

        let (mut f, path, data) = checked(&dir);
        std::fs::remove_file(&path).unwrap();
        copy_unit_records(&mut f, &path, Some(&sha256(&data)));
        assert_eq!(f.record_copies, RecordCopies::Unreadable);
        let _ = std::fs::remove_dir_all(&dir);
    }

    #[test]
    fn findings_across_files_counted_past_the_limit_as_units_give_them() {
        let rev = crate::spec::revision("4.1").unwrap();
        let names = [
            "UPSIKYU_202505_1371000017_43_1371002005_11_20250425090000.CSV",
            "UPSIKYU_202505_1371000017_43_1371002005_11_20250425090100.CSV",
        ];
        let files =
            || -> Vec<FileResult> { names.iter().map(|n| check_bytes(n, n, b"", rev)).collect() };
        // Any rule will do for counting: the limit finding's own.
        let rule = limit_finding("x", "x", "X", 1, Position::default()).rule;
        let found = |path: &str, n: usize, from: usize| -> Vec<Finding> {
            (from..from + n)
                .map(|i| Finding {
                    rule,
                    file: path.to_string(),
                    path: path.to_string(),
                    pos: Position::at(i * 10, i as u32 + 1, Some(i as u32 + 1), None),
                    field_name: None,
                    found: Some(i.to_string()),
                    personal: false,
                    fact: None,
                })
                .collect()
        };
        // Two units: the first finds 1500 on one file, the second 300 more
        // on it and 20 on the other.
        let units = [
            found(names[0], 1500, 0),
            [found(names[0], 300, 1500), found(names[1], 20, 0)].concat(),
        ];
        let mut held = files();
        attach_across(&mut held, units.concat(), &BTreeMap::new());
        let mut across = Across::default();
        for u in units.clone() {
            across.extend(u);
        }
        assert_eq!(across.findings.len(), 1001 + 20);
        assert_eq!(across.left_out[&(names[0].to_string(), rule.id)], 799);
        // Each unit limited on its own and absorbed in turn keeps and
        // counts the same, even with both naming one file.
        let mut absorbed = Across::default();
        for u in units.clone() {
            let mut own = Across::default();
            own.extend(u);
            absorbed.absorb(own);
        }
        let debug = |a: &Across| format!("{:?} {:?}", a.findings, a.left_out);
        assert_eq!(debug(&absorbed), debug(&across));
        let mut counted = files();
        attach_across(&mut counted, across.findings, &across.left_out);
        let text =
            |f: &[FileResult]| format!("{:?}", f.iter().map(|f| &f.findings).collect::<Vec<_>>());
        assert_eq!(text(&counted), text(&held));
        // The limit says 800 left out, from the 1001st on.
        let limit = counted[0]
            .findings
            .iter()
            .find(|f| f.fact.is_some() && f.pos.record == Some(1001))
            .expect("the limit finding");
        assert_eq!(limit.found.as_deref(), Some("FILE-FINDINGS-LIMIT ×800"));
    }

    /// A field is skipped only when its value is the last one of that
    /// field that passed: a field whose value failed on the record before
    /// (here 保険者番号) and is empty on the next is still required.
    #[test]
    fn a_value_is_passed_over_only_after_it_passed() {
        let rev = crate::spec::revision("4.1").unwrap();
        let name = "DLTPLAN_202504_1371000017_43_1371000025_11_20250325093000.CSV";
        let data = b"202407,13101X,9900000001,202504\r\n202407,,9900000001,202504\r\n";
        let r = check_bytes(name, name, data, rev);
        let required: Vec<(Option<u32>, Option<u16>)> = r
            .findings
            .iter()
            .filter(|f| f.rule.id == "FLD-REQUIRED")
            .map(|f| (f.pos.record, f.pos.field_no))
            .collect();
        assert_eq!(required, [(Some(2), Some(2))], "{:?}", r.findings);
    }

    #[test]
    fn copies_are_bounded_as_the_record_tables_are() {
        use crate::result::{MAX_RECORD_TABLES_PER_FILE, MAX_RECORD_TABLE_BYTES_PER_FILE};
        let rev = crate::spec::revision("4.1").unwrap();
        let name = "UPPLAN_202504_1371000017_43_1371000025_11_20250325093000.CSV";
        // 120 records of 200 fields of 201 characters, each a finding (a
        // wrong field count): their tables pass 4 MB long before the last.
        let field = "a".repeat(201);
        let record = vec![field.as_str(); 200].join(",") + "\r\n";
        let data = record.repeat(120).into_bytes();
        let f = check_bytes(name, name, &data, rev);
        let RecordCopies::Kept(copies) = &f.record_copies else {
            panic!()
        };
        assert!(!copies.is_empty() && copies.len() < 120, "{}", copies.len());
        let kept: usize = copies.values().map(RecordCopy::table_bytes_at_least).sum();
        let one = copies.values().next().unwrap().table_bytes_at_least();
        assert!(kept <= MAX_RECORD_TABLE_BYTES_PER_FILE + one);
        assert!(copies
            .values()
            .all(|c| c.values[0].chars == 201 && c.values[0].text.len() == 200));
        // And never more records than tables.
        let small = "1\r\n".repeat(MAX_RECORD_TABLES_PER_FILE + 50).into_bytes();
        let f = check_bytes(name, name, &small, rev);
        let RecordCopies::Kept(copies) = &f.record_copies else {
            panic!()
        };
        assert_eq!(copies.len(), MAX_RECORD_TABLES_PER_FILE);
    }
}
