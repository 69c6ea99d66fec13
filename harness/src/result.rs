//! What a check produces, shared by every level that reads it: the parts of
//! a file's name, the keys of its records, the result of checking one file
//! and of a whole run. Only the leaf types of [`crate::finding`] are used
//! here, so that rules, checks and reports can all depend on this module
//! without depending on each other.

use std::collections::{BTreeMap, BTreeSet};
use std::hash::BuildHasher;

use crate::finding::{Finding, Position, Severity};

/// What the name says, as far as it could be read.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FileName {
    /// The kind the file is checked as (the prefix, or the known prefix a
    /// misspelt one was taken for).
    pub kind: Option<String>,
    pub month: Option<String>,
    /// Whether the month is the kind's placeholder (UPHOSOKU's 000000: the
    /// file goes with the plan set, not with a month's service-use files).
    pub month_is_placeholder: bool,
    pub sender: Option<String>,
    pub sender_kind: Option<String>,
    pub receiver: Option<String>,
    pub receiver_kind: Option<String>,
    /// The 14-digit ファイル連番, when it is one.
    pub timestamp: Option<String>,
    /// The 4-digit branch number of a family-structure image.
    pub branch: Option<String>,
    /// For a name whose segments do not fit its kind's places: the parts
    /// that could still be recognised (a name without its receiver still
    /// says its sender and ファイル連番). The fields above stay empty, as
    /// the name places the file in no send unit.
    pub loose: Option<LooseName>,
}

/// The parts of a name that do not fit their kind's places that could
/// still be recognised by their shapes.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct LooseName {
    pub month: Option<String>,
    pub sender: Option<String>,
    pub sender_kind: Option<String>,
    pub receiver: Option<String>,
    pub receiver_kind: Option<String>,
    pub timestamp: Option<String>,
}

/// The result of checking one file.
#[derive(Debug, Clone)]
pub struct FileResult {
    pub file: String,
    pub path: String,
    /// The kind the file was checked as, when its name told.
    pub kind: Option<String>,
    /// Data records checked (header and blank lines excluded).
    pub records: u32,
    pub bytes: u64,
    pub findings: Vec<Finding>,
    /// What the name says (kind, month, parties, ファイル連番).
    pub name: FileName,
    /// The revision the file was checked against.
    pub revision: String,
    /// The key fields of every well-formed data record, for the rules that
    /// relate files (send units, relations).
    pub keys: Keys,
    /// Whether every data record was well-formed (so `keys` is complete).
    pub keys_complete: bool,
    /// Copies of the records the findings point at, for reports that show
    /// them (bounded as the reports bound their record tables).
    pub record_copies: RecordCopies,
    /// 第7表: each user's 区分支給限度基準内単位数, for the limit in the
    /// 利用者補足情報 sent with it.
    pub sikyu_users: Vec<SikyuUser>,
}

/// One key field of a record: its value, position and name.
#[derive(Debug, Clone, Copy, Default)]
pub struct KeyField<'a> {
    pub value: &'a str,
    pub pos: Position,
    /// The field's name in the layout.
    pub name: &'static str,
    /// Whether the value is masked in findings (see `FieldSpec::masks`).
    pub personal: bool,
}

/// A record's key fields, with the positions of the fields that relate it
/// to other files.
#[derive(Debug, Clone, Copy, Default)]
pub struct RecordKey<'a> {
    pub record: u32,
    pub insurer: &'a str,
    pub insured: &'a str,
    /// 居宅サービス計画作成（変更）日 (UP1KYO, UP2KYO, UP3KYO, UPHOSOKU No.4).
    pub plan_date: Option<KeyField<'a>>,
    /// 対象年月 (the service-use files; UPHOSOKU No.63).
    pub month: Option<KeyField<'a>>,
    /// UPKIHON No.62, the family-structure image this record names.
    pub image_name: Option<KeyField<'a>>,
    /// サービスコード (the service-use files and the 第7表).
    pub service_code: Option<&'a str>,
    /// The service a 第6表, 実績 or 第7表 record is for and its 回数, for
    /// the consistency rules across files and the 予定／実績 comparison.
    pub service: Option<ServiceLine<'a>>,
    /// 利用者補足情報: the user's care level and 区分支給限度基準額.
    pub care: Option<CareLimit<'a>>,
    /// False when a key field (保険者番号, 被保険者番号, the plan date or the
    /// month) already carries an error finding: relation rules then stay
    /// silent rather than repeat it.
    pub key_valid: bool,
}

/// Which field of the layout a key field is: its name and No.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct KeyFieldSpec {
    pub name: &'static str,
    pub no: u16,
}

/// The keys of a file's data records, kept compactly: each distinct value
/// once (a 第6表 repeats one user's keys on every line of the month), and
/// per record numbers into that table and the positions of its fields —
/// a few dozen bytes a record, no allocation per record. A file without
/// keys (every file once its send unit is checked) holds a null pointer:
/// a folder of 16,000 small files keeps 16,000 results.
#[derive(Debug, Clone, Default)]
pub struct Keys(Option<Box<KeyTable>>);

/// The table of [`Keys`].
#[derive(Debug, Clone, Default)]
struct KeyTable {
    values: Vec<Box<str>>,
    /// The numbers of `values`, found by the value's hash.
    index: hashbrown::HashTable<u32>,
    hasher: foldhash::fast::RandomState,
    /// The fields the keys come from: plan date, month, image name.
    fields: [Option<KeyFieldSpec>; 3],
    /// In blocks of [`KEY_BLOCK`] records: no allocation grows with the
    /// file (an allocator keeps large freed blocks mapped for reuse, and a
    /// folder of large files would hold the largest ever freed).
    records: Vec<Vec<PackedKey>>,
    /// Plan date, month, image name of each record, in blocks as
    /// `records`: kept only for the fields the layout has.
    field_values: [Vec<Vec<PackedField>>; 3],
    /// The consistency level's facts of the records that have them, in
    /// blocks as `records` (numbered by [`PackedKey::service`] and
    /// [`PackedKey::care`]).
    services: Vec<Vec<PackedService>>,
    cares: Vec<Vec<PackedCare>>,
    /// The name of the 回数 field of the layout, the same for every
    /// service line of the file.
    count_name: &'static str,
}

