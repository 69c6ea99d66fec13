//! The structure level: the CSV structure of a file, read on the raw bytes
//! (別紙 各表ヘッダ; 本文4.3): line ends, blank lines, a header row, quotes
//! and the quoting of each field, the number of fields, empty and oversized
//! files.

use crate::fact::{Emptiness, Fact};
use crate::finding::Position;
use crate::input::records::{line_at, RawField, RawRecord, RecordEnd, SplitIssue};
use crate::rules::{Issue, Sink};
use crate::spec::{FieldSpec, FieldType, KindSpec};

rules! {
    level: Structure;
    CSV_EMPTY_FILE = {
        id: "CSV-EMPTY-FILE", severity: Error,
        spec_ref: "本文2.6 出力単位",
        title_ja: "データレコードがありません",
        title_en: "the file has no data record",
        doc: "A file is sent for the records it carries (本文2.6: a user with nothing to send gets no file). A file of zero bytes, or one with only blank lines or a header row, is reported. Not for the 別表 kinds (UPKIHON_SUB1, UPKIHON_SUB2, UPYOBO_SUB): 「「利用者基本情報」の1ファイルに対して、1ファイルの「利用者基本情報（別表1）…」を原則とする」, so a product that sends one per parent file sends an empty one for a user with no schedule, history or 支援計画 (a header row or blank line there is still reported on its own).",
        fails: "(0 bytes)",
        passes: "202407,...\\r\\n",
    }
    CSV_FILE_TOO_LARGE = {
        id: "CSV-FILE-TOO-LARGE", severity: Error,
        spec_ref: "careplan-conformance の読み込み上限（--max-file-size、既定 64 MiB）: 標準仕様の規定ではない",
        title_ja: "ファイルが大きすぎるため内容を検査していません",
        title_en: "the file is too large; its content is not checked",
        doc: "Not a rule of the standard, which states no size: a limit of the harness. It reads files up to its own limit (64 MiB by default, `--max-file-size BYTES`) and reports a larger one without reading it, rather than exhausting memory; its name is still checked. An error, since the content was not verified. (For context only: the ケアプランデータ連携システム's support FAQ gives a limit of 10 MB per send, which is the central system's, not this standard's, and is not checked.)",
        fails: "a 100 MB UPPLAN",
        passes: "a 2 MB UPPLAN",
    }
    CSV_LINE_END = {
        id: "CSV-LINE-END", severity: Warning,
        spec_ref: "別紙 各表ヘッダ（CSV）; 本文4.2",
        title_ja: "レコードの区切りがCRLFではありません（規定がないため警告）",
        title_en: "a record is not terminated by CRLF (not stated by the standard: warning)",
        doc: "The standard does not print the line terminator (本文4.2 says only 「CSV（,）とする」). This is a recorded practice, not a reading of the text: every known conforming writer and the Windows systems of the receiving side use CRLF, and a line break inside free text is kept as written, so the harness expects CRLF between records and reports LF-only or CR-only ends as a warning. Reported once per file, at the first such record, with the count. How the file ends (a final CRLF or none) is not reported (see CSV-FINAL-LINE-END, retired).",
        fails: "202407,...\\n",
        passes: "202407,...\\r\\n",
    }
    CSV_FINAL_LINE_END = {
        id: "CSV-FINAL-LINE-END", severity: Warning,
        spec_ref: "別紙 各表ヘッダ（CSV）",
        title_ja: "最終レコードの後に改行（CRLF）がありません",
        title_en: "the last record is not followed by CRLF",
        doc: "Retired: the standard does not state how a file ends (本文4.2 「CSV（,）とする。」 and nothing on line ends), so a missing final CRLF is no finding, as READINGS.md §C5 decided.",
        fails: "...,0,, (end of file)",
        passes: "...,0,,\\r\\n (end of file)",
    }
    CSV_BLANK_LINE = {
        id: "CSV-BLANK-LINE", severity: Error,
        spec_ref: "別紙 各表ヘッダ（CSV）",
        title_ja: "空行があります",
        title_en: "a blank line",
        doc: "An empty line between or after records is a record with one empty field; a reader would reject it or take it for a malformed record.",
        fails: "202407,...\\r\\n\\r\\n",
        passes: "202407,...\\r\\n",
    }
    CSV_UNTERMINATED_QUOTE = {
        id: "CSV-UNTERMINATED-QUOTE", severity: Error,
        spec_ref: "別紙 各表注記（フリーテキストは\"\"で囲い…）",
        title_ja: "ダブルクォートが閉じられていません",
        title_en: "a double quote is never closed",
        doc: "A quoted field runs to the end of the file. Reported at the opening quote; the records from there on cannot be split and are not checked.",
        fails: "...,\"訪問介護,...\\r\\n",
        passes: "...,\"訪問介護\",...\\r\\n",
    }
    CSV_STRAY_QUOTE = {
        id: "CSV-STRAY-QUOTE", severity: Error,
        spec_ref: "別紙 各表注記（文字列中の\"は\"\"とする）",
        title_ja: "ダブルクォートが二重化されていません",
        title_en: "a double quote that is neither opening, closing nor doubled",
        doc: "Inside a quoted field a '\"' must be written '\"\"'; a quote that is followed by anything but ',', a line end or another quote is a stray quote. A quote inside an unquoted field is also stray. The harness reports its offset and keeps reading the quote as text, which is what the writer most likely meant.",
        fails: "...,\"本人が\"大丈夫\"と話す\",...",
        passes: "...,\"本人が\"\"大丈夫\"\"と話す\",...",
    }
    CSV_HEADER_ROW = {
        id: "CSV-HEADER-ROW", severity: Error,
        spec_ref: "別紙 データ配置例（見出し行なし）",
        title_ja: "見出し行があります",
        title_en: "a header row",
        doc: "The layouts and every example carry data records only. A first record whose first field is not a 6-digit CSVバージョン and which contains item names of the layout is a header row; it is reported and not checked as data.",
        fails: "CSVバージョン,保険者番号,被保険者番号,...\\r\\n202407,...",
        passes: "202407,...",
    }
    CSV_FIELD_COUNT = {
        id: "CSV-FIELD-COUNT", severity: Error,
        spec_ref: "別紙 各レイアウト（項目数）",
        title_ja: "項目数がレイアウトと一致しません",
        title_en: "the number of fields differs from the layout",
        doc: "Each kind has a fixed number of fields (listed below from the revision data). A record with another count is reported, and its values are aligned to the layout (the types, lengths, code lists and fixed values make most positions recognisable): the finding says which field No. appears missing or which value extra, and the field rules then check the values at the field No. the alignment gives them, each finding marked as at an inferred position. A field that more than one best alignment gives a different value is not checked, and the finding names it. When no alignment fits with confidence (a layout written from another document, a day grid), only the fields before the first departure are checked where they stand, and the finding says from which No. nothing was checked. A record with exactly the fields of another revision's layout of the kind (a 3.2 第6表 of 22 fields) is read as that layout.",
        fails: "202407,131011,0001234567 (3 fields in DLTPLAN)",
        passes: "202407,131011,0001234567,202504",
    }
    CSV_FREE_TEXT_UNQUOTED = {
        id: "CSV-FREE-TEXT-UNQUOTED", severity: Error,
        spec_ref: "別紙 各表注記（※フリーテキストは\"\"で囲い…）",
        title_ja: "フリーテキスト項目がダブルクォートで囲まれていません",
        title_en: "a free-text field is not enclosed in double quotes",
        doc: "フリーテキスト items are enclosed in '\"'. The standard does not say how an empty free-text item is written: both an empty field and '\"\"' are accepted. A non-empty free-text item without quotes is reported, even when it contains no comma: writers that quote only when needed are not conforming. Reported once per file, at the first, with the count per field: a writer does it throughout.",
        fails: "...,山田花子,...",
        passes: "...,\"山田花子\",...",
    }
    CSV_QUOTED_NON_FREE_TEXT = {
        id: "CSV-QUOTED-NON-FREE-TEXT", severity: Warning,
        spec_ref: "別紙 各表注記（フリーテキストは\"\"で囲う）",
        title_ja: "フリーテキスト以外の項目がダブルクォートで囲まれています",
        title_en: "a field that is not free text is enclosed in double quotes",
        doc: "Only フリーテキスト items are said to be quoted; whether other items may be is not stated. A quoted code, date or number is read by most CSV readers but not by a reader that splits on commas; a warning. Items with no stated format (書式 empty, e.g. 利用者電話番号) are not reported. Reported once per file, at the first, with the count per field (a writer that quotes every field would otherwise bury the one error under dozens of warnings).",
        fails: "\"202407\",...",
        passes: "202407,...",
    }
}

