//! What a rule found and what it expected, as values. A rule states a fact
//! with each finding; `messages` renders it in the language a
//! report asks for. Rule code holds no message text.

use crate::spec::RelationKey;

/// The sender or the receiver a file name gives.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Party {
    Sender,
    Receiver,
}

/// The shape a value of a field must have.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Shape {
    Yyyymm,
    RealDate,
    Hhmm,
    /// HHMM, or the placeholder for a service without a time.
    HhmmOr(String),
    AsciiDigits,
    Integer,
    Decimal,
    Postal,
    DailyRateDays,
    OfficeNumber,
    InsuredNumber,
    InsurerNumber,
    TaisCode,
    ServiceKindCode,
    ServiceCode,
    /// YYYYMMDD for a value that is not 8 digits at all (a 和暦 date, one
    /// with separators); `hint`: the date it names, as YYYYMMDD.
    DateDigits {
        hint: Option<String>,
    },
    /// HHMM (or the placeholder) for a time written otherwise; `hint`: the
    /// time it names, as HHMM.
    TimeDigits {
        placeholder: Option<String>,
        hint: String,
    },
}

/// How a value that would be right is written otherwise.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Respelling {
    /// Full-width digits or letters where ASCII is wanted.
    FullWidth,
    /// Spaces before or after the value (fixed-width padding).
    Spaces,
    /// Digits short of a fixed length that pass once padded with leading
    /// zeros (a spreadsheet took the value for a number): the length.
    LeadingZeros(u16),
}

/// A place of a file name after the prefix.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum NameSlot {
    Month,
    Sender,
    SenderKind,
    Receiver,
    ReceiverKind,
    Timestamp,
    Branch,
}

/// Why the segments of a name could not be placed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SegmentProblem {
    /// The segment at this place of the name (the prefix is 1) is empty.
    Empty(usize),
    /// So many segments after the prefix, where the kind has `expected`.
    Count { found: usize, expected: usize },
    /// The segments there are fit the kind's places once these are taken
    /// as left out.
    Missing(Vec<NameSlot>),
    /// These places are there but empty (two '_' in a row).
    EmptySlots(Vec<NameSlot>),
}

/// A departure of a record's values from its layout, as an alignment of
/// the values to the fields finds it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Gap {
    /// No value stands for this field No.
    Missing(u16),
    /// `count` values stand between field No. `after` and the next (0:
    /// before No.1).
    Extra { after: u16, count: u16 },
    /// The value of this field No. holds a comma and is not enclosed in
    /// quotes, so it was read as two fields (`1,244`).
    Split(u16),
}

/// Where the values of a record with another number of fields than its
/// layout were placed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FieldAlignment {
    /// The values fit the layout once `gaps` are allowed for, and are
    /// checked where they fit; the fields in `unchecked` could be given
    /// more than one value and are not checked. `layout_of`: the record
    /// has exactly the fields of this other revision's layout of the kind.
    Gaps {
        gaps: Vec<Gap>,
        unchecked: Vec<u16>,
        layout_of: Option<String>,
    },
    /// No alignment fits with confidence: the first `checked` fields were
    /// checked where they stand, the rest not. `day_columns`: the record
    /// holds a run of `days` day columns (the printed 第6表's grid) where
    /// the layout has one service day per record, in field No. `date_no`
    /// `date_name`.
    Prefix {
        checked: u16,
        day_columns: Option<DayColumns>,
    },
}

/// A quoting departure as often as it occurs in a file: said once, at its
/// first occurrence, with the count and the fields (No., name, count).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct QuotingPattern {
    pub total: u32,
    pub fields: Vec<(u16, String, u32)>,
}

/// Day columns found in a record of a layout with one service day per record.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DayColumns {
    pub days: u16,
    pub date_no: u16,
    pub date_name: String,
}

/// Why a file holds no data record.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Emptiness {
    ZeroBytes,
    HeaderOnly,
    NoRecord,
}