/// Records per block of [`Keys`].
const KEY_BLOCK: usize = 2048;

/// Adds `item` to the last block, or to a new one when that is full;
/// returns its number across the blocks.
fn push_in_blocks<T>(blocks: &mut Vec<Vec<T>>, item: T) -> usize {
    let full = |b: &Vec<T>| b.len() == KEY_BLOCK;
    if blocks.last().is_none_or(full) {
        blocks.push(Vec::with_capacity(KEY_BLOCK));
    }
    let n = blocks.len() - 1;
    let last = &mut blocks[n];
    last.push(item);
    n * KEY_BLOCK + last.len() - 1
}

/// Item `n` across the blocks.
fn in_blocks<T>(blocks: &[Vec<T>], n: usize) -> Option<&T> {
    blocks.get(n / KEY_BLOCK)?.get(n % KEY_BLOCK)
}

/// The number of items across the blocks.
fn count_in_blocks<T>(blocks: &[Vec<T>]) -> usize {
    blocks.iter().map(Vec::len).sum()
}

/// Shrinks the last block to what it holds.
fn shrink_last<T>(blocks: &mut [Vec<T>]) {
    if let Some(b) = blocks.last_mut() {
        b.shrink_to_fit();
    }
}

/// A record's keys: value numbers in [`KeyTable::values`].
#[derive(Debug, Clone)]
struct PackedKey {
    record: u32,
    insurer: u32,
    insured: u32,
    /// サービスコード ([`NONE`] when the record has none).
    service_code: u32,
    /// The consistency level's facts of the record, when it has them: the
    /// number of its service line in [`KeyTable::services`] and of its care
    /// level in [`KeyTable::cares`] ([`NONE`]: none).
    service: u32,
    care: u32,
    /// Bits 0-2: the field is masked in findings; bit 3: the key is valid.
    flags: u8,
}

const KEY_VALID: u8 = 1 << 3;

/// A [`Position`] in 24 bytes rather than 40: each part's absence as a
/// bit.
#[derive(Debug, Clone, Copy)]
struct PackedPos {
    byte: u64,
    line: u32,
    record: u32,
    field_no: u16,
    /// Bits 0-3: byte, line, record, field No. given; bit 4: inferred.
    flags: u8,
}

impl From<Position> for PackedPos {
    fn from(p: Position) -> PackedPos {
        PackedPos {
            byte: p.byte.unwrap_or(0),
            line: p.line.unwrap_or(0),
            record: p.record.unwrap_or(0),
            field_no: p.field_no.unwrap_or(0),
            flags: u8::from(p.byte.is_some())
                | u8::from(p.line.is_some()) << 1
                | u8::from(p.record.is_some()) << 2
                | u8::from(p.field_no.is_some()) << 3
                | u8::from(p.inferred) << 4,
        }
    }
}

impl From<PackedPos> for Position {
    fn from(p: PackedPos) -> Position {
        let given = |bit: u8| p.flags & (1 << bit) != 0;
        Position {
            byte: given(0).then_some(p.byte),
            line: given(1).then_some(p.line),
            record: given(2).then_some(p.record),
            field_no: given(3).then_some(p.field_no),
            inferred: given(4),
        }
    }
}

/// A [`ServiceLine`], its text as value numbers in [`KeyTable::values`].
#[derive(Debug, Clone)]
struct PackedService {
    office: u32,
    satellite: u32,
    tais: u32,
    notification: u32,
    /// [`NONE`] when the record has no サービス利用日.
    use_date: u32,
    /// Read only when flag bit 4 is set.
    count: i64,
    count_pos: PackedPos,
    /// Bits: 0 daily rate, 1 over 30 days, 2 summary, 3 valid, 4 count
    /// given.
    flags: u8,
}

/// A [`CareLimit`], its level as a value number.
#[derive(Debug, Clone, Copy)]
struct PackedCare {
    level: u32,
    limit: Option<i64>,
    valid: bool,
}

/// A key field: its value number ([`NONE`] when the record has no such
/// field), and where it starts.
#[derive(Debug, Clone, Copy)]
struct PackedField {
    value: u32,
    line: u32,
    byte: u64,
}

const NONE: u32 = u32::MAX;

/// What a record gives [`Keys::push`].
#[derive(Debug, Clone, Copy)]
pub struct NewKey<'a> {
    pub record: u32,
    pub insurer: &'a str,
    pub insured: &'a str,
    pub service_code: Option<&'a str>,
    /// The plan date, the month and the image name, as far as the layout
    /// has them; an empty image name is no image name.
    pub fields: [Option<KeyValue<'a>>; 3],
    /// The consistency level's facts of the record.
    pub facts: (Option<ServiceLine<'a>>, Option<CareLimit<'a>>),
    pub key_valid: bool,
}

/// What a record gives [`Keys::push`] for one key field.
#[derive(Debug, Clone, Copy)]
pub struct KeyValue<'a> {
    pub value: &'a str,
    pub byte: usize,
    pub line: u32,
    pub personal: bool,
}

