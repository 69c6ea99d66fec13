//! One file's records, checked in chunks on every thread of the pool.
//!
//! A file is cut at record boundaries found by reading it from its start
//! ([`records::Cuts`]); each chunk is split and checked on its own — the
//! encoding, structure and field levels, which look at one record at a
//! time — and what the rules that carry state from record to record need
//! of each data record (a few fields, with their positions) is kept, with
//! the keys of the relations and the consistency level's facts of each
//! record. The chunks are then taken in file order: their findings are
//! added as if found in one pass (the limit per rule counts in file
//! order), the file rules and the consistency level's figures run over the
//! kept fields, in order, and the chunk's keys are appended to the file's,
//! revised where those rules found something on a record. The output is
//! the same whatever the chunk size or the number of threads.
//!
//! Chunks are checked at most four a thread ahead of the merge, so that
//! what is kept per record never holds more than those chunks.

use std::sync::atomic::{AtomicUsize, Ordering};

use super::{check_fields, push_at, Ctx, Passed, Placed, MAX_FINDINGS_PER_RULE};
use crate::finding::Position;
use crate::input::bytes::Release;
use crate::input::decode::{Encoding, Text};
use crate::input::filename;
use crate::input::records::{Cut, Cuts, Records, CHUNK_RECORDS};
use crate::result::{KeyFieldSpec, KeyValue, Keys, NewKey, SikyuUser};
use crate::rules::consistency::{Consistency, RecordView};
use crate::rules::file::FileState;
use crate::rules::{self, encoding, field, structure, Issue, Sink};
use crate::spec::{KindSpec, Revision, Role};

/// The size of a chunk, in bytes, unless set otherwise.
pub const DEFAULT_CHUNK_BYTES: usize = 1 << 18;

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

/// The fields of data records as placed on their layout, by field No.:
/// their values, and where each starts (`None`: no value was placed on it,
/// and its value reads as "").
#[derive(Default)]
struct Slots<'a> {
    texts: Vec<Text<'a>>,
    spots: Vec<Option<SlotPos>>,
}

impl<'a> Slots<'a> {
    fn push(&mut self, text: Text<'a>, spot: Option<SlotPos>) {
        self.texts.push(text);
        self.spots.push(spot);
    }

    fn reserve(&mut self, n: usize) {
        self.texts.reserve(n);
        self.spots.reserve(n);
    }

    fn len(&self) -> usize {
        self.texts.len()
    }

    /// The slots from `from`, `n` of them.
    fn at(&self, from: usize, n: usize) -> Slice<'_, 'a> {
        Slice {
            texts: &self.texts[from..from + n],
            spots: &self.spots[from..from + n],
        }
    }
}

/// One record's [`Slots`].
#[derive(Clone, Copy)]
struct Slice<'s, 'a> {
    texts: &'s [Text<'a>],
    spots: &'s [Option<SlotPos>],
}

/// Where a placed value starts: its record and field No. are known from
/// where the slot is kept (40 bytes a slot rather than 64).
#[derive(Debug, Clone, Copy)]
struct SlotPos {
    byte: u64,
    line: u32,
    inferred: bool,
}

impl SlotPos {
    fn of(p: Position) -> SlotPos {
        SlotPos {
            byte: p.byte.unwrap_or(0),
            line: p.line.unwrap_or(0),
            inferred: p.inferred,
        }
    }

    fn position(self, record: u32, no: u16) -> Position {
        Position {
            byte: Some(self.byte),
            line: Some(self.line),
            record: Some(record),
            field_no: Some(no),
            inferred: self.inferred,
        }
    }
}

/// A data record, for the in-order part.
struct DataRecord {
    number: u32,
    /// Where the record starts, and where its first field does.
    pos: Position,
    first: Position,
    /// The record's fields are where an alignment placed them.
    aligned: bool,
    /// Field Nos. of the record's error findings so far, and of all its
    /// findings.
    errors: Vec<u16>,
    flagged: Vec<u16>,
}

/// What one chunk's check found.
struct Chunk<'a> {
    ctx: Ctx<'a>,
    line_ends: structure::LineEnds,
    quoting: structure::Quoting,
    seen_records: u32,
    saw_header: bool,
    records: Vec<DataRecord>,
    /// `layout.fields.len()` slots per data record.
    slots: Slots<'a>,
    /// The keys and consistency facts of its data records whose fields
    /// stand where the layout puts them, as the record-by-record levels
    /// leave them (the in-order part revises them).
    keys: Keys,
}

/// A data record's kept fields, read by field No.
struct Kept<'s, 'a> {
    layout: &'static KindSpec,
    d: &'s DataRecord,
    slots: Slice<'s, 'a>,
}

