//! Checking one file: name, bytes, structure, fields and file rules, in the
//! order the data flows. Bad content never stops the check: it becomes a
//! finding with a position and the rest of the file is still read.

use std::borrow::Cow;
use std::path::PathBuf;

use crate::finding::{Finding, Position, Text};
use crate::input::decode::{self, Bom, ByteIssueKind, Encoding};
use crate::input::detect::Detection;
use crate::input::filename;
use crate::input::records::{line_at, RawRecord, RecordEnd, Records, SplitIssue};
pub use crate::result::{FileResult, KeyField, RecordKey, Run};
use crate::rules::catalogue::{self as cat, Rule};
use crate::rules::fields::{check_record, check_value};
use crate::rules::file::FileState;
use crate::rules::Issue;
use crate::spec::{FieldSpec, FieldType, FileFormat, KindSpec, Revision, Role};

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
    Finding {
        rule: &cat::FILE_FINDINGS_LIMIT,
        file: file.to_string(),
        path: path.to_string(),
        pos,
        field_name: None,
        found: Some(format!("{rule} ×{omitted}")),
        personal: false,
        expected: Some(Text::new(
            format!("1ファイル・1ルールあたり{MAX_FINDINGS_PER_RULE}件まで"),
            format!("at most {MAX_FINDINGS_PER_RULE} findings of one rule per file"),
        )),
        detail: Some(Text::new(
            format!("{rule} の指摘がさらに{omitted}件あります（最初の{MAX_FINDINGS_PER_RULE}件だけを報告）"),
            format!("{omitted} more findings of {rule} (only the first {MAX_FINDINGS_PER_RULE} are reported)"),
        )),
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
    let unit_findings = crate::rules::unit::check(&grouped);
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
    data: &'a [u8],
    findings: Vec<Finding>,
    /// Findings per rule so far, and the position of the first one left out.
    counts: std::collections::HashMap<&'static str, (u32, Position)>,
    /// (record, field No.) of the error findings since the current record
    /// began, kept or not: the relation rules must know a key field is bad
    /// even when its finding fell beyond the limit.
    error_fields: Vec<(Option<u32>, u16)>,
}

impl Ctx<'_> {
    fn push(
        &mut self,
        issue: Issue,
        pos: Position,
        field: Option<&FieldSpec>,
        default_found: Option<&str>,
    ) {
        if issue.rule.severity == crate::rules::catalogue::Severity::Error {
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
            .or_else(|| default_found.map(str::to_string))
            .map(cap_found);
        self.findings.push(Finding {
            rule: issue.rule,
            file: self.file.to_string(),
            path: self.path.to_string(),
            pos,
            field_name: field.map(|f| f.name.clone()),
            found,
            personal: field.is_some_and(|f| f.personal),
            expected: issue.expected,
            detail: issue.detail,
        });
    }

    fn simple(
        &mut self,
        rule: &'static Rule,
        pos: Position,
        found: Option<String>,
        expected: Option<Text>,
        detail: Option<Text>,
    ) {
        self.push(
            Issue {
                rule,
                found,
                expected,
                detail,
            },
            pos,
            None,
            None,
        );
    }
}

