//! Placing the values of a record that has another number of fields than
//! its layout. A first implementation often forgets a field, adds one, or
//! writes a layout of another revision; the values that remain are still
//! recognisable by the layout's types, lengths, code lists and fixed
//! values. A dynamic-programming alignment (values against fields, with a
//! cost for a missing field and for an extra value) finds where they fit,
//! which field No. is missing or which value is extra, and which fields
//! every best alignment gives the same value: those are checked at their
//! real field No., the others are not. When no alignment fits with
//! confidence, only the fields before the first departure are taken where
//! they stand.
//!
//! The same scores tell which layout a file of unknown kind resembles
//! ([`resemblance`]).

use crate::fact::{DayColumns, FieldAlignment, Gap};
use crate::spec::{FieldSpec, FieldType, KindSpec, Required, Revision, Role};
use crate::values;

/// One value of a record as the alignment reads it.
#[derive(Debug, Clone, Copy)]
pub struct Value<'a> {
    pub text: &'a str,
    pub quoted: bool,
}

/// Where the values of a record were placed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Alignment {
    /// For each field of the layout (by index), the value placed there.
    pub placed: Vec<Option<usize>>,
    /// For each field: whether it is checked (it gets the same value in
    /// every best alignment, or, without confidence, it comes before the
    /// first departure).
    pub checked: Vec<bool>,
    /// What the alignment found, for the finding that reports it.
    pub summary: FieldAlignment,
    /// A field whose value is two values joined by the comma between them
    /// (an unquoted value holding a comma): the field index and the value.
    pub joined: Option<(usize, String)>,
}

impl Alignment {
    /// The value index to check for a field index, when it is checked.
    pub fn value_of(&self, field: usize) -> Option<usize> {
        self.placed
            .get(field)
            .copied()
            .flatten()
            .filter(|_| self.checked[field])
    }
}

// Scores are in tenths of a point, so that ties are exact.
const MISSING_OPTIONAL: i32 = -40;
const MISSING_REQUIRED: i32 = -50;
const EXTRA_EMPTY: i32 = -35;
const EXTRA_VALUE: i32 = -40;
/// Missing fields and extra values beyond those the count requires that a
/// confident alignment may hold.
const SLACK: usize = 2;
/// Gaps a confident alignment may hold at most.
const MAX_GAPS: usize = 6;
/// How much worse than the best alignment the alignment by another
/// revision's layout may be and still be preferred (it explains the record
/// by a known layout rather than by coincidence).
const REVISION_TOLERANCE: i32 = 20;

/// Whether quotes tell free text from the rest in this record: some
/// non-empty values are quoted and some are not.
fn quoting_informative(values: &[Value]) -> bool {
    let filled = values.iter().filter(|v| !v.text.is_empty());
    let (mut q, mut u) = (false, false);
    for v in filled {
        if v.quoted {
            q = true
        } else {
            u = true
        }
    }
    q && u
}

fn digits(s: &str) -> bool {
    !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit())
}

fn alnum(s: &str) -> bool {
    !s.is_empty()
        && s.bytes()
            .all(|b| b.is_ascii_digit() || b.is_ascii_uppercase())
}

/// The code a label of a field's code list stands for, when the value is
/// the label of exactly one code (full-width and half-width alike, or the
/// start of one label only: 「女」 for 2:女性).
pub fn code_for_label(f: &FieldSpec, v: &str) -> Option<(String, String)> {
    let codes = f.codes.as_ref()?;
    let norm = |s: &str| values::to_ascii_width(s).replace(' ', "");
    let want = norm(v);
    if want.is_empty() || want.is_ascii() {
        return None;
    }
    let exact: Vec<_> = codes.iter().filter(|(_, l)| norm(l) == want).collect();
    let hits = if exact.is_empty() {
        codes
            .iter()
            .filter(|(_, l)| norm(l).starts_with(&want))
            .collect()
    } else {
        exact
    };
    match hits.as_slice() {
        [(c, l)] => Some(((*c).clone(), (*l).clone())),
        _ => None,
    }
}