impl Keys {
    /// Keys for records whose plan date, month and image name come from
    /// these fields of the layout.
    pub fn new(
        plan_date: Option<KeyFieldSpec>,
        month: Option<KeyFieldSpec>,
        image_name: Option<KeyFieldSpec>,
    ) -> Keys {
        Keys(Some(Box::new(KeyTable {
            fields: [plan_date, month, image_name],
            ..KeyTable::default()
        })))
    }

    fn table(&mut self) -> &mut KeyTable {
        self.0.get_or_insert_with(Box::default)
    }

    /// Adds a record's keys.
    pub fn push(&mut self, key: NewKey<'_>) {
        self.table().push(key);
    }

    /// Revises record `n`'s validity with what was found after its keys
    /// were added (by the rules that read the file in order): its key made
    /// invalid, and its service line's or care level's validity as read
    /// again.
    pub fn revise(
        &mut self,
        n: usize,
        key_invalid: bool,
        service_valid: Option<bool>,
        care_valid: Option<bool>,
    ) {
        if let Some(t) = &mut self.0 {
            t.revise(n, key_invalid, service_valid, care_valid);
        }
    }

    /// Adds the keys of `later`, records read after these (a chunk's,
    /// gathered on its own thread): each of its values numbered in this
    /// table once, its records renumbered.
    pub fn append(&mut self, later: Keys) {
        if let Some(later) = later.0 {
            self.table().append(*later);
        }
    }

    /// Drops what is only needed while keys are added; keys of no record
    /// are dropped whole.
    pub fn seal(&mut self) {
        match &mut self.0 {
            Some(t) if t.records.is_empty() => self.0 = None,
            Some(t) => t.seal(),
            None => {}
        }
    }

    pub fn len(&self) -> usize {
        self.0.as_ref().map_or(0, |t| count_in_blocks(&t.records))
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The records' keys, in record order.
    pub fn iter(&self) -> impl Iterator<Item = RecordKey<'_>> + '_ {
        self.0.iter().flat_map(|t| t.read(true))
    }

    /// The keys of the records in `range` (the first record is 0), as
    /// [`Keys::iter`] reads them: a reader may take the records in parts.
    pub fn iter_range(
        &self,
        range: std::ops::Range<usize>,
    ) -> impl Iterator<Item = RecordKey<'_>> + '_ {
        self.0.iter().flat_map(move |t| {
            range
                .clone()
                .map_while(move |n| in_blocks(&t.records, n).map(|k| t.key(n, k, true)))
        })
    }

    /// The records' keys without the consistency level's facts (`service`
    /// and `care` are `None`), for the rules that relate files by keys
    /// alone: a service line is not read back from the table for nothing.
    pub fn keys_only(&self) -> impl Iterator<Item = RecordKey<'_>> + '_ {
        self.0.iter().flat_map(|t| t.read(false))
    }

    /// Each record's 保険者番号, 被保険者番号 and the value of one key
    /// field, in record order: what the relation rules compare, read
    /// without building each record's positions.
    pub fn links(&self, field: KeyOf) -> impl Iterator<Item = Link<'_>> + '_ {
        self.0.iter().flat_map(move |t| t.links(field))
    }

    /// The keys of the `n`th record (as [`Keys::keys_only`] reads them).
    pub fn key(&self, n: usize) -> Option<RecordKey<'_>> {
        let t = self.0.as_ref()?;
        Some(t.key(n, in_blocks(&t.records, n)?, false))
    }

    /// Whether the records carry an image name (the layout has the field):
    /// when not, no record's `image_name` is read back.
    pub fn has_image_names(&self) -> bool {
        self.0.as_ref().is_some_and(|t| t.fields[2].is_some())
    }
}

impl KeyTable {
    /// The number of value `v`; `near` is the number a neighbouring record
    /// had, tried first (records of one user repeat their keys).
    fn intern(&mut self, v: &str, near: u32) -> u32 {
        if near != NONE && crate::values::same(&self.values[near as usize], v) {
            return near;
        }
        let hash = self.hasher.hash_one(v);
        let values = &self.values;
        if let Some(&i) = self
            .index
            .find(hash, |&i| crate::values::same(&values[i as usize], v))
        {
            return i;
        }
        let i = u32::try_from(self.values.len()).unwrap_or(NONE - 1);
        self.values.push(v.into());
        let (values, hasher) = (&self.values, &self.hasher);
        self.index
            .insert_unique(hash, i, |&i| hasher.hash_one(&*values[i as usize]));
        i
    }

    fn push(&mut self, key: NewKey<'_>) {
        let NewKey {
            record,
            insurer,
            insured,
            service_code,
            fields,
            facts,
            key_valid,
        } = key;
        let n = self.records.last().map_or(0, |b| b.len());
        let last = self.records.len().max(1) * KEY_BLOCK - KEY_BLOCK + n;
        let prev = self
            .records
            .last()
            .and_then(|b| b.last())
            .map(|p| (p.insurer, p.insured, p.service_code));
        let insurer = self.intern(insurer, prev.map_or(NONE, |p| p.0));
        let insured = self.intern(insured, prev.map_or(NONE, |p| p.1));
        let service_code = match service_code {
            Some(c) => self.intern(c, prev.map_or(NONE, |p| p.2)),
            None => NONE,
        };
        let mut flags = if key_valid { KEY_VALID } else { 0 };
        for (i, f) in fields.iter().enumerate() {
            if self.fields[i].is_none() {
                continue;
            }
            let mut packed = PackedField {
                value: NONE,
                line: 0,
                byte: 0,
            };
            if let Some(f) = f.filter(|f| i != 2 || !f.value.is_empty()) {
                let near = last
                    .checked_sub(1)
                    .and_then(|p| in_blocks(&self.field_values[i], p))
                    .map_or(NONE, |p| p.value);
                packed = PackedField {
                    value: self.intern(f.value, near),
                    line: f.line,
                    byte: f.byte as u64,
                };
                if f.personal {
                    flags |= 1 << i;
                }
            }
            push_in_blocks(&mut self.field_values[i], packed);
        }
        let service = match facts.0 {
            Some(l) => self.push_service(l),
            None => NONE,
        };
        let care = match facts.1 {
            Some(c) => {
                let packed = PackedCare {
                    level: self.intern(c.level, NONE),
                    limit: c.limit,
                    valid: c.valid,
                };
                u32::try_from(push_in_blocks(&mut self.cares, packed)).unwrap_or(NONE - 1)
            }
            None => NONE,
        };
        push_in_blocks(
            &mut self.records,
            PackedKey {
                record,
                insurer,
                insured,
                service_code,
                service,
                care,
                flags,
            },
        );
    }

