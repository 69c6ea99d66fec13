//! The files a case checks: its own files, or those of a base case with
//! edits applied in memory (the case tree is never written).
//!
//! ```toml
//! base = "conformant/use-set-6-7-hosoku"   # a case folder under the cases root
//! base_files = ["UPPLAN_….CSV"]            # optional: only these files of the base
//!
//! [[edit]]                                 # one field, as written between the commas
//! file = "UPPLAN_202504_….CSV"
//! record = 2
//! field = 10
//! value = "20250431"                       # MS932 text; or hex = "22 8c a9 22" for raw bytes
//! ```
//!
//! Each `[[edit]]` names a `file` and does one thing:
//!
//! | keys | what it does |
//! |---|---|
//! | `record`, `field`, `value` or `hex` | sets one field's bytes (quotes included) |
//! | `field`, `value` or `hex` | sets that field in every record |
//! | `record`, `value` or `hex` | sets a whole record (its line end kept) |
//! | `insert`, `value` or `hex` | inserts a record (ended by CRLF) so that it becomes record `insert` |
//! | `record`, `delete = true` | deletes a record with its line end |
//! | `line_end` (`"CRLF"`, `"LF"`, `"CR"`, `"none"`), optional `record` | sets the line end of one record, or of every record |
//! | `prepend` or `append` (hex) | adds bytes at the start or the end of the file |
//! | `value` or `hex` alone | sets the whole file, creating it if needed |
//! | `rename` | renames the file |
//! | `delete = true` alone | removes the file |
//! | `copy` | creates `file` as a copy of a file of this case (a name) or of another case (`group/case/NAME`) |
//!
//! Records are counted from 1 as the checker counts them (a header row or a
//! blank line is a record); fields from 1 (field No.). Edits apply in order.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::Deserialize;

use super::tree::{Folder, Kind, Tree};
use super::{is_plain_file_name, Case, Manifest, ManifestError};
use crate::input::records::{RecordEnd, Records};

/// An `[[edit]]` entry as written.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EditSpec {
    pub file: String,
    #[serde(default)]
    pub record: Option<u32>,
    #[serde(default)]
    pub field: Option<u16>,
    #[serde(default)]
    pub value: Option<String>,
    #[serde(default)]
    pub hex: Option<String>,
    #[serde(default)]
    pub insert: Option<u32>,
    #[serde(default)]
    pub delete: Option<bool>,
    #[serde(default)]
    pub line_end: Option<String>,
    #[serde(default)]
    pub rename: Option<String>,
    #[serde(default)]
    pub copy: Option<String>,
    #[serde(default)]
    pub prepend: Option<String>,
    #[serde(default)]
    pub append: Option<String>,
}

/// A validated edit: what it does, and where it is written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Edit {
    /// The line of case.toml the entry starts on.
    pub line: usize,
    /// The entry's number among the case's edits, from 1.
    pub number: usize,
    pub file: String,
    pub op: Op,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Op {
    /// In one record, or in every record when `record` is `None`.
    SetField {
        record: Option<u32>,
        field: u16,
        bytes: Vec<u8>,
    },
    SetRecord {
        record: u32,
        bytes: Vec<u8>,
    },
    InsertRecord {
        at: u32,
        bytes: Vec<u8>,
    },
    DeleteRecord {
        record: u32,
    },
    LineEnd {
        record: Option<u32>,
        end: &'static [u8],
    },
    Prepend(Vec<u8>),
    Append(Vec<u8>),
    SetContent(Vec<u8>),
    Rename(String),
    Remove,
    /// From a file of this case (a name) or of another case (`group/case/NAME`).
    Copy(String),
}

/// The line (from 1) of byte `offset` in `text`.
pub fn line_of(text: &str, offset: usize) -> usize {
    text.as_bytes()[..offset.min(text.len())]
        .iter()
        .filter(|&&b| b == b'\n')
        .count()
        + 1
}

/// Bytes written as hex pairs, spaces allowed between them.
fn parse_hex(s: &str) -> Result<Vec<u8>, String> {
    let digits: Vec<u8> = s.bytes().filter(|b| !b.is_ascii_whitespace()).collect();
    if !digits.len().is_multiple_of(2) {
        return Err(format!("`{s}` is not hex: an odd number of digits"));
    }
    digits
        .chunks(2)
        .map(|p| {
            std::str::from_utf8(p)
                .ok()
                .and_then(|t| u8::from_str_radix(t, 16).ok())
                .ok_or_else(|| format!("`{s}` is not hex (two digits per byte)"))
        })
        .collect()
}