/// How well a value fits a field: positive when it has the field's shape,
/// the more the rarer the shape; negative when it cannot be the field's.
pub fn fit(f: &FieldSpec, v: Value, informative: bool, rev: &Revision) -> i32 {
    let t = v.text;
    if t.is_empty() {
        return match f.required {
            Required::Yes => 0,
            _ => 20,
        };
    }
    let mut score = fit_text(f, t, rev);
    if informative {
        let free = f.ty == FieldType::FreeText;
        score += match (v.quoted, free) {
            (true, true) => 20,
            (true, false) if !f.quote_optional => -30,
            _ => 0,
        };
    }
    score
}

fn fit_text(f: &FieldSpec, t: &str, rev: &Revision) -> i32 {
    if let Some(fixed) = f.fixed_value.as_deref() {
        return if t == fixed { 80 } else { -20 };
    }
    if f.zero_value.as_deref() == Some(t) {
        return 70;
    }
    let len_ok = |n: usize| match f.length {
        Some(want) => n <= usize::from(want),
        None => true,
    };
    match f.ty {
        FieldType::Yyyymm if f.role == Some(Role::CsvVersion) => {
            if t.len() == 6 && t.starts_with("20") && digits(t) {
                100
            } else if t.len() == 6 && digits(t) {
                40
            } else {
                -60
            }
        }
        FieldType::Yyyymm => {
            if values::is_yyyymm(t) {
                80
            } else if (t.len() == 6 && digits(t)) || values::looks_like_date(t) {
                30
            } else {
                -60
            }
        }
        FieldType::Yyyymmdd => {
            if values::is_date(t) {
                80
            } else if t.len() == 8 && digits(t) {
                50
            } else if values::looks_like_date(t) {
                40
            } else {
                -60
            }
        }
        FieldType::Hhmm | FieldType::HhmmOr9999 => {
            if values::is_hhmm(t) {
                70
            } else if values::time_hint(t).is_some() {
                40
            } else if t.len() == 4 && digits(t) {
                30
            } else {
                -60
            }
        }
        FieldType::Digits => {
            if digits(t) {
                let fixed_len = f.length_kind == crate::spec::LengthKind::Fixed;
                match f.length {
                    Some(want) if fixed_len && t.len() == usize::from(want) => 50,
                    _ if len_ok(t.len()) => 30,
                    _ => 0,
                }
            } else if values::to_ascii_width(t)
                .bytes()
                .all(|b| b.is_ascii_digit())
            {
                10
            } else {
                -40
            }
        }
        FieldType::Integer => {
            let body = t.strip_prefix('-').unwrap_or(t);
            if digits(body) {
                if len_ok(body.len()) {
                    30
                } else {
                    0
                }
            } else if body
                .chars()
                .all(|c| c.is_ascii_digit() || c == ',' || c == '.')
            {
                10
            } else {
                -40
            }
        }
        FieldType::Decimal => {
            let ok = t
                .split_once('.')
                .is_some_and(|(i, d)| digits(i) && i.len() <= 2 && digits(d) && d.len() == 2);
            if ok {
                80
            } else if t.chars().all(|c| c.is_ascii_digit() || c == '.') {
                20
            } else {
                -40
            }
        }
        FieldType::Alnum => {
            if t.is_ascii() && len_ok(t.len()) {
                20
            } else {
                -10
            }
        }
        FieldType::Code => match &f.codes {
            Some(codes) if codes.contains_key(t) => {
                if codes.len() >= 3 {
                    60
                } else {
                    40
                }
            }
            Some(_) if code_for_label(f, t).is_some() => 50,
            Some(codes)
                if codes.keys().next().is_some_and(|k| k.len() == t.len()) && t.is_ascii() =>
            {
                10
            }
            _ => -30,
        },
        FieldType::Postal => {
            let b = t.as_bytes();
            if b.len() == 8 && b[3] == b'-' && digits(&t[..3]) && digits(&t[4..]) {
                90
            } else if postal_like(t) {
                40
            } else {
                -50
            }
        }
        FieldType::Bitmap31 => {
            if t.len() == 31 && t.bytes().all(|b| b == b'0' || b == b'1') {
                100
            } else if t.bytes().all(|b| b == b'0' || b == b'1') {
                30
            } else {
                -60
            }
        }
        FieldType::FreeText => {
            if !t.is_ascii() {
                30
            } else if t.bytes().any(|b| b.is_ascii_alphabetic()) {
                10
            } else if t
                .bytes()
                .all(|b| b.is_ascii_digit() || b == b'.' || b == b'-')
            {
                // A bare number in free text is possible but unlikely.
                -5
            } else {
                0
            }
        }
        FieldType::Unspecified => {
            if t.chars()
                .all(|c| c.is_ascii_digit() || c == '-' || c == '(' || c == ')')
            {
                30
            } else {
                0
            }
        }
        FieldType::Unused => -20,
        FieldType::OfficeNumber => match values::office_number(t) {
            values::Office::Valid | values::Office::Sentinel => 90,
            values::Office::BadCheckDigit(_) => 60,
            values::Office::Malformed if t.len() == 10 && alnum(t) => 30,
            values::Office::Malformed => -60,
        },
        FieldType::InsurerNumber => {
            if t.len() == 6 && digits(t) {
                let ok = values::insurer_check_digit(&t[..5])
                    .is_some_and(|d| d == u32::from(t.as_bytes()[5] - b'0'));
                if ok {
                    90
                } else {
                    40
                }
            } else if digits(t) && t.len() == 5 {
                30
            } else {
                -60
            }
        }
        FieldType::InsuredNumber => {
            if values::is_insured_number(t) {
                90
            } else {
                let a = values::to_ascii_width(t);
                let body = a.strip_prefix(['H', 'h']).unwrap_or(&a);
                if digits(body) && (8..=10).contains(&a.len()) {
                    40
                } else {
                    -60
                }
            }
        }
        FieldType::ServiceKind => {
            if t.len() == 2 && alnum(t) && rev.service_kinds.name(t).is_some() {
                50
            } else if t.len() == 2 && alnum(t) {
                10
            } else {
                -50
            }
        }
        FieldType::ServiceCode => {
            if t.len() == 6 && alnum(t) {
                if rev.service_kinds.name(&t[..2]).is_some() || t == "999999" {
                    90
                } else {
                    50
                }
            } else if (4..=7).contains(&t.len()) && alnum(t) {
                20
            } else {
                -50
            }
        }
        FieldType::TaisCode => {
            let b = t.as_bytes();
            if b.len() == 12 && b[5] == b'-' && digits(&t[..5]) && digits(&t[6..]) {
                100
            } else if (t.contains('-') || t.contains('－')) && t.chars().any(|c| c.is_ascii_digit())
            {
                50
            } else {
                -50
            }
        }
    }
}