    /// Keeps a record's service line; returns its number.
    fn push_service(&mut self, l: ServiceLine<'_>) -> u32 {
        let prev = self
            .services
            .last()
            .and_then(|b| b.last())
            .map(|p| (p.office, p.satellite, p.tais, p.notification, p.use_date));
        // One layout per file: one 回数 field.
        self.count_name = l.count_name;
        let packed = PackedService {
            office: self.intern(l.office, prev.map_or(NONE, |p| p.0)),
            satellite: self.intern(l.satellite, prev.map_or(NONE, |p| p.1)),
            tais: self.intern(l.tais, prev.map_or(NONE, |p| p.2)),
            notification: self.intern(l.notification, prev.map_or(NONE, |p| p.3)),
            use_date: match l.use_date {
                Some(d) => self.intern(d, prev.map_or(NONE, |p| p.4)),
                None => NONE,
            },
            count: l.count.unwrap_or(0),
            count_pos: l.count_pos.into(),
            flags: u8::from(l.daily_rate)
                | u8::from(l.over_30_days) << 1
                | u8::from(l.summary) << 2
                | u8::from(l.valid) << 3
                | u8::from(l.count.is_some()) << 4,
        };
        let n = push_in_blocks(&mut self.services, packed);
        u32::try_from(n).unwrap_or(NONE - 1)
    }

    fn revise(
        &mut self,
        n: usize,
        key_invalid: bool,
        service_valid: Option<bool>,
        care_valid: Option<bool>,
    ) {
        let Some(k) = self
            .records
            .get_mut(n / KEY_BLOCK)
            .and_then(|b| b.get_mut(n % KEY_BLOCK))
        else {
            return;
        };
        if key_invalid {
            k.flags &= !KEY_VALID;
        }
        let (service, care) = (k.service as usize, k.care as usize);
        if let (Some(valid), Some(s)) = (
            service_valid,
            self.services
                .get_mut(service / KEY_BLOCK)
                .and_then(|b| b.get_mut(service % KEY_BLOCK)),
        ) {
            s.flags = s.flags & !8 | u8::from(valid) << 3;
        }
        if let (Some(valid), Some(c)) = (
            care_valid,
            self.cares
                .get_mut(care / KEY_BLOCK)
                .and_then(|b| b.get_mut(care % KEY_BLOCK)),
        ) {
            c.valid = valid;
        }
    }

    fn append(&mut self, later: KeyTable) {
        let map: Vec<u32> = later.values.iter().map(|v| self.intern(v, NONE)).collect();
        let m = |i: u32| if i == NONE { NONE } else { map[i as usize] };
        let base = |n: usize| u32::try_from(n).unwrap_or(NONE - 1);
        let (services, cares) = (
            base(count_in_blocks(&self.services)),
            base(count_in_blocks(&self.cares)),
        );
        let shift = |i: u32, by: u32| {
            if i == NONE {
                NONE
            } else {
                i.saturating_add(by)
            }
        };
        if !later.count_name.is_empty() {
            self.count_name = later.count_name;
        }
        for s in later.services.into_iter().flatten() {
            let packed = PackedService {
                office: m(s.office),
                satellite: m(s.satellite),
                tais: m(s.tais),
                notification: m(s.notification),
                use_date: m(s.use_date),
                ..s
            };
            push_in_blocks(&mut self.services, packed);
        }
        for c in later.cares.into_iter().flatten() {
            let packed = PackedCare {
                level: m(c.level),
                ..c
            };
            push_in_blocks(&mut self.cares, packed);
        }
        for (mine, theirs) in self.field_values.iter_mut().zip(later.field_values) {
            for f in theirs.into_iter().flatten() {
                let packed = PackedField {
                    value: m(f.value),
                    ..f
                };
                push_in_blocks(mine, packed);
            }
        }
        for k in later.records.into_iter().flatten() {
            let packed = PackedKey {
                insurer: m(k.insurer),
                insured: m(k.insured),
                service_code: m(k.service_code),
                service: shift(k.service, services),
                care: shift(k.care, cares),
                ..k
            };
            push_in_blocks(&mut self.records, packed);
        }
    }

