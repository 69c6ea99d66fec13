//! What a check produces, shared by every level that reads it: the parts of
//! a file's name, the keys of its records, the result of checking one file
//! and of a whole run. Only the leaf types of [`crate::finding`] are used
//! here, so that rules, checks and reports can all depend on this module
//! without depending on each other.

use crate::finding::{Finding, Position, Severity};

/// What the name says, as far as it could be read.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FileName {
    /// The kind the file is checked as (the prefix, or the known prefix a
    /// misspelt one was taken for).
    pub kind: Option<String>,
    pub month: Option<String>,
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
    pub keys: Vec<RecordKey>,
    /// Whether every data record was well-formed (so `keys` is complete).
    pub keys_complete: bool,
}

/// One key field of a record: its value, position and name.
#[derive(Debug, Clone, Default)]
pub struct KeyField {
    pub value: String,
    pub pos: Position,
    /// The field's name in the layout (borrowed: the revision data lives as
    /// long as the program, and a name per record would cost an allocation).
    pub name: &'static str,
}

/// A record's key fields, with the positions of the fields that relate it
/// to other files.
#[derive(Debug, Clone, Default)]
pub struct RecordKey {
    pub record: u32,
    pub insurer: String,
    pub insured: String,
    /// 居宅サービス計画作成（変更）日 (UP1KYO, UP2KYO, UP3KYO, UPHOSOKU No.4).
    pub plan_date: Option<KeyField>,
    /// 対象年月 (the service-use files; UPHOSOKU No.63).
    pub month: Option<KeyField>,
    pub service_code: Option<String>,
    /// UPKIHON No.62, the family-structure image this record names.
    pub image_name: Option<KeyField>,
    /// False when a key field (保険者番号, 被保険者番号, the plan date or the
    /// month) already carries an error finding: relation rules then stay
    /// silent rather than repeat it.
    pub key_valid: bool,
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
