//! Decoding MS932 field by field, reporting every byte that is not an MS932
//! character at its offset.
//!
//! encoding_rs's Shift_JIS decoder matches MS932 cell for cell, but it
//! decodes 外字 (lead bytes 0xF0-0xF9) to the private use area and a lone
//! 0x80 to U+0080 without error; both are caught here on the raw bytes.

use encoding_rs::SHIFT_JIS;

/// The encoding a file's fields are read in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Encoding {
    Ms932,
    /// Only after an ENC-UTF8 finding: the file is valid UTF-8.
    Utf8,
}

/// A byte order mark at the start of a file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Bom {
    /// EF BB BF.
    Utf8,
    /// FF FE or FE FF: the file is UTF-16 and cannot be read as CSV here.
    Utf16,
}

/// What a file's bytes say about its encoding, decided once for every
/// reader of the file (the checks, the typed model, the round trip, the
/// revision detection).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Sniff {
    pub bom: Option<Bom>,
    /// Where the content starts: after a UTF-8 BOM, else 0 (a UTF-16 BOM is
    /// not skipped: nothing after it is read as CSV).
    pub start: usize,
    /// The encoding the fields are read in: UTF-8 when the content after
    /// any UTF-8 BOM is valid UTF-8 and not plain ASCII (a file the checks
    /// report as ENC-UTF8), MS932 otherwise.
    pub encoding: Encoding,
    /// Whether the whole file, BOM included, is UTF-8 text that is not
    /// plain ASCII (a UTF-8 BOM before ASCII content counts).
    pub utf8_text: bool,
}

/// Looks at a file's bytes once: its BOM, where its content starts and the
/// encoding its fields are read in.
pub fn sniff(data: &[u8]) -> Sniff {
    let bom = if data.starts_with(&[0xEF, 0xBB, 0xBF]) {
        Some(Bom::Utf8)
    } else if data.starts_with(&[0xFF, 0xFE]) || data.starts_with(&[0xFE, 0xFF]) {
        Some(Bom::Utf16)
    } else {
        None
    };
    let start = if bom == Some(Bom::Utf8) { 3 } else { 0 };
    let body = &data[start..];
    let ascii = body.is_ascii();
    let valid = ascii || std::str::from_utf8(body).is_ok();
    let encoding = if !ascii && valid {
        Encoding::Utf8
    } else {
        Encoding::Ms932
    };
    Sniff {
        bom,
        start,
        encoding,
        utf8_text: valid && (!ascii || bom == Some(Bom::Utf8)),
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ByteIssueKind {
    Undecodable,
    Gaiji,
    Nul,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ByteIssue {
    pub kind: ByteIssueKind,
    /// Offset in the slice given to [`decode`].
    pub offset: usize,
    pub bytes: Vec<u8>,
}

pub fn hex(bytes: &[u8]) -> String {
    bytes
        .iter()
        .map(|b| format!("{b:02X}"))
        .collect::<Vec<_>>()
        .join(" ")
}

fn is_lead(b: u8) -> bool {
    matches!(b, 0x81..=0x9F | 0xE0..=0xFC)
}

fn is_trail(b: u8) -> bool {
    matches!(b, 0x40..=0x7E | 0x80..=0xFC)
}

/// Whether bytes are ASCII without NUL (0x01-0x7F): text as they stand in
/// every encoding the harness reads.
#[inline]
pub fn plain_ascii(bytes: &[u8]) -> bool {
    bytes.iter().all(|&b| b.wrapping_sub(1) < 0x7F)
}

/// The text of bytes that are ASCII without NUL, borrowed as they stand;
/// `None` for any other bytes. Most fields of a record are such bytes: they
/// are not run through the UTF-8 validation a second time.
#[inline]
pub fn ascii_text(bytes: &[u8]) -> Option<&str> {
    if plain_ascii(bytes) {
        // SAFETY: every byte is 0x01-0x7F, and a run of such bytes is valid
        // UTF-8 (each one a character of one byte).
        Some(unsafe { std::str::from_utf8_unchecked(bytes) })
    } else {
        None
    }
}

/// A field's text: its bytes borrowed where they stand (plain ASCII),
/// decoded for this record, or decoded on an earlier record and shared
/// (the same bytes repeated record after record: a user's name, an
/// office's name), so that a repeated value is not copied for each record.
#[derive(Debug, Clone)]
pub enum Text<'a> {
    Borrowed(&'a str),
    Owned(String),
    Shared(std::sync::Arc<str>),
}

impl Default for Text<'_> {
    fn default() -> Self {
        Text::Borrowed("")
    }
}

impl std::ops::Deref for Text<'_> {
    type Target = str;

    #[inline]
    fn deref(&self) -> &str {
        match self {
            Text::Borrowed(s) => s,
            Text::Owned(s) => s,
            Text::Shared(s) => s,
        }
    }
}

impl AsRef<str> for Text<'_> {
    #[inline]
    fn as_ref(&self) -> &str {
        self
    }
}