    /// Service line number `n`, read from the table of values.
    fn service(&self, n: u32) -> Option<ServiceLine<'_>> {
        let p = in_blocks(&self.services, n as usize)?;
        let v = |i: u32| &*self.values[i as usize];
        Some(ServiceLine {
            office: v(p.office),
            satellite: v(p.satellite),
            tais: v(p.tais),
            notification: v(p.notification),
            count: (p.flags & 16 != 0).then_some(p.count),
            count_pos: p.count_pos.into(),
            count_name: self.count_name,
            use_date: (p.use_date != NONE).then(|| v(p.use_date)),
            daily_rate: p.flags & 1 != 0,
            over_30_days: p.flags & 2 != 0,
            summary: p.flags & 4 != 0,
            valid: p.flags & 8 != 0,
        })
    }

    /// Drops what is only needed while keys are added.
    fn seal(&mut self) {
        self.index = Default::default();
        self.values.shrink_to_fit();
        // The last blocks were allocated for KEY_BLOCK records: a file of
        // a few records keeps only those.
        shrink_last(&mut self.records);
        for f in &mut self.field_values {
            shrink_last(f);
        }
        shrink_last(&mut self.services);
        shrink_last(&mut self.cares);
    }

    fn read(&self, facts: bool) -> impl Iterator<Item = RecordKey<'_>> + '_ {
        self.records
            .iter()
            .flatten()
            .enumerate()
            .map(move |(n, k)| self.key(n, k, facts))
    }

    /// Record `n`'s keys (`k`, its packed keys).
    fn key(&self, n: usize, k: &PackedKey, facts: bool) -> RecordKey<'_> {
        let field = |i: usize| {
            let spec = self.fields[i]?;
            let f = in_blocks(&self.field_values[i], n)?;
            (f.value != NONE).then(|| KeyField {
                value: &self.values[f.value as usize],
                pos: Position {
                    byte: Some(f.byte),
                    line: Some(f.line),
                    record: Some(k.record),
                    field_no: Some(spec.no),
                    ..Position::default()
                },
                name: spec.name,
                personal: k.flags & (1 << i) != 0,
            })
        };
        RecordKey {
            record: k.record,
            insurer: &self.values[k.insurer as usize],
            insured: &self.values[k.insured as usize],
            plan_date: field(0),
            month: field(1),
            image_name: field(2),
            service_code: (k.service_code != NONE).then(|| &*self.values[k.service_code as usize]),
            service: (facts && k.service != NONE)
                .then(|| self.service(k.service))
                .flatten(),
            care: (facts && k.care != NONE)
                .then(|| in_blocks(&self.cares, k.care as usize))
                .flatten()
                .map(|c| CareLimit {
                    level: &self.values[c.level as usize],
                    limit: c.limit,
                    valid: c.valid,
                }),
            key_valid: k.flags & KEY_VALID != 0,
        }
    }

    /// Each record's link values, as [`Keys::links`] gives them.
    fn links(&self, field: KeyOf) -> impl Iterator<Item = Link<'_>> + '_ {
        let i = field as usize;
        let values = self.fields[i].map(|_| &self.field_values[i]);
        let mut of_field = values.into_iter().flatten().flatten();
        self.records
            .iter()
            .flatten()
            .enumerate()
            .map(move |(n, k)| {
                let v = of_field.next().map_or(NONE, |f| f.value);
                Link {
                    n,
                    insurer: &self.values[k.insurer as usize],
                    insured: &self.values[k.insured as usize],
                    value: (v != NONE).then(|| &*self.values[v as usize]),
                    key_valid: k.flags & KEY_VALID != 0,
                }
            })
    }
}

/// The key field a relation reads besides 保険者番号 and 被保険者番号.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum KeyOf {
    PlanDate = 0,
    Month = 1,
}

/// What the relation rules compare of a record: 保険者番号, 被保険者番号
/// and one key field's value, without the positions a finding needs
/// ([`Keys::key`] reads those for the record `n` that gives one).
#[derive(Debug, Clone, Copy)]
pub struct Link<'a> {
    pub n: usize,
    pub insurer: &'a str,
    pub insured: &'a str,
    pub value: Option<&'a str>,
    pub key_valid: bool,
}

impl<'a> Link<'a> {
    /// 保険者番号 + 被保険者番号 + the key field's value, when the record
    /// has the field.
    pub fn key3(&self) -> Option<(&'a str, &'a str, &'a str)> {
        Some((self.insurer, self.insured, self.value?))
    }
}

/// The service of a 第6表, 実績 or 第7表 record, as the consistency rules
/// across files read it (borrowed from the record, or from [`Keys`]).
#[derive(Debug, Clone, Copy, Default)]
pub struct ServiceLine<'a> {
    /// サービス事業者コード (第6表・実績) or サービス事業所コード (第7表).
    pub office: &'a str,
    pub satellite: &'a str,
    pub tais: &'a str,
    pub notification: &'a str,
    /// 回数 (第6表・実績 No.14, 第7表 No.16), when it reads as a number.
    pub count: Option<i64>,
    pub count_pos: Position,
    pub count_name: &'static str,
    /// サービス利用日 (第6表・実績).
    pub use_date: Option<&'a str>,
    /// 日割対象日 is given (第6表・実績).
    pub daily_rate: bool,
    /// ３０日超区分 is 1.
    pub over_30_days: bool,
    /// A 第7表 subtotal or 全合計 row.
    pub summary: bool,
    /// False when one of these fields, or the サービスコード, carries a
    /// finding: the record is then left out of the comparisons.
    pub valid: bool,
}

/// A 利用者補足情報 record's care level and limit.
#[derive(Debug, Clone, Copy, Default)]
pub struct CareLimit<'a> {
    /// 要介護状態区分.
    pub level: &'a str,
    /// 区分支給限度基準額, when it reads as a number.
    pub limit: Option<i64>,
    /// False when either field carries a finding.
    pub valid: bool,
}

/// A 第7表 user's 区分支給限度基準内単位数, added up from the rows that
/// carry them, and where the 全合計 row states it.
#[derive(Debug, Clone)]
pub struct SikyuUser {
    pub insurer: String,
    pub insured: String,
    pub month: String,
    pub within: i64,
    /// The 全合計 row's 区分支給限度基準内単位数.
    pub pos: Position,
    pub field_name: &'static str,
    pub found: String,
}

// ------------------------------------------------------------------ waivers