/// Seven digits, with or without a hyphen or 〒, in either width.
fn postal_like(t: &str) -> bool {
    let a = values::to_ascii_width(t);
    let a = a.trim_start_matches('〒').trim();
    a.chars().all(|c| c.is_ascii_digit() || c == '-')
        && a.chars().filter(char::is_ascii_digit).count() == 7
}

fn missing_cost(f: &FieldSpec) -> i32 {
    match f.required {
        Required::Yes => MISSING_REQUIRED,
        _ => MISSING_OPTIONAL,
    }
}

fn extra_cost(v: Value) -> i32 {
    if v.text.is_empty() {
        EXTRA_EMPTY
    } else {
        EXTRA_VALUE
    }
}

const NEG: i32 = i32::MIN / 4;

/// One step of an alignment.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Step {
    /// Value and field.
    Pair,
    /// A field without a value.
    Missing,
    /// A value without a field.
    Extra,
}

struct Tables {
    n: usize,
    m: usize,
    score: Vec<i32>,
    fwd: Vec<i32>,
    bwd: Vec<i32>,
    miss: Vec<i32>,
    extra: Vec<i32>,
}

impl Tables {
    fn new(values: &[Value], layout: &KindSpec, rev: &Revision) -> Tables {
        Tables::with_missing(values, layout, rev, missing_cost)
    }

