//! The encoding level: the bytes of a file against 文字コード Shift-JIS
//! (MS932) (別紙 各表ヘッダ; 本文4.3): byte order marks, UTF-8, bytes that
//! are not MS932 characters, and the family-structure image's JPEG markers.

use std::borrow::Cow;

use crate::fact::Fact;
use crate::finding::Position;
use crate::input::decode::{self, Bom, ByteIssueKind, Encoding, Sniff, Text};
use crate::input::records::{line_at, RawRecord};
use crate::rules::{Issue, Sink};
use crate::spec::KindSpec;

rules! {
    level: Encoding;
    ENC_BOM = {
        id: "ENC-BOM", severity: Error,
        spec_ref: "別紙 各表ヘッダ（文字コード Shift-JIS（MS932））; 本文4.3",
        title_ja: "ファイル先頭にBOMがあります",
        title_en: "the file starts with a byte order mark",
        doc: "MS932 has no byte order mark. A UTF-8 BOM (EF BB BF) or a UTF-16 BOM (FF FE / FE FF) at offset 0 means the file was written in another encoding; the receiving side would read the BOM as part of the first field (the CSVバージョン). A UTF-16 file is not checked further.",
        fails: "EF BB BF 32 30 32 34 30 37 2C ... (UTF-8 BOM before 202407,...)",
        passes: "32 30 32 34 30 37 2C ... (202407,...)",
    }
    ENC_UTF8 = {
        id: "ENC-UTF8", severity: Error,
        spec_ref: "別紙 各表ヘッダ（文字コード Shift-JIS（MS932））; 本文4.3",
        title_ja: "ファイルがUTF-8で書かれています（MS932のみ可）",
        title_en: "the file is written in UTF-8 (only MS932 is allowed)",
        doc: "The whole file is valid UTF-8 and contains multi-byte characters, which in MS932 terms are mostly undecodable. Reported once, at the first non-ASCII character; so that the rest of the file still gets precise findings, its fields are then read as UTF-8 and the finding says so. The harness never switches encoding without this finding. The reading is a heuristic: MS932 text whose bytes happen to form valid UTF-8 throughout (譖懈律 is E6 9B 9C E6 97 A5, which is UTF-8 for 曜日) is taken for UTF-8; in a real file every multi-byte sequence would have to align, which is rare, and the finding shows the bytes so that a person can tell.",
        fails: "\"山田\" written as E5 B1 B1 E7 94 B0",
        passes: "\"山田\" written as 8E 52 93 63",
    }
    ENC_UNDECODABLE = {
        id: "ENC-UNDECODABLE", severity: Error,
        spec_ref: "別紙 各表ヘッダ（MS932以外の文字を含まないこと）; 本文4.3",
        title_ja: "MS932として解釈できないバイト列があります",
        title_en: "bytes that are not a valid MS932 character",
        doc: "Each byte sequence that is not an MS932 character (a lead byte without a valid trail byte, an unassigned code point, a lone 0x80, 0xA0, 0xFD-0xFF) is reported at its byte offset with the bytes in hex.",
        fails: "\"山\\x85\\x40\" (0x8540 is unassigned)",
        passes: "\"山田\"",
    }
    ENC_GAIJI = {
        id: "ENC-GAIJI", severity: Error,
        spec_ref: "別紙 各表ヘッダ（外字は使用不可）; 本文4.3",
        title_ja: "外字（ユーザー定義領域 0xF040–0xF9FC）が使われています",
        title_en: "a user-defined character (外字, 0xF040-0xF9FC) is used",
        doc: "外字 are not allowed and must be converted to standard MS932 characters before output. They decode without error (to the private use area) in most decoders, so the harness detects them on the raw bytes (lead byte 0xF0-0xF9).",
        fails: "\"髙\" written as a 外字 F0 40",
        passes: "\"髙\" written as FB FC (IBM extension)",
    }
    ENC_NUL = {
        id: "ENC-NUL", severity: Error,
        spec_ref: "別紙 各表ヘッダ（文字コード MS932）",
        title_ja: "NULバイト（0x00）があります",
        title_en: "a NUL byte (0x00)",
        doc: "A NUL byte is not text; it usually comes from a fixed-width buffer or a UTF-16 writer. Each one is reported at its offset.",
        fails: "202407,131011,00\\x0001234567,...",
        passes: "202407,131011,0001234567,...",
    }
    ENC_NOT_CSV = {
        id: "ENC-NOT-CSV", severity: Error,
        spec_ref: "別紙 各レイアウト（CSVファイル、文字コード Shift-JIS（MS932））; 別紙 利用者基本情報 No.62（画像はJPEG）",
        title_ja: "ファイルがCSVではありません",
        title_en: "the file is not a CSV file",
        doc: "The standard's files are CSV text (and the family-structure image, a JPEG). A file whose first bytes are those of another format (a ZIP container such as an Excel .xlsx, an old Excel .xls, a PDF, a PNG or JPEG image) is reported with what it is, and its content is not read as CSV: an .xlsx saved with a standard name, or a PDF print in the export folder, would otherwise be reported as a record of one garbled field.",
        fails: "UPJSK_….xlsx (50 4B 03 04 …)",
        passes: "UPJSK_….CSV (32 30 32 34 30 37 2C …)",
    }
    ENC_JPEG = {
        id: "ENC-JPEG", severity: Error,
        spec_ref: "別紙 利用者基本情報 No.62（家族構成に関する画像ファイル（JPEG形式））",
        title_ja: "家族構成の画像ファイルがJPEGではありません",
        title_en: "the family-structure image is not a JPEG",
        doc: "UPKIHON_IMAGE files are JPEG images: they start with the SOI marker and a segment marker (FF D8 FF) and end with the EOI marker (FF D9). A PNG, a PDF, an empty file or a JPEG cut short is reported.",
        fails: "89 50 4E 47 … (a PNG named .jpg)",
        passes: "FF D8 FF E0 … FF D9",
    }
}