impl<'s> Kept<'s, '_> {
    /// The value of field No. `no` ("" when none was placed on it).
    fn value(&self, no: u16) -> &'s str {
        &self.slots.texts[usize::from(no) - 1]
    }

    /// The value of the field of `role`, when the layout has one.
    fn role(&self, role: Role) -> Option<&'s str> {
        self.layout.field_by_role(role).map(|f| self.value(f.no))
    }

    /// Where field No. `no` starts (the record's start when no value was
    /// placed on it; its first field's, with that No., for a No. the
    /// layout does not have).
    fn pos_of(&self, no: u16) -> Position {
        let d = self.d;
        match self.layout.fields.get(usize::from(no).wrapping_sub(1)) {
            Some(f) => {
                self.slots.spots[usize::from(no) - 1].map_or(d.pos, |p| p.position(d.number, f.no))
            }
            None => Position {
                field_no: Some(no),
                ..d.first
            },
        }
    }

    /// Where the field of `role` starts (the record's start when the
    /// layout has none).
    fn role_pos(&self, role: Role) -> Position {
        self.layout
            .field_by_role(role)
            .map_or(self.d.pos, |f| self.pos_of(f.no))
    }
}

/// Adds a record's keys and consistency facts, read from its kept fields
/// with the findings of the record-by-record levels.
fn gather_keys(keys: &mut Keys, rev: &Revision, k: &Kept<'_, '_>, key_nos: &[u16]) {
    let (layout, d) = (k.layout, k.d);
    let view = RecordView {
        value: |role: Role| k.role(role),
        pos_of: |role: Role| k.role_pos(role),
        flagged: |role: Role| {
            layout
                .field_by_role(role)
                .is_some_and(|f| d.flagged.contains(&f.no))
        },
        record: d.number,
    };
    let facts = rules::consistency::record_facts(layout, rev, &view);
    let key_valid = !d.errors.iter().any(|n| key_nos.contains(n));
    let field = |role: Role| {
        layout.field_by_role(role).map(|f| {
            let v = k.value(f.no);
            let pos = k.pos_of(f.no);
            KeyValue {
                value: v,
                byte: pos.byte.unwrap_or(0) as usize,
                line: pos.line.unwrap_or(0),
                personal: f.masks(v),
            }
        })
    };
    keys.push(NewKey {
        record: d.number,
        insurer: k.role(Role::InsurerNumber).unwrap_or(""),
        insured: k.role(Role::InsuredNumber).unwrap_or(""),
        service_code: k.role(Role::ServiceCode),
        fields: [
            field(Role::PlanDate),
            field(Role::ServiceMonth).or_else(|| field(Role::HosokuMonth)),
            field(Role::ImageName),
        ],
        facts,
        key_valid,
    });
}

/// The field Nos. of a layout's key fields.
fn key_nos(layout: &KindSpec) -> Vec<u16> {
    KEY_ROLES
        .iter()
        .filter_map(|r| layout.field_by_role(*r).map(|f| f.no))
        .collect()
}

/// Everything the file needs to know about one chunk.
struct Input<'a> {
    file: &'a str,
    path: &'a str,
    guessed_layout: bool,
    data: &'a [u8],
    layout: &'static KindSpec,
    rev: &'a Revision,
    enc: Encoding,
    /// Gives back the pages of a chunk once it is merged.
    release: Release<'a>,
}

