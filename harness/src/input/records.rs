//! Splitting a file into records and fields on the raw bytes, with positions.
//!
//! Splitting happens before decoding: in MS932 the bytes of `"`, `,`, CR and
//! LF never occur inside a two-byte character (trail bytes are 0x40 or above),
//! so the raw split is exact. Unlike the csv crate, this splitter reports
//! what a lenient reader would silently repair: stray and unterminated quotes,
//! and which line terminator ended each record.

/// How a record ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RecordEnd {
    CrLf,
    Lf,
    Cr,
    /// The file ended without a line terminator.
    Eof,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RawField {
    /// Offset of the field's first byte (its opening quote when quoted).
    pub start: usize,
    /// The content, without the enclosing quotes (doubled quotes still doubled).
    pub content_start: usize,
    pub content_end: usize,
    pub quoted: bool,
    /// Physical line on which the field starts.
    pub line: u32,
}

impl RawField {
    /// The content bytes, with `""` turned into `"` when the field is quoted.
    pub fn value<'a>(&self, data: &'a [u8]) -> std::borrow::Cow<'a, [u8]> {
        let raw = &data[self.content_start..self.content_end];
        if self.quoted {
            undouble_quotes(raw)
        } else {
            std::borrow::Cow::Borrowed(raw)
        }
    }
}

/// The bytes of a quoted field's content with each `""` turned into `"`.
pub fn undouble_quotes(raw: &[u8]) -> std::borrow::Cow<'_, [u8]> {
    if !raw.windows(2).any(|w| w == b"\"\"") {
        return std::borrow::Cow::Borrowed(raw);
    }
    let mut v = Vec::with_capacity(raw.len());
    let mut i = 0;
    while i < raw.len() {
        v.push(raw[i]);
        if raw[i] == b'"' && raw.get(i + 1) == Some(&b'"') {
            i += 1;
        }
        i += 1;
    }
    std::borrow::Cow::Owned(v)
}

/// A structural problem met while splitting.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SplitIssue {
    /// A `"` that neither opens, closes nor is doubled; kept as text.
    StrayQuote {
        offset: usize,
        line: u32,
        field_index: usize,
    },
    /// A quoted field that runs to the end of the file.
    UnterminatedQuote {
        offset: usize,
        line: u32,
        field_index: usize,
    },
}

#[derive(Debug, Clone)]
pub struct RawRecord {
    /// 1-based record number.
    pub number: u32,
    pub start: usize,
    /// Physical line on which the record starts.
    pub line: u32,
    /// The fields, at most [`MAX_FIELDS`] of them.
    pub fields: Vec<RawField>,
    /// How many fields the record has (more than `fields.len()` when it has
    /// more than [`MAX_FIELDS`]).
    pub field_count: usize,
    pub end: RecordEnd,
    /// Offset of the line terminator (or of the end of the file).
    pub end_offset: usize,
    /// At most [`MAX_ISSUES`] of them.
    pub issues: Vec<SplitIssue>,
}

/// Fields kept per record. No layout has more than a few hundred fields, so
/// a record with more is malformed whatever they hold; the rest are counted,
/// not kept, so that a file of commas cannot exhaust memory.
pub const MAX_FIELDS: usize = 1024;

/// Split issues kept per record (a record of stray quotes reports the first
/// ones; the file is already in error).
pub const MAX_ISSUES: usize = 64;

impl RawRecord {
    /// A record that is an empty line.
    pub fn is_blank(&self) -> bool {
        self.fields.len() == 1
            && !self.fields[0].quoted
            && self.fields[0].content_start == self.fields[0].content_end
    }
}

fn push_issue(issues: &mut Vec<SplitIssue>, i: SplitIssue) {
    // An unterminated quote ends the data, so it is always kept.
    if issues.len() < MAX_ISSUES || matches!(i, SplitIssue::UnterminatedQuote { .. }) {
        issues.push(i);
    }
}

