//! Rules across files: send units (本文2.4) and the relations between the
//! records of a unit (本文2.3).
//!
//! A send unit is the set of files sharing one ファイル連番 (the 14-digit
//! timestamp of the name) between one sender and one receiver. The
//! combinations a revision allows, and the relations inside them, are data
//! (`send_units` in the revision folder): 4.1 allows {UP1KYO, UP2KYO,
//! UP3KYO, UPHOSOKU(000000)}, {UPPLAN, UPSIKYU, UPHOSOKU(YYYYMM)},
//! {DLT1KYO}, {DLTPLAN}, {UPJSK} and {DLTJSK}.
//!
//! Not enforced, by decision: that a UP1KYO user also has UP2KYO, UP3KYO or
//! UPHOSOKU records (the standard relates dependents to their parent, not
//! the converse), and cascades of deletes (they concern the receiver's data,
//! which the harness does not see).

use std::collections::{BTreeMap, BTreeSet};

use crate::finding::{Finding, Position, Text};
use crate::result::{FileResult, RecordKey};
use crate::rules::catalogue::{self as cat, Rule};
use crate::spec::{HosokuMonth, RelationKey, SendUnit};

/// The combination (send unit) a file belongs to, from its revision's data.
#[derive(Debug, Clone, Copy)]
struct Family {
    /// Position in the revision's `send_units`, for a stable order.
    index: usize,
    spec: &'static SendUnit,
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
    fn of(f: &FileResult) -> Option<Family> {
        let rev = crate::spec::revision(&f.revision)?;
        let kind = f.kind.as_deref()?;
        let zero = f.name.month.as_deref() == Some("000000");
        rev.send_units
            .iter()
            .enumerate()
            .find(|(_, u)| {
                u.members.iter().any(|m| m == kind)
                    && match (kind, u.hosoku_month) {
                        ("UPHOSOKU", Some(HosokuMonth::Zero)) => zero,
                        ("UPHOSOKU", Some(HosokuMonth::Month)) => !zero,
                        _ => true,
                    }
            })
            .map(|(index, spec)| Family { index, spec })
    }
    fn describe(self) -> String {
        let names: Vec<String> = self
            .spec
            .members
            .iter()
            .map(|m| match (m.as_str(), self.spec.hosoku_month) {
                ("UPHOSOKU", Some(HosokuMonth::Zero)) => "UPHOSOKU(000000)".to_string(),
                ("UPHOSOKU", Some(HosokuMonth::Month)) => "UPHOSOKU(YYYYMM)".to_string(),
                (k, _) => k.to_string(),
            })
            .collect();
        format!("{{{}}}", names.join(", "))
    }
    /// Whether the unit's files share one service month (the 利用票 set).
    fn shares_month(self) -> bool {
        self.spec.hosoku_month == Some(HosokuMonth::Month)
    }
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
fn several_allowed(f: &FileResult) -> bool {
    crate::spec::revision(&f.revision)
        .and_then(|r| r.layout(f.kind.as_deref().unwrap_or("")))
        .is_some_and(|l| l.name_branch)
}

/// The month of a group of service-use files: the UPPLAN's, else the most
/// common one (the earliest on a tie).
fn unit_month(members: &[&FileResult]) -> Option<String> {
    if let Some(p) = members.iter().find(|f| f.kind.as_deref() == Some("UPPLAN")) {
        return p.name.month.clone();
    }
    let mut count: BTreeMap<&str, usize> = BTreeMap::new();
    for f in members {
        if let Some(m) = f.name.month.as_deref().filter(|m| *m != "000000") {
            *count.entry(m).or_default() += 1;
        }
    }
    count
        .iter()
        .max_by(|a, b| a.1.cmp(b.1).then(b.0.cmp(a.0)))
        .map(|(m, _)| m.to_string())
}

/// The name a missing member would carry in this unit.
fn expected_name(kind: &str, month: Option<&str>, p: &Parties, serial: &str) -> String {
    match month {
        Some(m) => format!("{kind}_{m}_{}_{serial}.CSV", p.show()),
        None => format!("{kind}_{}_{serial}.CSV", p.show()),
    }
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
            .find(|f| f.kind.as_deref() == Some("UPPLAN"))
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

fn finding(
    rule: &'static Rule,
    f: &FileResult,
    pos: Position,
    expected: Option<Text>,
    detail: Option<Text>,
) -> Finding {
    Finding {
        rule,
        file: f.file.clone(),
        path: f.path.clone(),
        pos,
        field_name: None,
        found: None,
        personal: false,
        expected,
        detail,
    }
}

/// Checks the send units and relations formed by `files`. Returns the
/// findings, each to be filed under the file it names.
pub fn check(files: &[&FileResult]) -> Vec<Finding> {
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
    for files in folders.values() {
        out.extend(check_folder(files));
    }
    out
}

fn check_folder(files: &[&FileResult]) -> Vec<Finding> {
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
    for ((serial, parties), mut members) in groups {
        // Of two files of one kind, the one kept is the one whose month is
        // the unit's (the UPPLAN's, else the most common); then by name.
        let unit_month = unit_month(&members);
        members.sort_by(|a, b| {
            let off = |f: &FileResult| f.name.month.is_some() && f.name.month != unit_month;
            off(a).cmp(&off(b)).then(a.file.cmp(&b.file))
        });
        // The unit's combination is the family with the most members here.
        let mut count: BTreeMap<Family, usize> = BTreeMap::new();
        for f in &members {
            *count
                .entry(Family::of(f).expect("grouped files have a family"))
                .or_default() += 1;
        }
        let family = count
            .iter()
            .max_by(|a, b| a.1.cmp(b.1).then(b.0.cmp(a.0)))
            .map(|(f, _)| *f)
            .expect("a group is never empty");
        // Families that may share the main one's 連番 (利用者基本情報 with
        // 介護予防サービス・支援計画書) form units of their own beside it.
        let mut kept: BTreeMap<Family, Vec<&FileResult>> = BTreeMap::new();
        for f in members {
            let fam = Family::of(f).expect("grouped files have a family");
            let together = family.travels_with(fam);
            let dup = together
                && !several_allowed(f)
                && kept
                    .get(&fam)
                    .is_some_and(|v| v.iter().any(|k| k.kind == f.kind));
            if !together || dup {
                let why = if together {
                    Text::new(
                        format!(
                            "同じ送信単位（連番 {serial}）に {} が2つあります",
                            f.kind.as_deref().unwrap_or("")
                        ),
                        format!(
                            "a second {} in the send unit with 連番 {serial}",
                            f.kind.as_deref().unwrap_or("")
                        ),
                    )
                } else {
                    Text::new(
                        format!(
                            "{} は送信単位 {} に入りません（連番 {serial} の単位は {}）。別の連番で送ります",
                            f.kind.as_deref().unwrap_or(""),
                            family.describe(),
                            family.describe()
                        ),
                        format!(
                            "{} does not belong in the send unit {} with 連番 {serial}; it travels in a unit of its own with another 連番",
                            f.kind.as_deref().unwrap_or(""),
                            family.describe()
                        ),
                    )
                };
                out.push(finding(
                    &cat::UNIT_EXTRA_MEMBER,
                    f,
                    Position::default(),
                    Some(Text::same(family.describe())),
                    Some(why),
                ));
            } else {
                kept.entry(fam).or_default().push(f);
            }
        }
        for (family, members) in kept {
            units.push(Unit {
                serial: serial.clone(),
                parties: parties.clone(),
                family,
                members,
            });
        }
    }

    // Members that carry another 連番, or whose parties disagree, are matched
    // to the incomplete unit they would complete.
    let mut claimed: BTreeSet<String> = BTreeSet::new();
    let mut claimed_by: BTreeMap<usize, Vec<&FileResult>> = BTreeMap::new();
    // The fullest units claim first; a unit that lost a member claims nothing.
    let mut order: Vec<usize> = (0..units.len()).collect();
    order.sort_by_key(|&i| std::cmp::Reverse(units[i].members.len()));
    for ui in order {
        let u = &units[ui];
        if u.members.iter().any(|f| claimed.contains(&f.path)) {
            continue;
        }
        let anchor_kind = u.family.members()[0];
        // Every absent member may be claimed, optional ones included, but only
        // from units that lack their anchor (orphans), so an optional member
        // simply not sent is never taken from another unit.
        let absent: Vec<&'static str> = u
            .family
            .members()
            .into_iter()
            .filter(|k| !u.has(k))
            .collect();
        for kind in absent {
            let want_month = if u.family.shares_month() {
                u.month().map(str::to_string)
            } else {
                None
            };
            let mut best: Option<(&FileResult, &'static Rule)> = None;
            for (vi, v) in units.iter().enumerate() {
                let eligible = vi != ui
                    && v.family == u.family
                    && !v.missing().is_empty()
                    && !claimed_by.contains_key(&vi)
                    && (kind == anchor_kind || !v.has(anchor_kind));
                if !eligible || best.is_some() {
                    continue;
                }
                for f in &v.members {
                    let fits = f.kind.as_deref() == Some(kind)
                        && !claimed.contains(&f.path)
                        && (!u.family.shares_month() || f.name.month == want_month);
                    if !fits {
                        continue;
                    }
                    let rule = if v.parties == u.parties && v.serial != u.serial {
                        &cat::UNIT_SERIAL_MISMATCH
                    } else if v.serial == u.serial && v.parties.sender == u.parties.sender {
                        &cat::UNIT_PARTY_MISMATCH
                    } else {
                        continue;
                    };
                    best = Some((f, rule));
                    break;
                }
            }
            if let Some((f, rule)) = best {
                claimed.insert(f.path.clone());
                claimed_by.entry(ui).or_default().push(f);
                let detail = if std::ptr::eq(rule, &cat::UNIT_SERIAL_MISMATCH) {
                    Text::new(
                        format!(
                            "{kind} の連番 {} が同じ送信単位の他のファイル（連番 {}）と異なります",
                            f.name.timestamp.as_deref().unwrap_or(""),
                            u.serial
                        ),
                        format!(
                            "the {kind} carries 連番 {} while the rest of its send unit carries {}",
                            f.name.timestamp.as_deref().unwrap_or(""),
                            u.serial
                        ),
                    )
                } else {
                    let p = Parties::of(f).map(|p| p.show()).unwrap_or_default();
                    Text::new(
                        format!("{kind} の送信元・送信先（{p}）が同じ連番の送信単位（{}）と異なります", u.parties.show()),
                        format!("the {kind}'s sender and receiver ({p}) differ from those of its send unit ({})", u.parties.show()),
                    )
                };
                let expected = if std::ptr::eq(rule, &cat::UNIT_SERIAL_MISMATCH) {
                    Text::same(u.serial.clone())
                } else {
                    Text::same(u.parties.show())
                };
                out.push(finding(
                    rule,
                    f,
                    Position::default(),
                    Some(expected),
                    Some(detail),
                ));
            }
        }
    }

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
                (f, "UPHOSOKU") if f.spec.hosoku_month == Some(HosokuMonth::Zero) => Some("000000"),
                (f, _) if f.shares_month() => u.month(),
                _ => None,
            };
            let name = expected_name(kind, month, &u.parties, &u.serial);
            out.push(finding(
                &cat::UNIT_MISSING_MEMBER,
                anchor,
                Position::default(),
                Some(Text::same(name)),
                Some(Text::new(
                    format!(
                        "送信単位 {}（連番 {}）に {kind} がありません",
                        u.family.describe(),
                        u.serial
                    ),
                    format!(
                        "the send unit {} with 連番 {} has no {kind}",
                        u.family.describe(),
                        u.serial
                    ),
                )),
            ));
        }
        if u.family.shares_month() {
            if let Some(m) = u.month() {
                for f in u.members.iter().chain(&extra) {
                    if let Some(fm) = f.name.month.as_deref() {
                        if fm != m {
                            out.push(finding(
                                &cat::UNIT_MONTH_MISMATCH,
                                f,
                                Position::default(),
                                Some(Text::new(format!("第6表と同じ {m}"), format!("{m}, as the UPPLAN"))),
                                Some(Text::new(
                                    format!("ファイル名の年月 {fm} が同じ送信単位の第6表（{m}）と異なります"),
                                    format!("the file name's month {fm} differs from the unit's UPPLAN ({m})"),
                                )),
                            ));
                        }
                    }
                }
            }
        }
        let all: Vec<&FileResult> = u.members.iter().copied().chain(extra).collect();
        out.extend(relations(u.family, &all));
    }
    out
}