/// CSV-FILE-TOO-LARGE: a file over the size limit is not read.
pub fn too_large(len: u64, limit: u64) -> Issue {
    Issue::new(&CSV_FILE_TOO_LARGE)
        .found(len.to_string())
        .fact(Fact::TooLarge { limit })
}

/// CSV-EMPTY-FILE for a file of 0 bytes (after any BOM), where the kind
/// may not be empty.
pub fn zero_bytes(sink: &mut impl Sink, start: usize, layout: &KindSpec) {
    if layout.empty_allowed {
        return;
    }
    sink.push(
        Issue::new(&CSV_EMPTY_FILE).fact(Fact::Empty(Emptiness::ZeroBytes)),
        Position::at(start, 1, None, None),
        None,
        None,
    );
}

/// CSV-EMPTY-FILE for a file without a data record, where the kind may not
/// be empty.
pub fn no_record(sink: &mut impl Sink, start: usize, saw_header: bool, layout: &KindSpec) {
    if layout.empty_allowed {
        return;
    }
    let why = if saw_header {
        Emptiness::HeaderOnly
    } else {
        Emptiness::NoRecord
    };
    sink.push(
        Issue::new(&CSV_EMPTY_FILE).fact(Fact::Empty(why)),
        Position::at(start, 1, None, None),
        None,
        None,
    );
}