/// What a file's first bytes say it is, when that is a format other than
/// text: a ZIP container (an Excel workbook .xlsx or a ZIP archive), an
/// old Excel workbook, a PDF, a PNG or a JPEG image.
pub fn other_format(data: &[u8]) -> Option<&'static str> {
    const MAGIC: &[(&[u8], &str)] = &[
        (b"PK\x03\x04", "ZIP"),
        (b"PK\x05\x06", "ZIP"),
        (&[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1], "XLS"),
        (b"%PDF", "PDF"),
        (&[0x89, b'P', b'N', b'G'], "PNG"),
        (&[0xFF, 0xD8, 0xFF], "JPEG"),
    ];
    MAGIC
        .iter()
        .find(|(m, _)| data.starts_with(m))
        .map(|(_, what)| *what)
}

/// ENC-NOT-CSV, for a file in another format (see [`other_format`]).
/// Returns whether the file is one (its content is then not read as CSV).
pub fn not_csv(sink: &mut impl Sink, data: &[u8]) -> bool {
    let Some(what) = other_format(data) else {
        return false;
    };
    sink.push(
        Issue::new(&ENC_NOT_CSV)
            .found(decode::hex(&data[..data.len().min(4)]))
            .fact(Fact::OtherFormat {
                format: what.to_string(),
            }),
        Position::at(0, 1, None, None),
        None,
        None,
    );
    true
}

/// The BOM findings. Returns whether the file can be read further (a
/// UTF-16 file cannot).
pub fn bom(sink: &mut impl Sink, data: &[u8], sniffed: &Sniff) -> bool {
    match sniffed.bom {
        Some(Bom::Utf8) => {
            sink.push(
                Issue::new(&ENC_BOM).found("EF BB BF").fact(Fact::Utf8Bom),
                Position::at(0, 1, None, None),
                None,
                None,
            );
            true
        }
        Some(Bom::Utf16) => {
            sink.push(
                Issue::new(&ENC_BOM)
                    .found(decode::hex(&data[..2]))
                    .fact(Fact::Utf16Bom),
                Position::at(0, 1, None, None),
                None,
                None,
            );
            false
        }
        None => true,
    }
}

/// ENC-UTF8: reported once, at the first non-ASCII byte of the content,
/// when the sniff reads the fields as UTF-8.
pub fn utf8(sink: &mut impl Sink, data: &[u8], sniffed: &Sniff) {
    if sniffed.encoding != Encoding::Utf8 {
        return;
    }
    let start = sniffed.start;
    let body = &data[start..];
    let first = start + body.iter().position(|b| !b.is_ascii()).unwrap_or(0);
    let line = line_at(data, 0, 1, first);
    sink.push(
        // The bytes themselves may be part of a name: the offset says where.
        Issue::new(&ENC_UTF8).fact(Fact::Utf8),
        Position::at(first, line, None, None),
        None,
        None,
    );
}