/// The first offset at or after `p` whose byte is one of `set` (`d.len()`
/// when none is), eight bytes at a time. For each byte `c` of the set,
/// `w ^ c` has a zero byte where the word `w` holds `c`; subtracting one
/// from every byte sets the high bit of a zero byte, and a borrow only runs
/// upward from a zero byte, so the lowest byte flagged is always a true
/// one: the first byte of the set.
#[inline(always)]
fn find_any<const N: usize>(d: &[u8], mut p: usize, set: [u8; N]) -> usize {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGHS: u64 = 0x8080_8080_8080_8080;
    while let Some(word) = d.get(p..p.saturating_add(8)) {
        let mut bytes = [0u8; 8];
        bytes.copy_from_slice(word);
        let w = u64::from_le_bytes(bytes);
        let mut found = 0;
        for c in set {
            let x = w ^ (ONES * u64::from(c));
            found |= x.wrapping_sub(ONES) & !x & HIGHS;
        }
        if found != 0 {
            return p + (found.trailing_zeros() / 8) as usize;
        }
        p += 8;
    }
    while p < d.len() && !set.contains(&d[p]) {
        p += 1;
    }
    p
}

/// The most records a chunk holds, whatever its bytes: what is kept of a
/// chunk's records grows with their number and the layout's fields, not
/// with their bytes, so a file of very short records (a few bytes a line)
/// would otherwise keep a hundred times its size.
pub const CHUNK_RECORDS: u32 = 2048;

/// An iterator over the records of a byte buffer.
pub struct Records<'a> {
    data: &'a [u8],
    pos: usize,
    /// No record starts at or after this offset (the end of a chunk).
    limit: usize,
    /// No record is numbered above this (the end of a chunk).
    last_number: u32,
    line: u32,
    number: u32,
    done: bool,
    /// The last record's field count: the next record's fields are
    /// allocated at once for as many (records of one file have the same).
    width: usize,
    /// A record's fields given back ([`Records::recycle`]), reused.
    spare: Vec<RawField>,
}

impl<'a> Records<'a> {
    /// Splits `data` starting at `start` (after a byte order mark, say).
    pub fn new(data: &'a [u8], start: usize) -> Self {
        Records {
            data,
            pos: start,
            limit: data.len(),
            last_number: u32::MAX,
            line: 1,
            number: 0,
            done: false,
            width: 0,
            spare: Vec::new(),
        }
    }

    /// Splits the records of one chunk of `data` (see [`cuts`]): from the
    /// record starting at `from` up to the one starting at `to` (excluded),
    /// numbered and lined as in the whole file.
    pub fn chunk(data: &'a [u8], from: &Cut, to: usize) -> Self {
        Records {
            data,
            pos: from.offset,
            limit: to,
            last_number: u32::MAX,
            line: from.line,
            number: from.records_before,
            done: false,
            width: 0,
            spare: Vec::new(),
        }
    }
}

impl Records<'_> {
    /// Where the next record starts, if one is left (whatever the limit).
    pub fn next_start(&self) -> Option<usize> {
        (!self.done && self.pos < self.data.len()).then_some(self.pos)
    }

    /// Reads on up to the record starting at or after `limit` (excluded),
    /// and at most `records` more records.
    pub fn set_limit(&mut self, limit: usize, records: u32) {
        self.limit = limit;
        self.last_number = self.number.saturating_add(records);
    }

    /// Gives a record's fields back: the next record is split into them,
    /// not into newly allocated ones.
    pub fn recycle(&mut self, rec: RawRecord) {
        let mut fields = rec.fields;
        fields.clear();
        if fields.capacity() > self.spare.capacity() {
            self.spare = fields;
        }
    }
}

/// A record boundary: where a record starts, on which physical line, and
/// how many records come before it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Cut {
    pub offset: usize,
    pub line: u32,
    pub records_before: u32,
}

