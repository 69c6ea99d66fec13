//! One file's records, checked in chunks on every thread of the pool.
//!
//! A file is cut at record boundaries found by reading it from its start
//! ([`records::Cuts`]); each chunk is split and checked on its own — the
//! encoding, structure and field levels, which look at one record at a
//! time — and what the rules that carry state from record to record need
//! of each data record (a few fields, with their positions) is kept. The
//! chunks are then taken in file order: their findings are added as if
//! found in one pass (the limit per rule counts in file order), and the
//! file rules and the keys of the relations run over the kept fields, in
//! order. The output is the same whatever the chunk size or the number of
//! threads.
//!
//! Chunks are checked a few at a time (two per thread), the next few while
//! the last are merged, so that what is kept per record never holds more
//! than those chunks.

use std::borrow::Cow;
use std::sync::atomic::{AtomicUsize, Ordering};

use super::{check_fields, push_at_role, Ctx, MAX_FINDINGS_PER_RULE};
use crate::finding::Position;
use crate::input::decode::Encoding;
use crate::input::filename;
use crate::input::records::{Cut, Cuts, RawRecord, Records};
use crate::result::{KeyFieldSpec, KeyValue, Keys};
use crate::rules::file::FileState;
use crate::rules::{encoding, field, structure};
use crate::spec::{FieldSpec, KindSpec, Revision, Role};

/// The size of a chunk, in bytes, unless set otherwise.
pub const DEFAULT_CHUNK_BYTES: usize = 1 << 20;

static CHUNK_BYTES: AtomicUsize = AtomicUsize::new(DEFAULT_CHUNK_BYTES);

/// Sets the size of the chunks files are cut into (at least 1 byte): the
/// output is the same for every size; a tiny one makes the bundled cases
/// cross chunk boundaries in the tests.
pub fn set_chunk_bytes(n: usize) {
    CHUNK_BYTES.store(n.max(1), Ordering::Relaxed);
}

/// The size of the chunks files are cut into.
pub fn chunk_bytes() -> usize {
    CHUNK_BYTES.load(Ordering::Relaxed)
}

/// The roles of the key fields: an error on one of them makes a record's
/// key invalid for the relation rules.
const KEY_ROLES: [Role; 5] = [
    Role::InsurerNumber,
    Role::InsuredNumber,
    Role::PlanDate,
    Role::ServiceMonth,
    Role::HosokuMonth,
];

/// Which fields of a data record are kept for the in-order part: those the
/// file rules read (their declared roles) and the keys of the relations.
struct Kept {
    fields: Vec<(Role, &'static FieldSpec)>,
    /// Field Nos. of the key fields.
    key_nos: Vec<u16>,
}

impl Kept {
    fn new(layout: &'static KindSpec) -> Kept {
        let mut fields: Vec<(Role, &'static FieldSpec)> = Vec::new();
        let roles = crate::rules::file::NEEDS
            .iter()
            .flat_map(|n| n.roles.iter())
            .chain(KEY_ROLES.iter())
            .chain([Role::ImageName].iter());
        for &role in roles {
            if fields.iter().any(|(r, _)| *r == role) {
                continue;
            }
            if let Some(f) = layout.field_by_role(role) {
                fields.push((role, f));
            }
        }
        let key_nos = KEY_ROLES
            .iter()
            .filter_map(|r| layout.field_by_role(*r).map(|f| f.no))
            .collect();
        Kept { fields, key_nos }
    }

    fn index(&self, role: Role) -> Option<(usize, &'static FieldSpec)> {
        self.fields
            .iter()
            .position(|(r, _)| *r == role)
            .map(|i| (i, self.fields[i].1))
    }
}

/// A kept field: its decoded value (borrowed when the bytes are ASCII) and
/// where it starts.
struct Slot<'a> {
    value: Cow<'a, str>,
    start: usize,
    line: u32,
}

/// A data record, for the in-order part.
struct DataRecord {
    number: u32,
    start: usize,
    line: u32,
    /// Whether the record-by-record rules found an error on a key field.
    key_error: bool,
}

/// What one chunk's check found.
struct Chunk<'a> {
    ctx: Ctx<'a>,
    line_ends: structure::LineEnds,
    seen_records: u32,
    saw_header: bool,
    last: Option<RawRecord>,
    records: Vec<DataRecord>,
    /// `kept.fields.len()` slots per data record.
    slots: Vec<Slot<'a>>,
}

/// Everything the file needs to know about one chunk.
struct Input<'a> {
    file: &'a str,
    path: &'a str,
    data: &'a [u8],
    layout: &'static KindSpec,
    rev: &'a Revision,
    enc: Encoding,
    kept: Kept,
}