/// A family-structure image must be a JPEG: it starts with the SOI marker
/// and a segment marker (FF D8 FF) and holds an EOI marker (FF D9).
pub fn jpeg(sink: &mut impl Sink, data: &[u8]) {
    let starts = data.starts_with(&[0xFF, 0xD8, 0xFF]);
    // Writers may pad after the EOI marker: it need not be the last bytes.
    let ends = data.len() > 3 && data[3..].windows(2).any(|w| w == [0xFF, 0xD9]);
    if starts && ends {
        return;
    }
    let (byte, found) = if !starts {
        (0, decode::hex(&data[..data.len().min(4)]))
    } else {
        (
            data.len().saturating_sub(2),
            decode::hex(&data[data.len().saturating_sub(2)..]),
        )
    };
    sink.push(
        Issue::new(&ENC_JPEG)
            .found(found)
            .fact(Fact::NotJpeg { at_start: !starts }),
        Position {
            byte: Some(byte as u64),
            ..Position::default()
        },
        None,
        None,
    );
}

/// Decodes every field of a record, reporting each byte that is not an
/// MS932 character (ENC-UNDECODABLE, ENC-GAIJI, ENC-NUL) at its byte.
pub fn decode_fields<'a>(
    sink: &mut impl Sink,
    data: &'a [u8],
    rec: &RawRecord,
    layout: &KindSpec,
    enc: Encoding,
) -> Vec<Text<'a>> {
    let mut out = Vec::with_capacity(rec.fields.len());
    let mut last = Decoded::default();
    decode_fields_into(sink, data, rec, layout, enc, &mut out, &mut last);
    out
}

/// The last value of each field that was decoded into text of its own
/// (not ASCII borrowed in place) without a byte issue: whether it was
/// quoted, its bytes and its text. Decoding reads nothing but those bytes,
/// the quoting (a quoted field's `""` is one quote) and the encoding, so
/// the same bytes quoted the same way in the same field of a later record
/// give the same text, and are not decoded again (a user's name, an
/// office's name, repeated on every record of the user). From its second
/// record on, the text is shared rather than copied.
#[derive(Default)]
pub struct Decoded(crate::rules::PerField<LastText>);

/// A field's last text decoded: whether it was quoted, its bytes, its text,
/// and the text shared once a later record repeats it.
#[derive(Default)]
pub struct LastText {
    quoted: bool,
    bytes: Vec<u8>,
    text: String,
    shared: Option<std::sync::Arc<str>>,
}

/// [`decode_fields`] into `out` (cleared first), whose room is reused;
/// `last` carries the values decoded on the records before.
pub fn decode_fields_into<'a>(
    sink: &mut impl Sink,
    data: &'a [u8],
    rec: &RawRecord,
    layout: &KindSpec,
    enc: Encoding,
    out: &mut Vec<Text<'a>>,
    last: &mut Decoded,
) {
    out.clear();
    // Each text is written into its place in `out`'s room. Pushed, a
    // borrowed text was built on the stack (the push may grow the vector,
    // a call) and copied from there, its copy reading two stores as one:
    // a stall on every field, half of this function's time.
    let n = rec.fields.len();
    out.reserve(n);
    let room = &mut out.spare_capacity_mut()[..n];
    for (idx, f) in rec.fields.iter().enumerate() {
        // Most fields are ASCII without quotes to undouble: the text is
        // their bytes, borrowed.
        let raw = &data[f.content_start..f.content_end];
        if let Some(t) = decode::ascii_text(raw).filter(|_| !(f.quoted && raw.contains(&b'"'))) {
            room[idx].write(Text::Borrowed(t));
            continue;
        }
        room[idx].write(decode_field(sink, data, rec, layout, enc, last, idx));
    }
    // SAFETY: `out` was empty with room for `n` texts, and the loop wrote
    // each of the first `n` places once (each turn writes its own `idx`
    // before going on). Should `decode_field` panic, the length is not
    // set: the texts written are leaked, never read or dropped twice.
    unsafe { out.set_len(n) };
}