    fn with_missing(
        values: &[Value],
        layout: &KindSpec,
        rev: &Revision,
        missing: fn(&FieldSpec) -> i32,
    ) -> Tables {
        let (n, m) = (values.len(), layout.fields.len());
        let informative = quoting_informative(values);
        let mut score = vec![0; n * m];
        for (i, v) in values.iter().enumerate() {
            for (j, f) in layout.fields.iter().enumerate() {
                score[i * m + j] = fit(f, *v, informative, rev);
            }
        }
        let miss: Vec<i32> = layout.fields.iter().map(missing).collect();
        let extra: Vec<i32> = values.iter().map(|v| extra_cost(*v)).collect();
        let w = m + 1;
        let mut fwd = vec![NEG; (n + 1) * w];
        fwd[0] = 0;
        for i in 0..=n {
            for j in 0..=m {
                let mut best = fwd[i * w + j];
                if i > 0 && j > 0 {
                    best = best.max(fwd[(i - 1) * w + j - 1] + score[(i - 1) * m + j - 1]);
                }
                if j > 0 {
                    best = best.max(fwd[i * w + j - 1] + miss[j - 1]);
                }
                if i > 0 {
                    best = best.max(fwd[(i - 1) * w + j] + extra[i - 1]);
                }
                fwd[i * w + j] = best;
            }
        }
        let mut bwd = vec![NEG; (n + 1) * w];
        bwd[n * w + m] = 0;
        for i in (0..=n).rev() {
            for j in (0..=m).rev() {
                let mut best = bwd[i * w + j];
                if i < n && j < m {
                    best = best.max(bwd[(i + 1) * w + j + 1] + score[i * m + j]);
                }
                if j < m {
                    best = best.max(bwd[i * w + j + 1] + miss[j]);
                }
                if i < n {
                    best = best.max(bwd[(i + 1) * w + j] + extra[i]);
                }
                bwd[i * w + j] = best;
            }
        }
        Tables {
            n,
            m,
            score,
            fwd,
            bwd,
            miss,
            extra,
        }
    }
    fn best(&self) -> i32 {
        self.fwd[self.n * (self.m + 1) + self.m]
    }
    fn f(&self, i: usize, j: usize) -> i32 {
        self.fwd[i * (self.m + 1) + j]
    }
    fn b(&self, i: usize, j: usize) -> i32 {
        self.bwd[i * (self.m + 1) + j]
    }
    fn s(&self, i: usize, j: usize) -> i32 {
        self.score[i * self.m + j]
    }

    /// For each field, what the best alignments give it: a value index, or
    /// `None` for no value.
    fn options(&self) -> Vec<Vec<Option<usize>>> {
        let best = self.best();
        let mut out = vec![Vec::new(); self.m];
        for (j, opts) in out.iter_mut().enumerate() {
            for i in 0..self.n {
                if self.f(i, j) + self.s(i, j) + self.b(i + 1, j + 1) == best {
                    opts.push(Some(i));
                }
            }
            if (0..=self.n).any(|i| self.f(i, j) + self.miss[j] + self.b(i, j + 1) == best) {
                opts.push(None);
            }
        }
        out
    }

    /// One best alignment, traced back from the end preferring extra
    /// values, then missing fields, then pairs: a departure is placed as
    /// late as the scores allow (a value forgotten at the end, an extra
    /// value after the field it resembles).
    fn path(&self) -> Vec<Step> {
        let (mut i, mut j) = (self.n, self.m);
        let mut steps = Vec::new();
        while i > 0 || j > 0 {
            let here = self.f(i, j);
            if i > 0 && self.f(i - 1, j) + self.extra[i - 1] == here {
                steps.push(Step::Extra);
                i -= 1;
            } else if j > 0 && self.f(i, j - 1) + self.miss[j - 1] == here {
                steps.push(Step::Missing);
                j -= 1;
            } else {
                steps.push(Step::Pair);
                i -= 1;
                j -= 1;
            }
        }
        steps.reverse();
        steps
    }

    fn path_score(&self, steps: &[Step]) -> i32 {
        let (mut i, mut j, mut total) = (0, 0, 0);
        for s in steps {
            match s {
                Step::Pair => {
                    total += self.s(i, j);
                    i += 1;
                    j += 1;
                }
                Step::Missing => {
                    total += self.miss[j];
                    j += 1;
                }
                Step::Extra => {
                    total += self.extra[i];
                    i += 1;
                }
            }
        }
        total
    }
}