/// Stray and unterminated quotes of a record.
pub fn quotes(sink: &mut impl Sink, rec: &RawRecord, layout: &KindSpec) {
    for issue in &rec.issues {
        let (rule, fact, offset, line, idx) = match *issue {
            SplitIssue::StrayQuote {
                offset,
                line,
                field_index,
            } => (
                &CSV_STRAY_QUOTE,
                Fact::StrayQuote,
                offset,
                line,
                field_index,
            ),
            SplitIssue::UnterminatedQuote {
                offset,
                line,
                field_index,
            } => (
                &CSV_UNTERMINATED_QUOTE,
                Fact::UnterminatedQuote,
                offset,
                line,
                field_index,
            ),
        };
        let field = layout.fields.get(idx);
        sink.push(
            Issue::new(rule).found("\"").fact(fact).personal(false),
            Position::at(
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

/// Records ended by LF or CR alone: one CSV-LINE-END finding per file, at
/// the first, with the count of the others.
#[derive(Default)]
pub struct LineEnds {
    first: Option<(Position, &'static str, u32)>,
}

impl LineEnds {
    pub fn record(&mut self, data: &[u8], rec: &RawRecord) {
        if rec.end != RecordEnd::Lf && rec.end != RecordEnd::Cr {
            return;
        }
        let what = if rec.end == RecordEnd::Lf { "LF" } else { "CR" };
        match &mut self.first {
            None => {
                let line = line_at(data, rec.start, rec.line, rec.end_offset);
                self.first = Some((
                    Position::at(rec.end_offset, line, Some(rec.number), None),
                    what,
                    1,
                ));
            }
            Some((_, _, n)) => *n += 1,
        }
    }

    /// Adds what a later part of the same file found.
    pub fn merge(&mut self, later: LineEnds) {
        match (&mut self.first, later.first) {
            (None, l) => self.first = l,
            (Some((_, _, n)), Some((_, _, m))) => *n += m,
            (Some(_), None) => {}
        }
    }

    pub fn finish(self, sink: &mut impl Sink) {
        let Some((pos, what, n)) = self.first else {
            return;
        };
        sink.push(
            Issue::new(&CSV_LINE_END).found(what).fact(Fact::LineEnd {
                found: what.to_string(),
                more: n - 1,
            }),
            pos,
            None,
            None,
        );
    }
}

/// CSV-BLANK-LINE.
pub fn blank_line(sink: &mut impl Sink, rec: &RawRecord) {
    sink.push(
        Issue::new(&CSV_BLANK_LINE),
        Position::at(rec.start, rec.line, Some(rec.number), None),
        None,
        None,
    );
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

/// CSV-HEADER-ROW, when the first record is one (see [`is_header`]).
/// Returns whether it is.
pub fn header_row<S: AsRef<str>>(
    sink: &mut impl Sink,
    rec: &RawRecord,
    values: &[S],
    layout: &KindSpec,
) -> bool {
    if rec.number != 1 || !is_header(values, layout) {
        return false;
    }
    // What is shown of the row is masked unless every value shown is an
    // item name of the layout: a row of data taken for a header may hold
    // anything.
    let item_names = values.iter().take(3).all(|v| {
        let v = v.as_ref().trim();
        layout.fields.iter().any(|f| f.name == v)
    });
    sink.push(
        Issue::new(&CSV_HEADER_ROW)
            .found(
                values
                    .iter()
                    .take(3)
                    .map(|v| v.as_ref())
                    .collect::<Vec<_>>()
                    .join(","),
            )
            .fact(Fact::HeaderRow)
            .personal(!item_names),
        Position::at(rec.start, rec.line, Some(1), None),
        None,
        None,
    );
    true
}

/// CSV-FIELD-COUNT, for a record with another number of fields than its
/// layout, saying where its values were placed (`input::align`).
pub fn field_count(
    sink: &mut impl Sink,
    rec: &RawRecord,
    layout: &KindSpec,
    alignment: crate::fact::FieldAlignment,
) {
    sink.push(
        Issue::new(&CSV_FIELD_COUNT)
            .found(rec.field_count.to_string())
            .fact(Fact::FieldCount {
                expected: layout.fields.len(),
                kind: layout.kind.clone(),
                found: rec.field_count,
                alignment,
            }),
        Position::at(rec.start, rec.line, Some(rec.number), None),
        None,
        None,
    );
}

/// How one field is quoted: フリーテキスト always in `"`, other fields
/// never (unless the layout lets the item be either).
pub fn quoting(spec: &FieldSpec, raw: &RawField, v: &str) -> Option<Issue> {
    if spec.ty == FieldType::FreeText && !spec.quote_optional && !raw.quoted && !v.is_empty() {
        return Some(Issue::new(&CSV_FREE_TEXT_UNQUOTED));
    }
    if spec.ty != FieldType::FreeText
        && spec.ty != FieldType::Unspecified
        && !spec.quote_optional
        && raw.quoted
    {
        return Some(Issue::new(&CSV_QUOTED_NON_FREE_TEXT));
    }
    None
}

/// The quoting departures of a file, said once per rule at the first, with
/// how often and in which fields they occur: a writer that quotes every
/// field, or only values holding a comma, does so throughout, and one
/// finding per field would bury everything else.
#[derive(Default)]
pub struct Quoting {
    /// Per rule (unquoted free text, quoted other): the first occurrence
    /// and the count per field No.
    first: [Option<(Position, &'static FieldSpec, String)>; 2],
    counts: [std::collections::BTreeMap<u16, (String, u32)>; 2],
}

impl Quoting {
    /// The issue [`quoting`] found on a field of a record.
    pub fn add(&mut self, issue: Issue, spec: &'static FieldSpec, v: &str, pos: Position) {
        let k = usize::from(!std::ptr::eq(issue.rule, &CSV_FREE_TEXT_UNQUOTED));
        if self.first[k].is_none() {
            self.first[k] = Some((pos, spec, v.to_string()));
        }
        self.counts[k]
            .entry(spec.no)
            .or_insert_with(|| (spec.name.clone(), 0))
            .1 += 1;
    }

    /// Adds what a later part of the same file found.
    pub fn merge(&mut self, later: Quoting) {
        let [unquoted, quoted] = later.counts;
        for (k, (first, counts)) in later.first.into_iter().zip([unquoted, quoted]).enumerate() {
            if self.first[k].is_none() {
                self.first[k] = first;
            }
            for (no, (name, n)) in counts {
                self.counts[k].entry(no).or_insert_with(|| (name, 0)).1 += n;
            }
        }
    }

    pub fn finish(self, sink: &mut impl Sink) {
        let [unquoted, quoted] = self.counts;
        for (first, counts, rule) in [
            (&self.first[0], unquoted, &CSV_FREE_TEXT_UNQUOTED),
            (&self.first[1], quoted, &CSV_QUOTED_NON_FREE_TEXT),
        ] {
            let Some((pos, spec, v)) = first else {
                continue;
            };
            let pattern = crate::fact::QuotingPattern {
                total: counts.values().map(|c| c.1).sum(),
                fields: counts
                    .into_iter()
                    .map(|(no, (name, n))| (no, name, n))
                    .collect(),
            };
            let fact = if std::ptr::eq(rule, &CSV_FREE_TEXT_UNQUOTED) {
                Fact::FreeTextUnquoted(pattern)
            } else {
                Fact::QuotedNonFreeText(pattern)
            };
            sink.push(Issue::new(rule).fact(fact), *pos, Some(spec), Some(v));
        }
    }
}