/// Where `data` can be cut into chunks of about `every` bytes that are
/// split on their own: the first record boundary at or after each `every`
/// bytes, or after [`CHUNK_RECORDS`] records, read from `start` with the
/// splitter's own rules (a line end inside a quoted field is not a
/// boundary; a quote inside an unquoted field opens nothing; an
/// unterminated quote runs to the end). Reading
/// from the start of the file is what makes a cut safe: a cut guessed from
/// the bytes around it could fall inside a quoted field. The first chunk
/// starts at `start` (not listed).
pub fn cuts(data: &[u8], start: usize, every: usize) -> Vec<Cut> {
    Cuts::new(data, start, every).collect()
}

/// The cuts of [`cuts`], found as they are asked for: a reader can start
/// on the first chunks while the rest of the file is still being scanned.
pub struct Cuts<'a> {
    data: &'a [u8],
    every: usize,
    p: usize,
    line: u32,
    number: u32,
}

impl<'a> Cuts<'a> {
    pub fn new(data: &'a [u8], start: usize, every: usize) -> Self {
        Cuts {
            data,
            every: every.max(1),
            p: start,
            line: 1,
            number: 0,
        }
    }

    /// Moves past one record, as [`Records`] reads it; false at the end of
    /// the data (or in an unterminated quote, which runs to the end).
    ///
    /// Only quotes and line ends matter to where a record ends, so the
    /// record is scanned for those alone, eight bytes at a time. A quote
    /// opens a quoted field only where a field starts: at the record's
    /// start or right after a comma (a quoted field ends at a quote before
    /// a comma or a line end, so a field after it starts after that
    /// comma); anywhere else it stands inside an unquoted field and opens
    /// nothing.
    fn skip_record(&mut self) -> bool {
        let d = self.data;
        let record_start = self.p;
        let mut p = self.p;
        let mut line = self.line;
        self.number += 1;
        let ended = loop {
            p = find_any(d, p, [b'"', b'\r', b'\n']);
            let Some(&b) = d.get(p) else {
                break false;
            };
            match b {
                b'"' if p == record_start || d[p - 1] == b',' => {
                    // A quoted field, to its closing quote.
                    p += 1;
                    loop {
                        p = find_any(d, p, [b'"', b'\r', b'\n']);
                        let Some(&b) = d.get(p) else {
                            self.p = d.len();
                            return false;
                        };
                        match b {
                            b'"' if d.get(p + 1) == Some(&b'"') => p += 2,
                            b'"' if matches!(d.get(p + 1), None | Some(b',' | b'\r' | b'\n')) => {
                                p += 1;
                                break;
                            }
                            b'\n' => {
                                line += 1;
                                p += 1;
                            }
                            b'\r' => {
                                if d.get(p + 1) != Some(&b'\n') {
                                    line += 1;
                                }
                                p += 1;
                            }
                            _ => p += 1,
                        }
                    }
                }
                // A quote inside an unquoted field.
                b'"' => p += 1,
                b'\r' => {
                    p += if d.get(p + 1) == Some(&b'\n') { 2 } else { 1 };
                    line += 1;
                    break true;
                }
                _ => {
                    p += 1;
                    line += 1;
                    break true;
                }
            }
        };
        self.p = if ended { p } else { d.len() };
        self.line = line;
        ended && p < d.len()
    }
}

impl Iterator for Cuts<'_> {
    type Item = Cut;

    fn next(&mut self) -> Option<Cut> {
        if self.p >= self.data.len() {
            return None;
        }
        let next = self.p.saturating_add(self.every);
        let last = self.number.saturating_add(CHUNK_RECORDS);
        loop {
            if !self.skip_record() {
                return None;
            }
            if self.p >= next || self.number >= last {
                return Some(Cut {
                    offset: self.p,
                    line: self.line,
                    records_before: self.number,
                });
            }
        }
    }
}