/// The fields of each field index, and the gaps, of a path.
fn read_path(steps: &[Step], m: usize) -> (Vec<Option<usize>>, Vec<Gap>) {
    let mut placed = vec![None; m];
    let mut gaps = Vec::new();
    let (mut i, mut j) = (0usize, 0usize);
    for s in steps {
        match s {
            Step::Pair => {
                placed[j] = Some(i);
                i += 1;
                j += 1;
            }
            Step::Missing => {
                gaps.push(Gap::Missing(j as u16 + 1));
                j += 1;
            }
            Step::Extra => {
                let after = j as u16;
                match gaps.last_mut() {
                    Some(Gap::Extra { after: a, count }) if *a == after => *count += 1,
                    _ => gaps.push(Gap::Extra { after, count: 1 }),
                }
                i += 1;
            }
        }
    }
    (placed, gaps)
}

/// The path that reads the record as another revision's layout of the same
/// kind with exactly as many fields (a 3.2 第6表 of 22 fields in a 4.1 file
/// lacks No.16-18), fields matched by name in order; and that revision.
fn other_revision_path(
    n: usize,
    layout: &KindSpec,
    rev: &Revision,
) -> Option<(Vec<Step>, &'static str)> {
    for other in crate::spec::revisions() {
        if other.revision == rev.revision {
            continue;
        }
        let Some(old) = other.layout(&layout.kind) else {
            continue;
        };
        if old.fields.len() != n || n >= layout.fields.len() {
            continue;
        }
        // Each old field, in order, to the next field of the same name.
        let mut steps = Vec::new();
        let mut j = 0;
        let mut ok = true;
        for of in &old.fields {
            match layout.fields[j..].iter().position(|f| f.name == of.name) {
                Some(k) => {
                    steps.extend(std::iter::repeat_n(Step::Missing, k));
                    steps.push(Step::Pair);
                    j += k + 1;
                }
                None => {
                    ok = false;
                    break;
                }
            }
        }
        if !ok {
            continue;
        }
        steps.extend(std::iter::repeat_n(Step::Missing, layout.fields.len() - j));
        return Some((steps, other.revision.as_str()));
    }
    None
}

/// A value that could hardly stand anywhere else: a non-empty value of a
/// field with a shape of its own (not free text) that fits it well.
const ANCHOR: i32 = 50;

/// Whether every stretch of fields after a departure holds an anchor
/// before the next departure: a gap is believed only where what follows it
/// is recognisably in place (free text fits anywhere and proves nothing).
fn anchored(steps: &[Step], values: &[Value], layout: &KindSpec, t: &Tables) -> bool {
    let (mut i, mut j) = (0usize, 0usize);
    // Whether the stretch since the last departure still needs an anchor.
    let mut needs = false;
    let mut prev_gap = false;
    for s in steps {
        match s {
            Step::Pair => {
                if prev_gap {
                    needs = true;
                    prev_gap = false;
                }
                let f = &layout.fields[j];
                if !values[i].text.is_empty() && f.ty != FieldType::FreeText && t.s(i, j) >= ANCHOR
                {
                    needs = false;
                }
                i += 1;
                j += 1;
            }
            Step::Missing | Step::Extra => {
                if needs {
                    return false;
                }
                prev_gap = true;
                if matches!(s, Step::Missing) {
                    j += 1;
                } else {
                    i += 1;
                }
            }
        }
    }
    !needs
}

/// With one value too many: two neighbouring unquoted values that, joined
/// by their comma, make every value fit where it stands, better than any
/// alignment with an extra value does (`1,244` for 単位数, free text with a
/// comma and no quotes).
fn split_value(
    values: &[Value],
    layout: &KindSpec,
    rev: &Revision,
    best: i32,
) -> Option<Alignment> {
    let m = layout.fields.len();
    if values.len() != m + 1 {
        return None;
    }
    let informative = quoting_informative(values);
    let mut found: Option<(i32, usize, String)> = None;
    for k in 0..m {
        let (a, b) = (values[k], values[k + 1]);
        if a.quoted || b.quoted || a.text.is_empty() || b.text.is_empty() {
            continue;
        }
        let joined = format!("{},{}", a.text, b.text);
        let at = |j: usize| match j.cmp(&k) {
            std::cmp::Ordering::Less => values[j],
            std::cmp::Ordering::Equal => Value {
                text: &joined,
                quoted: false,
            },
            std::cmp::Ordering::Greater => values[j + 1],
        };
        let scores: Vec<i32> = (0..m)
            .map(|j| fit(&layout.fields[j], at(j), informative, rev))
            .collect();
        let misfit = (0..m).any(|j| !at(j).text.is_empty() && scores[j] < 0);
        let total: i32 = scores.iter().sum();
        if !misfit && total >= best && found.as_ref().is_none_or(|f| total > f.0) {
            found = Some((total, k, joined.clone()));
        }
    }
    let (_, k, joined) = found?;
    let placed: Vec<Option<usize>> = (0..m)
        .map(|j| Some(if j <= k { j } else { j + 1 }))
        .collect();
    Some(Alignment {
        checked: vec![true; m],
        placed,
        summary: FieldAlignment::Gaps {
            gaps: vec![Gap::Split(k as u16 + 1)],
            unchecked: Vec::new(),
            layout_of: None,
        },
        joined: Some((k, joined)),
    })
}