/// The record-by-record levels over the records of one chunk.
fn check_chunk<'a>(inp: &Input<'a>, records: impl Iterator<Item = RawRecord>) -> Chunk<'a> {
    let (data, layout, rev) = (inp.data, inp.layout, inp.rev);
    let mut out = Chunk {
        ctx: Ctx {
            file: inp.file,
            path: inp.path,
            findings: Vec::new(),
            counts: Default::default(),
            error_fields: Vec::new(),
        },
        line_ends: structure::LineEnds::default(),
        seen_records: 0,
        saw_header: false,
        last: None,
        records: Vec::new(),
        slots: Vec::new(),
    };
    let ctx = &mut out.ctx;
    for rec in records {
        structure::quotes(ctx, &rec, layout);
        out.line_ends.record(data, &rec);
        if rec.is_blank() {
            structure::blank_line(ctx, &rec);
            out.last = Some(rec);
            continue;
        }
        let values = encoding::decode_fields(ctx, data, &rec, layout, inp.enc);
        if structure::header_row(ctx, &rec, &values, layout) {
            out.saw_header = true;
            out.last = Some(rec);
            continue;
        }
        out.seen_records += 1;
        if !structure::field_count(ctx, &rec, layout) {
            out.last = Some(rec);
            continue;
        }
        ctx.error_fields.clear();
        check_fields(ctx, &rec, layout, rev, &values);
        let value = |role: Role| {
            layout
                .field_by_role(role)
                .map(|f| values[usize::from(f.no) - 1].as_ref())
        };
        for (role, issue) in field::check_record(layout, rev, value) {
            push_at_role(ctx, &rec, layout, &values, role, issue);
        }
        let key_error = ctx
            .error_fields
            .iter()
            .any(|(r, n)| *r == Some(rec.number) && inp.kept.key_nos.contains(n));
        out.records.push(DataRecord {
            number: rec.number,
            start: rec.start,
            line: rec.line,
            key_error,
        });
        for (_, f) in &inp.kept.fields {
            let idx = usize::from(f.no) - 1;
            let raw = &rec.fields[idx];
            out.slots.push(Slot {
                value: values[idx].clone(),
                start: raw.start,
                line: raw.line,
            });
        }
        out.last = Some(rec);
    }
    out
}

/// The in-order part: what runs over the chunks in file order.
struct InOrder<'c, 'a> {
    ctx: &'c mut Ctx<'a>,
    name: &'c filename::FileName,
    state: FileState,
    line_ends: structure::LineEnds,
    seen_records: u32,
    saw_header: bool,
    last: Option<RawRecord>,
    data_records: u32,
    keys: Keys,
}

impl InOrder<'_, '_> {
    fn add(&mut self, inp: &Input<'_>, chunk: Chunk<'_>) {
        let (layout, rev) = (inp.layout, inp.rev);
        absorb(self.ctx, chunk.ctx);
        self.line_ends.merge(chunk.line_ends);
        self.seen_records += chunk.seen_records;
        self.saw_header |= chunk.saw_header;
        if chunk.last.is_some() {
            self.last = chunk.last;
        }
        let width = inp.kept.fields.len();
        for (i, d) in chunk.records.iter().enumerate() {
            let slots = &chunk.slots[i * width..(i + 1) * width];
            self.data_records += 1;
            let ctx = &mut *self.ctx;
            ctx.error_fields.clear();
            let value = |role: Role| inp.kept.index(role).map(|(j, _)| slots[j].value.as_ref());
            let rec_pos = Position::at(d.start, d.line, Some(d.number), None);
            let pos_of = |role: Role| {
                inp.kept.index(role).map_or(rec_pos, |(j, f)| {
                    Position::at(slots[j].start, slots[j].line, Some(d.number), Some(f.no))
                })
            };
            for (role, issue) in self.state.record(self.name, layout, rev, pos_of, value) {
                let Some((j, f)) = inp.kept.index(role) else {
                    debug_assert!(false, "a file rule points at a field it did not declare");
                    continue;
                };
                let pos = Position::at(slots[j].start, slots[j].line, Some(d.number), Some(f.no));
                use crate::rules::Sink;
                ctx.push(issue, pos, Some(f), Some(&slots[j].value));
            }
            let key_valid = !d.key_error
                && !ctx
                    .error_fields
                    .iter()
                    .any(|(r, n)| *r == Some(d.number) && inp.kept.key_nos.contains(n));
            push_key(&mut self.keys, d.number, &inp.kept, slots, key_valid);
        }
    }
}

/// Adds a later chunk's findings to the file's, as if found after them:
/// the limit per rule keeps the file's first findings of each rule.
fn absorb(ctx: &mut Ctx<'_>, later: Ctx<'_>) {
    for f in later.findings {
        let c = ctx
            .counts
            .entry(f.rule.id)
            .or_insert((0, Position::default()));
        c.0 += 1;
        if c.0 <= MAX_FINDINGS_PER_RULE {
            ctx.findings.push(f);
        } else if c.0 == MAX_FINDINGS_PER_RULE + 1 {
            c.1 = f.pos;
        }
    }
    // The chunk's own findings beyond the limit: the first of them is the
    // file's first left out unless one of those kept above already was.
    for (rule, (n, pos)) in later.counts {
        if n > MAX_FINDINGS_PER_RULE {
            let c = ctx.counts.entry(rule).or_insert((0, Position::default()));
            if c.0 <= MAX_FINDINGS_PER_RULE {
                c.1 = pos;
            }
            c.0 += n - MAX_FINDINGS_PER_RULE;
        }
    }
}

