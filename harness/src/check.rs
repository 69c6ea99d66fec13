//! Runs the rules level by level, in the order the data flows: for each
//! file its name, bytes, structure, fields and records; then, across the
//! files of a folder, send units and the relations inside them. The rules
//! themselves are in [`crate::rules`]; this module reads the files, walks
//! their records, gives each issue its position and keeps the findings
//! bounded. Bad content never stops the check: it becomes a finding with a
//! position and the rest of the file is still read.

use std::borrow::Cow;
use std::path::PathBuf;

use crate::finding::{Finding, Position};
use crate::input::decode;
use crate::input::detect::Detection;
use crate::input::filename;
use crate::input::records::{RawRecord, Records};
pub use crate::result::{FileResult, KeyField, RecordKey, Run};
use crate::rules::catalogue::{self as cat, Rule};
use crate::rules::file::FileState;
use crate::rules::{self, encoding, field, name, structure, Issue, Sink};
use crate::spec::{FieldSpec, FileFormat, KindSpec, Revision, Role};

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
        if n > MAX_FINDINGS_PER_RULE {
            let l = limit_finding(&file.file, &file.path, rule, n - MAX_FINDINGS_PER_RULE, pos);
            file.findings.push(l);
        }
    }
}

// ------------------------------------------------------------------ a run

/// Checks every file under `paths` against revision `rev`. Files found in
/// directories are also checked together, as send units; files named on
/// their own are checked alone.
pub fn check_paths(paths: &[PathBuf], rev: &'static crate::spec::Revision) -> Run {
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
    pub revision: Option<&'static crate::spec::Revision>,
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
    let discovery_rev = opts.revision.unwrap_or_else(crate::spec::default_revision);
    let (sources, errors) =
        crate::input::discover(paths, discovery_rev, opts.follow_links, opts.recursive);
    let mut io_errors: Vec<String> = errors.iter().map(ToString::to_string).collect();
    // Files are checked in parallel; results come back in discovery order.
    use rayon::prelude::*;
    let total = sources.len();
    let done = std::sync::atomic::AtomicUsize::new(0);
    let checked: Vec<Result<(FileResult, bool), String>> = sources
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
    let grouped: Vec<&FileResult> = files
        .iter()
        .zip(&in_units)
        .filter(|(_, u)| **u)
        .map(|(f, _)| f)
        .collect();
    // The levels across files, in order: send units, then the relations
    // inside the units they form.
    let (mut unit_findings, units) = rules::unit::check(&grouped);
    unit_findings.extend(rules::relation::check(&units));
    let mut by_path: std::collections::BTreeMap<String, Vec<Finding>> =
        std::collections::BTreeMap::new();
    for f in unit_findings {
        by_path.entry(f.path.clone()).or_default().push(f);
    }
    for (path, new) in by_path {
        if let Some(file) = files.iter_mut().find(|x| x.path == path) {
            add_unit_findings(file, new);
        }
    }
    for f in &mut files {
        sort_findings(&mut f.findings);
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
    s: &crate::input::Source,
    opts: &CheckOptions,
) -> Result<(FileResult, bool), String> {
    let path = s.path.display().to_string();
    let shown = crate::finding::printable(&path);
    let len = std::fs::metadata(&s.path)
        .map_err(|e| format!("{shown}: {e}"))?
        .len();
    if len > opts.max_file_size {
        let rev = opts.revision.unwrap_or_else(crate::spec::default_revision);
        return Ok((
            too_large(&s.name, &path, len, opts.max_file_size, rev),
            s.from_directory,
        ));
    }
    let bytes = std::fs::read(&s.path).map_err(|e| format!("{shown}: {e}"))?;
    let detected = match opts.revision {
        Some(r) => crate::input::detect::Detection::forced(r),
        None => crate::input::detect::detect(&s.name, &bytes),
    };
    Ok((
        check_detected(&s.name, &path, &bytes, &detected),
        s.from_directory,
    ))
}

// ------------------------------------------------------------- one file

struct Ctx<'a> {
    file: &'a str,
    path: &'a str,
    findings: Vec<Finding>,
    /// Findings per rule so far, and the position of the first one left out.
    counts: std::collections::HashMap<&'static str, (u32, Position)>,
    /// (record, field No.) of the error findings since the current record
    /// began, kept or not: the relation rules must know a key field is bad
    /// even when its finding fell beyond the limit.
    error_fields: Vec<(Option<u32>, u16)>,
}