/// Places the values of a record on its layout's fields.
pub fn align(values: &[Value], layout: &KindSpec, rev: &Revision) -> Alignment {
    let m = layout.fields.len();
    let t = Tables::new(values, layout, rev);
    if let Some(a) = split_value(values, layout, rev, t.best()) {
        return a;
    }
    let options = t.options();
    let mut steps = t.path();
    let mut layout_of = None;
    if let Some((alt, r)) = other_revision_path(values.len(), layout, rev) {
        if t.path_score(&alt) + REVISION_TOLERANCE >= t.best() {
            steps = alt;
            layout_of = Some(r.to_string());
        }
    }
    let (placed, gaps) = read_path(&steps, m);
    let departures: usize = gaps
        .iter()
        .map(|g| match g {
            Gap::Missing(_) => 1,
            Gap::Extra { count, .. } => usize::from(*count),
            Gap::Split(_) => 1,
        })
        .sum();
    let needed = values.len().abs_diff(m);
    // Values placed where they cannot be.
    let misfits = placed
        .iter()
        .enumerate()
        .filter_map(|(j, p)| p.map(|i| (i, j)))
        .filter(|&(i, j)| !values[i].text.is_empty() && t.s(i, j) < 0)
        .count();
    let filled = placed
        .iter()
        .flatten()
        .filter(|&&i| !values[i].text.is_empty())
        .count();
    let confident = layout_of.is_some()
        || (departures <= needed + SLACK
            && departures <= MAX_GAPS.max(m / 6)
            && misfits <= 1.max(filled / 10)
            && anchored(&steps, values, layout, &t));

    // A field is checked when every best alignment that gives it a value
    // gives it the same one (another best alignment may leave it without,
    // and give that value to its neighbour instead: the path chosen says
    // which, and the neighbour then has no value of its own).
    let same_value = |opts: &[Option<usize>]| {
        let mut given = opts.iter().flatten();
        let Some(&first) = given.next() else {
            return false;
        };
        given.all(|&i| {
            values[i].text == values[first].text && values[i].quoted == values[first].quoted
        })
    };
    if confident {
        let checked: Vec<bool> = if layout_of.is_some() {
            placed.iter().map(Option::is_some).collect()
        } else {
            (0..m)
                .map(|j| placed[j].is_some() && same_value(&options[j]))
                .collect()
        };
        // A field reported missing, or one that is empty (or missing) in
        // every best alignment and need not be filled, says nothing when
        // left unchecked.
        let unchecked = (0..m)
            .filter(|&j| !checked[j] && placed[j].is_some())
            .filter(|&j| {
                let empty_only = options[j]
                    .iter()
                    .all(|o| o.is_none_or(|i| values[i].text.is_empty()));
                !(empty_only && layout.fields[j].required == Required::No)
            })
            .map(|j| j as u16 + 1)
            .collect();
        return Alignment {
            placed,
            checked,
            summary: FieldAlignment::Gaps {
                gaps,
                unchecked,
                layout_of,
            },
            joined: None,
        };
    }
    // Without confidence: the fields before the first value that does not
    // fit where it stands.
    let prefix = (0..m.min(values.len()))
        .take_while(|&j| values[j].text.is_empty() || t.s(j, j) >= 0)
        .count();
    let placed: Vec<Option<usize>> = (0..m).map(|j| (j < prefix).then_some(j)).collect();
    Alignment {
        checked: placed.iter().map(Option::is_some).collect(),
        placed,
        summary: FieldAlignment::Prefix {
            checked: prefix as u16,
            day_columns: day_columns(values, layout),
        },
        joined: None,
    }
}