/// What became of a waiver in a run.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum WaiverState {
    /// In force, and it waived findings.
    Applied,
    /// In force, and no finding of the run matches it.
    Unused,
    /// Past its expiry date: it waives nothing, and fails the run.
    Expired,
}

impl WaiverState {
    pub fn as_str(self) -> &'static str {
        match self {
            WaiverState::Applied => "applied",
            WaiverState::Unused => "unused",
            WaiverState::Expired => "expired",
        }
    }
}

/// A waiver of the configuration file as applied to one run: findings of
/// `rule` in the files `path` matches are shown as waived and do not fail
/// the run, up to and including the day `expires`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Waiver {
    pub rule: String,
    /// The glob, as written.
    pub path: String,
    pub reason: String,
    /// The last day the waiver holds, `YYYY-MM-DD`.
    pub expires: String,
    /// The configuration file (as found or given) and the waiver's line in it.
    pub file: String,
    pub line: u32,
    pub state: WaiverState,
    /// The findings of the run it matches: waived when it is applied, not
    /// waived when it has expired.
    pub findings: usize,
}

impl Waiver {
    /// `careplan-conformance.toml:12`
    pub fn source(&self) -> String {
        format!("{}:{}", self.file, self.line)
    }

    /// What the run says of an expired or unused waiver; `None` for one
    /// applied.
    pub fn diagnostic(&self, lang: crate::finding::Lang) -> Option<String> {
        use crate::finding::Lang;
        let (src, rule, path, reason) = (self.source(), &self.rule, &self.path, &self.reason);
        let reason = crate::finding::printable(reason);
        match (self.state, lang) {
            (WaiverState::Applied, _) => None,
            (WaiverState::Expired, Lang::Ja) => Some(format!(
                "{src}: {rule}（{path}）の免除は期限 {} を過ぎています（理由: {reason}）",
                self.expires
            )),
            (WaiverState::Expired, Lang::En) => Some(format!(
                "{src}: the waiver of {rule} for '{path}' expired after {} (reason: {reason})",
                self.expires
            )),
            (WaiverState::Unused, Lang::Ja) => Some(format!(
                "{src}: {rule}（{path}）の免除に当たる指摘がありません（未使用）"
            )),
            (WaiverState::Unused, Lang::En) => Some(format!(
                "{src}: the waiver of {rule} for '{path}' matches no finding (unused)"
            )),
        }
    }
}

/// The waivers of a run and the findings they waive.
#[derive(Debug, Clone, Default)]
pub struct Waivers {
    /// Every waiver of the configuration, in its order.
    pub list: Vec<Waiver>,
    /// The day they were judged against, `YYYY-MM-DD`.
    pub today: String,
    /// Per path, per rule: the waiver in `list` that waives its findings.
    waived: BTreeMap<String, BTreeMap<&'static str, usize>>,
}

impl Waivers {
    /// The waivers of a run judged as of `today`, waiving nothing yet.
    pub fn new(list: Vec<Waiver>, today: String) -> Waivers {
        Waivers {
            list,
            today,
            waived: BTreeMap::new(),
        }
    }

    /// Records that waiver `index` of `list` waives the findings of `rule`
    /// in the file at `path` (a waiver covers a rule in a file whole).
    pub fn waive(&mut self, path: &str, rule: &'static str, index: usize) {
        self.waived
            .entry(path.to_string())
            .or_default()
            .entry(rule)
            .or_insert(index);
    }

    /// The waiver that waives `f`.
    pub fn of(&self, f: &Finding) -> Option<&Waiver> {
        let i = *self.waived.get(f.path.as_str())?.get(f.rule.id)?;
        self.list.get(i)
    }
}

/// Findings counted as a run counts them: errors and warnings that are not
/// waived, and the waived ones apart.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Tally {
    pub errors: usize,
    pub warnings: usize,
    pub waived: usize,
}

/// Everything one `check` produced.
#[derive(Debug)]
pub struct Run {
    /// The revision forced with `--spec`; `None` when picked per file.
    pub revision: Option<String>,
    /// The paths given on the command line, as given.
    pub paths: Vec<String>,
    pub files: Vec<FileResult>,
    /// Paths that could not be read: usage or I/O errors, not findings.
    pub io_errors: Vec<String>,
    /// Files named on their own: checked alone, without the send-unit rules.
    pub files_checked_alone: usize,
    /// The other files of the folders checked (not the standard's by their
    /// names: a PDF print, a spreadsheet), by path and size: a transmission
    /// of the folder would carry them too.
    pub other_files: Vec<(String, u64)>,
    /// The waivers of the configuration file (none without one).
    pub waivers: Waivers,
}

impl Run {
    pub fn findings(&self) -> impl Iterator<Item = &Finding> {
        self.files.iter().flat_map(|f| f.findings.iter())
    }
    /// The findings of severity `s` that are not waived.
    pub fn count(&self, s: Severity) -> usize {
        self.findings()
            .filter(|f| f.severity() == s && self.waiver(f).is_none())
            .count()
    }
    /// The waiver that waives `f`, if one does.
    pub fn waiver(&self, f: &Finding) -> Option<&Waiver> {
        self.waivers.of(f)
    }
    /// The findings among `findings` (of this run) by what they count as.
    pub fn tally<'a>(&self, findings: impl IntoIterator<Item = &'a Finding>) -> Tally {
        let mut t = Tally::default();
        for f in findings {
            match (self.waiver(f).is_some(), f.severity()) {
                (true, _) => t.waived += 1,
                (false, Severity::Error) => t.errors += 1,
                (false, Severity::Warning) => t.warnings += 1,
            }
        }
        t
    }
    /// The waivers past their date.
    pub fn expired_waivers(&self) -> impl Iterator<Item = &Waiver> {
        self.waivers
            .list
            .iter()
            .filter(|w| w.state == WaiverState::Expired)
    }
    /// 0: no error-level finding that is not waived, and no waiver past its
    /// date; 1: one of those; 2: a path could not be read.
    pub fn exit_code(&self) -> i32 {
        if !self.io_errors.is_empty() {
            2
        } else if self.count(Severity::Error) > 0 || self.expired_waivers().next().is_some() {
            1
        } else {
            0
        }
    }
}