impl Iterator for Records<'_> {
    type Item = RawRecord;

    fn next(&mut self) -> Option<RawRecord> {
        let d = self.data;
        if self.done || self.pos >= d.len() || self.pos >= self.limit {
            return None;
        }
        if self.number >= self.last_number {
            return None;
        }
        self.number += 1;
        let mut rec = RawRecord {
            number: self.number,
            start: self.pos,
            line: self.line,
            fields: match std::mem::take(&mut self.spare) {
                spare if spare.capacity() >= self.width => spare,
                _ => Vec::with_capacity(self.width),
            },
            field_count: 0,
            end: RecordEnd::Eof,
            end_offset: d.len(),
            issues: Vec::new(),
        };
        let mut p = self.pos;
        loop {
            let field_index = rec.field_count;
            let start = p;
            let line = self.line;
            let quoted = p < d.len() && d[p] == b'"';
            let (content_start, content_end);
            if quoted {
                p += 1;
                content_start = p;
                loop {
                    if p >= d.len() {
                        push_issue(
                            &mut rec.issues,
                            SplitIssue::UnterminatedQuote {
                                offset: start,
                                line,
                                field_index,
                            },
                        );
                        content_end = d.len();
                        self.done = true;
                        break;
                    }
                    match d[p] {
                        b'"' if d.get(p + 1) == Some(&b'"') => p += 2,
                        b'"' if matches!(d.get(p + 1), None | Some(b',' | b'\r' | b'\n')) => {
                            content_end = p;
                            p += 1;
                            break;
                        }
                        b'"' => {
                            push_issue(
                                &mut rec.issues,
                                SplitIssue::StrayQuote {
                                    offset: p,
                                    line: self.line,
                                    field_index,
                                },
                            );
                            p += 1;
                        }
                        b'\n' => {
                            self.line += 1;
                            p += 1;
                        }
                        b'\r' => {
                            if d.get(p + 1) != Some(&b'\n') {
                                self.line += 1;
                            }
                            p += 1;
                        }
                        _ => p += 1,
                    }
                }
            } else {
                content_start = p;
                while p < d.len() && !matches!(d[p], b',' | b'\r' | b'\n') {
                    if d[p] == b'"' {
                        push_issue(
                            &mut rec.issues,
                            SplitIssue::StrayQuote {
                                offset: p,
                                line: self.line,
                                field_index,
                            },
                        );
                    }
                    p += 1;
                }
                content_end = p;
            }
            rec.field_count += 1;
            if rec.fields.len() < MAX_FIELDS {
                rec.fields.push(RawField {
                    start,
                    content_start,
                    content_end,
                    quoted,
                    line,
                });
            }
            if p >= d.len() {
                rec.end = RecordEnd::Eof;
                rec.end_offset = d.len();
                break;
            }
            match d[p] {
                b',' => p += 1,
                b'\r' => {
                    rec.end_offset = p;
                    if d.get(p + 1) == Some(&b'\n') {
                        rec.end = RecordEnd::CrLf;
                        p += 2;
                    } else {
                        rec.end = RecordEnd::Cr;
                        p += 1;
                    }
                    self.line += 1;
                    break;
                }
                b'\n' => {
                    rec.end_offset = p;
                    rec.end = RecordEnd::Lf;
                    p += 1;
                    self.line += 1;
                    break;
                }
                // A closing quote followed by something else was turned into a
                // stray quote above, so nothing else can follow a field.
                _ => unreachable!("a field ends at a comma, a line end or the end of the data"),
            }
        }
        self.pos = p;
        self.width = rec.fields.len();
        Some(rec)
    }
}

/// The physical line of `offset`, counting from a known (offset, line) pair before it.
pub fn line_at(data: &[u8], from: usize, from_line: u32, offset: usize) -> u32 {
    let mut line = from_line;
    let mut i = from;
    while i < offset.min(data.len()) {
        match data[i] {
            b'\n' => line += 1,
            b'\r' if data.get(i + 1) != Some(&b'\n') => line += 1,
            _ => {}
        }
        i += 1;
    }
    line
}