/// For a record cut short by a quote that is never closed: the fields
/// before the one that opens it, where they stand.
pub fn up_to(values: usize, field: usize, m: usize) -> Alignment {
    let k = field.min(values).min(m);
    let placed: Vec<Option<usize>> = (0..m).map(|j| (j < k).then_some(j)).collect();
    Alignment {
        checked: placed.iter().map(Option::is_some).collect(),
        placed,
        summary: FieldAlignment::Prefix {
            checked: k as u16,
            day_columns: None,
        },
        joined: None,
    }
}

/// A run of at least 28 short values (empty, a digit or two, a mark) where
/// the layout has one service day per record: the printed form's day
/// columns, one per day of the month.
fn day_columns(values: &[Value], layout: &KindSpec) -> Option<DayColumns> {
    let date = layout.field_by_role(Role::UseDate)?;
    let short = |v: &Value| {
        v.text.chars().count() <= 2
            && v.text
                .chars()
                .all(|c| c.is_ascii_digit() || "○◯●〇".contains(c))
    };
    let mut best = 0;
    let mut run = 0;
    for v in values {
        run = if short(v) { run + 1 } else { 0 };
        best = best.max(run);
    }
    (best >= 28).then(|| DayColumns {
        days: best.min(31) as u16,
        date_no: date.no,
        date_name: date.name.clone(),
    })
}

