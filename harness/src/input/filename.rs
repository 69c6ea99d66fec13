//! File names: `PREFIX[_YYYYMM]_送信元(10)_種類(2)_送信先(10)_種類(2)_YYYYMMDDHHMMSS.CSV`.
//!
//! This module reads a name into its parts: the kind its prefix gives, the
//! segments as written, and what they mean where they mean something (a
//! month, a ファイル連番). Judging the parts is `rules::name`'s.

use crate::fact::NameSlot;
pub use crate::result::{FileName, LooseName};
use crate::spec::{KindSpec, Revision};
use crate::values;

/// How the name was read, part by part, for the name rules to judge.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NameReading {
    pub prefix: Prefix,
    /// The extension as written (empty when there is none).
    pub extension: String,
    /// An extension of the standard's before the last one (`CSV` of
    /// `….CSV.txt`): the name is read without the last.
    pub inner_extension: Option<String>,
    /// The extensions the kind's names take (`CSV`; `jpg`/`JPG` for the
    /// family image).
    pub allowed_extensions: Vec<String>,
    /// The segments after the prefix; `None` when the prefix is not one of
    /// the revision's (nothing after it can be placed).
    pub segments: Option<Segments>,
}

/// The prefix, as matched against the revision's kinds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Prefix {
    /// A prefix of the revision, followed by `_`.
    Exact,
    /// Not a prefix of the revision, but close to `taken` (another case, or
    /// at most two letters off): the name is read as that kind.
    Near { written: String, taken: String },
    /// Nothing like a prefix of the revision.
    Unknown { written: String },
}

/// The segments after the prefix.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Segments {
    /// Not as many as the kind's names have, or one of them empty: their
    /// positions are not those of the kind's names.
    Wrong {
        count: usize,
        expected: usize,
        /// The first empty segment (0 for the one after the prefix).
        empty_at: Option<usize>,
        /// How the segments fit the kind's places by their shapes, when
        /// they do once some places are taken as left out or empty.
        slots: Option<SlotReading>,
    },
    Read(Parts),
}

/// The segments of a name that does not fit its kind's places, matched to
/// the places by their shapes (an office number of 10 characters, a kind
/// of 2, a month of 6 digits, a ファイル連番 of 14).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SlotReading {
    /// Places no segment stands for.
    pub missing: Vec<NameSlot>,
    /// Places whose segment is empty.
    pub empty: Vec<NameSlot>,
    /// Segments that fit no place.
    pub extra: usize,
}

fn slot_fits(slot: NameSlot, seg: &str) -> bool {
    let alnum = |s: &str| {
        s.bytes()
            .all(|b| b.is_ascii_digit() || b.is_ascii_uppercase())
    };
    let digits = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
    match slot {
        NameSlot::Month => seg.len() == 6 && digits(seg),
        NameSlot::Sender | NameSlot::Receiver => (8..=11).contains(&seg.len()) && alnum(seg),
        NameSlot::SenderKind | NameSlot::ReceiverKind => (1..=3).contains(&seg.len()) && alnum(seg),
        NameSlot::Timestamp => (12..=16).contains(&seg.len()) && digits(seg),
        NameSlot::Branch => (1..=4).contains(&seg.len()) && digits(seg),
    }
}

/// The places of a kind's names after the prefix.
fn slots_of(month: bool, branch: bool, kinds: bool) -> Vec<NameSlot> {
    let mut v = Vec::new();
    if month {
        v.push(NameSlot::Month);
    }
    v.push(NameSlot::Sender);
    if kinds {
        v.push(NameSlot::SenderKind);
    }
    v.push(NameSlot::Receiver);
    if kinds {
        v.push(NameSlot::ReceiverKind);
    }
    v.push(NameSlot::Timestamp);
    if branch {
        v.push(NameSlot::Branch);
    }
    v
}