/// The record-by-record levels over the records of one chunk of about
/// `bytes` bytes.
fn check_chunk<'a>(inp: &Input<'a>, bytes: usize, records: &mut Records<'a>) -> Chunk<'a> {
    let (data, layout, rev) = (inp.data, inp.layout, inp.rev);
    let mut out = Chunk {
        ctx: Ctx {
            file: inp.file,
            path: inp.path,
            release: Release::NONE,
            findings: Vec::new(),
            counts: Default::default(),
            error_fields: Vec::new(),
            flagged_fields: Vec::new(),
            guessed_layout: inp.guessed_layout,
        },
        line_ends: structure::LineEnds::default(),
        quoting: structure::Quoting::default(),
        seen_records: 0,
        saw_header: false,
        records: Vec::new(),
        slots: Slots::default(),
        keys: new_keys(layout),
    };
    let key_nos = key_nos(layout);
    let mut passed = Passed::default();
    let mut decoded = encoding::Decoded::default();
    let ctx = &mut out.ctx;
    let mut values: Vec<Text<'a>> = Vec::new();
    while let Some(rec) = records.next() {
        'rec: {
            structure::quotes(ctx, &rec, layout);
            out.line_ends.record(data, &rec);
            if rec.is_blank() {
                structure::blank_line(ctx, &rec);
                break 'rec;
            }
            encoding::decode_fields_into(
                ctx,
                data,
                &rec,
                layout,
                inp.enc,
                &mut values,
                &mut decoded,
            );
            if structure::header_row(ctx, &rec, &values, layout) {
                out.saw_header = true;
                break 'rec;
            }
            out.seen_records += 1;
            ctx.error_fields.clear();
            ctx.flagged_fields.clear();
            let placed = Placed::new(&rec, &values, layout, rev);
            if let Some(a) = &placed.alignment {
                structure::field_count(ctx, &rec, layout, a.summary.clone());
            }
            check_fields(ctx, &mut out.quoting, &mut passed, &placed, layout, rev);
            // The record's values by field No.: where they stand, or where the
            // alignment placed them (a field it could not place reads as not
            // given, and the rules across a record's fields leave it alone).
            let aligned: Option<(Vec<Text<'_>>, Vec<bool>)> = placed.alignment.as_ref().map(|_| {
                layout
                    .fields
                    .iter()
                    .map(|f| match placed.value(f) {
                        Some(v) => (Text::Borrowed(v), true),
                        None => (Text::Borrowed(""), false),
                    })
                    .unzip()
            });
            let fields = match &aligned {
                None => rules::Rec::new(layout, &values, rec.number),
                Some((v, mask)) => rules::Rec::placed(layout, v, mask, rec.number),
            };
            for (no, issue) in field::check_record(layout, rev, &fields) {
                push_at(ctx, &placed, layout, no, issue);
            }
            let nos = |v: &[(Option<u32>, u16)]| {
                v.iter()
                    .filter(|(r, _)| *r == Some(rec.number))
                    .map(|(_, n)| *n)
                    .collect()
            };
            let raw = &rec.fields[0];
            let aligned = placed.alignment.is_some();
            if out.records.is_empty() {
                // Room for as many records as the chunk holds if the rest are
                // as long as the first, and an eighth more (at most a chunk's
                // records): what is kept of a chunk is not copied as it grows.
                let n = bytes / (rec.end_offset - rec.start).max(1) + 1;
                let n = (n + n / 8).min(CHUNK_RECORDS as usize);
                out.records.reserve(n);
                out.slots.reserve(n * layout.fields.len());
            }
            out.records.push(DataRecord {
                number: rec.number,
                pos: Position::at(rec.start, rec.line, Some(rec.number), None),
                first: Position::at(raw.start, raw.line, Some(rec.number), None),
                aligned,
                errors: nos(&ctx.error_fields),
                flagged: nos(&ctx.flagged_fields),
            });
            let first_slot = out.slots.len();
            if aligned {
                for f in &layout.fields {
                    match (placed.pos(f), placed.value(f)) {
                        (Some(pos), Some(v)) => out
                            .slots
                            .push(Text::Owned(v.to_string()), Some(SlotPos::of(pos))),
                        _ => out.slots.push(Text::default(), None),
                    }
                }
            } else {
                // Each field stands at its own place (the record has the
                // layout's number of fields): its value is moved in.
                drop(placed);
                debug_assert_eq!(values.len(), layout.fields.len());
                out.slots.texts.append(&mut values);
                out.slots.spots.extend(rec.fields.iter().map(|raw| {
                    Some(SlotPos {
                        byte: raw.start as u64,
                        line: raw.line,
                        inferred: false,
                    })
                }));
            }
            if !aligned {
                let kept = Kept {
                    layout,
                    d: &out.records[out.records.len() - 1],
                    slots: out.slots.at(first_slot, layout.fields.len()),
                };
                gather_keys(&mut out.keys, rev, &kept, &key_nos);
            }
        }
        records.recycle(rec);
    }
    out
}

/// The in-order part: what runs over the chunks in file order.
struct InOrder<'c, 'a> {
    ctx: &'c mut Ctx<'a>,
    name: &'c filename::FileName,
    consistency: bool,
    state: FileState,
    figures: Consistency,
    line_ends: structure::LineEnds,
    quoting: structure::Quoting,
    seen_records: u32,
    saw_header: bool,
    data_records: u32,
    keys: Keys,
}