// ------------------------------------------------------------ record copies

/// Record tables a report shows per file: the records of the first this
/// many findings that point at a record.
pub const MAX_RECORD_TABLES_PER_FILE: usize = 1000;

/// Characters of one value kept in a record copy (and shown in a record
/// table); a longer value keeps its first ones and the count of all.
pub const MAX_VALUE_CHARS: usize = 200;

/// Bytes of record tables a report writes per file: past it, findings are
/// listed without their records.
pub const MAX_RECORD_TABLE_BYTES_PER_FILE: usize = 4 * 1024 * 1024;

/// One value of a copied record: its first [`MAX_VALUE_CHARS`] characters
/// and how many it has.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CopiedValue {
    pub text: String,
    pub chars: usize,
}

impl CopiedValue {
    pub fn new(v: &str) -> CopiedValue {
        let chars = v.chars().count();
        let text = if chars > MAX_VALUE_CHARS {
            v.chars().take(MAX_VALUE_CHARS).collect()
        } else {
            v.to_string()
        };
        CopiedValue { text, chars }
    }
}

/// A record a finding points at, decoded as the check decoded it, kept so
/// that a report can show it without reading the file again.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RecordCopy {
    /// The fields' values (at most `input::records::MAX_FIELDS`).
    pub values: Vec<CopiedValue>,
    /// How many fields the record has.
    pub field_count: usize,
    pub blank: bool,
}

impl RecordCopy {
    /// Fewer bytes than the record's table takes in any report (every value
    /// is at least one byte a character and some 60 bytes of markup): what
    /// the copies of a file are counted by against
    /// [`MAX_RECORD_TABLE_BYTES_PER_FILE`].
    pub fn table_bytes_at_least(&self) -> usize {
        if self.blank {
            return 0;
        }
        self.values
            .iter()
            .map(|v| 60 + v.chars.min(MAX_VALUE_CHARS))
            .sum()
    }
}

/// The records of a file that its findings point at, as far as reports show
/// them.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub enum RecordCopies {
    /// The check was not asked to keep records.
    #[default]
    NotKept,
    Kept(BTreeMap<u32, RecordCopy>),
    /// The file is not read as CSV (the family image, a UTF-16 file).
    NotCsv,
    /// Records that only the rules across files point at had to be read
    /// again after the check, and the file was no longer what was checked.
    Changed,
    /// … or could not be read again.
    Unreadable,
}