/// A path of plain names separated by `/`: `group/case` or `group/case/NAME`.
pub fn is_relative_path(s: &str) -> bool {
    !s.is_empty() && s.split('/').all(is_plain_file_name)
}

/// Validates one entry: exactly one thing to do, with what it needs.
pub fn validate(spec: &EditSpec, number: usize, line: usize) -> Result<Edit, String> {
    let e = spec;
    if !is_plain_file_name(&e.file) {
        return Err(format!(
            "`file = {:?}` must be the name of a file of the case",
            e.file
        ));
    }
    let bytes = match (&e.value, &e.hex) {
        (Some(_), Some(_)) => return Err("`value` and `hex` exclude each other".into()),
        (Some(v), None) => {
            let (b, missing) = crate::model::encode(v);
            if !missing.is_empty() {
                return Err(format!(
                    "`value` holds characters MS932 cannot write ({missing}); give the bytes with `hex`"
                ));
            }
            Some(b)
        }
        (None, Some(h)) => Some(parse_hex(h)?),
        (None, None) => None,
    };
    for (k, v) in [("record", e.record), ("insert", e.insert)] {
        if v == Some(0) {
            return Err(format!("`{k} = 0`: records are counted from 1"));
        }
    }
    if e.field == Some(0) {
        return Err("`field = 0`: fields are numbered from 1 (field No.)".into());
    }
    if e.delete == Some(false) {
        return Err("`delete = false` does nothing: leave it out".into());
    }
    let present: Vec<&str> = [
        ("record", e.record.is_some()),
        ("field", e.field.is_some()),
        ("value", e.value.is_some()),
        ("hex", e.hex.is_some()),
        ("insert", e.insert.is_some()),
        ("delete", e.delete.is_some()),
        ("line_end", e.line_end.is_some()),
        ("rename", e.rename.is_some()),
        ("copy", e.copy.is_some()),
        ("prepend", e.prepend.is_some()),
        ("append", e.append.is_some()),
    ]
    .into_iter()
    .filter(|(_, p)| *p)
    .map(|(k, _)| k)
    .collect();
    let has = |k: &str| present.contains(&k);
    let only = |allowed: &[&str]| present.iter().all(|k| allowed.contains(k));
    let content = has("value") || has("hex");
    let op = if has("rename") && only(&["rename"]) {
        let to = e.rename.clone().unwrap_or_default();
        if !is_plain_file_name(&to) {
            return Err(format!("`rename = {to:?}` must be a file name"));
        }
        Op::Rename(to)
    } else if has("copy") && only(&["copy"]) {
        let from = e.copy.clone().unwrap_or_default();
        if !is_relative_path(&from) || from.split('/').count() == 2 {
            return Err(format!(
                "`copy = {from:?}` must be a file of this case (a name) or of another case (group/case/NAME)"
            ));
        }
        Op::Copy(from)
    } else if has("prepend") && only(&["prepend"]) {
        Op::Prepend(parse_hex(e.prepend.as_deref().unwrap_or_default())?)
    } else if has("append") && only(&["append"]) {
        Op::Append(parse_hex(e.append.as_deref().unwrap_or_default())?)
    } else if has("line_end") && only(&["line_end", "record"]) {
        let end: &'static [u8] = match e.line_end.as_deref().unwrap_or_default() {
            "CRLF" => b"\r\n",
            "LF" => b"\n",
            "CR" => b"\r",
            "none" => b"",
            other => {
                return Err(format!(
                    "`line_end = {other:?}`: one of \"CRLF\", \"LF\", \"CR\", \"none\""
                ))
            }
        };
        Op::LineEnd {
            record: e.record,
            end,
        }
    } else if has("delete") && only(&["delete"]) {
        Op::Remove
    } else if has("delete") && has("record") && only(&["delete", "record"]) {
        Op::DeleteRecord {
            record: e.record.unwrap_or(1),
        }
    } else if has("insert") && content && only(&["insert", "value", "hex"]) {
        Op::InsertRecord {
            at: e.insert.unwrap_or(1),
            bytes: bytes.unwrap_or_default(),
        }
    } else if has("field") && content && only(&["record", "field", "value", "hex"]) {
        Op::SetField {
            record: e.record,
            field: e.field.unwrap_or(1),
            bytes: bytes.unwrap_or_default(),
        }
    } else if has("record") && content && only(&["record", "value", "hex"]) {
        Op::SetRecord {
            record: e.record.unwrap_or(1),
            bytes: bytes.unwrap_or_default(),
        }
    } else if content && only(&["value", "hex"]) {
        Op::SetContent(bytes.unwrap_or_default())
    } else {
        return Err(format!(
            "cannot tell what to do with {}: an edit sets a field (record, field, value/hex), a record (record, value/hex), \
             inserts one (insert, value/hex), deletes one (record, delete), sets line ends (line_end[, record]), \
             adds bytes (prepend/append), sets the whole file (value/hex), or renames, deletes or copies the file (rename, delete, copy)",
            if present.is_empty() {
                "only `file`".to_string()
            } else {
                present.iter().map(|k| format!("`{k}`")).collect::<Vec<_>>().join(", ")
            }
        ));
    };
    Ok(Edit {
        line,
        number,
        file: e.file.clone(),
        op,
    })
}