/// Adds a data record's keys.
fn push_key(keys: &mut Keys, number: u32, kept: &Kept, slots: &[Slot<'_>], key_valid: bool) {
    let value = |role: Role| kept.index(role).map(|(j, _)| slots[j].value.as_ref());
    let field = |role: Role| {
        kept.index(role).map(|(j, f)| KeyValue {
            value: &slots[j].value,
            byte: slots[j].start,
            line: slots[j].line,
            personal: f.masks(&slots[j].value),
        })
    };
    keys.push(
        number,
        value(Role::InsurerNumber).unwrap_or(""),
        value(Role::InsuredNumber).unwrap_or(""),
        [
            field(Role::PlanDate),
            field(Role::ServiceMonth).or_else(|| field(Role::HosokuMonth)),
            field(Role::ImageName),
        ],
        key_valid,
    );
}

/// The fields a layout's keys come from.
fn new_keys(layout: &'static KindSpec) -> Keys {
    let spec = |role: Role| {
        layout.field_by_role(role).map(|f| KeyFieldSpec {
            name: f.name.as_str(),
            no: f.no,
        })
    };
    Keys::new(
        spec(Role::PlanDate),
        spec(Role::ServiceMonth).or_else(|| spec(Role::HosokuMonth)),
        spec(Role::ImageName),
    )
}

/// The records of a file from `start` (after any BOM): the encoding,
/// structure, field and file levels. Returns the number of data records and
/// their keys.
#[allow(clippy::too_many_arguments)]
pub(super) fn check_records(
    ctx: &mut Ctx<'_>,
    data: &[u8],
    start: usize,
    enc: Encoding,
    name: &filename::FileName,
    layout: &'static KindSpec,
    rev: &Revision,
) -> (u32, Keys) {
    let inp = Input {
        file: ctx.file,
        path: ctx.path,
        data,
        layout,
        rev,
        enc,
        kept: Kept::new(layout),
    };
    let mut order = InOrder {
        ctx,
        name,
        state: FileState::default(),
        line_ends: structure::LineEnds::default(),
        seen_records: 0,
        saw_header: false,
        last: None,
        data_records: 0,
        keys: new_keys(layout),
    };
    let every = chunk_bytes();
    let first = Cut {
        offset: start,
        line: 1,
        records_before: 0,
    };
    if data.len() - start <= every {
        let chunk = check_chunk(&inp, Records::new(data, start));
        order.add(&inp, chunk);
    } else if rayon::current_num_threads() == 1 {
        // One thread: the chunks are taken as the records come, with no
        // scan for cuts ahead of them.
        let mut records = Records::new(data, start).peekable();
        while let Some(first) = records.peek() {
            let limit = first.start.saturating_add(every);
            let chunk = check_chunk(
                &inp,
                std::iter::from_fn(|| records.next_if(|r| r.start < limit)),
            );
            order.add(&inp, chunk);
        }
    } else {
        in_waves(&inp, &mut order, first, Cuts::new(data, start, every));
    }
    let ctx = &mut *order.ctx;
    order.line_ends.finish(ctx);
    if let Some(rec) = &order.last {
        structure::final_line_end(ctx, data, rec);
    }
    for (pos, role, issue) in order.state.finish(rev) {
        let field = layout.field_by_role(role);
        let pos = Position {
            field_no: field.map(|f| f.no),
            ..pos
        };
        use crate::rules::Sink;
        ctx.push(issue, pos, field, None);
    }
    if order.seen_records == 0 {
        structure::no_record(ctx, start, order.saw_header);
    }
    order.keys.seal();
    (order.data_records, order.keys)
}

/// Chunks checked a wave at a time (two per thread), each wave while the
/// one before is merged and the next cuts are found.
fn in_waves<'a>(inp: &Input<'a>, order: &mut InOrder<'_, '_>, first: Cut, mut cuts: Cuts<'_>) {
    use rayon::prelude::*;
    let per_wave = 2 * rayon::current_num_threads().max(1);
    let end = inp.data.len();
    // The next wave's bounds: (from, to) pairs.
    let mut from = Some(first);
    let mut next_wave = |cuts: &mut Cuts<'_>| -> Vec<(Cut, usize)> {
        let mut wave = Vec::with_capacity(per_wave);
        while wave.len() < per_wave {
            let Some(f) = from.take() else { break };
            match cuts.next() {
                Some(c) => {
                    wave.push((f, c.offset));
                    from = Some(c);
                }
                None => wave.push((f, end)),
            }
        }
        wave
    };
    let mut wave = next_wave(&mut cuts);
    let mut pending: Vec<Chunk<'a>> = Vec::new();
    while !wave.is_empty() {
        let (done, following) = rayon::join(
            || {
                wave.par_iter()
                    .map(|(f, t)| check_chunk(inp, Records::chunk(inp.data, f, *t)))
                    .collect::<Vec<_>>()
            },
            || {
                for c in pending.drain(..) {
                    order.add(inp, c);
                }
                next_wave(&mut cuts)
            },
        );
        pending = done;
        wave = following;
    }
    for c in pending {
        order.add(inp, c);
    }
}
