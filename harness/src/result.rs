//! What a check produces, shared by every level that reads it: the parts of
//! a file's name, the keys of its records, the result of checking one file
//! and of a whole run. Only the leaf types of [`crate::finding`] are used
//! here, so that rules, checks and reports can all depend on this module
//! without depending on each other.

use std::collections::{BTreeMap, BTreeSet};

use crate::finding::{Finding, Position, Severity};

/// What the name says, as far as it could be read.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FileName {
    /// The kind the file is checked as (the prefix, or the known prefix a
    /// misspelt one was taken for).
    pub kind: Option<String>,
    pub month: Option<String>,
    /// Whether the month is the kind's placeholder (UPHOSOKU's 000000: the
    /// file goes with the plan set, not with a month's service-use files).
    pub month_is_placeholder: bool,
    pub sender: Option<String>,
    pub sender_kind: Option<String>,
    pub receiver: Option<String>,
    pub receiver_kind: Option<String>,
    /// The 14-digit ファイル連番, when it is one.
    pub timestamp: Option<String>,
    /// The 4-digit branch number of a family-structure image.
    pub branch: Option<String>,
}

/// The result of checking one file.
#[derive(Debug, Clone)]
pub struct FileResult {
    pub file: String,
    pub path: String,
    /// The kind the file was checked as, when its name told.
    pub kind: Option<String>,
    /// Data records checked (header and blank lines excluded).
    pub records: u32,
    pub bytes: u64,
    pub findings: Vec<Finding>,
    /// What the name says (kind, month, parties, ファイル連番).
    pub name: FileName,
    /// The revision the file was checked against.
    pub revision: String,
    /// The key fields of every well-formed data record, for the rules that
    /// relate files (send units, relations).
    pub keys: Keys,
    /// Whether every data record was well-formed (so `keys` is complete).
    pub keys_complete: bool,
    /// Copies of the records the findings point at, for reports that show
    /// them (bounded as the reports bound their record tables).
    pub record_copies: RecordCopies,
}

/// One key field of a record: its value, position and name.
#[derive(Debug, Clone, Copy, Default)]
pub struct KeyField<'a> {
    pub value: &'a str,
    pub pos: Position,
    /// The field's name in the layout.
    pub name: &'static str,
    /// Whether the value is masked in findings (see `FieldSpec::masks`).
    pub personal: bool,
}

/// A record's key fields, with the positions of the fields that relate it
/// to other files.
#[derive(Debug, Clone, Copy, Default)]
pub struct RecordKey<'a> {
    pub record: u32,
    pub insurer: &'a str,
    pub insured: &'a str,
    /// 居宅サービス計画作成（変更）日 (UP1KYO, UP2KYO, UP3KYO, UPHOSOKU No.4).
    pub plan_date: Option<KeyField<'a>>,
    /// 対象年月 (the service-use files; UPHOSOKU No.63).
    pub month: Option<KeyField<'a>>,
    /// UPKIHON No.62, the family-structure image this record names.
    pub image_name: Option<KeyField<'a>>,
    /// False when a key field (保険者番号, 被保険者番号, the plan date or the
    /// month) already carries an error finding: relation rules then stay
    /// silent rather than repeat it.
    pub key_valid: bool,
}

/// Which field of the layout a key field is: its name and No.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct KeyFieldSpec {
    pub name: &'static str,
    pub no: u16,
}

/// The keys of a file's data records, kept compactly: each distinct value
/// once (a 第6表 repeats one user's keys on every line of the month), and
/// per record numbers into that table and the positions of its fields —
/// a few dozen bytes a record, no allocation per record.
#[derive(Debug, Clone, Default)]
pub struct Keys {
    values: Vec<Box<str>>,
    index: std::collections::HashMap<Box<str>, u32>,
    /// The fields the keys come from: plan date, month, image name.
    fields: [Option<KeyFieldSpec>; 3],
    /// In blocks of [`KEY_BLOCK`] records: no allocation grows with the
    /// file (an allocator keeps large freed blocks mapped for reuse, and a
    /// folder of large files would hold the largest ever freed).
    records: Vec<Vec<PackedKey>>,
}

/// Records per block of [`Keys`].
const KEY_BLOCK: usize = 2048;

/// A record's keys: value numbers in [`Keys::values`].
#[derive(Debug, Clone, Copy)]
struct PackedKey {
    record: u32,
    insurer: u32,
    insured: u32,
    /// Plan date, month, image name.
    fields: [PackedField; 3],
    /// Bits 0-2: the field is masked in findings; bit 3: the key is valid.
    flags: u8,
}