impl InOrder<'_, '_> {
    fn add(&mut self, inp: &Input<'_>, chunk: Chunk<'_>) {
        let (layout, rev) = (inp.layout, inp.rev);
        absorb(self.ctx, chunk.ctx);
        self.line_ends.merge(chunk.line_ends);
        self.quoting.merge(chunk.quoting);
        self.seen_records += chunk.seen_records;
        self.saw_header |= chunk.saw_header;
        let width = layout.fields.len();
        let key_nos = key_nos(layout);
        let mut keys = chunk.keys;
        // The number of the next record in the chunk's keys.
        let mut keyed = 0;
        // Which of a record's values were placed (for a record aligned to
        // its layout), the buffer reused from record to record.
        let mut mask: Vec<bool> = Vec::with_capacity(width);
        for (i, d) in chunk.records.iter().enumerate() {
            let slots = chunk.slots.at(i * width, width);
            let kept = Kept { layout, d, slots };
            self.data_records += 1;
            let ctx = &mut *self.ctx;
            ctx.error_fields.clear();
            ctx.error_fields
                .extend(d.errors.iter().map(|n| (Some(d.number), *n)));
            ctx.flagged_fields.clear();
            ctx.flagged_fields
                .extend(d.flagged.iter().map(|n| (Some(d.number), *n)));
            let fields = if d.aligned {
                mask.clear();
                mask.extend(slots.spots.iter().map(Option::is_some));
                rules::Rec::placed(layout, slots.texts, &mask, d.number)
            } else {
                rules::Rec::new(layout, slots.texts, d.number)
            };
            let pos_of = |no: u16| kept.pos_of(no);
            for (no, issue) in self.state.record(self.name, layout, rev, pos_of, &fields) {
                push_slot(ctx, layout, slots, d.number, no, issue);
            }
            // The consistency level and the rules across files read the
            // records whose fields stand where the layout puts them; a 第7表
            // record that does not leaves its file's sums uncompared.
            if d.aligned {
                if self.consistency {
                    self.figures.record_not_placed(layout, rev);
                }
                continue;
            }
            let n = keyed;
            keyed += 1;
            // What the file rules found on the record: its keys and facts,
            // gathered with the chunk, are revised for them.
            let this = |(r, _): &(Option<u32>, u16)| *r == Some(d.number);
            let file_flagged = ctx.flagged_fields[d.flagged.len()..].iter().any(this);
            let flagged = &ctx.flagged_fields;
            let view = RecordView {
                value: |role: Role| kept.role(role),
                pos_of: |role: Role| kept.role_pos(role),
                flagged: |role: Role| {
                    layout.field_by_role(role).is_some_and(|f| {
                        flagged
                            .iter()
                            .any(|(r, n)| *r == Some(d.number) && *n == f.no)
                    })
                },
                record: d.number,
            };
            let found = if self.consistency {
                self.figures.record(layout, rev, &view)
            } else {
                Vec::new()
            };
            let revised =
                file_flagged.then(|| rules::consistency::record_facts(layout, rev, &view));
            for (role, issue) in found {
                let no = layout.field_by_role(role).map_or(0, |f| f.no);
                push_slot(ctx, layout, slots, d.number, no, issue);
            }
            let key_invalid = ctx.error_fields[d.errors.len()..]
                .iter()
                .any(|(r, n)| *r == Some(d.number) && key_nos.contains(n));
            if key_invalid || revised.is_some() {
                let (service, care) = revised.unwrap_or_default();
                keys.revise(
                    n,
                    key_invalid,
                    service.map(|l| l.valid),
                    care.map(|c| c.valid),
                );
            }
        }
        self.keys.append(keys);
    }
}