fn key3(k: &RecordKey, which: Which) -> Option<(String, String, String)> {
    let third = match which {
        Which::PlanDate => k.plan_date.as_ref()?.value.clone(),
        Which::Month => k.month.as_ref()?.value.clone(),
    };
    Some((k.insurer.clone(), k.insured.clone(), third))
}

#[derive(Clone, Copy)]
enum Which {
    PlanDate,
    Month,
}

/// Relations inside one unit (本文2.3): dependents must find their parent by
/// 保険者番号 + 被保険者番号 + 計画作成（変更）日 (to UP1KYO) or + 対象年月 (to UPPLAN).
fn relations(family: Family, files: &[&FileResult]) -> Vec<Finding> {
    let mut out = Vec::new();
    let (Some(parent_kind), Some(key)) = (family.spec.parent.as_deref(), family.spec.key) else {
        return out;
    };
    let (which, rule) = match key {
        RelationKey::PlanDate => (Which::PlanDate, &cat::REL_NO_PLAN),
        RelationKey::Month => (Which::Month, &cat::REL_NO_USE_SLIP),
    };
    let Some(parent) = files
        .iter()
        .find(|f| f.kind.as_deref() == Some(parent_kind))
    else {
        return out;
    };
    // A parent with records that could not be read cannot say which keys it
    // lacks: its dependents are not judged against it.
    if !parent.keys_complete {
        return out;
    }
    let parents: BTreeSet<(String, String, String)> =
        parent.keys.iter().filter_map(|k| key3(k, which)).collect();
    for f in files
        .iter()
        .filter(|f| f.kind.as_deref() != Some(parent_kind))
    {
        for k in f.keys.iter().filter(|k| k.key_valid) {
            let Some(key) = key3(k, which) else { continue };
            if parents.contains(&key) {
                continue;
            }
            let field = match which {
                Which::PlanDate => k.plan_date.as_ref(),
                Which::Month => k.month.as_ref(),
            };
            let mut fnd = finding(
                rule,
                f,
                field.map(|x| x.pos).unwrap_or_default(),
                Some(Text::new(
                    format!("{parent_kind} にある 保険者番号＋被保険者番号＋{}", key_label(which)),
                    format!("a 保険者番号 + 被保険者番号 + {} present in {parent_kind}", key_label(which)),
                )),
                Some(Text::new(
                    format!("このレコードの紐づけキーに一致する {parent_kind} のレコードがありません（{}）", parent.file),
                    format!("no {parent_kind} record matches this record's key ({})", parent.file),
                )),
            );
            fnd.found = Some(key.2);
            fnd.field_name = field.map(|x| x.name.to_string());
            out.push(fnd);
        }
    }
    // Family-structure images: each one UPKIHON No.62 names is in the unit,
    // and each image in the unit is named.
    let images: Vec<&&FileResult> = files.iter().filter(|f| several_allowed(f)).collect();
    let named: BTreeSet<&str> = parent
        .keys
        .iter()
        .filter_map(|k| k.image_name.as_ref().map(|n| n.value.as_str()))
        .collect();
    for k in &parent.keys {
        let Some(n) = &k.image_name else { continue };
        if !images.iter().any(|f| f.file == n.value) {
            let mut fnd = finding(
                &cat::REL_IMAGE_MISSING,
                parent,
                n.pos,
                Some(Text::new(
                    "同じ送信単位の家族構成画像ファイル",
                    "a family-structure image file in the same send unit",
                )),
                None,
            );
            fnd.found = Some(n.value.clone());
            fnd.field_name = Some(n.name.to_string());
            out.push(fnd);
        }
    }
    for img in images {
        if !named.contains(img.file.as_str()) {
            out.push(finding(
                &cat::REL_IMAGE_UNREFERENCED,
                img,
                Position::default(),
                Some(Text::new(
                    format!("{} の家族構成 画像ファイル名に記載", parent.file),
                    format!("named in 家族構成 画像ファイル名 of {}", parent.file),
                )),
                None,
            ));
        }
    }
    if let Some(each_in) = family.spec.each_parent_user_in.as_deref() {
        // Every user of the 第6表 has a 第7表 (whose 全合計 row FILE-SIKYU-TOTAL checks).
        if let Some(sikyu) = files.iter().find(|f| f.kind.as_deref() == Some(each_in)) {
            let users: BTreeSet<(String, String, String)> = sikyu
                .keys
                .iter()
                .filter_map(|k| key3(k, Which::Month))
                .collect();
            let mut seen = BTreeSet::new();
            for k in parent.keys.iter().filter(|k| k.key_valid) {
                let Some(key) = key3(k, Which::Month) else {
                    continue;
                };
                if users.contains(&key) || !seen.insert(key.clone()) {
                    continue;
                }
                let mut fnd = finding(
                    &cat::REL_NO_SIKYU,
                    parent,
                    k.month.as_ref().map(|p| p.pos).unwrap_or_default(),
                    Some(Text::new(
                        format!("{} に同じ利用者・対象年月の第7表", sikyu.file),
                        format!("第7表 rows for the same user and month in {}", sikyu.file),
                    )),
                    None,
                );
                fnd.found = Some(key.2);
                fnd.field_name = k.month.as_ref().map(|x| x.name.to_string());
                out.push(fnd);
            }
        }
    }
    out
}

fn key_label(which: Which) -> &'static str {
    match which {
        Which::PlanDate => "居宅サービス計画作成（変更）日",
        Which::Month => "対象年月",
    }
}