impl Sink for Ctx<'_> {
    fn push(
        &mut self,
        issue: Issue,
        pos: Position,
        field: Option<&FieldSpec>,
        value: Option<&str>,
    ) {
        if issue.rule.severity == cat::Severity::Error {
            if let Some(n) = pos.field_no {
                self.error_fields.push((pos.record, n));
            }
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
        self.findings.push(Finding {
            rule: issue.rule,
            file: self.file.to_string(),
            path: self.path.to_string(),
            pos,
            field_name: field.map(|f| f.name.clone()),
            found,
            personal: field.is_some_and(|f| f.personal),
            fact: issue.fact,
        });
    }
}

/// Checks one file's bytes against one revision. `file` is its name,
/// `path` where it was found.
pub fn check_bytes(file: &str, path: &str, data: &[u8], rev: &'static Revision) -> FileResult {
    check_detected(file, path, data, &Detection::forced(rev))
}

/// Checks one file's bytes against the revision detected for it.
pub fn check_detected(file: &str, path: &str, data: &[u8], detected: &Detection) -> FileResult {
    let rev = detected.revision;
    let mut ctx = Ctx {
        file,
        path,
        findings: Vec::new(),
        counts: Default::default(),
        error_fields: Vec::new(),
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
    for i in name::check(file, &name, &reading, rev) {
        // A name of another revision's grammar is the mismatch finding, said once.
        if detected.name_of_other_revision && std::ptr::eq(i.rule, &name::NAME_SEGMENTS) {
            continue;
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
        kind: name.kind.clone(),
        records: 0,
        bytes: data.len() as u64,
        findings: Vec::new(),
        name: name.clone(),
        revision: rev.revision.clone(),
        keys: Vec::new(),
        keys_complete: true,
    };
    // The content, when the name gives a kind with a layout.
    if let Some(layout) = name.kind.as_deref().and_then(|k| rev.layout(k)) {
        let (records, keys) = check_content(&mut ctx, data, &name, layout, rev);
        result.records = records;
        result.keys_complete = keys.len() as u32 == records
            && !ctx.findings.iter().any(|f| {
                std::ptr::eq(f.rule, &structure::CSV_FIELD_COUNT)
                    || std::ptr::eq(f.rule, &structure::CSV_UNTERMINATED_QUOTE)
            });
        result.keys = keys;
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
    let mut r = check_detected(file, path, &[], &Detection::forced(rev));
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
) -> (u32, Vec<RecordKey>) {
    if layout.format == FileFormat::Jpeg {
        encoding::jpeg(ctx, data);
        return (0, Vec::new());
    }
    let sniffed = decode::sniff(data);
    if !encoding::bom(ctx, data, &sniffed) {
        return (0, Vec::new());
    }
    encoding::utf8(ctx, data, &sniffed);
    let (start, enc) = (sniffed.start, sniffed.encoding);
    if data.len() == start {
        structure::zero_bytes(ctx, start);
        return (0, Vec::new());
    }

    let mut state = FileState::default();
    let mut line_ends = structure::LineEnds::default();
    let mut data_records = 0u32;
    let mut keys = Vec::new();
    // Records other than blank lines and a header, well-formed or not.
    let mut seen_records = 0u32;
    let mut last: Option<RawRecord> = None;
    let mut saw_header = false;
    for rec in Records::new(data, start) {
        structure::quotes(ctx, &rec, layout);
        line_ends.record(data, &rec);
        if rec.is_blank() {
            structure::blank_line(ctx, &rec);
            last = Some(rec);
            continue;
        }
        let values = encoding::decode_fields(ctx, data, &rec, layout, enc);
        if structure::header_row(ctx, &rec, &values, layout) {
            saw_header = true;
            last = Some(rec);
            continue;
        }
        seen_records += 1;
        if !structure::field_count(ctx, &rec, layout) {
            last = Some(rec);
            continue;
        }
        data_records += 1;
        ctx.error_fields.clear();
        check_fields(ctx, &rec, layout, rev, &values);
        let value = |role: Role| {
            layout
                .field_by_role(role)
                .map(|f| values[usize::from(f.no) - 1].as_ref())
        };
        let rec_pos = Position::at(rec.start, rec.line, Some(rec.number), None);
        for (role, issue) in field::check_record(layout, rev, value) {
            push_at_role(ctx, &rec, layout, &values, role, issue);
        }
        let pos_of = |role: Role| {
            layout.field_by_role(role).map_or(rec_pos, |f| {
                let raw = &rec.fields[usize::from(f.no) - 1];
                Position::at(raw.start, raw.line, Some(rec.number), Some(f.no))
            })
        };
        for (role, issue) in state.record(name, layout, rev, pos_of, value) {
            push_at_role(ctx, &rec, layout, &values, role, issue);
        }
        let mut key = record_key(&rec, layout, &values, &value);
        let key_fields: Vec<u16> = [
            Role::InsurerNumber,
            Role::InsuredNumber,
            Role::PlanDate,
            Role::ServiceMonth,
            Role::HosokuMonth,
        ]
        .iter()
        .filter_map(|r| layout.field_by_role(*r).map(|f| f.no))
        .collect();
        key.key_valid = !ctx
            .error_fields
            .iter()
            .any(|(r, n)| *r == Some(rec.number) && key_fields.contains(n));
        keys.push(key);
        last = Some(rec);
    }
    line_ends.finish(ctx);
    if let Some(rec) = &last {
        structure::final_line_end(ctx, data, rec);
    }
    for (pos, role, issue) in state.finish() {
        let field = layout.field_by_role(role);
        let pos = Position {
            field_no: field.map(|f| f.no),
            ..pos
        };
        ctx.push(issue, pos, field, None);
    }
    if seen_records == 0 {
        structure::no_record(ctx, start, saw_header);
    }
    (data_records, keys)
}

/// The quoting (structure) and the value (field) of each field of a record.
fn check_fields(
    ctx: &mut Ctx,
    rec: &RawRecord,
    layout: &KindSpec,
    rev: &Revision,
    values: &[Cow<'_, str>],
) {
    for (idx, (spec, raw)) in layout.fields.iter().zip(&rec.fields).enumerate() {
        let v = values[idx].as_ref();
        let pos = Position::at(raw.start, raw.line, Some(rec.number), Some(spec.no));
        if let Some(issue) = structure::quoting(spec, raw, v) {
            ctx.push(issue, pos, Some(spec), Some(v));
        }
        for issue in field::check_value(spec, v, layout, rev) {
            ctx.push(issue, pos, Some(spec), Some(v));
        }
    }
}

fn record_key<'a>(
    rec: &RawRecord,
    layout: &'static KindSpec,
    values: &[Cow<'_, str>],
    value: &impl Fn(Role) -> Option<&'a str>,
) -> RecordKey {
    let field = |role: Role| {
        layout.field_by_role(role).map(|f| {
            let idx = usize::from(f.no) - 1;
            let raw = &rec.fields[idx];
            KeyField {
                value: values[idx].to_string(),
                pos: Position::at(raw.start, raw.line, Some(rec.number), Some(f.no)),
                name: f.name.as_str(),
            }
        })
    };
    RecordKey {
        record: rec.number,
        insurer: value(Role::InsurerNumber).unwrap_or("").to_string(),
        insured: value(Role::InsuredNumber).unwrap_or("").to_string(),
        plan_date: field(Role::PlanDate),
        month: field(Role::ServiceMonth).or_else(|| field(Role::HosokuMonth)),
        service_code: value(Role::ServiceCode).map(str::to_string),
        image_name: field(Role::ImageName).filter(|k| !k.value.is_empty()),
        key_valid: true,
    }
}

fn push_at_role(
    ctx: &mut Ctx,
    rec: &RawRecord,
    layout: &KindSpec,
    values: &[Cow<'_, str>],
    role: Role,
    issue: Issue,
) {
    let Some(spec) = layout.field_by_role(role) else {
        return;
    };
    let idx = usize::from(spec.no) - 1;
    let raw = &rec.fields[idx];
    let pos = Position::at(raw.start, raw.line, Some(rec.number), Some(spec.no));
    ctx.push(issue, pos, Some(spec), Some(&values[idx]));
}