/// An issue of a rule that reads a record's fields at field No. `no`,
/// where that field's value was placed (dropped when it was not).
fn push_slot(
    ctx: &mut Ctx<'_>,
    layout: &KindSpec,
    slots: Slice<'_, '_>,
    record: u32,
    no: u16,
    issue: Issue,
) {
    let Some(spec) = layout.fields.get(usize::from(no).wrapping_sub(1)) else {
        return;
    };
    let i = usize::from(no) - 1;
    let Some(pos) = slots.spots[i] else {
        return;
    };
    let v = &slots.texts[i];
    ctx.push(issue, pos.position(record, spec.no), Some(spec), Some(v));
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
/// structure, field, file and consistency levels. Returns the number of
/// data records, their keys and the 第7表's users.
#[allow(clippy::too_many_arguments)]
pub(super) fn check_records(
    ctx: &mut Ctx<'_>,
    data: &[u8],
    start: usize,
    enc: Encoding,
    name: &filename::FileName,
    layout: &'static KindSpec,
    rev: &Revision,
    consistency: bool,
) -> (u32, Keys, Vec<SikyuUser>) {
    let inp = Input {
        file: ctx.file,
        path: ctx.path,
        guessed_layout: ctx.guessed_layout,
        data,
        layout,
        rev,
        enc,
        release: ctx.release,
    };
    let mut order = InOrder {
        ctx,
        name,
        consistency,
        state: FileState::default(),
        figures: Consistency::default(),
        line_ends: structure::LineEnds::default(),
        quoting: structure::Quoting::default(),
        seen_records: 0,
        saw_header: false,
        data_records: 0,
        keys: new_keys(layout),
    };
    let every = chunk_bytes();
    let first = Cut {
        offset: start,
        line: 1,
        records_before: 0,
    };
    if data.len() - start <= every || rayon::current_num_threads() == 1 {
        // A file of one chunk's bytes, or one thread: the chunks are taken
        // as the records come, with no scan for cuts ahead of them.
        let mut records = Records::new(data, start);
        while let Some(first) = records.next_start() {
            let limit = first.saturating_add(every);
            records.set_limit(limit, CHUNK_RECORDS);
            let chunk = check_chunk(&inp, limit.min(data.len()) - first, &mut records);
            order.add(&inp, chunk);
            inp.release
                .range(first, records.next_start().unwrap_or(data.len()));
        }
    } else {
        checked_ahead(&inp, &mut order, first, Cuts::new(data, start, every));
    }
    let ctx = &mut *order.ctx;
    order.line_ends.finish(ctx);
    order.quoting.finish(ctx);
    for (pos, no, issue) in order.state.finish(layout, rev) {
        let field = layout.fields.get(usize::from(no).wrapping_sub(1));
        let pos = Position {
            field_no: field.map(|f| f.no),
            ..pos
        };
        ctx.push(issue, pos, field, None);
    }
    if order.seen_records == 0 {
        structure::no_record(ctx, start, order.saw_header, layout);
    }
    let mut users = Vec::new();
    if consistency {
        let (found, totals) = order.figures.finish(layout, rev);
        for (pos, role, issue) in found {
            ctx.push(issue, pos, layout.field_by_role(role), None);
        }
        users = totals;
    }
    order.keys.seal();
    (order.data_records, order.keys, users)
}

/// Chunks checked on every thread of the pool while this one merges them
/// in file order: it finds the next cuts and keeps up to four chunks a
/// thread checked or being checked ahead of the merge; when the next chunk
/// to merge is not done yet, it checks one itself, and only waits when
/// every chunk ahead is being checked elsewhere. (Waves of chunks, each
/// merged while the next was checked, left a thread idle at the end of
/// every wave.)
fn checked_ahead<'a>(inp: &Input<'a>, order: &mut InOrder<'_, '_>, first: Cut, mut cuts: Cuts<'_>) {
    use std::collections::BTreeMap;
    let ahead = 4 * rayon::current_num_threads().max(1);
    let end = inp.data.len();
    let (tx, rx) = std::sync::mpsc::channel::<(usize, Chunk<'a>)>();
    rayon::scope_fifo(move |s| {
        let mut from = Some(first);
        // Chunks spawned, merged, and done but waiting for an earlier one.
        let (mut spawned, mut merged) = (0usize, 0usize);
        let mut done: BTreeMap<usize, Chunk<'a>> = BTreeMap::new();
        // Where each chunk spawned and not yet merged starts and ends.
        let mut bytes: BTreeMap<usize, (usize, usize)> = BTreeMap::new();
        loop {
            while spawned - merged < ahead {
                let Some(f) = from.take() else { break };
                let to = match cuts.next() {
                    Some(c) => {
                        from = Some(c);
                        c.offset
                    }
                    None => end,
                };
                bytes.insert(spawned, (f.offset, to));
                let (tx, i) = (tx.clone(), spawned);
                s.spawn_fifo(move |_| {
                    let chunk =
                        check_chunk(inp, to - f.offset, &mut Records::chunk(inp.data, &f, to));
                    // The receiver outlives the scope: sending cannot fail.
                    let _ = tx.send((i, chunk));
                });
                spawned += 1;
            }
            if merged == spawned {
                break;
            }
            let next = match rx.try_recv() {
                Ok(c) => Some(c),
                // Nothing done: check a chunk here, or wait when every
                // chunk ahead is being checked on another thread.
                Err(_) => match rayon::yield_now() {
                    Some(rayon::Yield::Executed) => None,
                    _ => rx.recv().ok(),
                },
            };
            if let Some((i, chunk)) = next {
                done.insert(i, chunk);
            }
            while let Some(chunk) = done.remove(&merged) {
                order.add(inp, chunk);
                // What the chunk's records gave is merged: their bytes are
                // read again only for a record a report copies.
                if let Some((from, to)) = bytes.remove(&merged) {
                    inp.release.range(from, to);
                }
                merged += 1;
            }
        }
    });
}
