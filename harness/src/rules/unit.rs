//! The unit level: the files of one send unit together (本文2.4). The
//! relations between the records of a unit (本文2.3) are `rules::relation`.
//!
//! A send unit is the set of files sharing one ファイル連番 (the 14-digit
//! timestamp of the name) between one sender and one receiver. The
//! combinations a revision allows, and the relations inside them, are data
//! (`send_units` in the revision folder; `explain UNIT-MISSING-MEMBER`
//! lists them).
//!
//! Not enforced, by decision: that a UP1KYO user also has UP2KYO, UP3KYO or
//! UPHOSOKU records (the standard relates dependents to their parent, not
//! the converse), and cascades of deletes (they concern the receiver's data,
//! which the harness does not see).

use std::collections::{BTreeMap, BTreeSet};

use crate::fact::Fact;
use crate::finding::{Finding, Position};
use crate::result::FileResult;
use crate::rules::file_finding as finding;
use crate::spec::{HosokuMonth, Revision, SendUnit};

rules! {
    level: Unit;
    UNIT_MISSING_MEMBER = {
        id: "UNIT-MISSING-MEMBER", severity: Error,
        spec_ref: "本文2.4 ファイル送信単位; 本文2.2 インターフェースファイル一覧",
        title_ja: "送信単位に必要なファイルがありません",
        title_en: "a send unit lacks one of its files",
        doc: "Files are sent in units sharing one ファイル連番 (the 14-digit timestamp of the name) between one sender and one receiver. The units each revision allows (本文2.4 for 居宅, 3.4 for 介護予防) are listed below from the revision data; members in brackets go with their parent 「原則」 and their absence is not reported. A unit that lacks a member is reported on its first file, with the name the missing file would carry. Send-unit rules run when `check` is given a directory; a file given alone is checked alone.",
        fails: "UP1KYO, UP2KYO and UP3KYO with 連番 20250325093000, no UPHOSOKU_000000_…_20250325093000.CSV",
        passes: "the four files with the same 連番",
    }
    UNIT_EXTRA_MEMBER = {
        id: "UNIT-EXTRA-MEMBER", severity: Error,
        spec_ref: "本文2.4 ファイル送信単位",
        title_ja: "送信単位に入らないファイルが同じ連番で送られています",
        title_en: "a file shares a send unit it does not belong to",
        doc: "Retired: it made three things one error. A file of another family with the same 連番 (a DLT1KYO beside a UP1KYO set) is not forbidden by 本文2.4, which requires one 連番 inside a unit, not distinct ones across units: now UNIT-SHARED-SERIAL, a warning. Two 利用票 sets of different months with one 連番 are two units (本文5.1.1.3: one file per 提供年月): no finding. A second file of one kind and month in a unit is UNIT-DUPLICATE-MEMBER.",
        fails: "UP1KYO set and DLT1KYO with the same 連番",
        passes: "DLT1KYO with a 連番 of its own",
    }
    UNIT_DUPLICATE_MEMBER = {
        id: "UNIT-DUPLICATE-MEMBER", severity: Error,
        spec_ref: "別紙 各レイアウト ファイル作成単位「サテライトに関わらず事業所番号・サービス種類が同じであれば、一つのファイルにまとめる。」; 本文2.4",
        title_ja: "送信単位に同じ種類・同じ年月のファイルが2つあります",
        title_en: "two files of one kind and month in a send unit",
        doc: "Records of one sender and receiver (office number and service kind) go in one file: two files of the same kind and month in one send unit (same 連番 and parties) are reported at the second. In one folder two such files would have the same name, so this happens when two names are read as one kind (a misspelt prefix read as its nearest kind, `.CSV` beside `.csv`). A file of the same kind but another month is UNIT-MONTH-MISMATCH; the family images, numbered by their branch, may be several.",
        fails: "UPPLAN_202504_… and UPPLN_202504_… with one 連番",
        passes: "one UPPLAN_202504_… per 連番",
    }
    UNIT_SHARED_SERIAL = {
        id: "UNIT-SHARED-SERIAL", severity: Warning,
        spec_ref: "本文2.4「下記ファイルの組み合わせをファイル送信の単位とし、各ファイルで同じファイル連番をつける。」; 本文2.5「送信されたファイルの組み合わせに関わらずファイル連番毎に処理されることを想定する。」",
        title_ja: "別の送信単位のファイルが同じ連番で送られています（規定がないため警告）",
        title_en: "files of another send unit carry the same ファイル連番 (not stated: warning)",
        doc: "Each send unit's files carry one 連番, and the receiver processes by 連番 (本文2.5). Files of two different units (a DLT1KYO beside a UP1KYO set, an UPJSK beside an UPPLAN set) with the same 連番 between the same parties have no defined order between them: a delete and an upload of the same user may be applied either way. The text does not forbid it, so a warning, on each file of the smaller unit; each unit is still checked on its own. 利用者基本情報 and 介護予防サービス・支援計画書 may share one (本文3.4 lists them together), and two 利用票 sets of different months are two units of one kind (本文5.1.1.3), not reported.",
        fails: "UP1KYO set and DLT1KYO with the same 連番",
        passes: "DLT1KYO with a 連番 of its own",
    }
    UNIT_SERIAL_MISMATCH = {
        id: "UNIT-SERIAL-MISMATCH", severity: Error,
        spec_ref: "本文2.4「各ファイルで同じファイル連番をつける」",
        title_ja: "送信単位の一部のファイルの連番が異なります",
        title_en: "a member of a send unit carries another ファイル連番",
        doc: "All files of a unit carry the same ファイル連番. When an incomplete unit's missing member exists between the same sender and receiver with another 連番, that file is reported (instead of two incomplete units) with the 連番 it should carry.",
        fails: "UP1KYO…_20250325093000, UP2KYO…_20250325093001",
        passes: "both …_20250325093000",
    }
    UNIT_PARTY_MISMATCH = {
        id: "UNIT-PARTY-MISMATCH", severity: Error,
        spec_ref: "本文2.4 ファイル送信単位; 別紙 ファイル名規則",
        title_ja: "送信単位の一部のファイルの送信先・サービス種類が異なります",
        title_en: "a member of a send unit names another receiver or service kind",
        doc: "All files of a unit go from one sender to one receiver. When an incomplete unit's missing member exists with the same 連番 and sender but another receiver office or service kind in its name, that file is reported with the parties it should name.",
        fails: "UPHOSOKU_000000_1371000017_43_1371000025_15_… beside UP1KYO_1371000017_43_1371000025_11_…",
        passes: "…_1371000025_11_… in both",
    }
    UNIT_MONTH_MISMATCH = {
        id: "UNIT-MONTH-MISMATCH", severity: Error,
        spec_ref: "本文2.3, 2.4; 別紙 利用者補足情報 ファイル名（提供年月）",
        title_ja: "第6表・第7表・利用者補足情報の年月が送信単位の中で異なります",
        title_en: "the months of UPPLAN, UPSIKYU and UPHOSOKU differ within a send unit",
        doc: "The 利用票 set relates its files by 対象年月: UPSIKYU and the UPHOSOKU that travels with a 第6表 carry the 第6表's month in their names. Sets of two months may share one 連番 (each month is its own unit, 本文5.1.1.3); a UPSIKYU or UPHOSOKU whose month has no UPPLAN under the 連番 is reported against the unit it was sent with.",
        fails: "UPPLAN_202504_…, UPSIKYU_202505_… with one 連番",
        passes: "UPPLAN_202504_…, UPSIKYU_202504_…",
    }
}