fn at(byte: usize, line: u32, record: Option<u32>, field_no: Option<u16>) -> Position {
    Position {
        byte: Some(byte as u64),
        line: Some(line),
        record,
        field_no,
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
        data,
        findings: Vec::new(),
        counts: Default::default(),
        error_fields: Vec::new(),
    };
    let (name, name_issues) = filename::parse(file, rev);
    if let Some(m) = &detected.mismatch {
        ctx.push(
            crate::rules::file::revision_mismatch(m),
            Position::default(),
            None,
            None,
        );
    }
    for i in name_issues {
        // A name of another revision's grammar is the mismatch finding, said once.
        if detected.name_of_other_revision && std::ptr::eq(i.rule, &cat::NAME_SEGMENTS) {
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
    let layout = match &name.kind {
        Some(k) if name.recognised_only => {
            ctx.simple(
                &cat::NAME_KIND_NOT_CHECKED,
                Position::default(),
                Some(k.clone()),
                None,
                Some(Text::new(
                    format!("{k} は標準仕様のファイルですが、このハーネスはまだ内容を検査しません"),
                    format!("{k} is a file of the standard, but this harness does not check its content yet"),
                )),
            );
            None
        }
        Some(k) => rev.layout(k),
        None => None,
    };
    if let Some(layout) = layout {
        let (records, keys) = check_content(&mut ctx, &name, layout, rev);
        result.records = records;
        result.keys_complete = keys.len() as u32 == records
            && !ctx.findings.iter().any(|f| {
                std::ptr::eq(f.rule, &cat::CSV_FIELD_COUNT)
                    || std::ptr::eq(f.rule, &cat::CSV_UNTERMINATED_QUOTE)
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
    r.findings.insert(
        0,
        Finding {
            rule: &cat::CSV_FILE_TOO_LARGE,
            file: file.to_string(),
            path: path.to_string(),
            pos: Position::default(),
            field_name: None,
            found: Some(format!("{len} bytes")),
            personal: false,
            expected: Some(Text::new(
                format!("{limit}バイト以下"),
                format!("at most {limit} bytes"),
            )),
            detail: None,
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

/// Bytes, structure, fields and file rules. Returns the number of data
/// records and their keys.
fn check_content(
    ctx: &mut Ctx,
    name: &filename::FileName,
    layout: &'static KindSpec,
    rev: &Revision,
) -> (u32, Vec<RecordKey>) {
    let data = ctx.data;
    if layout.format == FileFormat::Jpeg {
        check_jpeg(ctx);
        return (0, Vec::new());
    }
    let sniffed = decode::sniff(data);
    let start = sniffed.start;
    let enc = sniffed.encoding;
    if sniffed.bom == Some(Bom::Utf8) {
        ctx.simple(
            &cat::ENC_BOM,
            at(0, 1, None, None),
            Some("EF BB BF".into()),
            Some(Text::new("BOMなし", "no BOM")),
            Some(Text::new("UTF-8のBOMがあります", "a UTF-8 byte order mark")),
        );
    } else if sniffed.bom == Some(Bom::Utf16) {
        ctx.simple(
            &cat::ENC_BOM,
            at(0, 1, None, None),
            Some(decode::hex(&data[..2])),
            Some(Text::new("BOMなしのMS932", "MS932 without a BOM")),
            Some(Text::new(
                "UTF-16のBOMがあります。UTF-16のファイルは以降を検査できません",
                "a UTF-16 byte order mark; a UTF-16 file cannot be checked further",
            )),
        );
        return (0, Vec::new());
    }
    let body = &data[start..];
    if enc == Encoding::Utf8 {
        let first = start + body.iter().position(|b| !b.is_ascii()).unwrap_or(0);
        let line = line_at(data, 0, 1, first);
        ctx.simple(
            &cat::ENC_UTF8,
            at(first, line, None, None),
            // The bytes themselves may be part of a name: the offset says where.
            None,
            Some(Text::same("MS932")),
            Some(Text::new(
                "ファイルがUTF-8で書かれています。以降の検査はUTF-8として読んで行います",
                "the file is written in UTF-8; the rest of the checks read it as UTF-8",
            )),
        );
    }
    if body.is_empty() {
        ctx.simple(
            &cat::CSV_EMPTY_FILE,
            at(start, 1, None, None),
            None,
            None,
            Some(Text::new(
                "ファイルが空です（0バイト）",
                "the file is empty (0 bytes)",
            )),
        );
        return (0, Vec::new());
    }

    let mut state = FileState::default();
    let mut data_records = 0u32;
    let mut keys = Vec::new();
    // Records other than blank lines and a header, well-formed or not.
    let mut seen_records = 0u32;
    let mut bad_ends: Option<(Position, &'static str, u32)> = None;
    let mut last: Option<RawRecord> = None;
    let mut saw_header = false;
    for rec in Records::new(data, start) {
        structure_issues(ctx, &rec, layout);
        if rec.end == RecordEnd::Lf || rec.end == RecordEnd::Cr {
            let what = if rec.end == RecordEnd::Lf { "LF" } else { "CR" };
            match &mut bad_ends {
                None => {
                    let line = line_at(data, rec.start, rec.line, rec.end_offset);
                    bad_ends = Some((at(rec.end_offset, line, Some(rec.number), None), what, 1));
                }
                Some((_, _, n)) => *n += 1,
            }
        }
        if rec.is_blank() {
            ctx.simple(
                &cat::CSV_BLANK_LINE,
                at(rec.start, rec.line, Some(rec.number), None),
                None,
                None,
                None,
            );
            last = Some(rec);
            continue;
        }
        let values = decode_fields(ctx, &rec, layout, enc);
        if rec.number == 1 && is_header(&values, layout) {
            saw_header = true;
            ctx.simple(
                &cat::CSV_HEADER_ROW,
                at(rec.start, rec.line, Some(1), None),
                Some(
                    values
                        .iter()
                        .take(3)
                        .map(|v| v.as_ref())
                        .collect::<Vec<_>>()
                        .join(","),
                ),
                Some(Text::new(
                    "データレコードのみ（見出し行なし）",
                    "data records only (no header row)",
                )),
                None,
            );
            last = Some(rec);
            continue;
        }
        seen_records += 1;
        if rec.field_count != layout.fields.len() {
            ctx.simple(
                &cat::CSV_FIELD_COUNT,
                at(rec.start, rec.line, Some(rec.number), None),
                Some(rec.field_count.to_string()),
                Some(Text::new(
                    format!("{}項目（{}）", layout.fields.len(), layout.kind),
                    format!("{} fields ({})", layout.fields.len(), layout.kind),
                )),
                Some(Text::new(
                    format!(
                        "項目数が{}です。このレコードの項目は検査しません",
                        rec.field_count
                    ),
                    format!(
                        "the record has {} fields; its fields are not checked",
                        rec.field_count
                    ),
                )),
            );
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
        let rec_pos = at(rec.start, rec.line, Some(rec.number), None);
        for (role, issue) in check_record(layout, rev, value) {
            push_at_role(ctx, &rec, layout, &values, role, issue);
        }
        let pos_of = |role: Role| {
            layout.field_by_role(role).map_or(rec_pos, |f| {
                let raw = &rec.fields[usize::from(f.no) - 1];
                at(raw.start, raw.line, Some(rec.number), Some(f.no))
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
    if let Some((pos, what, n)) = bad_ends {
        let more = if n > 1 {
            format!("（他{}件）", n - 1)
        } else {
            String::new()
        };
        let more_en = if n > 1 {
            format!(" ({} more)", n - 1)
        } else {
            String::new()
        };
        ctx.simple(
            &cat::CSV_LINE_END,
            pos,
            Some(what.into()),
            Some(Text::same("CRLF")),
            Some(Text::new(
                format!("レコードの区切りが{what}です{more}"),
                format!("a record ends with {what}{more_en}"),
            )),
        );
    }
    if let Some(rec) = &last {
        if rec.end == RecordEnd::Eof
            && !rec
                .issues
                .iter()
                .any(|i| matches!(i, SplitIssue::UnterminatedQuote { .. }))
        {
            let line = line_at(data, rec.start, rec.line, data.len());
            ctx.simple(
                &cat::CSV_FINAL_LINE_END,
                at(data.len(), line, Some(rec.number), None),
                None,
                Some(Text::same("CRLF")),
                None,
            );
        }
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
        let detail = if saw_header {
            Text::new(
                "見出し行の他にデータレコードがありません",
                "no data record besides the header row",
            )
        } else {
            Text::new("データレコードがありません", "no data record")
        };
        ctx.simple(
            &cat::CSV_EMPTY_FILE,
            at(start, 1, None, None),
            None,
            None,
            Some(detail),
        );
    }
    (data_records, keys)
}

/// A family-structure image must be a JPEG: it starts with the SOI marker
/// and a segment marker (FF D8 FF) and holds an EOI marker (FF D9).
fn check_jpeg(ctx: &mut Ctx) {
    let data = ctx.data;
    let starts = data.starts_with(&[0xFF, 0xD8, 0xFF]);
    // Writers may pad after the EOI marker: it need not be the last bytes.
    let ends = data.len() > 3 && data[3..].windows(2).any(|w| w == [0xFF, 0xD9]);
    if starts && ends {
        return;
    }
    let (byte, found, detail) = if !starts {
        (
            0,
            decode::hex(&data[..data.len().min(4)]),
            Text::new(
                "JPEGの開始マーカー（FF D8 FF）で始まっていません",
                "it does not start with the JPEG markers FF D8 FF",
            ),
        )
    } else {
        (
            data.len().saturating_sub(2),
            decode::hex(&data[data.len().saturating_sub(2)..]),
            Text::new(
                "JPEGの終了マーカー（FF D9）で終わっていません（途中で切れています）",
                "it does not end with the JPEG end marker FF D9 (it is cut short)",
            ),
        )
    };
    ctx.simple(
        &cat::ENC_JPEG,
        Position {
            byte: Some(byte as u64),
            ..Position::default()
        },
        Some(found),
        Some(Text::new(
            "JPEG（FF D8 FF … FF D9）",
            "a JPEG (FF D8 FF … FF D9)",
        )),
        Some(detail),
    );
}

/// Stray and unterminated quotes, and the quoting of each field.
fn structure_issues(ctx: &mut Ctx, rec: &RawRecord, layout: &KindSpec) {
    for issue in &rec.issues {
        let (rule, offset, line, idx) = match *issue {
            SplitIssue::StrayQuote {
                offset,
                line,
                field_index,
            } => (&cat::CSV_STRAY_QUOTE, offset, line, field_index),
            SplitIssue::UnterminatedQuote {
                offset,
                line,
                field_index,
            } => (&cat::CSV_UNTERMINATED_QUOTE, offset, line, field_index),
        };
        let field = layout.fields.get(idx);
        let detail = if std::ptr::eq(rule, &cat::CSV_UNTERMINATED_QUOTE) {
            Some(Text::new(
                "ダブルクォートが閉じられないままファイルが終わっています。ここから後のレコードは検査できません",
                "the quoted field runs to the end of the file; the records from here on cannot be checked",
            ))
        } else {
            None
        };
        let expected = if std::ptr::eq(rule, &cat::CSV_STRAY_QUOTE) {
            Some(Text::new("\"\"（二重化）", "\"\" (doubled)"))
        } else {
            Some(Text::new("閉じる \"", "a closing \""))
        };
        ctx.push(
            Issue {
                rule,
                found: Some("\"".into()),
                expected,
                detail,
            },
            at(
                offset,
                line,
                Some(rec.number),
                field.map(|f| f.no).or_else(|| u16::try_from(idx + 1).ok()),
            ),
            field,
            None,
        );
    }
}

/// Decodes every field, reporting encoding findings at their byte.
fn decode_fields<'a>(
    ctx: &mut Ctx<'a>,
    rec: &RawRecord,
    layout: &KindSpec,
    enc: Encoding,
) -> Vec<Cow<'a, str>> {
    let data = ctx.data;
    let mut out = Vec::with_capacity(rec.fields.len());
    for (idx, f) in rec.fields.iter().enumerate() {
        let (text, issues) = decode::decode_cow(f.value(data), enc);
        if !issues.is_empty() {
            let spec = layout.fields.get(idx);
            // Issues come in offset order: walk the field once, carrying the
            // file offset and the line forward (doubled quotes in a quoted
            // field are one byte of the value but two of the file).
            let (mut file_off, mut value_off, mut line) = (f.content_start, 0usize, f.line);
            for bi in issues {
                while value_off < bi.offset && file_off < f.content_end {
                    match data[file_off] {
                        b'\n' => line += 1,
                        b'\r' if data.get(file_off + 1) != Some(&b'\n') => line += 1,
                        b'"' if f.quoted && data.get(file_off + 1) == Some(&b'"') => file_off += 1,
                        _ => {}
                    }
                    file_off += 1;
                    value_off += 1;
                }
                let (rule, expected) = match bi.kind {
                    ByteIssueKind::Undecodable => (
                        &cat::ENC_UNDECODABLE,
                        Text::new("MS932の文字", "an MS932 character"),
                    ),
                    ByteIssueKind::Gaiji => (
                        &cat::ENC_GAIJI,
                        Text::new(
                            "外字でないMS932の文字",
                            "an MS932 character outside the user-defined area",
                        ),
                    ),
                    ByteIssueKind::Nul => (
                        &cat::ENC_NUL,
                        Text::new("NULを含まない文字", "text without NUL"),
                    ),
                };
                ctx.push(
                    Issue {
                        rule,
                        found: Some(decode::hex(&bi.bytes)),
                        expected: Some(expected),
                        detail: None,
                    },
                    at(
                        file_off,
                        line,
                        Some(rec.number),
                        Some(spec.map(|s| s.no).unwrap_or(idx as u16 + 1)),
                    ),
                    // The field name helps; in a personal field the bytes are
                    // masked like any other value of it.
                    spec,
                    None,
                );
            }
        }
        out.push(text);
    }
    out
}

/// A first record is a header row when its first field is not a 6-digit
/// CSVバージョン and it either names an item of the layout or its first
/// three fields (CSVバージョン, 保険者番号, 被保険者番号 in every layout)
/// hold no digit at all.
pub fn is_header<S: AsRef<str>>(values: &[S], layout: &KindSpec) -> bool {
    let first = values.first().map(AsRef::as_ref).unwrap_or("");
    let looks_like_version = first.len() == 6 && first.bytes().all(|b| b.is_ascii_digit());
    let names_an_item = values.iter().map(AsRef::as_ref).any(|v: &str| {
        layout
            .fields
            .iter()
            .any(|f| !v.is_empty() && f.name == v.trim())
    });
    let no_digits = values.len() >= 3
        && values[..3].iter().map(AsRef::as_ref).all(|v: &str| {
            !v.is_empty()
                && !v
                    .chars()
                    .any(|c| c.is_ascii_digit() || ('０'..='９').contains(&c))
        });
    !looks_like_version && (names_an_item || no_digits)
}

fn check_fields(
    ctx: &mut Ctx,
    rec: &RawRecord,
    layout: &KindSpec,
    rev: &Revision,
    values: &[Cow<'_, str>],
) {
    for (idx, (spec, raw)) in layout.fields.iter().zip(&rec.fields).enumerate() {
        let v = values[idx].as_ref();
        let pos = at(raw.start, raw.line, Some(rec.number), Some(spec.no));
        if spec.ty == FieldType::FreeText && !spec.quote_optional && !raw.quoted && !v.is_empty() {
            ctx.push(
                Issue::new(&cat::CSV_FREE_TEXT_UNQUOTED)
                    .expected(Text::new("\"\" で囲んだ値", "a value enclosed in \"\"")),
                pos,
                Some(spec),
                Some(v),
            );
        }
        if spec.ty != FieldType::FreeText
            && spec.ty != FieldType::Unspecified
            && !spec.quote_optional
            && raw.quoted
        {
            ctx.push(
                Issue::new(&cat::CSV_QUOTED_NON_FREE_TEXT)
                    .expected(Text::new("\"\" で囲まない値", "a value without quotes")),
                pos,
                Some(spec),
                Some(v),
            );
        }
        for issue in check_value(spec, v, layout, rev) {
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
                pos: at(raw.start, raw.line, Some(rec.number), Some(f.no)),
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
    let pos = at(raw.start, raw.line, Some(rec.number), Some(spec.no));
    ctx.push(issue, pos, Some(spec), Some(&values[idx]));
}