impl<'a> From<&'a str> for Text<'a> {
    fn from(s: &'a str) -> Self {
        Text::Borrowed(s)
    }
}

/// Decodes one field's bytes without copying what is plain ASCII (most
/// fields of a record): the text borrows from the bytes where it can.
pub fn decode_cow(
    bytes: std::borrow::Cow<'_, [u8]>,
    enc: Encoding,
) -> (std::borrow::Cow<'_, str>, Vec<ByteIssue>) {
    use std::borrow::Cow;
    if plain_ascii(&bytes) {
        return match bytes {
            Cow::Borrowed(b) => (
                Cow::Borrowed(std::str::from_utf8(b).unwrap_or_default()),
                Vec::new(),
            ),
            Cow::Owned(v) => (
                Cow::Owned(String::from_utf8(v).unwrap_or_default()),
                Vec::new(),
            ),
        };
    }
    let (t, issues) = decode(&bytes, enc);
    (Cow::Owned(t), issues)
}

fn push_capped(issues: &mut Vec<ByteIssue>, i: ByteIssue) {
    if issues.len() < MAX_ISSUES_PER_FIELD {
        issues.push(i);
    }
}

/// Byte issues kept per field: a field of thousands of bad bytes reports its
/// first ones (the rule's findings are capped per file in any case), so that
/// a file of NULs or 0xFF cannot take memory in proportion to its bad bytes.
pub const MAX_ISSUES_PER_FIELD: usize = 64;