/// Matches segments to places in order, as many as fit by shape (an empty
/// segment stands for the place it is at); of equally good matches, the
/// one that leaves out the later places (a name without its receiver is
/// more common than one without its sender). Returns the reading and the
/// parts recognised.
fn read_slots(segs: &[&str], slots: &[NameSlot]) -> (SlotReading, LooseName) {
    let (n, m) = (segs.len(), slots.len());
    let w = m + 1;
    let pair = |i: usize, j: usize| -> Option<i32> {
        if segs[i].is_empty() {
            Some(1)
        } else if slot_fits(slots[j], segs[i]) {
            Some(3)
        } else {
            None
        }
    };
    let mut best = vec![0i32; (n + 1) * w];
    for i in 0..=n {
        for j in 0..=m {
            let mut b = 0;
            if i > 0 {
                b = b.max(best[(i - 1) * w + j]);
            }
            if j > 0 {
                b = b.max(best[i * w + j - 1]);
            }
            if i > 0 && j > 0 {
                if let Some(p) = pair(i - 1, j - 1) {
                    b = b.max(best[(i - 1) * w + j - 1] + p);
                }
            }
            best[i * w + j] = b;
        }
    }
    let mut reading = SlotReading {
        missing: Vec::new(),
        empty: Vec::new(),
        extra: 0,
    };
    let mut loose = LooseName::default();
    let (mut i, mut j) = (n, m);
    while i > 0 || j > 0 {
        let here = best[i * w + j];
        if j > 0 && best[i * w + j - 1] == here {
            reading.missing.push(slots[j - 1]);
            j -= 1;
        } else if i > 0 && best[(i - 1) * w + j] == here {
            reading.extra += 1;
            i -= 1;
        } else {
            let seg = segs[i - 1];
            let slot = slots[j - 1];
            if seg.is_empty() {
                reading.empty.push(slot);
            } else {
                let v = Some(seg.to_string());
                match slot {
                    NameSlot::Month => loose.month = v,
                    NameSlot::Sender => loose.sender = v,
                    NameSlot::SenderKind => loose.sender_kind = v,
                    NameSlot::Receiver => loose.receiver = v,
                    NameSlot::ReceiverKind => loose.receiver_kind = v,
                    NameSlot::Timestamp => loose.timestamp = v,
                    NameSlot::Branch => {}
                }
            }
            i -= 1;
            j -= 1;
        }
    }
    reading.missing.reverse();
    reading.empty.reverse();
    (reading, loose)
}

/// The parts of a name of an unknown prefix that can be recognised by
/// their shapes (after the prefix as written).
pub fn loose_parts(rest: &str) -> LooseName {
    let segs: Vec<&str> = rest.split('_').collect();
    read_slots(&segs, &slots_of(true, false, true)).1
}

/// The segments of a name that has as many as its kind's, as written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Parts {
    pub month: Option<String>,
    pub branch: Option<String>,
    pub sender: String,
    pub sender_kind: Option<String>,
    pub receiver: String,
    pub receiver_kind: Option<String>,
    pub timestamp: String,
}

/// The pattern a kind's names follow, for messages.
pub fn pattern(kind: &str, month_segment: bool, kinds: bool) -> String {
    crate::spec::name_pattern(kind, month_segment, kinds)
}

/// The pattern of a layout's names under a revision, branch and extension
/// included (the family image: `…_枝番(4).jpg`).
pub fn pattern_for(layout: &KindSpec, rev: &Revision) -> String {
    rev.name_pattern(layout)
}

/// Whether a name looks like a file of the standard at all: used by directory
/// discovery to skip unrelated files (a vendor's log, a README).
pub fn is_candidate(name: &str, rev: &Revision) -> bool {
    rev.is_candidate_name(name)
}

/// Whether a month segment is the kind's placeholder (UPHOSOKU sent with
/// 第1・2表: 000000).
pub fn is_placeholder(m: &str, layout: Option<&KindSpec>) -> bool {
    layout.and_then(|l| l.month_placeholder.as_deref()) == Some(m)
}

/// Whether a month segment is a month: a real YYYYMM, or the kind's
/// placeholder.
pub fn is_month(m: &str, layout: Option<&KindSpec>) -> bool {
    is_placeholder(m, layout) || values::is_yyyymm(m)
}

/// Whether a branch segment is a branch number: 4 digits (「枝番（4 桁）」;
/// the annex's examples start at 0001, but 0000 is 4 digits too).
pub fn is_branch(b: &str) -> bool {
    b.len() == 4 && b.bytes().all(|c| c.is_ascii_digit())
}