/// The files of a case, by name.
pub type Files = BTreeMap<String, Vec<u8>>;

/// The name of the blessed findings of a case (not one of its files).
pub const FINDINGS_FILE: &str = "findings.txt";

/// How deep bases (and copies from other cases) may chain.
const MAX_CHAIN: usize = 8;

fn error(case_toml: &Path, line: Option<usize>, message: String) -> ManifestError {
    ManifestError {
        path: case_toml.to_path_buf(),
        message: match line {
            Some(l) => format!("line {l}: {message}"),
            None => message,
        },
    }
}

/// The regular files directly in a case's directory, other than its
/// manifest and blessed findings. Links are never followed, and a folder
/// holding its own case.toml is another case whose files are not read; any
/// other folder is an error (a case's files sit in its own directory).
pub fn own_files(tree: Tree, dir: &Path) -> Result<Files, ManifestError> {
    let case_toml = dir.join("case.toml");
    let io = |e: std::io::Error| error(&case_toml, None, format!("{}: {e}", dir.display()));
    let mut files = Files::new();
    for (name, kind) in tree.entries(dir).map_err(io)? {
        let path = dir.join(&name);
        if kind == Kind::Dir {
            if tree.is_file(&path.join("case.toml")) {
                continue;
            }
            return Err(error(
                &case_toml,
                None,
                format!(
                    "folder `{}` is not part of the case: a case's files sit in its own directory (a folder with its own case.toml is another case)",
                    crate::report::printable(&name)
                ),
            ));
        }
        if kind != Kind::File || name == "case.toml" || name == FINDINGS_FILE {
            continue;
        }
        let bytes = tree.read(&path).map_err(io)?;
        files.insert(name, bytes);
    }
    Ok(files)
}

/// The files a case checks: its base's (those named in `base_files`, or
/// all), its own, then its edits applied in order.
pub fn files(case: &Case) -> Result<Files, ManifestError> {
    let mut chain = vec![case.dir.clone()];
    resolve(&case.root, &case.dir, &case.manifest, &mut chain)
}

/// The manifest of another case, named by its path under the root.
fn load(root: &Folder, rel: &str) -> Result<(PathBuf, Manifest), String> {
    // Links are never followed: another case is reached by its folders.
    let mut at = root.path.clone();
    for part in rel.split('/') {
        at.push(part);
        if root.tree.is_link(&at) {
            return Err(format!(
                "`{rel}` passes through a link, which is not followed"
            ));
        }
    }
    let dir = root.join(rel);
    let path = dir.join("case.toml");
    let text = root
        .tree
        .read_to_string(&path)
        .map_err(|_| format!("no case `{rel}` (no case.toml in {})", dir.display()))?;
    let m = super::parse_manifest(&text, &path).map_err(|e| e.to_string())?;
    Ok((dir, m))
}

