//! The record splitter against the csv crate as an oracle: on well-formed
//! input (what RFC 4180 and the standard allow: quoted fields holding commas,
//! doubled quotes and line breaks, empty fields, MS932 text, CRLF or LF line
//! ends) both must read the same records, field for field, starting at the
//! same byte and line. The splitter is our own because it must also report
//! what csv silently repairs (stray and unterminated quotes) and how each
//! record ended; on the input both accept, csv is the reference.
//!
//! The inputs come from a small seeded generator, so a failure names its seed
//! and the input, and reruns the same.

use careplan_conformance::input::records::Records;

/// xorshift64*: enough to spread the cases; fixed seeds keep runs identical.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
    fn pick<'a, T>(&mut self, xs: &'a [T]) -> &'a T {
        &xs[self.below(xs.len() as u64) as usize]
    }
}

/// One MS932 double-byte character: a lead byte of 0x81–0x9F or 0xE0–0xFC and
/// a trail byte of 0x40–0x7E or 0x80–0xFC (so trail bytes such as 0x5C `\`
/// and 0x7C `|` occur, but never `"`, `,`, CR or LF).
fn ms932_char(r: &mut Rng, out: &mut Vec<u8>) {
    let lead = if r.below(2) == 0 {
        0x81 + r.below(0x9F - 0x81 + 1) as u8
    } else {
        0xE0 + r.below(0xFC - 0xE0 + 1) as u8
    };
    let trail = if r.below(2) == 0 {
        0x40 + r.below(0x7E - 0x40 + 1) as u8
    } else {
        0x80 + r.below(0xFC - 0x80 + 1) as u8
    };
    out.extend([lead, trail]);
}

/// Text that needs no quotes: ASCII letters and digits, half-width kana,
/// MS932 double-byte characters, spaces.
fn plain(r: &mut Rng, out: &mut Vec<u8>) {
    for _ in 0..r.below(6) {
        match r.below(5) {
            0 => out.push(*r.pick(b"0123456789")),
            1 => out.push(*r.pick(b"ABCXYZabcxyz-./ ")),
            2 => out.push(0xA1 + r.below(0xDF - 0xA1 + 1) as u8),
            _ => ms932_char(r, out),
        }
    }
}

/// One field, quoted or not; a quoted one may hold what only quotes allow.
fn field(r: &mut Rng, out: &mut Vec<u8>) {
    match r.below(4) {
        0 => {}
        1 => plain(r, out),
        _ => {
            out.push(b'"');
            for _ in 0..r.below(5) {
                match r.below(6) {
                    0 => out.push(b','),
                    1 => out.extend(b"\"\""),
                    2 => out.extend(b"\r\n"),
                    3 => out.push(b'\n'),
                    _ => plain(r, out),
                }
            }
            out.push(b'"');
        }
    }
}

/// A file of a few records, and whether its records end with CRLF (else LF).
fn file(r: &mut Rng) -> (Vec<u8>, bool) {
    let mut out = Vec::new();
    let crlf = r.below(2) == 0;
    let records = 1 + r.below(5);
    for i in 0..records {
        for j in 0..1 + r.below(8) {
            if j > 0 {
                out.push(b',');
            }
            field(r, &mut out);
        }
        if i + 1 < records || r.below(3) != 0 {
            out.extend(if crlf { &b"\r\n"[..] } else { &b"\n"[..] });
        }
    }
    (out, crlf)
}

/// A record's start byte, start line and fields.
type Record = (u64, u64, Vec<Vec<u8>>);

/// The records as the csv crate reads them.
fn by_csv(data: &[u8]) -> Vec<Record> {
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(data);
    let mut rec = csv::ByteRecord::new();
    let mut out = Vec::new();
    while reader
        .read_byte_record(&mut rec)
        .expect("well-formed input")
    {
        let pos = rec.position().expect("csv records carry their position");
        out.push((
            pos.byte(),
            pos.line(),
            rec.iter().map(<[u8]>::to_vec).collect(),
        ));
    }
    out
}

/// The same from our splitter. csv skips empty lines; so does this, as the
/// structure rules report them on their own.
fn by_splitter(data: &[u8]) -> Vec<Record> {
    Records::new(data, 0)
        .filter(|r| !r.is_blank())
        .map(|r| {
            assert!(r.issues.is_empty(), "well-formed input gave {:?}", r.issues);
            assert_eq!(r.field_count, r.fields.len());
            (
                r.start as u64,
                u64::from(r.line),
                r.fields
                    .iter()
                    .map(|f| f.value(data).into_owned())
                    .collect(),
            )
        })
        .collect()
}

#[test]
fn the_splitter_and_the_csv_crate_agree_on_well_formed_input() {
    let (mut checked, mut positioned) = (0, 0);
    for seed in 1..=4000u64 {
        let mut r = Rng(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15));
        let (data, crlf) = file(&mut r);
        let ours = by_splitter(&data);
        let theirs = by_csv(&data);
        let shown = String::from_utf8_lossy(&data);
        let fields = |v: &[Record]| v.iter().map(|r| r.2.clone()).collect::<Vec<_>>();
        assert_eq!(
            fields(&ours),
            fields(&theirs),
            "seed {seed}: the splitter and csv read different fields from {shown:?}"
        );
        // csv gives a record's position as where it began reading it: after
        // the CR of a CRLF and at an empty line it then skips. With LF line
        // ends and no empty line, that is where the record starts.
        if !crlf && !Records::new(&data, 0).any(|r| r.is_blank()) {
            let at = |v: &[Record]| v.iter().map(|r| (r.0, r.1)).collect::<Vec<_>>();
            assert_eq!(
                at(&ours),
                at(&theirs),
                "seed {seed}: the splitter and csv place records differently in {shown:?}"
            );
            positioned += ours.len();
        }
        checked += ours.len();
    }
    // The generator must produce real work, not empty files.
    assert!(checked > 8000, "only {checked} records were compared");
    assert!(positioned > 1000, "only {positioned} records were placed");
}

#[test]
fn the_generator_covers_what_the_splitter_must_handle() {
    let mut seen = [false; 6];
    for seed in 1..=4000u64 {
        let mut r = Rng(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15));
        let (data, _) = file(&mut r);
        let has = |needle: &[u8]| data.windows(needle.len()).any(|w| w == needle);
        seen[0] |= has(b"\"\"\"\""); // a field of one doubled quote
        seen[1] |= has(b",\"\r\n"); // CRLF right after an opening quote
        seen[2] |= has(b",,"); // an empty field
        seen[3] |= data.iter().any(|b| (0xE0..=0xFC).contains(b)); // MS932 lead bytes
        seen[4] |= has(&[0x5C]); // a trail byte equal to `\`
        seen[5] |= !data.ends_with(b"\n"); // no final line end
    }
    assert_eq!(seen, [true; 6]);
}