const KEY_VALID: u8 = 1 << 3;

/// A key field: its value number ([`NONE`] when the record has no such
/// field), and where it starts.
#[derive(Debug, Clone, Copy)]
struct PackedField {
    value: u32,
    line: u32,
    byte: u64,
}

const NONE: u32 = u32::MAX;

/// What a record gives [`Keys::push`] for one key field.
#[derive(Debug, Clone, Copy)]
pub struct KeyValue<'a> {
    pub value: &'a str,
    pub byte: usize,
    pub line: u32,
    pub personal: bool,
}

impl Keys {
    /// Keys for records whose plan date, month and image name come from
    /// these fields of the layout.
    pub fn new(
        plan_date: Option<KeyFieldSpec>,
        month: Option<KeyFieldSpec>,
        image_name: Option<KeyFieldSpec>,
    ) -> Keys {
        Keys {
            fields: [plan_date, month, image_name],
            ..Keys::default()
        }
    }

    /// The number of value `v`; `near` is the number a neighbouring record
    /// had, tried first (records of one user repeat their keys).
    fn intern(&mut self, v: &str, near: u32) -> u32 {
        if near != NONE && *self.values[near as usize] == *v {
            return near;
        }
        if let Some(&i) = self.index.get(v) {
            return i;
        }
        let i = u32::try_from(self.values.len()).unwrap_or(NONE - 1);
        self.values.push(v.into());
        self.index.insert(v.into(), i);
        i
    }

    /// Adds a record's keys. `fields` are the plan date, the month and the
    /// image name, as far as the layout has them; an empty image name is
    /// no image name.
    pub fn push(
        &mut self,
        record: u32,
        insurer: &str,
        insured: &str,
        fields: [Option<KeyValue<'_>>; 3],
        key_valid: bool,
    ) {
        let prev = self.records.last().and_then(|b| b.last()).copied();
        let insurer = self.intern(insurer, prev.map_or(NONE, |p| p.insurer));
        let insured = self.intern(insured, prev.map_or(NONE, |p| p.insured));
        let mut packed = [PackedField {
            value: NONE,
            line: 0,
            byte: 0,
        }; 3];
        let mut flags = if key_valid { KEY_VALID } else { 0 };
        for (i, f) in fields.iter().enumerate() {
            let Some(f) = f else { continue };
            if i == 2 && f.value.is_empty() {
                continue;
            }
            packed[i] = PackedField {
                value: self.intern(f.value, prev.map_or(NONE, |p| p.fields[i].value)),
                line: f.line,
                byte: f.byte as u64,
            };
            if f.personal {
                flags |= 1 << i;
            }
        }
        if self.records.last().is_none_or(|b| b.len() == KEY_BLOCK) {
            self.records.push(Vec::with_capacity(KEY_BLOCK));
        }
        if let Some(b) = self.records.last_mut() {
            b.push(PackedKey {
                record,
                insurer,
                insured,
                fields: packed,
                flags,
            });
        }
    }

    /// Drops what is only needed while keys are added.
    pub fn seal(&mut self) {
        self.index = Default::default();
        self.values.shrink_to_fit();
    }

    pub fn len(&self) -> usize {
        self.records.iter().map(Vec::len).sum()
    }

    pub fn is_empty(&self) -> bool {
        self.records.is_empty()
    }

    /// The records' keys, in record order.
    pub fn iter(&self) -> impl Iterator<Item = RecordKey<'_>> + '_ {
        self.records.iter().flatten().map(move |k| {
            let field = |i: usize| {
                let f = &k.fields[i];
                let spec = self.fields[i]?;
                (f.value != NONE).then(|| KeyField {
                    value: &self.values[f.value as usize],
                    pos: Position {
                        byte: Some(f.byte),
                        line: Some(f.line),
                        record: Some(k.record),
                        field_no: Some(spec.no),
                    },
                    name: spec.name,
                    personal: k.flags & (1 << i) != 0,
                })
            };
            RecordKey {
                record: k.record,
                insurer: &self.values[k.insurer as usize],
                insured: &self.values[k.insured as usize],
                plan_date: field(0),
                month: field(1),
                image_name: field(2),
                key_valid: k.flags & KEY_VALID != 0,
            }
        })
    }
}

/// Everything one `check` produced.
#[derive(Debug)]
pub struct Run {
    /// The revision forced with `--spec`; `None` when picked per file.
    pub revision: Option<String>,
    /// The paths given on the command line, as given.
    pub paths: Vec<String>,
    pub files: Vec<FileResult>,
    /// Paths that could not be read: usage or I/O errors, not findings.
    pub io_errors: Vec<String>,
    /// Files named on their own: checked alone, without the send-unit rules.
    pub files_checked_alone: usize,
}

impl Run {
    pub fn findings(&self) -> impl Iterator<Item = &Finding> {
        self.files.iter().flat_map(|f| f.findings.iter())
    }
    pub fn count(&self, s: Severity) -> usize {
        self.findings().filter(|f| f.severity() == s).count()
    }
    /// 0: no error-level finding; 1: at least one; 2: a path could not be read.
    pub fn exit_code(&self) -> i32 {
        if !self.io_errors.is_empty() {
            2
        } else if self.count(Severity::Error) > 0 {
            1
        } else {
            0
        }
    }
}

// ------------------------------------------------------------ record copies

/// Record tables a report shows per file: the records of the first this
/// many findings that point at a record.
pub const MAX_RECORD_TABLES_PER_FILE: usize = 1000;

/// Characters of one value kept in a record copy (and shown in a record
/// table); a longer value keeps its first ones and the count of all.
pub const MAX_VALUE_CHARS: usize = 200;

/// Bytes of record tables a report writes per file: past it, findings are
/// listed without their records.
pub const MAX_RECORD_TABLE_BYTES_PER_FILE: usize = 4 * 1024 * 1024;

/// One value of a copied record: its first [`MAX_VALUE_CHARS`] characters
/// and how many it has.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CopiedValue {
    pub text: String,
    pub chars: usize,
}