/// The records whose copies a report can show for these findings (sorted
/// as a file's findings are): those of the first
/// [`MAX_RECORD_TABLES_PER_FILE`] findings that point at a record, until
/// the tables of the copies at hand pass [`MAX_RECORD_TABLE_BYTES_PER_FILE`].
/// A record without a copy yet counts no bytes, so the set is never smaller
/// than what a report shows.
pub fn records_to_copy(findings: &[Finding], copies: &BTreeMap<u32, RecordCopy>) -> BTreeSet<u32> {
    let mut out = BTreeSet::new();
    let (mut tables, mut bytes) = (0usize, 0usize);
    for r in findings.iter().filter_map(|f| f.pos.record) {
        if tables >= MAX_RECORD_TABLES_PER_FILE || bytes > MAX_RECORD_TABLE_BYTES_PER_FILE {
            break;
        }
        tables += 1;
        out.insert(r);
        if let Some(c) = copies.get(&r) {
            bytes += c.table_bytes_at_least();
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Records `from..to` of a 第6表-like file: two users, one month, a
    /// service line each (a care level on every seventh, as a 補足's), a
    /// key made invalid on every fifth.
    fn push_records(keys: &mut Keys, from: u32, to: u32) {
        for r in from..to {
            let insured = if r % 3 == 0 {
                "9900000001"
            } else {
                "9900000018"
            };
            let date = format!("202505{:02}", r % 31 + 1);
            let month = KeyValue {
                value: "202505",
                byte: r as usize * 160 + 27,
                line: r,
                personal: false,
            };
            let line = ServiceLine {
                office: "1371002005",
                tais: if r % 2 == 0 { "" } else { "00001-000001" },
                count: (r % 4 != 0).then_some(i64::from(r % 4)),
                count_pos: Position::at(r as usize * 160 + 80, r, Some(r), Some(14)),
                count_name: "回数",
                use_date: Some(&date),
                daily_rate: r % 11 == 0,
                valid: r % 13 != 0,
                ..ServiceLine::default()
            };
            let care = (r % 7 == 0).then_some(CareLimit {
                level: if r % 2 == 0 { "21" } else { "13" },
                limit: Some(16_765),
                valid: true,
            });
            keys.push(NewKey {
                record: r,
                insurer: "131011",
                insured,
                service_code: Some("111111"),
                fields: [None, Some(month), None],
                facts: (Some(line), care),
                key_valid: r % 5 != 0,
            });
        }
    }

    fn month_spec() -> Option<KeyFieldSpec> {
        Some(KeyFieldSpec {
            name: "対象年月",
            no: 5,
        })
    }

    fn read(keys: &Keys) -> Vec<String> {
        keys.iter().map(|k| format!("{k:?}")).collect()
    }

    /// Records read in parts, whatever the parts (across blocks, past the
    /// end), are the records read whole.
    #[test]
    fn keys_read_in_parts_are_the_keys_read_whole() {
        let mut keys = Keys::new(None, month_spec(), None);
        push_records(&mut keys, 1, 5000);
        keys.seal();
        let whole = read(&keys);
        assert_eq!(whole.len(), 4999);
        for step in [1, 7, 2048, 2049, 4999, 10_000] {
            let parts: Vec<String> = (0..5000usize.div_ceil(step))
                .flat_map(|i| keys.iter_range(i * step..(i + 1) * step))
                .map(|k| format!("{k:?}"))
                .collect();
            assert_eq!(parts, whole, "parts of {step}");
        }
        assert_eq!(keys.iter_range(4990..4999).count(), 9);
        assert_eq!(keys.iter_range(6000..7000).count(), 0);
        assert_eq!(Keys::default().iter_range(0..10).count(), 0);
    }

    #[test]
    fn links_and_single_keys_read_as_the_whole_keys_do() {
        let mut keys = Keys::new(None, month_spec(), None);
        // Over two blocks; some records with an invalid key.
        push_records(&mut keys, 1, 5000);
        keys.revise(7, true, None, None);
        keys.revise(4500, true, None, None);
        let whole: Vec<RecordKey> = keys.keys_only().collect();
        let month: Vec<Link> = keys.links(KeyOf::Month).collect();
        assert_eq!(month.len(), whole.len());
        for (l, k) in month.iter().zip(&whole) {
            assert_eq!(
                (l.insurer, l.insured, l.value, l.key_valid),
                (k.insurer, k.insured, k.month.map(|m| m.value), k.key_valid)
            );
            assert_eq!(format!("{:?}", keys.key(l.n).unwrap()), format!("{k:?}"));
        }
        assert!(!month[7].key_valid && !month[4500].key_valid && month[8].key_valid);
        // A field the layout does not have: no value on any record.
        assert!(keys.links(KeyOf::PlanDate).all(|l| l.value.is_none()));
        assert!(keys.key(whole.len()).is_none());
        assert_eq!(Keys::default().links(KeyOf::Month).count(), 0);
    }

    #[test]
    fn keys_appended_read_as_keys_pushed_in_one() {
        let mut whole = Keys::new(None, month_spec(), None);
        push_records(&mut whole, 1, 5000);
        // Cut across a block of records and with values new to each half.
        let mut first = Keys::new(None, month_spec(), None);
        push_records(&mut first, 1, 2100);
        let mut second = Keys::new(None, month_spec(), None);
        push_records(&mut second, 2100, 5000);
        first.append(second);
        assert_eq!(first.len(), 4999);
        assert_eq!(read(&first), read(&whole));
        first.seal();
        assert_eq!(read(&first), read(&whole));
    }

    #[test]
    fn interned_values_are_told_apart_by_every_byte_and_the_length() {
        let mut t = KeyTable::default();
        // Values that differ in the first word, past it, in the last byte
        // of a whole word, or only in length; an empty one; of one to
        // three bytes, differing in the last.
        let values = [
            "1371000017",
            "1371000018",
            "2371000017",
            "13710000",
            "13710001",
            "1371000",
            "",
            "1",
            "2",
            "13",
            "12",
            "131",
            "133",
            "見本 ケア子",
            "見本 ケア太",
        ];
        let numbers: Vec<u32> = values.iter().map(|v| t.intern(v, NONE)).collect();
        assert_eq!(numbers, (0..values.len() as u32).collect::<Vec<_>>());
        // Found again by hash, and beside a neighbour that differs.
        for (n, v) in values.iter().enumerate() {
            assert_eq!(t.intern(v, NONE), n as u32);
            assert_eq!(t.intern(v, (n as u32 + 1) % values.len() as u32), n as u32);
            assert_eq!(t.intern(v, n as u32), n as u32);
        }
        assert_eq!(t.values.len(), values.len());
        // Many values: the table grows and still finds each.
        let many: Vec<String> = (0..5000).map(|i| format!("99{i:08}")).collect();
        let first: Vec<u32> = many.iter().map(|v| t.intern(v, NONE)).collect();
        let again: Vec<u32> = many.iter().map(|v| t.intern(v, NONE)).collect();
        assert_eq!(first, again);
        assert_eq!(t.values.len(), values.len() + many.len());
    }

    #[test]
    fn revised_records_change_only_what_is_revised() {
        let mut keys = Keys::new(None, month_spec(), None);
        push_records(&mut keys, 1, 8);
        keys.revise(1, true, Some(false), None);
        keys.revise(6, false, None, Some(false));
        let v: Vec<_> = keys
            .iter()
            .map(|k| {
                (
                    k.record,
                    k.key_valid,
                    k.service.map(|s| s.valid),
                    k.care.map(|c| c.valid),
                )
            })
            .collect();
        assert_eq!(
            v,
            [
                (1, true, Some(true), None),
                (2, false, Some(false), None),
                (3, true, Some(true), None),
                (4, true, Some(true), None),
                (5, false, Some(true), None),
                (6, true, Some(true), None),
                (7, true, Some(true), Some(false)),
            ]
        );
        // keys_only reads the same keys without the facts.
        assert!(keys
            .keys_only()
            .all(|k| k.service.is_none() && k.care.is_none()));
        assert_eq!(keys.keys_only().count(), 7);
    }

    #[test]
    fn packed_record_sizes() {
        // What README's "Bounds" states per record.
        assert_eq!(std::mem::size_of::<PackedKey>(), 28);
        assert_eq!(std::mem::size_of::<PackedField>(), 16);
        assert_eq!(std::mem::size_of::<PackedService>(), 56);
    }
}
