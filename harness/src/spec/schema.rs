//! The revision data's types, how a revision folder is loaded, and the
//! checks every folder must pass.
//!
//! This file is compiled twice: into the library (`spec::schema`) and into
//! `build.rs`, which loads and validates every embedded folder before the
//! library is built. A folder that does not parse, or breaks a check below,
//! is a build error, so that the library never meets bad data at run time.
//! It therefore names nothing outside itself (no `crate::` paths).

use std::collections::BTreeMap;

use serde::Deserialize;

/// The revision checked when none is asked for.
pub const DEFAULT_REVISION: &str = "4.1";

/// One thing wrong with a revision folder: the file, the JSON pointer into
/// it (empty for the file as a whole) and what was expected.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Problem {
    /// The file as shown: the folder's label and the file's name
    /// (`spec/4.1/UPPLAN.json`, `./draft/UPPLAN.json`).
    pub file: String,
    /// RFC 6901 JSON pointer (`/fields/3/length`); empty for the file itself.
    pub pointer: String,
    pub message: String,
}

impl std::fmt::Display for Problem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if self.pointer.is_empty() {
            write!(f, "{}: {}", self.file, self.message)
        } else {
            write!(f, "{}: {}: {}", self.file, self.pointer, self.message)
        }
    }
}

/// `label/name`, for a folder shown as `label` (`draft/` and `draft` alike).
pub fn file_in(label: &str, name: &str) -> String {
    let label = label.trim_end_matches(['/', '\\']);
    if label.is_empty() {
        name.to_string()
    } else {
        format!("{label}/{name}")
    }
}