#[cfg(test)]
mod tests {
    use super::*;

    fn split(s: &[u8]) -> Vec<RawRecord> {
        Records::new(s, 0).collect()
    }

    fn values(s: &[u8]) -> Vec<Vec<String>> {
        split(s)
            .iter()
            .map(|r| {
                r.fields
                    .iter()
                    .map(|f| String::from_utf8_lossy(&f.value(s)).into_owned())
                    .collect()
            })
            .collect()
    }

    /// A simple generator of bytes to split (xorshift64), the same on
    /// every run.
    fn xorshift(mut seed: u64) -> impl FnMut() -> u64 {
        move || {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            seed
        }
    }

    #[test]
    fn the_word_scan_finds_the_first_byte_of_the_set_as_a_byte_scan_does() {
        // Bytes next to the ones looked for (a borrow or a flipped bit away
        // from them), high bytes, NUL, and the set itself, in every order
        // a simple generator gives, scanned from every offset.
        let alphabet = b",\r\n\"-+.#!\x00\x01\x80\x81\x82\x8d\x8e\xa2\xacab09\xff";
        let mut next = xorshift(0x2545_F491);
        for len in 0..80 {
            for _ in 0..40 {
                let d: Vec<u8> = (0..len)
                    .map(|_| alphabet[next() as usize % alphabet.len()])
                    .collect();
                for p in 0..=len {
                    let naive = |set: &[u8]| (p..len).find(|&i| set.contains(&d[i])).unwrap_or(len);
                    let found = find_any(&d, p, [b'"', b'\r', b'\n']);
                    assert_eq!(found, naive(b"\"\r\n"), "{d:?} {p}");
                    let found = find_any(&d, p, [b',', b'\r', b'\n', b'"']);
                    assert_eq!(found, naive(b",\r\n\""), "{d:?} {p}");
                }
            }
        }
    }

    #[test]
    fn quoted_fields_keep_commas_line_breaks_and_doubled_quotes() {
        let s = b"a,\"x,\r\ny\",\"say \"\"hi\"\"\"\r\nb,,\r\n";
        assert_eq!(
            values(s),
            vec![vec!["a", "x,\r\ny", "say \"hi\""], vec!["b", "", ""]]
        );
        let r = split(s);
        assert_eq!((r[0].line, r[1].line), (1, 3));
        assert_eq!(r[0].end, RecordEnd::CrLf);
        assert!(r.iter().all(|r| r.issues.is_empty()));
    }

    #[test]
    fn line_ends_are_recorded_per_record() {
        let r = split(b"a\nb\rc\r\nd");
        let ends: Vec<_> = r.iter().map(|r| r.end).collect();
        assert_eq!(
            ends,
            [
                RecordEnd::Lf,
                RecordEnd::Cr,
                RecordEnd::CrLf,
                RecordEnd::Eof
            ]
        );
        let lines: Vec<_> = r.iter().map(|r| r.line).collect();
        assert_eq!(lines, [1, 2, 3, 4]);
    }

    #[test]
    fn stray_quotes_are_reported_and_kept_as_text() {
        let s = b"\"he said \"no\" today\",x\r\nab\"c,d\r\n";
        let r = split(s);
        assert_eq!(r.len(), 2);
        assert_eq!(
            r[0].issues,
            [
                SplitIssue::StrayQuote {
                    offset: 9,
                    line: 1,
                    field_index: 0
                },
                SplitIssue::StrayQuote {
                    offset: 12,
                    line: 1,
                    field_index: 0
                }
            ]
        );
        assert_eq!(values(s)[0], ["he said \"no\" today", "x"]);
        assert_eq!(
            r[1].issues,
            [SplitIssue::StrayQuote {
                offset: 26,
                line: 2,
                field_index: 0
            }]
        );
    }