/// The combination (send unit) a file belongs to, from its revision's data.
#[derive(Debug, Clone, Copy)]
struct Family {
    /// Position in the revision's `send_units`, for a stable order.
    index: usize,
    spec: &'static SendUnit,
    /// The revision whose data it comes from.
    rev: &'static Revision,
}

/// Families are the same unit whatever revision's data they come from (a
/// 3.2 第6表 beside a 4.1 利用者補足情報 is one broken unit, not two).
impl PartialEq for Family {
    fn eq(&self, other: &Self) -> bool {
        self.spec.id == other.spec.id
    }
}
impl Eq for Family {}
impl PartialOrd for Family {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}
impl Ord for Family {
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        self.index.cmp(&other.index)
    }
}

impl Family {
    fn members(self) -> Vec<&'static str> {
        self.spec.members.iter().map(String::as_str).collect()
    }
    /// The members whose absence is a finding.
    fn required(self) -> Vec<&'static str> {
        self.members()
            .into_iter()
            .filter(|m| !self.spec.optional.iter().any(|o| o == m))
            .collect()
    }
    fn travels_with(self, other: Family) -> bool {
        self == other || self.spec.may_travel_with.contains(&other.spec.id)
    }
    /// The month placeholder a member's names may carry (UPHOSOKU: 000000).
    fn placeholder(self, kind: &str) -> Option<&'static str> {
        self.rev.layout(kind)?.month_placeholder.as_deref()
    }
    fn of(f: &FileResult) -> Option<Family> {
        let rev = crate::spec::revision(&f.revision)?;
        let kind = f.kind.as_deref()?;
        // A kind whose names may carry the placeholder goes in the unit that
        // takes it (the plan set) or in the one that takes a month.
        let may_hold_placeholder = rev
            .layout(kind)
            .is_some_and(|l| l.month_placeholder.is_some());
        let placeholder = f.name.month_is_placeholder;
        rev.send_units
            .iter()
            .enumerate()
            .find(|(_, u)| {
                u.members.iter().any(|m| m == kind)
                    && match (may_hold_placeholder, u.hosoku_month) {
                        (true, Some(HosokuMonth::Zero)) => placeholder,
                        (true, Some(HosokuMonth::Month)) => !placeholder,
                        _ => true,
                    }
            })
            .map(|(index, spec)| Family { index, spec, rev })
    }
    pub(crate) fn describe(self) -> String {
        let names: Vec<String> = self
            .spec
            .members
            .iter()
            .map(|m| match (self.placeholder(m), self.spec.hosoku_month) {
                (Some(p), Some(HosokuMonth::Zero)) => format!("{m}({p})"),
                (Some(_), Some(HosokuMonth::Month)) => format!("{m}(YYYYMM)"),
                _ => m.to_string(),
            })
            .collect();
        format!("{{{}}}", names.join(", "))
    }
    /// Whether the unit's files share one service month (the 利用票 set).
    fn shares_month(self) -> bool {
        self.spec.hosoku_month == Some(HosokuMonth::Month)
    }
    /// The member whose month is the unit's, when the files share one: the
    /// unit's parent (UPPLAN).
    fn month_anchor(self) -> Option<&'static str> {
        self.spec.parent.as_deref().filter(|_| self.shares_month())
    }
}