/// A field of [`decode_fields_into`] that is not plain ASCII: its text
/// from the record before when its bytes are the same, else decoded, each
/// byte that is not an MS932 character reported.
#[allow(clippy::too_many_arguments)]
fn decode_field<'a>(
    sink: &mut impl Sink,
    data: &'a [u8],
    rec: &RawRecord,
    layout: &KindSpec,
    enc: Encoding,
    last: &mut Decoded,
    idx: usize,
) -> Text<'a> {
    let f = &rec.fields[idx];
    let raw = &data[f.content_start..f.content_end];
    if let Some(l) = last.0.get_mut(idx) {
        if l.quoted == f.quoted && l.bytes.as_slice() == raw {
            let shared = l.shared.get_or_insert_with(|| l.text.as_str().into());
            return Text::Shared(shared.clone());
        }
    }
    let (text, issues) = decode::decode_cow(f.value(data), enc);
    if issues.is_empty() {
        if let Cow::Owned(t) = &text {
            let l = last.0.set(idx);
            l.quoted = f.quoted;
            l.bytes.clear();
            l.bytes.extend_from_slice(raw);
            l.text.clear();
            l.text.push_str(t);
            l.shared = None;
        }
    } else {
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
            let (rule, fact) = match bi.kind {
                ByteIssueKind::Undecodable => (&ENC_UNDECODABLE, Fact::NotMs932),
                ByteIssueKind::Gaiji => (&ENC_GAIJI, Fact::Gaiji),
                ByteIssueKind::Nul => (&ENC_NUL, Fact::Nul),
            };
            sink.push(
                Issue::new(rule).found(decode::hex(&bi.bytes)).fact(fact),
                Position::at(
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
    match text {
        Cow::Borrowed(t) => Text::Borrowed(t),
        Cow::Owned(t) => Text::Owned(t),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::finding::Position;
    use crate::input::records::Records;
    use crate::spec::FieldSpec;

    #[derive(Default)]
    struct Issues(Vec<(&'static str, Option<u32>, Option<u16>)>);

    impl Sink for Issues {
        fn push(&mut self, i: Issue, pos: Position, _: Option<&FieldSpec>, _: Option<&str>) {
            self.0.push((i.rule.id, pos.record, pos.field_no));
        }
    }

    /// Each record's values as decoded one after another with one
    /// [`Decoded`], and the byte issues found.
    fn decoded(data: &[u8]) -> (Vec<Vec<String>>, Issues) {
        let layout = &crate::spec::revision("4.1")
            .unwrap()
            .layout("UPPLAN")
            .unwrap();
        let (mut sink, mut last, mut out) = (Issues::default(), Decoded::default(), Vec::new());
        let mut values = Vec::new();
        for rec in Records::new(data, 0) {
            decode_fields_into(
                &mut sink,
                data,
                &rec,
                layout,
                Encoding::Ms932,
                &mut out,
                &mut last,
            );
            values.push(out.iter().map(|v| v.to_string()).collect());
        }
        (values, sink)
    }

    /// A value decoded on the record before is taken again only for the
    /// same bytes quoted the same way, and a value with a bad byte is
    /// decoded (and reported) on every record.
    #[test]
    fn a_value_is_decoded_again_unless_its_bytes_and_quoting_are_the_same() {
        // 見本 (8C A9 96 7B), quoted then not; 見""本 quoted (見"本) then
        // not (見""本, stray quotes kept); 0xFF twice.
        let data = b"\"\x8c\xa9\x96\x7b\",\"\x8c\xa9\"\"\x96\x7b\",\xff\r\n\
                     \x8c\xa9\x96\x7b,\x8c\xa9\"\"\x96\x7b,\xff\r\n";
        let (values, issues) = decoded(data);
        assert_eq!(values[0], ["見本", "見\"本", "\u{FFFD}"]);
        assert_eq!(values[1], ["見本", "見\"\"本", "\u{FFFD}"]);
        let undecodable: Vec<_> = issues
            .0
            .iter()
            .filter(|(id, _, _)| *id == "ENC-UNDECODABLE")
            .map(|(_, r, n)| (*r, *n))
            .collect();
        assert_eq!(undecodable, [(Some(1), Some(3)), (Some(2), Some(3))]);
    }
}