impl Problem {
    pub fn new(file: String, pointer: impl Into<String>, message: impl Into<String>) -> Problem {
        Problem {
            file,
            pointer: pointer.into(),
            message: message.into(),
        }
    }
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Revision {
    pub revision: String,
    pub hansu: String,
    pub title_ja: String,
    /// The CSVバージョン value this revision's files carry (No.1 of every layout).
    pub csv_version: String,
    /// First service month (YYYYMM) this revision applies to.
    pub applies_from_month: String,
    pub source: String,
    pub csv_version_history: Vec<CsvVersion>,
    pub file_name: FileNameGrammar,
    /// File kinds whose layouts this revision defines and the harness checks.
    pub kinds: Vec<String>,
    pub service_kinds: ServiceKinds,
    pub sikyu_summary_codes: SikyuCodes,
    /// The combinations of files sent together (本文2.4), and the relations
    /// inside them (本文2.3).
    pub send_units: Vec<SendUnit>,
    /// The reading of the 本文 sentences and annex-wide pages the rules rest
    /// on (kind MAIN / ANNEX), one entry per note.
    #[serde(default)]
    pub notes: Vec<Note>,
    #[serde(skip)]
    pub layouts: Vec<KindSpec>,
    /// The folder it was loaded from, as shown in messages (`spec/4.1` for
    /// an embedded revision, the path given for a folder on the command line).
    #[serde(skip)]
    pub label: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CsvVersion {
    pub value: String,
    pub from_month: String,
    pub edition_ja: String,
    #[serde(default)]
    pub withdrawn: bool,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FileNameGrammar {
    /// Whether names carry the two 2-character サービス種類コード segments (4.0 and later).
    pub service_kind_segments: bool,
    pub extension: String,
    /// The care-management kind a name without service kind segments
    /// stands for (3.2 covers 居宅介護支援 only: 43), for migration.
    #[serde(default)]
    pub implied_care_management_kind: Option<String>,
    pub note: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ServiceKinds {
    pub in_scope: BTreeMap<String, String>,
    pub out_of_scope: BTreeMap<String, String>,
    pub care_management: BTreeMap<String, String>,
    /// Services whose offices employ a 介護支援専門員 and make plans for
    /// their own users (本文1.3 「居宅介護支援事業所等（小規模多機能等の介護支援
    /// 専門員の配置義務のある居宅サービスを含む）」, 1.4): on the plan-making
    /// side of a file as well as linkage targets (they stay in `in_scope`).
    #[serde(default)]
    pub care_management_services: BTreeMap<String, String>,
    /// What the standard prints beside a kind's name (13: ※定期巡回連携型も対象).
    #[serde(default)]
    pub remarks: BTreeMap<String, String>,
    pub welfare_equipment: Vec<String>,
    /// The kinds whose records may carry a 明細判別コード (第6表 No.19:
    /// 「「17:福祉用具貸与」以外の場合は「Null（空）」とする」).
    #[serde(default)]
    pub detail_code_kinds: Vec<String>,
    /// Kinds outside 区分支給限度基準額 (居宅療養管理指導 and its 予防): their
    /// rows are never part of a 区分支給対象 (AAAA) subtotal.
    pub outside_limit: Vec<String>,
    pub note: String,
}

impl ServiceKinds {
    /// The Japanese name of a service kind code the standard knows, in or out of scope.
    pub fn name(&self, code: &str) -> Option<&str> {
        self.in_scope
            .get(code)
            .or_else(|| self.out_of_scope.get(code))
            .or_else(|| self.care_management.get(code))
            .map(String::as_str)
    }

    /// Whether a kind makes plans: a care-management kind, or a service
    /// whose office employs a 介護支援専門員 (本文1.3, 1.4).
    pub fn plans(&self, code: &str) -> bool {
        self.care_management.contains_key(code) || self.care_management_services.contains_key(code)
    }

    /// The kinds that make plans, care-management kinds first.
    pub fn planning_kinds(&self) -> Vec<String> {
        self.care_management
            .keys()
            .chain(self.care_management_services.keys())
            .cloned()
            .collect()
    }
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SendUnit {
    pub id: String,
    pub members: Vec<String>,
    /// For a unit with UPHOSOKU: whether its month segment is 000000 (the
    /// plan set) or the service month (the 利用票 set).
    #[serde(default)]
    pub hosoku_month: Option<HosokuMonth>,
    /// The member the others depend on, and the key that links them.
    #[serde(default)]
    pub parent: Option<String>,
    #[serde(default)]
    pub key: Option<RelationKey>,
    /// A member every user of the parent must have records in.
    #[serde(default)]
    pub each_parent_user_in: Option<String>,
    /// Members whose absence is not a finding (the standard says they go
    /// with the parent 「原則」).
    #[serde(default)]
    pub optional: Vec<String>,
    /// Other units whose files may share this unit's ファイル連番.
    #[serde(default)]
    pub may_travel_with: Vec<String>,
    /// The rule a dependent without its parent breaks (REL-NO-PLAN unless
    /// given): the annex words each parent's link in its own notes.
    #[serde(default)]
    pub relation_rule: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum HosokuMonth {
    Zero,
    Month,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RelationKey {
    /// 保険者番号 + 被保険者番号 + 居宅サービス計画作成（変更）日.
    PlanDate,
    /// 保険者番号 + 被保険者番号 + 対象年月.
    Month,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SikyuCodes {
    pub subtotal_in_limit: String,
    pub subtotal_out_of_limit: String,
    pub subtotal_over_30_days: String,
    pub grand_total: String,
    pub grand_total_office: String,
}

/// What a 第7表 summary row sums up (別紙 第7表 No.9).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SummaryRow {
    /// 全合計 (999999).
    GrandTotal,
    /// 区分支給対象種類別小計 (kind + AAAA).
    SubtotalInLimit,
    /// 区分支給対象外種類別小計 (kind + EEEE).
    SubtotalOutOfLimit,
    /// 30日超の種類別小計 (kind + ZZZZ).
    SubtotalOver30Days,
}

impl SikyuCodes {
    /// The summary row a 第7表 サービスコード marks, if it marks one.
    /// (Asked of every 第7表 row, by several rules: the codes, a few bytes,
    /// are compared in place rather than by a call to `memcmp` each.)
    pub fn classify(&self, code: &str) -> Option<SummaryRow> {
        let same =
            |a: &str, b: &str| a.len() == b.len() && a.bytes().zip(b.bytes()).all(|(x, y)| x == y);
        if same(code, &self.grand_total) {
            return Some(SummaryRow::GrandTotal);
        }
        let item = code.get(2..)?;
        if same(item, &self.subtotal_in_limit) {
            Some(SummaryRow::SubtotalInLimit)
        } else if same(item, &self.subtotal_out_of_limit) {
            Some(SummaryRow::SubtotalOutOfLimit)
        } else if same(item, &self.subtotal_over_30_days) {
            Some(SummaryRow::SubtotalOver30Days)
        } else {
            None
        }
    }
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct KindSpec {
    pub kind: String,
    pub name_ja: String,
    pub name_en: String,
    pub layout_ja: String,
    /// Whether the file name carries a YYYYMM segment after the prefix.
    pub month_segment: bool,
    /// `plan` (sent by the care manager) or `actual` (sent by the provider).
    pub direction: String,
    /// How this layout was established, where it is not read directly from
    /// the revision's own annex.
    #[serde(default)]
    pub basis: Option<String>,
    /// `csv` (the default) or `jpeg` (the family-structure image).
    #[serde(default)]
    pub format: FileFormat,
    /// Whether the name ends in a 4-digit branch number before the extension.
    #[serde(default)]
    pub name_branch: bool,
    /// Extensions accepted instead of the revision's (`.CSV`).
    #[serde(default)]
    pub extensions: Option<Vec<String>>,
    /// The month segment of the name when the file travels with the plan
    /// set rather than with a month's service-use files (UPHOSOKU: 000000).
    #[serde(default)]
    pub month_placeholder: Option<String>,
    /// Whether the kind's サービスコード carries the 第7表 subtotal and
    /// total codes (`sikyu_summary_codes`): the summary rows of the
    /// サービス利用票別表.
    #[serde(default)]
    pub summary_rows: bool,
    /// Whether the kind's rows are numbered in the order they print
    /// (第2表, the 介護予防 別表: `number_level1..3`).
    #[serde(default)]
    pub numbered_rows: bool,
    /// Whether a file of this kind may hold no record (the 別表 files go with
    /// their parent 「原則」, one file per parent file, so one may be empty).
    #[serde(default)]
    pub empty_allowed: bool,
    /// Start and end items that are both times or both the placeholder of a
    /// service without a time (第6表 Nos.12, 13).
    #[serde(default)]
    pub time_pairs: Vec<[u16; 2]>,
    /// The limit slots of 利用者補足情報, filled 「１枠から順番に」.
    #[serde(default)]
    pub limit_slots: Option<LimitSlots>,
    /// Items a note requires when another item holds a value.
    #[serde(default)]
    pub conditional_required: Vec<ConditionalRequired>,
    /// How numbered rows continue (介護予防 別表: 連番, and the items written
    /// on the first row of a number only).
    #[serde(default)]
    pub numbering: Option<Numbering>,
    /// The layout's own notes (file name, ファイル作成単位, 文字コード, the
    /// 構成 pages, the 必須 column), one entry per note.
    #[serde(default)]
    pub notes: Vec<Note>,
    pub fields: Vec<FieldSpec>,
    /// The index of the first field of each role, at the role's number
    /// (filled when loaded; [`NO_FIELD`]: the layout has none). Read for
    /// every rule on every record, so a lookup rather than a search.
    #[serde(skip)]
    pub roles: Vec<u16>,
}

/// No field of the role in [`KindSpec::roles`].
const NO_FIELD: u16 = u16::MAX;

impl KindSpec {
    pub fn field_by_role(&self, role: Role) -> Option<&FieldSpec> {
        match self.roles.get(role as usize) {
            Some(&i) if i != NO_FIELD => self.fields.get(usize::from(i)),
            _ => None,
        }
    }
    pub fn has_free_text(&self) -> bool {
        self.fields.iter().any(|f| f.ty == FieldType::FreeText)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum FileFormat {
    #[default]
    Csv,
    Jpeg,
}

/// 利用者補足情報's nine limit slots: `count` slots of `width` items from
/// field `first_no`, each starting with its サービス種類コード.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LimitSlots {
    pub first_no: u16,
    pub count: u16,
    pub width: u16,
    /// Kinds a slot takes as another (「短期入所療養介護の場合は22:短期入所療養
    /// 介護（介護老人保健施設）を設定する」: 23 and 2A as 22).
    #[serde(default)]
    pub kind_instead: BTreeMap<String, String>,
}

impl LimitSlots {
    /// The field Nos. of slot `i` (from 0).
    pub fn slot(&self, i: u16) -> std::ops::Range<u16> {
        let first = self.first_no + i * self.width;
        first..first + self.width
    }
}

/// When field `if_no` holds `equals`, field `then_no` is filled.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ConditionalRequired {
    pub if_no: u16,
    pub equals: String,
    pub then_no: u16,
}

/// How a kind's numbered rows continue.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Numbering {
    /// The levels (2, 3) whose numbers run 1, 2, … under the level above
    /// (「…支援計画NOに連番を入力する」).
    #[serde(default)]
    pub sequence_levels: Vec<u8>,
    /// Items written on the first row of a number only, empty on its later
    /// rows (「NO以外の項目は最初の行のみに内容を記載して2回目以降は空欄とする」).
    #[serde(default)]
    pub first_row_only: Vec<FirstRowOnly>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FirstRowOnly {
    /// The level whose number the items belong to (1: 課題ＮＯ, 2: 支援計画ＮＯ).
    pub level: u8,
    pub nos: Vec<u16>,
}

/// One note of the standard, as the harness reads it: the quote, where it
/// is, and what the harness decided.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Note {
    /// `KIND-No-n`, `KIND-L-n` (a layout note), `MAIN-n`, `ANNEX-n`.
    pub id: String,
    /// The text as extracted (a wrapped line joined); empty where the annex
    /// prints nothing for the item (the silence is the note).
    pub quote: String,
    /// False when the quote describes a column or an example rather than
    /// copying a sentence.
    pub verbatim: bool,
    pub source: NoteSource,
    pub note_type: NoteType,
    pub decision: Decision,
    /// The rules that enforce the note (for a rule decision, or an
    /// ambiguity handled by a rule).
    #[serde(default)]
    pub rules: Vec<String>,
    /// Why: for a non-rule, the silence, the importer instruction or what
    /// the file cannot show.
    pub reason: String,
    /// Cases that show the note's rules firing and not firing, besides those
    /// the rules' own cases give.
    #[serde(default)]
    pub cases: NoteCases,
    /// How sure the placement of a note on its row is, where the columns of
    /// the extracted table drift.
    #[serde(default)]
    pub alignment: Option<Alignment>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NoteSource {
    /// `annex` or `main` (本文).
    pub doc: String,
    /// The offset of the 16,000-character window of the stored text it is in.
    pub read_at: u32,
    /// A fragment of the extracted line it is printed on.
    #[serde(default)]
    pub near: Option<String>,
    #[serde(default)]
    pub row: Option<String>,
    #[serde(default)]
    pub hint: Option<String>,
    #[serde(default)]
    pub page: Option<String>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NoteCases {
    #[serde(default)]
    pub fires: Vec<String>,
    #[serde(default)]
    pub passes: Vec<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Alignment {
    pub confidence: String,
    #[serde(default)]
    pub note: Option<String>,
    #[serde(default)]
    pub alternatives: Vec<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum NoteType {
    ConditionalRequired,
    FixedValue,
    NullWhen,
    Range,
    Ordering,
    CodeRestriction,
    Format,
    Length,
    Placeholder,
    Informational,
    Other,
}

/// What the harness does with a note: an error where the text requires it,
/// a warning where it implies it or the reading is uncertain, nothing where
/// it is silent or the file cannot show it, or a documented ambiguity.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Decision {
    RuleError,
    RuleWarning,
    NonRule,
    Ambiguity,
}

impl Decision {
    pub fn as_str(self) -> &'static str {
        match self {
            Decision::RuleError => "rule-error",
            Decision::RuleWarning => "rule-warning",
            Decision::NonRule => "non-rule",
            Decision::Ambiguity => "ambiguity",
        }
    }
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FieldSpec {
    /// The standard's field No. (1-based position in the record).
    pub no: u16,
    /// The item name exactly as the standard spells it.
    pub name: String,
    #[serde(rename = "type")]
    pub ty: FieldType,
    /// 項目長; `None` for free length.
    #[serde(default)]
    pub length: Option<u16>,
    pub length_kind: LengthKind,
    pub required: Required,
    #[serde(default)]
    pub role: Option<Role>,
    /// What the field holds, read against 個人情報保護法: personal data, 要配慮
    /// 個人情報 (health), free text that may hold anything, or a fact of
    /// the plan or the service. Every field states it; `PRIVACY.md` gives
    /// the decision for each and its reason.
    pub privacy: Privacy,
    /// Whether values of the field are masked in every output unless asked
    /// ([`Privacy::masked`]; set from `privacy` when the data is loaded).
    #[serde(skip)]
    pub personal: bool,
    #[serde(default)]
    pub codes: Option<BTreeMap<String, String>>,
    /// A literal placeholder the standard prescribes in a stated case (e.g. 000000).
    #[serde(default)]
    pub zero_value: Option<String>,
    /// The 書式 says one thing and the item another: neither quoting rule
    /// applies (see the field's note).
    #[serde(default)]
    pub quote_optional: bool,
    /// A value the standard fixes for every record (「…を固定でセット」),
    /// read with less than full confidence: a departure is a warning.
    #[serde(default)]
    pub fixed_value: Option<String>,
    #[serde(default)]
    pub confidence: Option<String>,
    /// Why the reading is not certain, and what the harness decided.
    #[serde(default)]
    pub note: Option<String>,
    /// `inferred`: the annex prints no format; the item is read as digits
    /// from its name, so other characters are a warning (FLD-NUMBER-INFERRED).
    #[serde(default)]
    pub format_basis: Option<FormatBasis>,
    /// The printed range of a number (「１～99」).
    #[serde(default)]
    pub range: Option<[u32; 2]>,
    /// An end time: 2400 (midnight, the end of the form's time axis) is a time.
    #[serde(default)]
    pub end_time: bool,
    /// `detail_rows`: the ○ holds on 第7表 detail rows; on subtotal and total
    /// rows the annex says what the row holds only for other items.
    #[serde(default)]
    pub required_on: Option<RequiredOn>,
    /// The field's notes, one entry per note of the annex.
    #[serde(default)]
    pub notes: Vec<Note>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FormatBasis {
    Inferred,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RequiredOn {
    DetailRows,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum FieldType {
    Yyyymm,
    Yyyymmdd,
    Hhmm,
    #[serde(rename = "hhmm_or_9999")]
    HhmmOr9999,
    Digits,
    Integer,
    Decimal,
    Alnum,
    Code,
    Postal,
    Bitmap31,
    FreeText,
    Unspecified,
    Unused,
    OfficeNumber,
    InsurerNumber,
    InsuredNumber,
    ServiceKind,
    ServiceCode,
    TaisCode,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum LengthKind {
    Fixed,
    Max,
    Free,
    Unknown,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Required {
    /// ○ in the 必須 column, read with confidence: an empty value is an error.
    Yes,
    /// ○ read from a drifting extraction and not confirmed: an empty value is a warning.
    Unconfirmed,
    No,
}

impl FieldType {
    /// Whether a value is made only of what a value of this type is made of
    /// (digits for a date, a short ASCII code for a code …). A value that is
    /// not holds something else, perhaps a name from a file of another
    /// layout: its meaning is uncertain, and it is masked as personal data.
    /// Free text and the types the standard leaves open fit anything (their
    /// fields are masked by their own privacy class, or, when shown, by
    /// [`FieldSpec::masks`]).
    pub fn fits_plainly(self, v: &str) -> bool {
        // Full-width digits and hyphens and control characters are wrong
        // forms of what the field holds, not other content.
        let wrong_form = |c: char| matches!(c, '０'..='９' | '－' | '\u{3000}') || c.is_control();
        let numeric = |c: char| {
            c.is_ascii_digit() || matches!(c, '-' | '.' | '/' | ':' | '+' | ' ') || wrong_form(c)
        };
        let code = |c: char| c.is_ascii_alphanumeric() || matches!(c, '-' | ' ') || wrong_form(c);
        match self {
            FieldType::FreeText | FieldType::Unspecified => true,
            FieldType::Yyyymm
            | FieldType::Yyyymmdd
            | FieldType::Hhmm
            | FieldType::HhmmOr9999
            | FieldType::Digits
            | FieldType::Integer
            | FieldType::Decimal
            | FieldType::Bitmap31
            | FieldType::Postal
            | FieldType::OfficeNumber
            | FieldType::InsurerNumber
            | FieldType::InsuredNumber => v.chars().all(numeric),
            FieldType::Code
            | FieldType::Unused
            | FieldType::Alnum
            | FieldType::ServiceKind
            | FieldType::ServiceCode
            | FieldType::TaisCode => v.chars().count() <= 16 && v.chars().all(code),
        }
    }
}

impl FieldSpec {
    /// Whether a value found in this field is masked unless asked: the
    /// field holds personal data, or the value is not what the field holds
    /// ([`FieldType::fits_plainly`]).
    pub fn masks(&self, v: &str) -> bool {
        self.personal
            || !self.ty.fits_plainly(v)
            // A field that is shown though the standard leaves its type open
            // (UP2KYO No.17 サービス事業者コード) shows only a value of a
            // number's or a code's shape.
            || (self.ty == FieldType::Unspecified && !FieldType::Code.fits_plainly(v))
    }
}

/// What a field holds, as 個人情報保護法 reads it (see `spec/PRIVACY.md`).
/// The first group is masked in every output unless `--show-personal-data`
/// is given; the second is shown.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Deserialize, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Privacy {
    /// 被保険者番号: a 個人識別符号 (法2条2項; the number of a 介護保険
    /// 被保険者証).
    InsuredNumber,
    /// A number an office gives the person (整理番号).
    PersonNumber,
    /// The name of the person, a relative, a visitor or the one who consents.
    Name,
    /// The name of a staff member (計画作成者, プラン担当者, 作成担当者): a
    /// person's name too.
    StaffName,
    /// A code that identifies a staff member (入力者コード).
    StaffCode,
    Address,
    PostalCode,
    Phone,
    BirthDate,
    /// 要配慮個人情報 (法2条3項): 病歴, 心身の機能の障害, 診療の事実, and the
    /// codes and texts that state the person's condition (要介護状態区分,
    /// 自立度, 障害等認定, 病名, 治療中の内容, 経過, the 課題 and 目標 of
    /// the plan).
    Health,
    /// The person's income (年金, 生活保護).
    Economic,
    /// Where and how the person lives (居住形態, 自室の階数, 住宅改修).
    Living,
    /// Free text (or a type the standard leaves open) not covered above: it
    /// may hold anything, a name or a diagnosis included.
    FreeText,
    /// 保険者番号: the municipality, public.
    Insurer,
    /// An office number (事業所番号): public.
    Office,
    /// The service: codes, kinds, units, amounts, times, counts.
    Service,
    /// Dates and codes of the 認定 process (not the care level itself).
    Certification,
    /// Dates and codes of the plan and its documents.
    Plan,
    /// 性別: not identifying once the identifiers are masked.
    Attribute,
    /// The record's own structure: CSVバージョン, row numbers, 識別子.
    Structure,
}

impl Privacy {
    /// Whether values of this kind are masked unless asked.
    pub fn masked(self) -> bool {
        matches!(
            self,
            Privacy::InsuredNumber
                | Privacy::PersonNumber
                | Privacy::Name
                | Privacy::StaffName
                | Privacy::StaffCode
                | Privacy::Address
                | Privacy::PostalCode
                | Privacy::Phone
                | Privacy::BirthDate
                | Privacy::Health
                | Privacy::Economic
                | Privacy::Living
                | Privacy::FreeText
        )
    }
    pub fn as_str(self) -> &'static str {
        match self {
            Privacy::InsuredNumber => "insured_number",
            Privacy::PersonNumber => "person_number",
            Privacy::Name => "name",
            Privacy::StaffName => "staff_name",
            Privacy::StaffCode => "staff_code",
            Privacy::Address => "address",
            Privacy::PostalCode => "postal_code",
            Privacy::Phone => "phone",
            Privacy::BirthDate => "birth_date",
            Privacy::Health => "health",
            Privacy::Economic => "economic",
            Privacy::Living => "living",
            Privacy::FreeText => "free_text",
            Privacy::Insurer => "insurer",
            Privacy::Office => "office",
            Privacy::Service => "service",
            Privacy::Certification => "certification",
            Privacy::Plan => "plan",
            Privacy::Attribute => "attribute",
            Privacy::Structure => "structure",
        }
    }
    /// The class in Japanese, for output under `--lang ja` (the revision
    /// folder's key, [`Privacy::as_str`], is shown under `--lang en`).
    pub fn label_ja(self) -> &'static str {
        match self {
            Privacy::InsuredNumber => "被保険者番号",
            Privacy::PersonNumber => "利用者の番号",
            Privacy::Name => "氏名",
            Privacy::StaffName => "職員の氏名",
            Privacy::StaffCode => "職員のコード",
            Privacy::Address => "住所",
            Privacy::PostalCode => "郵便番号",
            Privacy::Phone => "電話番号",
            Privacy::BirthDate => "生年月日",
            Privacy::Health => "要配慮個人情報",
            Privacy::Economic => "収入",
            Privacy::Living => "住まい",
            Privacy::FreeText => "自由記述",
            Privacy::Insurer => "保険者",
            Privacy::Office => "事業所",
            Privacy::Service => "サービス",
            Privacy::Certification => "認定",
            Privacy::Plan => "計画",
            Privacy::Attribute => "属性",
            Privacy::Structure => "構造",
        }
    }
}

/// What a field means to the cross-field rules.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    CsvVersion,
    InsurerNumber,
    InsuredNumber,
    /// 対象年月 / 削除対象年月 of the service-use files.
    ServiceMonth,
    /// 利用者補足情報 No.63 対象年月 (000000 in the plan set).
    HosokuMonth,
    /// 居宅サービス計画作成（変更）日 (00000000 in UPHOSOKU of the service-use set).
    PlanDate,
    ServiceCode,
    ServiceKind,
    TaisCode,
    NotificationCode,
    UseDate,
    DetailCode,
    Unused,
    /// 第7表 No.7 サービス事業所コード.
    ServiceOffice,
    /// 単位数 (第6表 No.8, 第7表 No.13).
    Units,
    /// 第7表 No.18 給付管理単位数.
    ManagedUnits,
    /// 第2表 No.15 保険対象区分.
    InsuranceFlag,
    /// 第7表 No.14 割引後率.
    DiscountRate,
    /// 第7表 No.15 割引後単位数.
    DiscountedUnits,
    /// サテライト枝番.
    Satellite,
    /// The numbers that order a plan's rows, outermost first: 課題ＮＯ,
    /// then 援助目標ＮＯ / 支援計画ＮＯ, then 援助内容ＮＯ / 利用サービスＮＯ.
    NumberLevel1,
    NumberLevel2,
    NumberLevel3,
    /// UPKIHON No.62, the family-structure image's file name.
    ImageName,
    /// サービス事業者コード: the provider a plan or 実績 record is for.
    ProviderOffice,
    /// 作成年月日: the day the record was made (differs between products).
    CreatedDate,
    /// 更新業者コード: the office that last updated the record (differs
    /// between products).
    UpdatedBy,
    /// 第7表 No.16 回数／日数; 第6表・実績 No.14 サービス回数.
    Count,
    /// 第7表 No.17 サービス単位／金額.
    ServiceAmount,
    /// 第7表 No.19 種類支給限度基準を超える単位数.
    KindOverUnits,
    /// 第7表 No.21 区分支給限度基準を超える単位数.
    OverLimitUnits,
    /// 第7表 No.22 区分支給限度基準内単位数.
    WithinLimitUnits,
    /// 第7表 No.23 単位数単価.
    UnitPrice,
    /// 第7表 No.24 費用総額（保険／事業対象分）.
    TotalCost,
    /// 第7表 No.25 給付率.
    BenefitRate,
    /// 第7表 No.26 保険／事業費請求額.
    ClaimAmount,
    /// 第7表 No.27 定額利用者負担単価金額.
    FixedCopay,
    /// 第7表 No.28 利用者負担（保険／事業対象分）.
    Copay,
    /// 第7表 No.29 利用者負担（全額負担分）.
    FullCopay,
    /// ３０日超区分 (第7表 No.33; 第6表・実績 No.23).
    #[serde(rename = "over_30_days")]
    Over30Days,
    /// 第6表・実績 No.11 日割対象日.
    DailyRateDays,
    /// 利用者補足情報 No.18 要介護状態区分.
    CareLevel,
    /// 利用者補足情報 No.19 区分支給限度基準額.
    LimitUnits,
}

impl Role {
    /// Whether several fields of one layout may carry the role (UPHOSOKU's
    /// nine サービス種類コード); every other role is read from one field.
    pub fn may_repeat(self) -> bool {
        matches!(self, Role::ServiceKind)
    }
}

/// The pattern a kind's names follow, for messages:
/// `PREFIX[_YYYYMM]_送信元事業所番号(10)[_種類(2)]_送信先事業所番号(10)[_種類(2)]_YYYYMMDDHHMMSS.CSV`.
pub fn name_pattern(kind: &str, month_segment: bool, kinds: bool) -> String {
    let month = if month_segment { "_YYYYMM" } else { "" };
    let k = if kinds { "_種類(2)" } else { "" };
    format!("{kind}{month}_送信元事業所番号(10){k}_送信先事業所番号(10){k}_YYYYMMDDHHMMSS.CSV")
}

impl Revision {
    /// The pattern of a layout's names under this revision, branch and
    /// extension included (the family image: `…_枝番(4).jpg`).
    pub fn name_pattern(&self, layout: &KindSpec) -> String {
        let base = name_pattern(
            &layout.kind,
            layout.month_segment,
            self.file_name.service_kind_segments,
        );
        if layout.name_branch {
            let ext = layout
                .extensions
                .as_ref()
                .and_then(|e| e.first())
                .map(String::as_str)
                .unwrap_or("jpg");
            format!("{}_枝番(4).{ext}", base.trim_end_matches(".CSV"))
        } else {
            base
        }
    }

    /// Whether a name looks like a file of the standard at all: used by
    /// directory discovery to skip unrelated files (a vendor's log, a README).
    pub fn is_candidate_name(&self, name: &str) -> bool {
        let upper = name.to_ascii_uppercase();
        if upper.ends_with(".CSV") {
            return true;
        }
        self.all_prefixes()
            .iter()
            .any(|p| upper.starts_with(&format!("{p}_")))
    }

    pub fn layout(&self, kind: &str) -> Option<&KindSpec> {
        self.layouts.iter().find(|k| k.kind == kind)
    }

    /// Every prefix the standard defines, checked or not, longest first so
    /// that `UPKIHON_SUB1` wins over `UPKIHON`.
    pub fn all_prefixes(&self) -> Vec<&str> {
        let mut v: Vec<&str> = self.kinds.iter().map(String::as_str).collect();
        v.sort_by(|a, b| b.len().cmp(&a.len()).then(a.cmp(b)));
        v
    }

    pub fn known_csv_version(&self, value: &str) -> Option<&CsvVersion> {
        self.csv_version_history.iter().find(|v| v.value == value)
    }
}

/// Loads one embedded revision folder (`src/spec/<revision>/`): named after
/// the revision it holds.
pub fn load_revision(folder: &str, files: &[(&str, &str)]) -> Result<Revision, Vec<Problem>> {
    load_folder(&format!("spec/{folder}"), files, Some(folder))
}

/// Loads a revision folder from its JSON files (name, contents):
/// `revision.json` and one `<KIND>.json` per kind it lists. `label` shows
/// the folder in messages; `id`, when given, is the revision the folder must
/// name. Returns every reason it cannot be used, not only the first.
pub fn load_folder(
    label: &str,
    files: &[(&str, &str)],
    id: Option<&str>,
) -> Result<Revision, Vec<Problem>> {
    let at = |name: &str| file_in(label, name);
    let get = |name: &str| files.iter().find(|(n, _)| *n == name).map(|(_, c)| *c);
    let Some(text) = get("revision.json") else {
        return Err(vec![Problem::new(
            at("revision.json"),
            "",
            "missing: a revision folder holds revision.json and one <KIND>.json per kind it lists",
        )]);
    };
    let mut rev: Revision = serde_json::from_str(text)
        .map_err(|e| vec![Problem::new(at("revision.json"), "", e.to_string())])?;
    rev.label = label.trim_end_matches(['/', '\\']).to_string();
    let mut problems = Vec::new();
    if let Some(id) = id.filter(|id| *id != rev.revision) {
        problems.push(Problem::new(
            at("revision.json"),
            "/revision",
            format!(
                "expected {id:?} (the folder's name), found {:?}",
                rev.revision
            ),
        ));
    }
    for (name, _) in files {
        let listed = *name == "revision.json"
            || name
                .strip_suffix(".json")
                .is_some_and(|k| rev.kinds.iter().any(|x| x == k));
        if !listed {
            problems.push(Problem::new(
                at(name),
                "",
                "not a kind listed in revision.json (/kinds)",
            ));
        }
    }
    for (k, kind) in rev.kinds.clone().iter().enumerate() {
        if rev.kinds[..k].contains(kind) {
            problems.push(Problem::new(
                at("revision.json"),
                format!("/kinds/{k}"),
                format!("{kind} is listed twice"),
            ));
            continue;
        }
        let file = format!("{kind}.json");
        let Some(text) = get(&file) else {
            problems.push(Problem::new(
                at("revision.json"),
                format!("/kinds/{k}"),
                format!("expected the file {file} in the folder for the kind {kind}"),
            ));
            continue;
        };
        let mut spec: KindSpec = match serde_json::from_str(text) {
            Ok(s) => s,
            Err(e) => {
                problems.push(Problem::new(at(&file), "", e.to_string()));
                continue;
            }
        };
        if spec.kind != *kind {
            problems.push(Problem::new(
                at(&file),
                "/kind",
                format!("expected {kind:?} (the file's name), found {:?}", spec.kind),
            ));
        }
        let mut first_at: BTreeMap<u16, usize> = BTreeMap::new();
        for (i, f) in spec.fields.iter().enumerate() {
            if usize::from(f.no) != i + 1 {
                let also = first_at
                    .get(&f.no)
                    .map(|j| format!("; No.{} is also at /fields/{j}", f.no))
                    .unwrap_or_default();
                problems.push(Problem::new(
                    at(&file),
                    format!("/fields/{i}/no"),
                    format!(
                        "expected {} (numbers run 1..N in order), found {}{also}",
                        i + 1,
                        f.no
                    ),
                ));
            }
            first_at.entry(f.no).or_insert(i);
        }
        for f in spec.fields.iter_mut() {
            f.personal = f.privacy.masked();
        }
        for (i, f) in spec.fields.iter().enumerate() {
            if let (Some(r), Ok(i)) = (f.role, u16::try_from(i)) {
                let k = r as usize;
                if spec.roles.len() <= k {
                    spec.roles.resize(k + 1, NO_FIELD);
                }
                if spec.roles[k] == NO_FIELD {
                    spec.roles[k] = i;
                }
            }
        }
        rev.layouts.push(spec);
    }
    if problems.is_empty() {
        Ok(rev)
    } else {
        Err(problems)
    }
}

/// Everything wrong with a set of loaded revisions: facts a rule relies on
/// that the data must state, and the same field and kind read the same way
/// in every revision. Empty when the set can be embedded.
pub fn validate(revisions: &[Revision]) -> Vec<Problem> {
    let mut out = Vec::new();
    if !revisions.iter().any(|r| r.revision == DEFAULT_REVISION) {
        out.push(Problem::new(
            "spec".to_string(),
            "",
            format!("the default revision {DEFAULT_REVISION} has no folder"),
        ));
    }
    for rev in revisions {
        out.extend(validate_one(rev));
    }
    for (i, a) in revisions.iter().enumerate() {
        for b in &revisions[i + 1..] {
            out.extend(revisions_agree(a, b));
        }
    }
    out
}

/// A kind that two revisions both define is read the same way in both: a
/// field of the same name (the k-th of that name) has the same role, and
/// the kind the same facts (summary rows, numbered rows, month
/// placeholder). A rule that reads a field or a kind by them then applies
/// in every revision that has it; a revision whose data forgot one would
/// pass its files silently. Problems are said of `b`'s files.
pub fn revisions_agree(a: &Revision, b: &Revision) -> Vec<Problem> {
    let mut out = Vec::new();
    for ka in &a.layouts {
        let Some(kb) = b.layout(&ka.kind) else {
            continue;
        };
        let kind = &ka.kind;
        let file = file_in(&b.label, &format!("{kind}.json"));
        let (ra, rb) = (&a.revision, &b.revision);
        let facts = |k: &KindSpec| (k.summary_rows, k.numbered_rows, k.month_placeholder.clone());
        if facts(ka) != facts(kb) {
            out.push(Problem::new(
                file.clone(),
                "",
                format!(
                    "{kind}: (summary_rows, numbered_rows, month_placeholder) is {:?} in {ra} and {:?} in {rb}",
                    facts(ka),
                    facts(kb)
                ),
            ));
        }
        let nth = |k: &KindSpec, i: usize| {
            k.fields[..i]
                .iter()
                .filter(|f| f.name == k.fields[i].name)
                .count()
        };
        for (i, fa) in ka.fields.iter().enumerate() {
            let same = kb
                .fields
                .iter()
                .enumerate()
                .find(|(j, fb)| fb.name == fa.name && nth(kb, *j) == nth(ka, i));
            if let Some((j, fb)) = same {
                if fa.role != fb.role {
                    out.push(Problem::new(
                        file.clone(),
                        format!("/fields/{j}/role"),
                        format!(
                            "{kind}: {} has role {:?} in {ra} (No.{}) and {:?} in {rb} (No.{})",
                            fa.name, fa.role, fa.no, fb.role, fb.no
                        ),
                    ));
                }
            }
        }
    }
    out
}

/// The checks of one revision that no JSON Schema can state: what one file
/// names in another, and facts the rules rely on.
pub fn validate_one(rev: &Revision) -> Vec<Problem> {
    let r = &rev.revision;
    let revision_json = file_in(&rev.label, "revision.json");
    let mut out = Vec::new();
    let mut push = |pointer: String, message: String| {
        out.push(Problem::new(revision_json.clone(), pointer, message));
    };
    if !rev
        .csv_version_history
        .iter()
        .any(|h| h.value == rev.csv_version)
    {
        push(
            "/csv_version".into(),
            format!(
                "{r}: csv_version {} is not in csv_version_history",
                rev.csv_version
            ),
        );
    }
    for (i, k) in rev.service_kinds.welfare_equipment.iter().enumerate() {
        if rev.service_kinds.name(k).is_none() {
            push(
                format!("/service_kinds/welfare_equipment/{i}"),
                format!("{r}: welfare_equipment kind {k} is not a service kind"),
            );
        }
    }
    let mut ids = Vec::new();
    for (i, u) in rev.send_units.iter().enumerate() {
        if ids.contains(&u.id.as_str()) {
            push(
                format!("/send_units/{i}/id"),
                format!("{r}: send unit {} is listed twice", u.id),
            );
        }
        ids.push(u.id.as_str());
        let named = u
            .members
            .iter()
            .enumerate()
            .map(|(j, m)| (format!("members/{j}"), m))
            .chain(u.parent.iter().map(|m| ("parent".to_string(), m)))
            .chain(
                u.each_parent_user_in
                    .iter()
                    .map(|m| ("each_parent_user_in".to_string(), m)),
            )
            .chain(
                u.optional
                    .iter()
                    .enumerate()
                    .map(|(j, m)| (format!("optional/{j}"), m)),
            );
        for (key, m) in named {
            if !u.members.contains(m) || !rev.kinds.contains(m) {
                push(
                    format!("/send_units/{i}/{key}"),
                    format!(
                        "{r}: send unit {} names {m}, which is not one of its members or not a kind of the revision",
                        u.id
                    ),
                );
            }
        }
        if u.parent.is_some() != u.key.is_some() {
            push(
                format!("/send_units/{i}"),
                format!(
                    "{r}: send unit {} needs both a parent and a key, or neither",
                    u.id
                ),
            );
        }
    }
    for (i, u) in rev.send_units.iter().enumerate() {
        for (j, other) in u.may_travel_with.iter().enumerate() {
            if !ids.contains(&other.as_str()) {
                push(
                    format!("/send_units/{i}/may_travel_with/{j}"),
                    format!(
                        "{r}: send unit {} may travel with {other}, which is not a send unit",
                        u.id
                    ),
                );
            }
        }
    }
    if let Some(k) = &rev.file_name.implied_care_management_kind {
        if !rev.service_kinds.care_management.contains_key(k) {
            push(
                "/file_name/implied_care_management_kind".into(),
                format!("{r}: implied_care_management_kind {k} is not a care-management kind"),
            );
        }
    }
    for k in rev
        .service_kinds
        .care_management_services
        .keys()
        .chain(rev.service_kinds.remarks.keys())
    {
        if !rev.service_kinds.in_scope.contains_key(k) {
            push(
                "/service_kinds".into(),
                format!(
                    "{r}: care_management_services / remarks kind {k} is not a service kind in scope"
                ),
            );
        }
    }
    for (i, k) in rev.service_kinds.outside_limit.iter().enumerate() {
        if rev.service_kinds.name(k).is_none() {
            push(
                format!("/service_kinds/outside_limit/{i}"),
                format!("{r}: outside_limit kind {k} is not a service kind"),
            );
        }
    }
    for (i, k) in rev.service_kinds.detail_code_kinds.iter().enumerate() {
        if !rev.service_kinds.welfare_equipment.contains(k) {
            push(
                format!("/service_kinds/detail_code_kinds/{i}"),
                format!("{r}: detail_code_kinds kind {k} is not a welfare_equipment kind"),
            );
        }
    }
    for (i, u) in rev.send_units.iter().enumerate() {
        if let Some(rule) = &u.relation_rule {
            if !rule.starts_with("REL-") || u.parent.is_none() {
                push(
                    format!("/send_units/{i}/relation_rule"),
                    format!(
                        "{r}: send unit {} names relation_rule {rule}: a REL- rule of a unit with a parent",
                        u.id
                    ),
                );
            }
        }
    }
    let mut note_ids = Vec::new();
    for (i, n) in rev.notes.iter().enumerate() {
        out.extend(
            validate_note(&format!("{r}/revision.json"), n, &mut note_ids)
                .into_iter()
                .map(|m| Problem::new(revision_json.clone(), format!("/notes/{i}"), m)),
        );
    }
    for k in &rev.layouts {
        let file = file_in(&rev.label, &format!("{}.json", k.kind));
        out.extend(
            validate_kind_facts(r, k)
                .into_iter()
                .map(|(pointer, m)| Problem::new(file.clone(), pointer, m)),
        );
        for (i, n) in k.notes.iter().enumerate() {
            out.extend(
                validate_note(&format!("{r}/{}", k.kind), n, &mut note_ids)
                    .into_iter()
                    .map(|m| Problem::new(file.clone(), format!("/notes/{i}"), m)),
            );
        }
        for (j, f) in k.fields.iter().enumerate() {
            for (i, n) in f.notes.iter().enumerate() {
                out.extend(
                    validate_note(&format!("{r}/{} No.{}", k.kind, f.no), n, &mut note_ids)
                        .into_iter()
                        .map(|m| Problem::new(file.clone(), format!("/fields/{j}/notes/{i}"), m)),
                );
            }
        }
    }
    for k in &rev.layouts {
        let kind = &k.kind;
        let file = file_in(&rev.label, &format!("{kind}.json"));
        if k.month_placeholder.is_some() && !k.month_segment {
            out.push(Problem::new(
                file.clone(),
                "/month_placeholder",
                format!("{r}/{kind}: a month_placeholder needs a month segment in the name"),
            ));
        }
        for (i, f) in k.fields.iter().enumerate() {
            if f.ty == FieldType::HhmmOr9999 && f.zero_value.is_none() {
                out.push(Problem::new(
                    file.clone(),
                    format!("/fields/{i}"),
                    format!(
                        "{r}/{kind}: No.{} {} (hhmm_or_9999) needs the zero_value of a service without a time",
                        f.no, f.name
                    ),
                ));
            }
        }
        for (i, f) in k.fields.iter().enumerate() {
            if let Some(role) = f.role {
                let n = k.fields.iter().filter(|x| x.role == Some(role)).count();
                if n > 1 && !role.may_repeat() {
                    out.push(Problem::new(
                        file.clone(),
                        format!("/fields/{i}/role"),
                        format!("{r}/{kind}: role {role:?} is on {n} fields; a rule reads one"),
                    ));
                }
            }
        }
    }
    out
}

/// The kind-level facts name fields that exist and have the type the rule
/// reading them expects. Each problem with its JSON pointer into the kind's file.
fn validate_kind_facts(r: &str, k: &KindSpec) -> Vec<(String, String)> {
    let kind = &k.kind;
    let mut out = Vec::new();
    let field = |no: u16| k.fields.get(usize::from(no).wrapping_sub(1));
    for (i, pair) in k.time_pairs.iter().enumerate() {
        for no in pair {
            if !field(*no).is_some_and(|f| matches!(f.ty, FieldType::Hhmm | FieldType::HhmmOr9999))
            {
                out.push((
                    format!("/time_pairs/{i}"),
                    format!("{r}/{kind}: time_pairs names No.{no}, which is not a time"),
                ));
            }
        }
    }
    if let Some(ls) = &k.limit_slots {
        if ls.count == 0 || ls.width == 0 {
            out.push((
                "/limit_slots".to_string(),
                format!("{r}/{kind}: limit_slots needs slots of some width"),
            ));
        }
        for i in 0..ls.count {
            let slot = ls.slot(i);
            if !field(slot.start).is_some_and(|f| f.ty == FieldType::ServiceKind)
                || field(slot.end - 1).is_none()
            {
                out.push((
                    "/limit_slots".to_string(),
                    format!(
                        "{r}/{kind}: limit slot {} does not start with a service kind or runs past the last field",
                        i + 1
                    ),
                ));
            }
        }
    }
    for (i, c) in k.conditional_required.iter().enumerate() {
        let codes_ok = field(c.if_no)
            .and_then(|f| f.codes.as_ref())
            .is_some_and(|codes| codes.contains_key(&c.equals));
        if !codes_ok || field(c.then_no).is_none() {
            out.push((
                format!("/conditional_required/{i}"),
                format!(
                    "{r}/{kind}: conditional_required No.{} = {} → No.{}: the first must be a code item with that code, the second a field",
                    c.if_no, c.equals, c.then_no
                ),
            ));
        }
    }
    if let Some(n) = &k.numbering {
        if !k.numbered_rows {
            out.push((
                "/numbering".to_string(),
                format!("{r}/{kind}: numbering needs numbered_rows"),
            ));
        }
        let levels_ok = n.sequence_levels.iter().all(|l| (2..=3).contains(l))
            && n.first_row_only.iter().all(|f| (1..=2).contains(&f.level));
        let nos_ok = n
            .first_row_only
            .iter()
            .flat_map(|f| &f.nos)
            .all(|no| field(*no).is_some_and(|f| f.role.is_none()));
        if !levels_ok || !nos_ok {
            out.push((
                "/numbering".to_string(),
                format!(
                    "{r}/{kind}: numbering names a level other than 2-3 (sequence) or 1-2 (first row), or a field that does not exist or carries a role"
                ),
            ));
        }
    }
    for (i, f) in k.fields.iter().enumerate() {
        let at = format!("{r}/{kind}: No.{} {}", f.no, f.name);
        let ptr = |key: &str| format!("/fields/{i}/{key}");
        if let Some([lo, hi]) = f.range {
            if lo > hi || f.ty != FieldType::Digits {
                out.push((
                    ptr("range"),
                    format!("{at}: a range needs digits and low <= high"),
                ));
            }
        }
        if f.format_basis.is_some() && f.ty != FieldType::Digits {
            out.push((
                ptr("format_basis"),
                format!("{at}: format_basis inferred is for digits"),
            ));
        }
        if f.end_time && !matches!(f.ty, FieldType::Hhmm | FieldType::HhmmOr9999) {
            out.push((ptr("end_time"), format!("{at}: end_time is for times")));
        }
        if f.required_on.is_some() && (f.required != Required::Yes || !k.summary_rows) {
            out.push((
                ptr("required_on"),
                format!("{at}: required_on needs a required item of a kind with summary rows"),
            ));
        }
    }
    out
}

/// A note is usable when it says what was decided and why: a rule decision
/// names its rules, every note gives a reason, and ids are unique.
fn validate_note(at: &str, n: &Note, seen: &mut Vec<String>) -> Vec<String> {
    let mut out = Vec::new();
    let id = &n.id;
    if seen.contains(id) {
        out.push(format!("{at}: note {id} is listed twice"));
    }
    seen.push(id.clone());
    let rule_decision = matches!(n.decision, Decision::RuleError | Decision::RuleWarning);
    if rule_decision && n.rules.is_empty() {
        out.push(format!(
            "{at}: note {id} is decided {} but names no rule",
            n.decision.as_str()
        ));
    }
    if n.decision == Decision::NonRule && !n.rules.is_empty() {
        out.push(format!("{at}: note {id} is a non-rule but names rules"));
    }
    if n.reason.trim().is_empty() {
        out.push(format!("{at}: note {id} gives no reason"));
    }
    if !matches!(n.source.doc.as_str(), "annex" | "main") {
        out.push(format!(
            "{at}: note {id} is in doc {:?}; annex or main",
            n.source.doc
        ));
    }
    for rule in &n.rules {
        let well_formed = !rule.is_empty()
            && rule
                .chars()
                .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || c == '-');
        if !well_formed {
            out.push(format!("{at}: note {id} names {rule:?}, not a rule ID"));
        }
    }
    for case in n.cases.fires.iter().chain(&n.cases.passes) {
        if case.is_empty() || case.contains(char::is_whitespace) {
            out.push(format!("{at}: note {id} names {case:?}, not a case ID"));
        }
    }
    out
}