/// The send units a revision allows, one line each: `{A, B, C(000000)}`,
/// with the members whose absence is not reported in brackets.
pub fn describe_units(rev: &'static Revision) -> Vec<String> {
    rev.send_units
        .iter()
        .enumerate()
        .map(|(index, spec)| {
            let f = Family { index, spec, rev };
            let mut s = f.describe();
            if !spec.optional.is_empty() {
                s.push_str(&format!(" [{}]", spec.optional.join(", ")));
            }
            s
        })
        .collect()
}

/// Sender and receiver, as the name gives them (revisions before 4.0 have
/// no service kind segments).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
struct Parties {
    sender: String,
    sender_kind: Option<String>,
    receiver: String,
    receiver_kind: Option<String>,
}

impl Parties {
    fn of(f: &FileResult) -> Option<Parties> {
        let n = &f.name;
        Some(Parties {
            sender: n.sender.clone()?,
            sender_kind: n.sender_kind.clone(),
            receiver: n.receiver.clone()?,
            receiver_kind: n.receiver_kind.clone(),
        })
    }
    fn show(&self) -> String {
        match (&self.sender_kind, &self.receiver_kind) {
            (Some(sk), Some(rk)) => format!("{}_{sk}_{}_{rk}", self.sender, self.receiver),
            _ => format!("{}_{}", self.sender, self.receiver),
        }
    }
}

/// Whether a kind may come several times in one unit (the family-structure
/// images, numbered by their branch).
pub fn several_allowed(f: &FileResult) -> bool {
    crate::spec::revision(&f.revision)
        .and_then(|r| r.layout(f.kind.as_deref().unwrap_or("")))
        .is_some_and(|l| l.name_branch)
}