/// A fact a rule states with a finding: what it expected, and what is wrong
/// where the rule's title does not say it all.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Fact {
    // ---------------------------------------------------------------- name
    /// A misspelt prefix, read as the nearest kind.
    PrefixTakenFor {
        written: String,
        taken: String,
    },
    /// A prefix like none of the revision's kinds; `content`: the kind the
    /// records resemble (and its table's name), checked as that kind.
    PrefixUnknown {
        written: String,
        kinds: Vec<String>,
        content: Option<(String, String)>,
    },
    /// The extension is not one the kind's names take; `appended`: a
    /// second extension after an allowed one (`….CSV.txt`).
    Extensions {
        allowed: Vec<String>,
        appended: Option<String>,
    },
    /// The name's segments do not fit the kind's pattern.
    NamePattern {
        pattern: String,
        problem: SegmentProblem,
    },
    /// A month segment that is not a month; `placeholder` is the value the
    /// kind's names may carry instead (UPHOSOKU: 000000).
    NameMonth {
        placeholder: Option<String>,
    },
    NameBranch,
    NameOffice {
        party: Party,
    },
    NameOfficeCheckDigit {
        party: Party,
        digit: u32,
    },
    NameServiceKind {
        party: Party,
    },
    NameServiceKindScope {
        party: Party,
        kind: String,
        kind_name: String,
    },
    NameTimestamp,
    NameSameOffice,
    /// The sender and receiver kinds go the wrong way for the file's
    /// direction; `care_management` are the kinds that make plans.
    NameDirection {
        plan_side: bool,
        care_management: Vec<String>,
    },

    // ------------------------------------------------------------ encoding
    Utf8Bom,
    Utf16Bom,
    Utf8,
    NotMs932,
    Gaiji,
    Nul,
    /// A file whose first bytes are those of another format: `ZIP`, `XLS`,
    /// `PDF`, `PNG`, `JPEG`.
    OtherFormat {
        format: String,
    },
    /// A family image without its JPEG start (`at_start`) or end marker.
    NotJpeg {
        at_start: bool,
    },

    // ----------------------------------------------------------- structure
    TooLarge {
        limit: u64,
    },
    Empty(Emptiness),
    StrayQuote,
    UnterminatedQuote,
    /// Records end with LF or CR (`found`), `more` besides the first.
    LineEnd {
        found: String,
        more: u32,
    },
    FinalLineEnd,
    HeaderRow,
    FieldCount {
        expected: usize,
        kind: String,
        found: usize,
        alignment: FieldAlignment,
    },
    /// Free text without quotes; `pattern`: how often in the file, by field.
    FreeTextUnquoted(QuotingPattern),
    /// A field that is not free text in quotes; `pattern` as above.
    QuotedNonFreeText(QuotingPattern),

    // --------------------------------------------------------------- field
    FixedValue {
        value: String,
    },
    Unused,
    Shape(Shape),
    Length {
        want: u16,
        fixed: bool,
        /// Counted in digits (else in MS932 bytes).
        digits: bool,
        actual: usize,
    },
    Codes {
        codes: Vec<(String, String)>,
    },
    /// A code's label where its code is wanted (「要介護2」 for 22).
    CodeLabel {
        code: String,
        label: String,
    },
    /// A value that would pass once written as the standard wants
    /// (`how`); `fact` is what the rule says of it as it is.
    Respelled {
        how: Respelling,
        fact: Box<Fact>,
    },
    OfficeCheckDigit {
        digit: u32,
    },
    InsurerCheckDigit {
        body: String,
        digit: u32,
    },
    ServiceKindScope {
        kind: String,
        kind_name: String,
    },
    /// A 第7表 subtotal or total code in a file that is not the 第7表.
    SummaryCodeOutsideSikyu,
    WelfareEquipmentCode {
        code: String,
    },
    DetailCode {
        code: String,
    },
    UseDateMonth {
        month: String,
    },

    // ---------------------------------------------------------------- file
    MonthMismatch {
        name_month: String,
    },
    /// The numbers of a plan row go back below those of the row above.
    Numbering {
        previous: String,
    },
    CsvVersionMixed {
        first: String,
    },
    /// The file's CSVバージョン belongs to another edition.
    CsvVersionOtherEdition {
        expected: String,
        revision: String,
        found: String,
        edition: String,
    },
    CsvVersionUnknown {
        expected: String,
        revision: String,
    },
    /// The CSVバージョン does not apply to the file's service month.
    CsvVersionMonth {
        found: String,
        month: String,
        in_force: String,
        in_force_from: String,
        found_from: String,
        too_early: bool,
    },
    /// UPHOSOKU No.63 against its set: `plan_set` (sent with 第1表, the
    /// placeholder `month`) or with 第6表 (the name's `month`).
    HosokuMonth {
        plan_set: bool,
        month: String,
    },
    /// UPHOSOKU No.4 against its set: a plan date with 第1表, the
    /// `placeholder` with 第6表.
    HosokuDate {
        plan_set: bool,
        placeholder: String,
    },
    SikyuSubtotal {
        kind: String,
        rows: u32,
        subtotal: String,
    },
    SikyuTotal {
        month: String,
        total: String,
    },
    SikyuTotalDuplicate,
    /// The 全合計 row's サービス事業所コード is the sentinel.
    TotalRowOffice {
        sentinel: String,
    },
    /// The sentinel office on a row other than the 全合計 (`total`) row.
    SentinelOnTotalOnly {
        sentinel: String,
        total: String,
    },
    SummaryUnitsZero,
    SummaryEmpty,
    FindingsLimit {
        rule: String,
        omitted: u32,
        max: u32,
    },
    /// A kind the content's revision does not have; checked as another.
    RevisionKindAbsent {
        kind: String,
        content_revision: String,
        version: String,
        checked_as: String,
        checked_as_version: String,
    },
    /// A name of one revision's grammar with another's content; with
    /// `in_force` (a service month), the fields are the name's revision's
    /// too, but the CSVバージョン is the one in force for that month.
    RevisionNameGrammar {
        named: Vec<String>,
        content_revision: String,
        version: String,
        pattern: String,
        in_force: Option<String>,
    },

    // ---------------------------------------------------------------- unit
    UnitSecondOfKind {
        kind: String,
        serial: String,
        unit: String,
    },
    UnitForeignMember {
        kind: String,
        serial: String,
        unit: String,
    },
    UnitSerial {
        kind: String,
        found: String,
        serial: String,
    },
    UnitParties {
        kind: String,
        found: String,
        parties: String,
    },
    UnitMissing {
        name: String,
        unit: String,
        serial: String,
        kind: String,
    },
    /// The member is in the folder as `file`, under a name that places it
    /// in no unit; `name` is the one it should carry.
    UnitMisnamed {
        name: String,
        unit: String,
        serial: String,
        kind: String,
        file: String,
    },
    UnitMonth {
        month: String,
        found: String,
    },

    // ------------------------------------------------------------ relation
    NoParent {
        parent_kind: String,
        key: RelationKey,
        parent_file: String,
    },
    ImageMissing,
    ImageUnreferenced {
        parent_file: String,
    },
    NoSikyu {
        file: String,
    },
}
