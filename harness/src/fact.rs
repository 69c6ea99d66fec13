//! What a rule found and what it expected, as values. A rule states a fact
//! with each finding; `messages` renders it in the language a
//! report asks for. Rule code holds no message text.

use crate::spec::SummaryRow;

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
    /// HHMM; an end time may also be 2400.
    Hhmm {
        end: bool,
    },
    /// HHMM, or the placeholder for a service without a time.
    HhmmOr {
        end: bool,
        none: String,
    },
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
    /// An item read as a number from its name holds other characters.
    NumberInferred,
    /// A number outside its printed range.
    Range {
        lo: u32,
        hi: u32,
    },
    /// 2400 in a start item.
    Time2400,
    /// One of a start and end pair is the placeholder `none`, the other a time.
    TimePair {
        none: String,
    },
    /// 日割対象日 marks a day past the `days` of `month`.
    DailyRateOutOfMonth {
        month: String,
        days: u32,
    },
    DailyRateAllZero,
    UnitsEmpty,
    /// 明細判別コード on a welfare-equipment kind other than the one the note names.
    DetailCodePreventive {
        code: String,
    },
    DetailCodeSequence,
    /// 給付管理単位数 on a row of a service outside the limit.
    OutOfLimitUnits {
        kind: String,
        kind_name: String,
    },
    /// Slot `slot` is used while slot `empty` (its first item `empty_field`) is empty.
    LimitSlotOrder {
        slot: u16,
        empty: u16,
        empty_field: String,
    },
    /// A slot's kind that is set as `instead`.
    LimitSlotKind {
        instead: String,
        instead_name: String,
    },
    /// Field `if_no` (`if_name`) holds `code` (`code_name`), which requires this item.
    ConditionalRequired {
        if_no: u16,
        if_name: String,
        code: String,
        code_name: String,
    },

    // ---------------------------------------------------------------- file
    MonthMismatch {
        name_month: String,
    },
    /// A numbered row without its number (`level`: the item's name).
    NumberEmpty {
        level: String,
    },
    /// A row with the same numbers as record `first`.
    NumberDuplicate {
        numbers: String,
        first: u32,
    },
    /// The numbers under one number above (`parent`) do not run 1, 2, …:
    /// `found` lists them.
    SubNumberSequence {
        level: String,
        parent: String,
        found: String,
    },
    /// An item of a number's first row filled on a later row of it (the
    /// number's first row is record `first`).
    SubContinuationFilled {
        level: String,
        number: String,
        first: u32,
    },
    /// A 第7表 subtotal or total row with an item marked ○ empty.
    SikyuSummaryEmpty,
    /// A 実績 record whose office or kind is not the file's sender's.
    JskSender {
        kind: bool,
        sender: String,
    },
    /// Two rental records with one 明細判別コード; the first is record `first`.
    DetailCodeDuplicate {
        first: u32,
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
    /// A unit of another family with the same 連番 and parties.
    UnitSharedSerial {
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
    /// No record of `parent_kind` has this record's 保険者番号 + 被保険者番号 +
    /// `key` (the parent's item that links them).
    NoParent {
        parent_kind: String,
        key: String,
        parent_file: String,
    },
    ImageMissing,
    ImageUnreferenced {
        parent_file: String,
    },
    NoSikyu {
        file: String,
    },

    // --------------------------------------------------------- consistency
    /// サービス単位／金額 against 単位数 (or 割引後単位数) × 回数.
    SikyuAmount {
        units: i64,
        /// The units are 割引後単位数.
        discounted: bool,
        count: i64,
        expected: i64,
        found: i64,
    },
    /// 区分支給限度基準内単位数 against the row's units less those over the
    /// limit.
    SikyuSplit {
        base: i64,
        /// The units are 給付管理単位数 (else サービス単位／金額).
        managed: bool,
        over: i64,
        expected: i64,
        found: i64,
    },
    /// A subtotal or 全合計 row against the rows it sums.
    SikyuSum {
        row: SummaryRow,
        /// The summary row's サービスコード.
        code: String,
        /// The field summed (its name in the layout).
        field: String,
        /// (record, value) of the rows summed, the first ones.
        terms: Vec<(u32, i64)>,
        /// Rows summed beyond `terms`.
        more: u32,
        expected: i64,
        found: i64,
    },
    /// 費用総額 against the units times the 単位数単価, rounded down.
    SikyuCost {
        units: i64,
        /// In hundredths of a yen.
        price: i64,
        expected: i64,
        found: i64,
    },
    /// 保険／事業費請求額 against 費用総額 × 給付率 / 100, rounded down.
    SikyuClaim {
        cost: i64,
        rate: i64,
        expected: i64,
        found: i64,
    },
    /// 利用者負担（保険／事業対象分） against 費用総額 − 請求額.
    SikyuCopay {
        cost: i64,
        claim: i64,
        expected: i64,
        found: i64,
    },
    /// 利用者負担（全額負担分） against the units over the limit times the
    /// 単位数単価, rounded down.
    SikyuFullCopay {
        over: i64,
        price: i64,
        expected: i64,
        found: i64,
    },
    /// A 単位数単価 that is not a price of the kinds it applies to.
    SikyuPrice {
        /// In hundredths of a yen.
        price: i64,
        /// The kinds it does not fit, with the prices they allow.
        kinds: Vec<KindPrices>,
        /// The first month of the tariff period applied.
        from_month: String,
        /// On the 全合計 row (one price for every kind of the user).
        total_row: bool,
    },
    /// A user's 区分支給限度基準内単位数 over the limit.
    SikyuLimit {
        within: i64,
        limit: i64,
        level: String,
        level_name: String,
        /// The limit is UPHOSOKU No.19 (else the national value).
        from_hosoku: bool,
        hosoku_file: String,
    },
    /// UPHOSOKU's 区分支給限度基準額 below the national value.
    HosokuLimit {
        level: String,
        level_name: String,
        national: i64,
        from_month: String,
        found: i64,
    },
    /// 第7表 回数／日数 against the 回数 of the 第6表.
    PlanCount {
        plan_total: i64,
        plan_records: u32,
        plan_file: String,
        found: i64,
    },
}

/// A service kind and the unit prices the tariff allows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KindPrices {
    pub kind: String,
    pub name: String,
    /// In hundredths of a yen, highest first.
    pub allowed: Vec<i64>,
}