fn resolve(
    root: &Folder,
    dir: &Path,
    m: &Manifest,
    chain: &mut Vec<PathBuf>,
) -> Result<Files, ManifestError> {
    let case_toml = dir.join("case.toml");
    let mut files = Files::new();
    if let Some(base) = &m.base {
        let err = |msg: String| error(&case_toml, Some(base.line), msg);
        let (bdir, bm) = load(root, &base.path).map_err(|e| err(format!("base: {e}")))?;
        if chain.contains(&bdir) || chain.len() >= MAX_CHAIN {
            return Err(err(format!(
                "base `{}` leads back to this case or chains more than {MAX_CHAIN} deep",
                base.path
            )));
        }
        chain.push(bdir.clone());
        let all = resolve(root, &bdir, &bm, chain)?;
        chain.pop();
        match &m.base_files {
            None => files = all,
            Some(names) => {
                for n in names {
                    let Some(b) = all.get(n) else {
                        return Err(err(format!(
                            "base_files: `{n}` is not a file of base `{}` (its files: {})",
                            base.path,
                            all.keys().cloned().collect::<Vec<_>>().join(", ")
                        )));
                    };
                    files.insert(n.clone(), b.clone());
                }
            }
        }
    }
    for (name, bytes) in own_files(root.tree, dir)? {
        if files.contains_key(&name) {
            return Err(error(
                &case_toml,
                m.base.as_ref().map(|b| b.line),
                format!("`{name}` is both in the case directory and in its base: remove one, or give the base's a new name with an edit"),
            ));
        }
        files.insert(name, bytes);
    }
    for e in &m.edits {
        apply(root, &mut files, e, chain).map_err(|msg| {
            error(
                &case_toml,
                Some(e.line),
                format!("edit {}: {msg}", e.number),
            )
        })?;
    }
    Ok(files)
}

/// Where each record of a file starts and ends: (start, end of content,
/// end including the line end).
struct Span {
    start: usize,
    content_end: usize,
    end: usize,
    fields: Vec<(usize, usize)>,
}

fn records(data: &[u8]) -> Vec<Span> {
    let bom = if data.starts_with(&[0xEF, 0xBB, 0xBF]) {
        3
    } else {
        0
    };
    Records::new(data, bom)
        .map(|r| {
            let n = r.fields.len();
            let fields = (0..n)
                .map(|i| {
                    let s = r.fields[i].start;
                    let e = if i + 1 < n {
                        r.fields[i + 1].start - 1
                    } else {
                        r.end_offset
                    };
                    (s, e)
                })
                .collect();
            let end_len = match r.end {
                RecordEnd::CrLf => 2,
                RecordEnd::Lf | RecordEnd::Cr => 1,
                RecordEnd::Eof => 0,
            };
            Span {
                start: r.start,
                content_end: r.end_offset,
                end: r.end_offset + end_len,
                fields,
            }
        })
        .collect()
}

fn record(spans: &[Span], n: u32) -> Result<&Span, String> {
    spans.get(n as usize - 1).ok_or_else(|| {
        format!(
            "record {n} is out of range: the file has {} records",
            spans.len()
        )
    })
}