impl CopiedValue {
    pub fn new(v: &str) -> CopiedValue {
        let chars = v.chars().count();
        let text = if chars > MAX_VALUE_CHARS {
            v.chars().take(MAX_VALUE_CHARS).collect()
        } else {
            v.to_string()
        };
        CopiedValue { text, chars }
    }
}

/// A record a finding points at, decoded as the check decoded it, kept so
/// that a report can show it without reading the file again.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RecordCopy {
    /// The fields' values (at most `input::records::MAX_FIELDS`).
    pub values: Vec<CopiedValue>,
    /// How many fields the record has.
    pub field_count: usize,
    pub blank: bool,
}

impl RecordCopy {
    /// Fewer bytes than the record's table takes in any report (every value
    /// is at least one byte a character and some 60 bytes of markup): what
    /// the copies of a file are counted by against
    /// [`MAX_RECORD_TABLE_BYTES_PER_FILE`].
    pub fn table_bytes_at_least(&self) -> usize {
        if self.blank {
            return 0;
        }
        self.values
            .iter()
            .map(|v| 60 + v.chars.min(MAX_VALUE_CHARS))
            .sum()
    }
}

/// The records of a file that its findings point at, as far as reports show
/// them.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub enum RecordCopies {
    /// The check was not asked to keep records.
    #[default]
    NotKept,
    Kept(BTreeMap<u32, RecordCopy>),
    /// The file is not read as CSV (the family image, a UTF-16 file).
    NotCsv,
    /// Records that only the rules across files point at had to be read
    /// again after the check, and the file was no longer what was checked.
    Changed,
    /// … or could not be read again.
    Unreadable,
}

/// The records whose copies a report can show for these findings (sorted
/// as a file's findings are): those of the first
/// [`MAX_RECORD_TABLES_PER_FILE`] findings that point at a record, until
/// the tables of the copies at hand pass [`MAX_RECORD_TABLE_BYTES_PER_FILE`].
/// A record without a copy yet counts no bytes, so the set is never smaller
/// than what a report shows.
pub fn records_to_copy(findings: &[Finding], copies: &BTreeMap<u32, RecordCopy>) -> BTreeSet<u32> {
    let mut out = BTreeSet::new();
    let (mut tables, mut bytes) = (0usize, 0usize);
    for r in findings.iter().filter_map(|f| f.pos.record) {
        if tables >= MAX_RECORD_TABLES_PER_FILE || bytes > MAX_RECORD_TABLE_BYTES_PER_FILE {
            break;
        }
        tables += 1;
        out.insert(r);
        if let Some(c) = copies.get(&r) {
            bytes += c.table_bytes_at_least();
        }
    }
    out
}