/// The month of a group of service-use files: its anchor's (the UPPLAN's),
/// else the most common one (the earliest on a tie).
fn unit_month(members: &[&FileResult]) -> Option<String> {
    let anchors =
        |f: &&&FileResult| Family::of(f).is_some_and(|fam| fam.month_anchor() == f.kind.as_deref());
    if let Some(p) = members.iter().find(anchors) {
        return p.name.month.clone();
    }
    let mut count: BTreeMap<&str, usize> = BTreeMap::new();
    for f in members {
        if let Some(m) = f
            .name
            .month
            .as_deref()
            .filter(|_| !f.name.month_is_placeholder)
        {
            *count.entry(m).or_default() += 1;
        }
    }
    count
        .iter()
        .max_by(|a, b| a.1.cmp(b.1).then(b.0.cmp(a.0)))
        .map(|(m, _)| m.to_string())
}

/// A family's files under one 連番, one part per service month when the
/// family's leading kind carries it in its name (本文5.1.1.3: 利用票 are made
/// per 提供年月; two months are two units, even under one 連番). A file
/// whose month no leading file has goes with the earliest month's part.
fn by_month(family: Family, files: Vec<&FileResult>) -> Vec<Vec<&FileResult>> {
    let lead = family
        .spec
        .parent
        .as_deref()
        .or_else(|| (family.spec.members.len() == 1).then(|| family.spec.members[0].as_str()));
    let months: BTreeSet<String> = files
        .iter()
        .filter(|f| f.kind.as_deref() == lead && !f.name.month_is_placeholder)
        .filter_map(|f| f.name.month.clone())
        .collect();
    if months.len() < 2 {
        return vec![files];
    }
    let earliest = months.first().cloned();
    let mut parts: BTreeMap<Option<String>, Vec<&FileResult>> = BTreeMap::new();
    for f in files {
        let m = f.name.month.clone().filter(|m| months.contains(m));
        parts
            .entry(m.or_else(|| earliest.clone()))
            .or_default()
            .push(f);
    }
    parts.into_values().collect()
}

/// The name a missing member would carry in this unit.
fn expected_name(kind: &str, month: Option<&str>, p: &Parties, serial: &str) -> String {
    match month {
        Some(m) => format!("{kind}_{m}_{}_{serial}.CSV", p.show()),
        None => format!("{kind}_{}_{serial}.CSV", p.show()),
    }
}

/// What a unit and a file that would complete it must share: the family,
/// the kind, the parties (another 連番) or the 連番 and sender (other
/// receivers), and the month when the unit's files share one.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
struct CandidateKey {
    family: usize,
    kind: String,
    by: By,
    month: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
enum By {
    Parties(Parties),
    SerialAndSender(String, String),
}

/// Whether what a name that does not parse still says (its sender, its
/// receiver, its ファイル連番) agrees with a unit.
fn loose_fits(f: &FileResult, u: &Unit) -> bool {
    let Some(l) = &f.name.loose else {
        return false;
    };
    let agrees = |part: &Option<String>, want: Option<&str>| match (part.as_deref(), want) {
        (Some(p), Some(w)) => p == w,
        _ => true,
    };
    // At least the ファイル連番 or the sender must be there to tell.
    (l.timestamp.is_some() || l.sender.is_some())
        && agrees(&l.timestamp, Some(&u.serial))
        && agrees(&l.sender, Some(&u.parties.sender))
        && agrees(&l.sender_kind, u.parties.sender_kind.as_deref())
        && agrees(&l.receiver, Some(&u.parties.receiver))
        && agrees(&l.receiver_kind, u.parties.receiver_kind.as_deref())
}

struct Unit<'a> {
    serial: String,
    parties: Parties,
    family: Family,
    members: Vec<&'a FileResult>,
}

impl Unit<'_> {
    fn month(&self) -> Option<&str> {
        let anchor = self
            .members
            .iter()
            .find(|f| f.kind.as_deref() == self.family.month_anchor())
            .or_else(|| self.members.iter().find(|f| f.name.month.is_some()));
        anchor.and_then(|f| f.name.month.as_deref())
    }
    fn has(&self, kind: &str) -> bool {
        self.members.iter().any(|f| f.kind.as_deref() == Some(kind))
    }
    fn missing(&self) -> Vec<&'static str> {
        self.family
            .required()
            .into_iter()
            .filter(|k| !self.has(k))
            .collect()
    }
}