/// Decodes one field's bytes. Bad bytes become U+FFFD in the text and an issue
/// with their offset (at most [`MAX_ISSUES_PER_FIELD`] issues).
pub fn decode(bytes: &[u8], enc: Encoding) -> (String, Vec<ByteIssue>) {
    let mut issues = Vec::new();
    if bytes.contains(&0) {
        for (i, &b) in bytes.iter().enumerate() {
            if b == 0 && issues.len() < MAX_ISSUES_PER_FIELD {
                issues.push(ByteIssue {
                    kind: ByteIssueKind::Nul,
                    offset: i,
                    bytes: vec![0],
                });
            }
        }
    }
    if bytes.is_ascii() {
        // ASCII is the same in every encoding the harness reads.
        return (
            String::from_utf8(bytes.to_vec()).unwrap_or_default(),
            issues,
        );
    }
    if enc == Encoding::Utf8 {
        return (String::from_utf8_lossy(bytes).into_owned(), issues);
    }
    // Fast path: the whole field decodes, and nothing in it is a 外字 (which
    // decodes to U+E000-U+E757) or a lone 0x80 (which decodes to U+0080).
    if let Some(t) = SHIFT_JIS.decode_without_bom_handling_and_without_replacement(bytes) {
        if !t
            .chars()
            .any(|c| c == '\u{80}' || ('\u{E000}'..='\u{E757}').contains(&c))
        {
            return (t.into_owned(), issues);
        }
    }
    let mut text = String::with_capacity(bytes.len() * 3 / 2);
    let mut i = 0;
    let mut run_start = 0;
    // Decodes the clean run before `end` in one call.
    let flush = |text: &mut String, from: usize, to: usize| {
        if from < to {
            let (cow, _) = SHIFT_JIS.decode_without_bom_handling(&bytes[from..to]);
            text.push_str(&cow);
        }
    };
    while i < bytes.len() {
        let b = bytes[i];
        if b < 0x80 || (0xA1..=0xDF).contains(&b) {
            i += 1;
            continue;
        }
        if is_lead(b) && i + 1 < bytes.len() && is_trail(bytes[i + 1]) {
            let pair = &bytes[i..i + 2];
            if (0xF0..=0xF9).contains(&b) {
                flush(&mut text, run_start, i);
                push_capped(
                    &mut issues,
                    ByteIssue {
                        kind: ByteIssueKind::Gaiji,
                        offset: i,
                        bytes: pair.to_vec(),
                    },
                );
                text.push('\u{FFFD}');
                i += 2;
                run_start = i;
                continue;
            }
            if SHIFT_JIS
                .decode_without_bom_handling_and_without_replacement(pair)
                .is_some()
            {
                i += 2;
                continue;
            }
            // An unassigned pair. An ASCII trail byte stands on its own.
            flush(&mut text, run_start, i);
            let len = if bytes[i + 1] < 0x80 { 1 } else { 2 };
            push_capped(
                &mut issues,
                ByteIssue {
                    kind: ByteIssueKind::Undecodable,
                    offset: i,
                    bytes: bytes[i..i + len].to_vec(),
                },
            );
            text.push('\u{FFFD}');
            i += len;
            run_start = i;
            continue;
        }
        // 0x80, 0xA0, 0xFD-0xFF, or a lead byte without a trail byte.
        flush(&mut text, run_start, i);
        push_capped(
            &mut issues,
            ByteIssue {
                kind: ByteIssueKind::Undecodable,
                offset: i,
                bytes: vec![b],
            },
        );
        text.push('\u{FFFD}');
        i += 1;
        run_start = i;
    }
    flush(&mut text, run_start, bytes.len());
    issues.sort_by_key(|x| x.offset);
    (text, issues)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kinds(b: &[u8]) -> Vec<(ByteIssueKind, usize, String)> {
        decode(b, Encoding::Ms932)
            .1
            .into_iter()
            .map(|i| (i.kind, i.offset, hex(&i.bytes)))
            .collect()
    }

    #[test]
    fn ms932_text_decodes_cleanly() {
        // 山田 ① ㈱ ｱ 髙 (IBM extension FB FC) 表 (trail byte 0x5C)
        let b = b"\x8eR\x93c\x87@\x87\x8a\xb1\xfb\xfc\x95\\";
        let (t, issues) = decode(b, Encoding::Ms932);
        assert_eq!(t, "山田①㈱ｱ髙表");
        assert!(issues.is_empty());
    }

    #[test]
    fn only_ascii_without_nul_is_borrowed_as_text() {
        assert_eq!(ascii_text(b""), Some(""));
        assert_eq!(ascii_text(b"1371000017"), Some("1371000017"));
        assert_eq!(ascii_text(b"\x01~\x7f"), Some("\u{1}~\u{7f}"));
        // NUL, a byte above 0x7F (a lead byte, a half-width kana), or a
        // UTF-8 sequence: not plain ASCII.
        for b in [
            &b"13\x00"[..],
            b"\x8eR",
            b"\xb1",
            "見".as_bytes(),
            b"\x80",
            b"\xff",
        ] {
            assert_eq!(ascii_text(b), None, "{b:?}");
        }
    }

    #[test]
    fn nec_selected_ibm_extensions_are_ms932() {
        // 髙 in the NEC-selected row (ED/EE) is also MS932.
        let (t, issues) = decode(b"\xee\xe0", Encoding::Ms932);
        assert!(issues.is_empty(), "{issues:?}");
        assert_eq!(t.chars().count(), 1);
    }

    #[test]
    fn bad_bytes_are_located() {
        assert_eq!(
            kinds(b"a\xf0\x40b"),
            [(ByteIssueKind::Gaiji, 1, "F0 40".into())]
        );
        assert_eq!(
            kinds(b"\x80"),
            [(ByteIssueKind::Undecodable, 0, "80".into())]
        );
        assert_eq!(
            kinds(b"x\xff"),
            [(ByteIssueKind::Undecodable, 1, "FF".into())]
        );
        // 0x85 0x40 is an unassigned row.
        assert_eq!(
            kinds(b"\x85\x40"),
            [(ByteIssueKind::Undecodable, 0, "85".into())]
        );
        assert_eq!(
            kinds(b"\x85\x9f"),
            [(ByteIssueKind::Undecodable, 0, "85 9F".into())]
        );
        // A lead byte at the end of the field.
        assert_eq!(
            kinds(b"ab\x82"),
            [(ByteIssueKind::Undecodable, 2, "82".into())]
        );
        assert_eq!(kinds(b"a\x00b"), [(ByteIssueKind::Nul, 1, "00".into())]);
    }

    #[test]
    fn one_sniff_says_bom_start_and_encoding() {
        let s = sniff(b"\xef\xbb\xbf202407,\xe5\xb1\xb1");
        assert_eq!(
            (s.bom, s.start, s.encoding, s.utf8_text),
            (Some(Bom::Utf8), 3, Encoding::Utf8, true)
        );
        // A BOM before ASCII: fields are read as MS932, the file is UTF-8 text.
        let s = sniff(b"\xef\xbb\xbf202407,1");
        assert_eq!(
            (s.start, s.encoding, s.utf8_text),
            (3, Encoding::Ms932, true)
        );
        // A BOM before MS932 bytes.
        let s = sniff(b"\xef\xbb\xbf\x8eR");
        assert_eq!(
            (s.start, s.encoding, s.utf8_text),
            (3, Encoding::Ms932, false)
        );
        let s = sniff(b"\xff\xfe2\x000\x00");
        assert_eq!(
            (s.bom, s.start, s.encoding, s.utf8_text),
            (Some(Bom::Utf16), 0, Encoding::Ms932, false)
        );
        let s = sniff("山田".as_bytes());
        assert_eq!(
            (s.bom, s.start, s.encoding, s.utf8_text),
            (None, 0, Encoding::Utf8, true)
        );
        let s = sniff(b"\x8eR\x93c");
        assert_eq!((s.encoding, s.utf8_text), (Encoding::Ms932, false));
        let s = sniff(b"202407,1");
        assert_eq!((s.encoding, s.utf8_text), (Encoding::Ms932, false));
        assert_eq!(sniff(b"").start, 0);
    }

    #[test]
    fn decoding_continues_after_a_bad_byte() {
        let (t, _) = decode(b"\x8eR\xff\x93c", Encoding::Ms932);
        assert_eq!(t, "山\u{FFFD}田");
    }
}