/// How much a record resembles a layout: the score of its best alignment
/// (higher is closer; missing fields and extra values count against it).
///
/// Only values of fields with a shape of their own count for it: free
/// text fits anything and tells nothing about the kind.
pub fn resemblance(values: &[Value], layout: &KindSpec, rev: &Revision) -> i32 {
    if layout.fields.is_empty() {
        return NEG;
    }
    // A writer's layout may be far shorter than the kind's: fields left
    // out cost little here, values that fit nowhere and extra values count.
    let t = Tables::with_missing(values, layout, rev, |_| -5);
    let (mut i, mut j, mut total) = (0, 0, 0);
    for s in t.path() {
        match s {
            Step::Pair => {
                if !values[i].text.is_empty() && layout.fields[j].ty != FieldType::FreeText {
                    total += t.s(i, j);
                }
                i += 1;
                j += 1;
            }
            Step::Missing => j += 1,
            Step::Extra => {
                total += t.extra[i];
                i += 1;
            }
        }
    }
    total
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::spec;

    fn vals(line: &str) -> Vec<(String, bool)> {
        line.split(',')
            .map(
                |v| match v.strip_prefix('"').and_then(|x| x.strip_suffix('"')) {
                    Some(x) => (x.to_string(), true),
                    None => (v.to_string(), false),
                },
            )
            .collect()
    }

    fn run(kind: &str, line: &str) -> Alignment {
        let rev = spec::revision("4.1").unwrap();
        let owned = vals(line);
        let values: Vec<Value> = owned
            .iter()
            .map(|(t, q)| Value {
                text: t,
                quoted: *q,
            })
            .collect();
        align(&values, rev.layout(kind).unwrap(), rev)
    }

    const PLAN: &str = "202407,131011,9900000011,20250325,202504,1371000017,\"見本 ケア子\",244,,20250401,,0900,0930,1,111111,,,\"\",,1371000025,\"試験訪問介護ステーション\",,0,1371000017,";

    fn without(line: &str, drop: &[usize]) -> String {
        line.split(',')
            .enumerate()
            .filter(|(i, _)| !drop.contains(&(i + 1)))
            .map(|(_, v)| v)
            .collect::<Vec<_>>()
            .join(",")
    }

    #[test]
    fn a_forgotten_field_is_found_and_the_rest_is_placed_after_it() {
        let a = run("UPPLAN", &without(PLAN, &[9]));
        let FieldAlignment::Gaps {
            gaps, unchecked, ..
        } = &a.summary
        else {
            panic!("{:?}", a.summary)
        };
        assert_eq!(gaps, &[Gap::Missing(9)]);
        assert!(unchecked.is_empty(), "{unchecked:?}");
        assert_eq!(a.value_of(9), Some(8)); // No.10 サービス利用日 is the 9th value
        assert_eq!(a.value_of(8), None);
    }

    #[test]
    fn two_gaps_in_one_record() {
        let a = run("UPPLAN", &without(PLAN, &[9, 11]));
        let FieldAlignment::Gaps { gaps, .. } = &a.summary else {
            panic!("{:?}", a.summary)
        };
        assert_eq!(gaps, &[Gap::Missing(9), Gap::Missing(11)]);
        assert_eq!(a.value_of(11), Some(9)); // No.12 開始時刻
    }

    #[test]
    fn an_extra_value_is_placed_after_the_field_it_resembles() {
        let mut v: Vec<&str> = PLAN.split(',').collect();
        v.insert(7, "\"見本居宅介護支援センター\"");
        let a = run("UPPLAN", &v.join(","));
        let FieldAlignment::Gaps {
            gaps, unchecked, ..
        } = &a.summary
        else {
            panic!("{:?}", a.summary)
        };
        assert_eq!(gaps, &[Gap::Extra { after: 7, count: 1 }]);
        // Which of the two names is No.7 cannot be told.
        assert_eq!(unchecked, &[7]);
        assert_eq!(a.value_of(7), Some(8)); // No.8 単位数
    }

    #[test]
    fn a_number_with_a_separator_is_one_value_split_in_two() {
        let a = run("UPPLAN", &PLAN.replacen(",244,", ",1,244,", 1));
        let FieldAlignment::Gaps { gaps, .. } = &a.summary else {
            panic!("{:?}", a.summary)
        };
        assert_eq!(gaps, &[Gap::Split(8)]);
        assert_eq!(a.joined, Some((7, "1,244".to_string())));
        assert_eq!(a.value_of(9), Some(10));
    }

    #[test]
    fn a_trailing_field_dropped() {
        let line = PLAN.strip_suffix(',').unwrap();
        let a = run("UPPLAN", line);
        let FieldAlignment::Gaps { gaps, .. } = &a.summary else {
            panic!("{:?}", a.summary)
        };
        assert_eq!(gaps, &[Gap::Missing(25)]);
        assert!(a.checked[..24].iter().all(|c| *c));
    }

    #[test]
    fn a_layout_of_another_revision_is_named() {
        // 第6表 of revision 3.2: no TAISコード, 福祉用具届出コード, 用具名称.
        let a = run("UPPLAN", &without(PLAN, &[16, 17, 18]));
        let FieldAlignment::Gaps {
            gaps, layout_of, ..
        } = &a.summary
        else {
            panic!("{:?}", a.summary)
        };
        assert_eq!(
            gaps,
            &[Gap::Missing(16), Gap::Missing(17), Gap::Missing(18)]
        );
        assert_eq!(layout_of.as_deref(), Some("3.2"));
    }

    #[test]
    fn a_layout_from_elsewhere_is_checked_only_up_to_its_first_departure() {
        let a = run(
            "UP1KYO",
            "202407,,9900000011,20250325,1,,要介護2,,,20250401,1371000017,\"㈱見本ケアプランセンター\",見本 ケア子,本人,特になし,\"方針\",,,,,,,1",
        );
        let FieldAlignment::Prefix { checked, .. } = a.summary else {
            panic!("{:?}", a.summary)
        };
        assert_eq!(checked, 4);
        assert_eq!(a.value_of(1), Some(1));
        assert_eq!(a.value_of(4), None);
    }

    #[test]
    fn labels_name_their_code_when_only_one_fits() {
        let rev = spec::revision("4.1").unwrap();
        let f = &rev.layout("UP1KYO").unwrap().fields[20];
        assert_eq!(
            code_for_label(f, "要介護2"),
            Some(("22".into(), "要介護２".into()))
        );
        assert_eq!(code_for_label(f, "要介護"), None);
        let sex = &rev.layout("UPHOSOKU").unwrap().fields[6];
        assert_eq!(code_for_label(sex, "女").map(|c| c.0), Some("2".into()));
        assert_eq!(code_for_label(sex, "2"), None);
    }
}