/// Reads a name under a revision's grammar: what it says, and how each part
/// was written.
pub fn parse(name: &str, rev: &Revision) -> (FileName, NameReading) {
    let mut out = FileName::default();
    let mut reading = NameReading {
        prefix: Prefix::Exact,
        inner_extension: None,
        extension: String::new(),
        allowed_extensions: Vec::new(),
        segments: None,
    };

    // Extension; a second one after .CSV (`….CSV.txt`, a name changed
    // with extensions hidden) is set apart, and the name read without it.
    let (mut stem, ext) = match name.rfind('.') {
        Some(i) => (&name[..i], &name[i + 1..]),
        None => (name, ""),
    };
    reading.extension = ext.to_string();
    if let Some(i) = stem.rfind('.') {
        let inner = &stem[i + 1..];
        if inner.eq_ignore_ascii_case(&rev.file_name.extension) && !ext.is_empty() {
            reading.inner_extension = Some(inner.to_string());
            stem = &stem[..i];
        }
    }

    // Prefix: the longest known prefix followed by '_'.
    let prefixes = rev.all_prefixes();
    let exact = prefixes
        .iter()
        .find(|p| stem.starts_with(**p) && stem[p.len()..].starts_with('_'))
        .copied();
    let (prefix, rest) = match exact {
        Some(p) => (p.to_string(), &stem[p.len() + 1..]),
        None => {
            // Take the name up to the first segment that starts with a digit as the
            // written prefix, and look for the nearest known one.
            let segs: Vec<&str> = stem.split('_').collect();
            let n = segs
                .iter()
                .position(|s| s.starts_with(|c: char| c.is_ascii_digit()))
                .unwrap_or(1)
                .max(1);
            let written = segs[..n].join("_");
            let rest_start = (written.len() + 1).min(stem.len());
            let best = prefixes
                .iter()
                .copied()
                .filter(|p| {
                    p.eq_ignore_ascii_case(&written)
                        || strsim::levenshtein(&written.to_ascii_uppercase(), p) <= 2
                })
                .min_by_key(|p| strsim::levenshtein(&written.to_ascii_uppercase(), p));
            match best {
                Some(p) => {
                    reading.prefix = Prefix::Near {
                        written,
                        taken: p.to_string(),
                    };
                    (p.to_string(), &stem[rest_start..])
                }
                None => {
                    out.loose = Some(loose_parts(&stem[rest_start..]));
                    reading.prefix = Prefix::Unknown { written };
                    return (out, reading);
                }
            }
        }
    };
    out.kind = Some(prefix.clone());
    let layout = rev.layout(&prefix);
    let month_segment = layout.is_some_and(|l| l.month_segment);
    let branch = layout.is_some_and(|l| l.name_branch);
    reading.allowed_extensions = layout
        .and_then(|l| l.extensions.clone())
        .unwrap_or_else(|| vec![rev.file_name.extension.clone()]);

    let segs: Vec<&str> = if rest.is_empty() {
        Vec::new()
    } else {
        rest.split('_').collect()
    };
    let kinds = rev.file_name.service_kind_segments;
    let expected = usize::from(month_segment) + usize::from(branch) + if kinds { 5 } else { 3 };
    let empty_at = segs.iter().position(|s| s.is_empty());
    if segs.len() != expected || empty_at.is_some() {
        let (slots, loose) = read_slots(&segs, &slots_of(month_segment, branch, kinds));
        // The reading says something only when every segment found a place.
        let slots = (slots.extra == 0 && (!slots.missing.is_empty() || !slots.empty.is_empty()))
            .then_some(slots);
        out.loose = Some(loose);
        reading.segments = Some(Segments::Wrong {
            count: segs.len(),
            expected,
            empty_at,
            slots,
        });
        return (out, reading);
    }

    let i = usize::from(month_segment);
    let month = month_segment.then(|| segs[0].to_string());
    let branch = branch.then(|| segs[segs.len() - 1].to_string());
    let (sender, skind, receiver, rkind, ts) = if kinds {
        (
            segs[i],
            Some(segs[i + 1]),
            segs[i + 2],
            Some(segs[i + 3]),
            segs[i + 4],
        )
    } else {
        (segs[i], None, segs[i + 1], None, segs[i + 2])
    };
    out.month = month.clone().filter(|m| is_month(m, layout));
    out.month_is_placeholder = month.as_deref().is_some_and(|m| is_placeholder(m, layout));
    out.branch = branch.clone().filter(|b| is_branch(b));
    out.timestamp = Some(ts.to_string()).filter(|t| values::is_timestamp(t));
    out.sender = Some(sender.to_string());
    out.sender_kind = skind.map(str::to_string);
    out.receiver = Some(receiver.to_string());
    out.receiver_kind = rkind.map(str::to_string);
    reading.segments = Some(Segments::Read(Parts {
        month,
        branch,
        sender: sender.to_string(),
        sender_kind: skind.map(str::to_string),
        receiver: receiver.to_string(),
        receiver_kind: rkind.map(str::to_string),
        timestamp: ts.to_string(),
    }));
    (out, reading)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::spec;

    #[test]
    fn a_name_is_read_into_its_parts() {
        let rev = spec::revision("4.1").unwrap();
        let (n, r) = parse(
            "UPPLAN_202504_0310400015_43_0311500011_11_20250325093000.CSV",
            rev,
        );
        assert_eq!(n.kind.as_deref(), Some("UPPLAN"));
        assert_eq!(n.month.as_deref(), Some("202504"));
        assert_eq!(n.timestamp.as_deref(), Some("20250325093000"));
        assert_eq!(r.prefix, Prefix::Exact);
        assert_eq!(r.extension, "CSV");
        let Some(Segments::Read(p)) = r.segments else {
            panic!("{r:?}")
        };
        assert_eq!(
            (p.sender.as_str(), p.sender_kind.as_deref()),
            ("0310400015", Some("43"))
        );
        // A month that is not one is read but means nothing.
        let (n, r) = parse(
            "UPPLAN_202513_0310400015_43_0311500011_11_20250325093000.CSV",
            rev,
        );
        assert_eq!(n.month, None);
        assert!(
            matches!(r.segments, Some(Segments::Read(Parts { month: Some(ref m), .. })) if m == "202513")
        );
    }

    #[test]
    fn a_misspelt_prefix_is_taken_for_the_nearest_kind() {
        let rev = spec::revision("4.1").unwrap();
        let (n, r) = parse(
            "UPPLN_202504_0310400015_43_0311500011_11_20250325093000.CSV",
            rev,
        );
        assert_eq!(n.kind.as_deref(), Some("UPPLAN"));
        assert_eq!(
            r.prefix,
            Prefix::Near {
                written: "UPPLN".into(),
                taken: "UPPLAN".into()
            }
        );
        let (n, _) = parse(
            "upplan_202504_0310400015_43_0311500011_11_20250325093000.CSV",
            rev,
        );
        assert_eq!(n.kind.as_deref(), Some("UPPLAN"));
        let (n, r) = parse("REPORT_2025.CSV", rev);
        assert_eq!(n.kind, None);
        assert!(matches!(r.prefix, Prefix::Unknown { .. }) && r.segments.is_none());
    }

    #[test]
    fn segments_that_do_not_fit_are_not_placed() {
        let rev = spec::revision("4.1").unwrap();
        let (n, r) = parse("UPPLAN_202504_0310400015_43__11_20250325093000.CSV", rev);
        assert_eq!(
            r.segments,
            Some(Segments::Wrong {
                count: 6,
                expected: 6,
                empty_at: Some(3),
                slots: Some(SlotReading {
                    missing: vec![],
                    empty: vec![NameSlot::Receiver],
                    extra: 0
                }),
            })
        );
        assert_eq!(n.sender, None);
        assert_eq!(n.loose.unwrap().sender.as_deref(), Some("0310400015"));
    }

    #[test]
    fn a_name_without_its_receiver_says_so_and_keeps_what_it_has() {
        let rev = spec::revision("4.1").unwrap();
        let (n, r) = parse("UPJSK_202504_1371000025_11_20250325093000.CSV", rev);
        let Some(Segments::Wrong { slots: Some(s), .. }) = r.segments else {
            panic!("{r:?}")
        };
        assert_eq!(s.missing, [NameSlot::Receiver, NameSlot::ReceiverKind]);
        let loose = n.loose.unwrap();
        assert_eq!(loose.sender.as_deref(), Some("1371000025"));
        assert_eq!(loose.sender_kind.as_deref(), Some("11"));
        assert_eq!(loose.timestamp.as_deref(), Some("20250325093000"));
        assert_eq!(loose.month.as_deref(), Some("202504"));
        let (_, r) = parse(
            "UPHOSOKU_1371000017_43_1371000025_11_20250325093000.CSV",
            rev,
        );
        let Some(Segments::Wrong { slots: Some(s), .. }) = r.segments else {
            panic!("{r:?}")
        };
        assert_eq!(s.missing, [NameSlot::Month]);
    }
}