/// A send unit as formed from the files of one folder: its combination and
/// its files (members claimed from elsewhere included), for the relation
/// rules.
pub struct Formed<'a> {
    pub unit: &'static SendUnit,
    pub files: Vec<&'a FileResult>,
}

/// Checks the send units formed by `files`. Returns the findings, each to be
/// filed under the file it names, and the units, for the relation rules.
pub fn check<'a>(files: &[&'a FileResult]) -> (Vec<Finding>, Vec<Formed<'a>>) {
    // Units are formed among the files of one folder, as a product writes them.
    let mut folders: BTreeMap<String, Vec<&FileResult>> = BTreeMap::new();
    for f in files {
        let dir = std::path::Path::new(&f.path)
            .parent()
            .map(|p| p.display().to_string())
            .unwrap_or_default();
        folders.entry(dir).or_default().push(f);
    }
    let mut out = Vec::new();
    let mut formed = Vec::new();
    for files in folders.values() {
        out.extend(check_folder(files, &mut formed));
    }
    (out, formed)
}

fn check_folder<'a>(files: &[&'a FileResult], formed: &mut Vec<Formed<'a>>) -> Vec<Finding> {
    let mut out = Vec::new();
    // Group by (連番, parties).
    let mut groups: BTreeMap<(String, Parties), Vec<&FileResult>> = BTreeMap::new();
    for f in files {
        let (Some(serial), Some(parties), Some(_)) =
            (f.name.timestamp.clone(), Parties::of(f), Family::of(f))
        else {
            continue;
        };
        groups.entry((serial, parties)).or_default().push(f);
    }
    let mut units = Vec::new();
    for ((serial, parties), members) in groups {
        let mut by_family: BTreeMap<Family, Vec<&FileResult>> = BTreeMap::new();
        for f in members {
            by_family
                .entry(Family::of(f).expect("grouped files have a family"))
                .or_default()
                .push(f);
        }
        // The main unit is the family with the most files here.
        let main = by_family
            .iter()
            .max_by(|a, b| a.1.len().cmp(&b.1.len()).then(b.0.cmp(a.0)))
            .map(|(f, _)| *f)
            .expect("a group is never empty");
        for (family, files) in by_family {
            // Another unit under the same 連番 (利用者基本情報 and 計画書 may
            // share one): a warning on each of its files.
            if !main.travels_with(family) {
                for f in &files {
                    out.push(finding(
                        &UNIT_SHARED_SERIAL,
                        f,
                        Position::default(),
                        Fact::UnitSharedSerial {
                            kind: f.kind.clone().unwrap_or_default(),
                            serial: serial.clone(),
                            unit: main.describe(),
                        },
                    ));
                }
            }
            for mut part in by_month(family, files) {
                // Of two files of one kind, the one kept is the one whose
                // month is the unit's; then by name.
                let unit_month = unit_month(&part);
                part.sort_by(|a, b| {
                    let off = |f: &FileResult| f.name.month.is_some() && f.name.month != unit_month;
                    off(a).cmp(&off(b)).then(a.file.cmp(&b.file))
                });
                let mut kept: Vec<&FileResult> = Vec::new();
                for f in part {
                    let first = kept
                        .iter()
                        .find(|k| k.kind == f.kind && !several_allowed(f))
                        .copied();
                    match first {
                        None => kept.push(f),
                        Some(k) if k.name.month == f.name.month => out.push(finding(
                            &UNIT_DUPLICATE_MEMBER,
                            f,
                            Position::default(),
                            Fact::UnitSecondOfKind {
                                kind: f.kind.clone().unwrap_or_default(),
                                serial: serial.clone(),
                                unit: family.describe(),
                            },
                        )),
                        // A file of a kind the unit has, for a month it is not.
                        Some(k) => out.push(finding(
                            &UNIT_MONTH_MISMATCH,
                            f,
                            Position::default(),
                            Fact::UnitMonth {
                                month: unit_month
                                    .clone()
                                    .or_else(|| k.name.month.clone())
                                    .unwrap_or_default(),
                                found: f.name.month.clone().unwrap_or_default(),
                            },
                        )),
                    }
                }
                units.push(Unit {
                    serial: serial.clone(),
                    parties: parties.clone(),
                    family,
                    members: kept,
                });
            }
        }
    }

    // Members that carry another 連番, or whose parties disagree, are matched
    // to the incomplete unit they would complete: a unit missing a kind
    // takes it from the first other incomplete unit of its family (in unit
    // order) that holds a file of that kind, between the same parties under
    // another 連番 (UNIT-SERIAL-MISMATCH) or under the same 連番 from the
    // same sender to other receivers (UNIT-PARTY-MISMATCH). The candidates
    // are indexed by what they must share, so that matching stays linear in
    // the number of files.
    let mut claimed: BTreeSet<String> = BTreeSet::new();
    let mut claimed_by: BTreeMap<usize, Vec<&FileResult>> = BTreeMap::new();
    let mut by_parties: BTreeMap<CandidateKey, Vec<(usize, &FileResult)>> = BTreeMap::new();
    let mut by_serial: BTreeMap<CandidateKey, Vec<(usize, &FileResult)>> = BTreeMap::new();
    for (vi, v) in units.iter().enumerate() {
        if v.missing().is_empty() {
            continue;
        }
        let anchor_kind = v.family.members()[0];
        for f in &v.members {
            let Some(kind) = f.kind.as_deref() else {
                continue;
            };
            // Every absent member may be claimed, optional ones included,
            // but only from units that lack their anchor (orphans), so an
            // optional member simply not sent is never taken from another
            // unit.
            if kind != anchor_kind && v.has(anchor_kind) {
                continue;
            }
            let month = v
                .family
                .shares_month()
                .then(|| f.name.month.clone())
                .flatten();
            let key = |by: By| CandidateKey {
                family: v.family.index,
                kind: kind.to_string(),
                by,
                month: month.clone(),
            };
            by_parties
                .entry(key(By::Parties(v.parties.clone())))
                .or_default()
                .push((vi, f));
            by_serial
                .entry(key(By::SerialAndSender(
                    v.serial.clone(),
                    v.parties.sender.clone(),
                )))
                .or_default()
                .push((vi, f));
        }
    }
    // How far each candidate list has been used up: a candidate once
    // claimed (or whose unit has claimed) stays out for good.
    let mut used: BTreeMap<(bool, CandidateKey), usize> = BTreeMap::new();
    // The fullest units claim first; a unit that lost a member claims nothing.
    let mut order: Vec<usize> = (0..units.len()).collect();
    order.sort_by_key(|&i| std::cmp::Reverse(units[i].members.len()));
    for ui in order {
        let u = &units[ui];
        if u.members.iter().any(|f| claimed.contains(&f.path)) {
            continue;
        }
        let absent: Vec<&'static str> = u
            .family
            .members()
            .into_iter()
            .filter(|k| !u.has(k))
            .collect();
        for kind in absent {
            let month = if u.family.shares_month() {
                u.month().map(str::to_string)
            } else {
                None
            };
            let key = |by: By| CandidateKey {
                family: u.family.index,
                kind: kind.to_string(),
                by,
                month: month.clone(),
            };
            // The first candidate of each list still free, other than the
            // unit itself and those its own 連番 or parties rule out.
            let mut first = |list: bool, key: CandidateKey| -> Option<(usize, &FileResult)> {
                let index = if list { &by_serial } else { &by_parties };
                let cands = index.get(&key)?;
                let start = used.entry((list, key)).or_insert(0);
                while cands
                    .get(*start)
                    .is_some_and(|(vi, f)| claimed.contains(&f.path) || claimed_by.contains_key(vi))
                {
                    *start += 1;
                }
                cands[*start..].iter().copied().find(|(vi, f)| {
                    let v = &units[*vi];
                    *vi != ui
                        && !claimed.contains(&f.path)
                        && !claimed_by.contains_key(vi)
                        && if list {
                            v.parties != u.parties
                        } else {
                            v.serial != u.serial
                        }
                })
            };
            let serial_mismatch = first(false, key(By::Parties(u.parties.clone())));
            let party_mismatch = first(
                true,
                key(By::SerialAndSender(
                    u.serial.clone(),
                    u.parties.sender.clone(),
                )),
            );
            let best = match (serial_mismatch, party_mismatch) {
                (Some(a), Some(b)) if b.0 < a.0 => Some((b.1, &UNIT_PARTY_MISMATCH)),
                (Some(a), _) => Some((a.1, &UNIT_SERIAL_MISMATCH)),
                (None, Some(b)) => Some((b.1, &UNIT_PARTY_MISMATCH)),
                (None, None) => None,
            };
            if let Some((f, rule)) = best {
                claimed.insert(f.path.clone());
                claimed_by.entry(ui).or_default().push(f);
                let fact = if std::ptr::eq(rule, &UNIT_SERIAL_MISMATCH) {
                    Fact::UnitSerial {
                        kind: kind.to_string(),
                        found: f.name.timestamp.clone().unwrap_or_default(),
                        serial: u.serial.clone(),
                    }
                } else {
                    Fact::UnitParties {
                        kind: kind.to_string(),
                        found: Parties::of(f).map(|p| p.show()).unwrap_or_default(),
                        parties: u.parties.show(),
                    }
                };
                out.push(finding(rule, f, Position::default(), fact));
            }
        }
    }

    let mut claimed_misnamed: BTreeSet<String> = BTreeSet::new();
    // The files whose names place them in no unit, looked for once: the
    // search stays linear in the number of files.
    let unplaced: Vec<&&FileResult> = files
        .iter()
        .filter(|f| {
            f.name.loose.is_some() && (f.name.timestamp.is_none() || Parties::of(f).is_none())
        })
        .collect();
    for (ui, u) in units.iter().enumerate() {
        if u.members.iter().all(|f| claimed.contains(&f.path)) {
            continue;
        }
        let extra: Vec<&FileResult> = claimed_by.get(&ui).cloned().unwrap_or_default();
        let present = |k: &str| u.has(k) || extra.iter().any(|f| f.kind.as_deref() == Some(k));
        // Findings about the unit go on its leading file (UP1KYO, UPPLAN, …).
        let anchor = u
            .family
            .members()
            .iter()
            .find_map(|k| u.members.iter().find(|f| f.kind.as_deref() == Some(*k)))
            .copied()
            .unwrap_or(u.members[0]);
        for kind in &u.family.required() {
            if present(kind) {
                continue;
            }
            let month = match (u.family, *kind) {
                (f, k)
                    if f.spec.hosoku_month == Some(HosokuMonth::Zero)
                        && f.placeholder(k).is_some() =>
                {
                    f.placeholder(k)
                }
                (f, _) if f.shares_month() => u.month(),
                _ => None,
            };
            let name = expected_name(kind, month, &u.parties, &u.serial);
            // The member may be in the folder under a name that does not
            // place it in any unit: say so, with the name it should carry.
            let misnamed = unplaced.iter().find(|f| {
                f.kind.as_deref() == Some(*kind)
                    && !claimed_misnamed.contains(&f.path)
                    && loose_fits(f, u)
            });
            let fact = match misnamed {
                Some(f) => {
                    claimed_misnamed.insert(f.path.clone());
                    Fact::UnitMisnamed {
                        name,
                        unit: u.family.describe(),
                        serial: u.serial.clone(),
                        kind: kind.to_string(),
                        file: f.file.clone(),
                    }
                }
                None => Fact::UnitMissing {
                    name,
                    unit: u.family.describe(),
                    serial: u.serial.clone(),
                    kind: kind.to_string(),
                },
            };
            out.push(finding(
                &UNIT_MISSING_MEMBER,
                anchor,
                Position::default(),
                fact,
            ));
        }
        if u.family.shares_month() {
            if let Some(m) = u.month() {
                for f in u.members.iter().chain(&extra) {
                    if let Some(fm) = f.name.month.as_deref() {
                        if fm != m {
                            out.push(finding(
                                &UNIT_MONTH_MISMATCH,
                                f,
                                Position::default(),
                                Fact::UnitMonth {
                                    month: m.to_string(),
                                    found: fm.to_string(),
                                },
                            ));
                        }
                    }
                }
            }
        }
        formed.push(Formed {
            unit: u.family.spec,
            files: u.members.iter().copied().chain(extra).collect(),
        });
    }
    out
}