    #[test]
    fn an_unterminated_quote_ends_the_split() {
        let s = b"a,\"open\r\nb,c\r\n";
        let r = split(s);
        assert_eq!(r.len(), 1);
        assert_eq!(
            r[0].issues,
            [SplitIssue::UnterminatedQuote {
                offset: 2,
                line: 1,
                field_index: 1
            }]
        );
    }

    #[test]
    fn blank_lines_and_trailing_commas() {
        let r = split(b"a,\r\n\r\n");
        assert_eq!(r.len(), 2);
        assert_eq!(r[0].fields.len(), 2);
        assert!(r[1].is_blank());
        assert!(split(b"").is_empty());
    }

    /// Chunks cut at [`cuts`] and split on their own give the records of
    /// the whole, on bytes made of everything the splitter treats
    /// specially (quotes doubled, stray and unterminated, line breaks
    /// inside quotes, CR, LF, empty last fields, MS932 trail bytes).
    #[test]
    fn chunks_cut_at_record_boundaries_split_as_the_whole_does() {
        let alphabet = [
            b'a', b'"', b',', b'\r', b'\n', 0x95, 0x5C, b'"', b',', b'1', b'2', b'3', b'4',
        ];
        let mut next = xorshift(0x2545_F491_4F6C_DD1D);
        for i in 0..3000 {
            // Most short; every tenth long enough for several words of
            // eight bytes between the bytes that matter.
            let len = (next() % if i % 10 == 0 { 300 } else { 60 }) as usize;
            let data: Vec<u8> = (0..len)
                .map(|_| alphabet[(next() % alphabet.len() as u64) as usize])
                .collect();
            let whole: Vec<String> = Records::new(&data, 0).map(|r| format!("{r:?}")).collect();
            for every in 1..=9 {
                let cuts = cuts(&data, 0, every);
                let mut from = Cut {
                    offset: 0,
                    line: 1,
                    records_before: 0,
                };
                let mut chunked = Vec::new();
                for c in cuts.iter().chain(std::iter::once(&Cut {
                    offset: data.len(),
                    line: 0,
                    records_before: 0,
                })) {
                    assert!(c.offset > from.offset || c.offset == data.len());
                    chunked
                        .extend(Records::chunk(&data, &from, c.offset).map(|r| format!("{r:?}")));
                    from = *c;
                }
                assert_eq!(
                    chunked,
                    whole,
                    "{:?} every {every}",
                    String::from_utf8_lossy(&data)
                );
            }
        }
    }

    /// A chunk of short records ends after [`CHUNK_RECORDS`] of them, well
    /// before its bytes: what a chunk keeps grows with its records.
    #[test]
    fn chunks_of_short_records_hold_at_most_chunk_records() {
        let data = b"1\r\n".repeat(3 * CHUNK_RECORDS as usize + 5);
        let cuts = cuts(&data, 0, 1 << 18);
        let before: Vec<u32> = cuts.iter().map(|c| c.records_before).collect();
        let n = CHUNK_RECORDS;
        assert_eq!(before, [n, 2 * n, 3 * n]);
        assert_eq!(cuts[0].offset, 3 * n as usize);
        assert_eq!(cuts[0].line, n + 1);
        let mut records = Records::new(&data, 0);
        records.set_limit(1 << 18, n);
        assert_eq!(records.by_ref().count(), n as usize);
        assert_eq!(records.next_start(), Some(3 * n as usize));
        records.set_limit(1 << 18, n);
        assert_eq!(records.next().map(|r| r.number), Some(n + 1));
    }

    #[test]
    fn shift_jis_trail_bytes_never_split_a_field() {
        // 表 is 0x95 0x5C in MS932: its trail byte is the backslash, not a delimiter.
        let s = b"\x95\x5C,\x83\x5C\r\n";
        assert_eq!(split(s)[0].fields.len(), 2);
    }
}