fn apply(
    root: &Folder,
    files: &mut Files,
    e: &Edit,
    chain: &mut Vec<PathBuf>,
) -> Result<(), String> {
    let missing = |files: &Files| {
        format!(
            "no file `{}` in the case (its files: {})",
            e.file,
            files.keys().cloned().collect::<Vec<_>>().join(", ")
        )
    };
    match &e.op {
        Op::SetContent(b) => {
            files.insert(e.file.clone(), b.clone());
            return Ok(());
        }
        Op::Copy(from) => {
            if files.contains_key(&e.file) {
                return Err(format!("`{}` already exists", e.file));
            }
            let bytes = match from.rsplit_once('/') {
                None => files
                    .get(from)
                    .cloned()
                    .ok_or_else(|| format!("copy: no file `{from}` in the case"))?,
                Some((case, name)) => {
                    let (dir, m) = load(root, case).map_err(|x| format!("copy: {x}"))?;
                    if chain.contains(&dir) || chain.len() >= MAX_CHAIN {
                        return Err(format!(
                            "copy: `{case}` leads back to this case or chains more than {MAX_CHAIN} deep"
                        ));
                    }
                    chain.push(dir.clone());
                    let other = resolve(root, &dir, &m, chain).map_err(|x| x.to_string());
                    chain.pop();
                    other?
                        .remove(name)
                        .ok_or_else(|| format!("copy: no file `{name}` in case `{case}`"))?
                }
            };
            files.insert(e.file.clone(), bytes);
            return Ok(());
        }
        _ => {}
    }
    if !files.contains_key(&e.file) {
        return Err(missing(files));
    }
    match &e.op {
        Op::Rename(to) => {
            if files.contains_key(to) {
                return Err(format!("cannot rename to `{to}`: the case has that file"));
            }
            let b = files.remove(&e.file).unwrap_or_default();
            files.insert(to.clone(), b);
            return Ok(());
        }
        Op::Remove => {
            files.remove(&e.file);
            return Ok(());
        }
        _ => {}
    }
    let data = files.get_mut(&e.file).ok_or_else(|| e.file.clone())?;
    let spans = records(data);
    match &e.op {
        Op::SetField {
            record: r,
            field,
            bytes,
        } => {
            let which: Vec<(u32, &Span)> = match r {
                Some(r) => vec![(*r, record(&spans, *r)?)],
                None => (1..).zip(spans.iter()).collect(),
            };
            let mut ranges = Vec::new();
            for (n, s) in which {
                ranges.push(*s.fields.get(*field as usize - 1).ok_or_else(|| {
                    format!(
                        "field No.{field} is out of range: record {n} has {} fields",
                        s.fields.len()
                    )
                })?);
            }
            for (a, b) in ranges.into_iter().rev() {
                data.splice(a..b, bytes.iter().copied());
            }
        }
        Op::SetRecord { record: r, bytes } => {
            let s = record(&spans, *r)?;
            data.splice(s.start..s.content_end, bytes.iter().copied());
        }
        Op::InsertRecord { at, bytes } => {
            let mut new = bytes.clone();
            new.extend_from_slice(b"\r\n");
            let n = spans.len() as u32;
            if *at <= n {
                let s = record(&spans, *at)?;
                data.splice(s.start..s.start, new);
            } else if *at == n + 1 {
                if spans.last().is_some_and(|s| s.end == s.content_end) {
                    return Err(format!(
                        "record {n} has no line end: set its line_end before adding a record after it"
                    ));
                }
                data.extend_from_slice(&new);
            } else {
                return Err(format!(
                    "insert = {at} is out of range: the file has {n} records (at most {})",
                    n + 1
                ));
            }
        }
        Op::DeleteRecord { record: r } => {
            let s = record(&spans, *r)?;
            data.drain(s.start..s.end);
        }
        Op::LineEnd { record: r, end } => {
            let which: Vec<&Span> = match r {
                Some(r) => vec![record(&spans, *r)?],
                None => spans.iter().collect(),
            };
            for s in which.into_iter().rev() {
                data.splice(s.content_end..s.end, end.iter().copied());
            }
        }
        Op::Prepend(b) => {
            data.splice(0..0, b.iter().copied());
        }
        Op::Append(b) => data.extend_from_slice(b),
        Op::SetContent(_) | Op::Copy(_) | Op::Rename(_) | Op::Remove => {}
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn spec(toml_text: &str) -> Result<Edit, String> {
        let s: EditSpec = toml::from_str(toml_text).map_err(|e| e.to_string())?;
        validate(&s, 1, 1)
    }

    fn run(data: &[u8], edit: &str) -> Result<Vec<u8>, String> {
        let e = spec(&format!("file = \"A.CSV\"\n{edit}"))?;
        let mut files = Files::new();
        files.insert("A.CSV".into(), data.to_vec());
        apply(&Folder::on_disk("."), &mut files, &e, &mut Vec::new())?;
        Ok(files.remove("A.CSV").unwrap_or_default())
    }

    const DATA: &[u8] = b"a,\"b,\"\"c\",d\r\n1,2,3\r\n";

    #[test]
    fn a_field_is_replaced_as_written_between_its_commas() {
        assert_eq!(
            run(DATA, "record = 1\nfield = 2\nvalue = 'x'").unwrap(),
            b"a,x,d\r\n1,2,3\r\n"
        );
        assert_eq!(
            run(DATA, "record = 2\nfield = 3\nhex = '22 93 fa 22'").unwrap(),
            b"a,\"b,\"\"c\",d\r\n1,2,\"\x93\xfa\"\r\n"
        );
        assert_eq!(
            run(DATA, "field = 1\nvalue = 'v'").unwrap(),
            b"v,\"b,\"\"c\",d\r\nv,2,3\r\n"
        );
        assert_eq!(
            run(DATA, "record = 2\nfield = 1\nvalue = '日'").unwrap(),
            b"a,\"b,\"\"c\",d\r\n\x93\xfa,2,3\r\n"
        );
    }

    #[test]
    fn records_are_set_inserted_deleted_and_ended() {
        assert_eq!(
            run(DATA, "record = 2\nvalue = 'z'").unwrap(),
            b"a,\"b,\"\"c\",d\r\nz\r\n"
        );
        assert_eq!(
            run(DATA, "insert = 2\nvalue = ''").unwrap(),
            b"a,\"b,\"\"c\",d\r\n\r\n1,2,3\r\n"
        );
        assert_eq!(
            run(DATA, "insert = 3\nvalue = 'h'").unwrap(),
            b"a,\"b,\"\"c\",d\r\n1,2,3\r\nh\r\n"
        );
        assert_eq!(
            run(DATA, "record = 1\ndelete = true").unwrap(),
            b"1,2,3\r\n"
        );
        assert_eq!(
            run(DATA, "line_end = 'LF'").unwrap(),
            b"a,\"b,\"\"c\",d\n1,2,3\n"
        );
        assert_eq!(
            run(DATA, "record = 2\nline_end = 'none'").unwrap(),
            b"a,\"b,\"\"c\",d\r\n1,2,3"
        );
        assert_eq!(
            run(DATA, "prepend = 'EF BB BF'").unwrap()[..4],
            *b"\xef\xbb\xbfa"
        );
        assert_eq!(run(b"x", "append = '0000'").unwrap(), b"x\0\0");
    }

    #[test]
    fn out_of_range_positions_are_errors() {
        assert!(run(DATA, "record = 3\nfield = 1\nvalue = ''")
            .unwrap_err()
            .contains("record 3 is out of range: the file has 2 records"));
        assert!(run(DATA, "record = 2\nfield = 4\nvalue = ''")
            .unwrap_err()
            .contains("field No.4 is out of range: record 2 has 3 fields"));
        assert!(run(DATA, "insert = 4\nvalue = ''")
            .unwrap_err()
            .contains("out of range"));
    }

    #[test]
    fn an_edit_does_exactly_one_thing() {
        for bad in [
            "",
            "record = 1",
            "record = 1\nfield = 2",
            "field = 2\ninsert = 1\nvalue = 'x'",
            "value = 'x'\nhex = '00'",
            "rename = 'B.CSV'\nrecord = 1",
            "delete = false",
            "record = 0\nvalue = ''",
            "line_end = 'crlf'",
            "hex = 'xyz'",
            "hex = '0'",
            "rename = '../B.CSV'",
            "copy = '../x/B.CSV'",
            "copy = 'group/case'",
            "value = '😀'",
        ] {
            assert!(
                spec(&format!("file = \"A.CSV\"\n{bad}")).is_err(),
                "accepted: {bad}"
            );
        }
        assert!(spec("file = \"A.CSV\"\nfeild = 1")
            .unwrap_err()
            .contains("unknown field"));
        assert!(spec("file = \"../A.CSV\"\ndelete = true").is_err());
        assert!(spec("file = \"/etc/A.CSV\"\ndelete = true").is_err());
    }

    #[test]
    fn files_are_renamed_removed_created_and_copied() {
        let mut files = Files::new();
        files.insert("A.CSV".into(), b"1\r\n".to_vec());
        let mut chain = Vec::new();
        for (t, _) in [
            ("file = 'B.CSV'\ncopy = 'A.CSV'", ()),
            ("file = 'A.CSV'\nrename = 'C.CSV'", ()),
            ("file = 'B.CSV'\ndelete = true", ()),
            ("file = 'D.CSV'\nvalue = \"2\\r\\n\"", ()),
        ] {
            let e = spec(t).unwrap();
            apply(&Folder::on_disk("."), &mut files, &e, &mut chain).unwrap();
        }
        assert_eq!(
            files.into_iter().collect::<Vec<_>>(),
            vec![
                ("C.CSV".to_string(), b"1\r\n".to_vec()),
                ("D.CSV".to_string(), b"2\r\n".to_vec())
            ]
        );
    }
}
