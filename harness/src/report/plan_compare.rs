//! `check --compare-plan`: the 予定 (第6表, UPPLAN) against the 実績
//! (UPJSK) of each folder that holds both, per user, day of use and
//! service, for a vendor testing that its product imports one and exports
//! the other. Not a rule of the standard: 実績 may differ from 予定, and
//! the comparison only lists where they do.
//!
//! A 実績 file covers its sender's services, so the 予定 is compared only
//! for the users, months and offices that the folder's 実績 name.
//! Records whose compared fields carry a finding are left out and counted.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use super::Options;
use crate::finding::{mask, Lang};
use crate::result::{FileResult, RecordKey, Run, ServiceLine};

/// (保険者番号, 被保険者番号, サービス利用日, 事業者, サテライト, サービスコード,
/// TAIS, 届出).
type Key = (
    String,
    String,
    String,
    String,
    String,
    String,
    String,
    String,
);

#[derive(Default)]
struct Folder {
    /// Per key: (予定, 実績) 回数.
    counts: BTreeMap<Key, (i64, i64)>,
    /// (user, month, office) the 実績 cover.
    covered: BTreeSet<(String, String, String, String)>,
    /// Planned lines, kept until the 実績 say which are covered.
    planned: Vec<(Key, String, i64)>,
    left_out: u32,
    has_plan: bool,
    has_actual: bool,
}

/// Which side of the comparison a file is: 予定 (`true`), 実績 (`false`),
/// or neither.
fn side(f: &FileResult) -> Option<bool> {
    let rev = crate::spec::revision(&f.revision)?;
    let layout = rev.layout(f.kind.as_deref()?)?;
    // 予定 and 実績 are the layouts with a サービス利用日; the 第7表 is not.
    layout.field_by_role(crate::spec::Role::UseDate)?;
    match layout.direction.as_str() {
        "plan" => Some(true),
        "actual" => Some(false),
        _ => None,
    }
}

fn line<'a>(k: &RecordKey<'a>) -> Option<(ServiceLine<'a>, i64, String)> {
    let l = k.service?;
    let c = l.count.filter(|_| k.key_valid && l.valid)?;
    Some((l, c, l.use_date?.to_string()))
}

/// The comparison of every folder of the run that holds both 予定 and 実績.
pub fn render(run: &Run, opts: &Options) -> String {
    let mut folders: BTreeMap<String, Folder> = BTreeMap::new();
    for f in &run.files {
        let Some(plan) = side(f) else { continue };
        let dir = Path::new(&f.path)
            .parent()
            .map(|p| p.display().to_string())
            .unwrap_or_default();
        let folder = folders.entry(dir).or_default();
        if plan {
            folder.has_plan = true;
        } else {
            folder.has_actual = true;
        }
        for k in f.keys.iter() {
            let Some((l, c, date)) = line(&k) else {
                folder.left_out += 1;
                continue;
            };
            let key: Key = (
                k.insurer.to_string(),
                k.insured.to_string(),
                date,
                l.office.to_string(),
                l.satellite.to_string(),
                k.service_code.unwrap_or_default().to_string(),
                l.tais.to_string(),
                l.notification.to_string(),
            );
            let month = k
                .month
                .as_ref()
                .map(|m| m.value.to_string())
                .unwrap_or_default();
            if plan {
                folder.planned.push((key, month, c));
            } else {
                folder
                    .covered
                    .insert((key.0.clone(), key.1.clone(), month, key.3.clone()));
                folder.counts.entry(key).or_default().1 += c;
            }
        }
    }
    let (ja, lang) = (opts.lang == Lang::Ja, opts.lang);
    let t = |j: &'static str, e: &'static str| if ja { j } else { e };
    let mut out = String::new();
    let mut any = false;
    for (dir, mut folder) in folders {
        if !(folder.has_plan && folder.has_actual) {
            continue;
        }
        any = true;
        for (key, month, c) in std::mem::take(&mut folder.planned) {
            let cover = (key.0.clone(), key.1.clone(), month, key.3.clone());
            if folder.covered.contains(&cover) {
                folder.counts.entry(key).or_default().0 += c;
            }
        }
        out.push_str(&format!(
            "{}: {}\n",
            t("予定／実績の比較", "予定 (plan) against 実績 (actual)"),
            if dir.is_empty() { "." } else { &dir }
        ));
        out.push_str(t(
            "保険者番号\t被保険者番号\tサービス利用日\tサービス事業者コード\tサテライト枝番\tサービスコード\tTAISコード\t福祉用具届出コード\t予定\t実績\t判定\n",
            "insurer\tinsured\tdate\toffice\tsatellite\tservice code\tTAIS\tnotification\tplan\tactual\tresult\n",
        ));
        let (mut same, mut differ, mut plan_only, mut actual_only) = (0, 0, 0, 0);
        for (k, (p, a)) in &folder.counts {
            let verdict = if p == a {
                same += 1;
                t("一致", "same")
            } else if *a == 0 {
                plan_only += 1;
                t("予定のみ", "plan only")
            } else if *p == 0 {
                actual_only += 1;
                t("実績のみ", "actual only")
            } else {
                differ += 1;
                t("回数違い", "count differs")
            };
            let insured = if opts.show_personal {
                k.1.clone()
            } else {
                mask(&k.1)
            };
            out.push_str(&format!(
                "{}\t{insured}\t{}\t{}\t{}\t{}\t{}\t{}\t{p}\t{a}\t{verdict}\n",
                k.0, k.2, k.3, k.4, k.5, k.6, k.7
            ));
        }
        out.push_str(&match lang {
            Lang::Ja => format!(
                "計: 一致 {same}、回数違い {differ}、予定のみ {plan_only}、実績のみ {actual_only}（指摘のある項目を含むため比較しなかったレコード {}）\n\n",
                folder.left_out
            ),
            Lang::En => format!(
                "total: {same} same, {differ} count differs, {plan_only} plan only, {actual_only} actual only ({} records not compared: a compared field carries a finding)\n\n",
                folder.left_out
            ),
        });
    }
    if !any {
        out.push_str(t(
            "予定（第6表）と実績の両方を含むフォルダがありません\n",
            "no folder holds both 予定 (第6表) and 実績\n",
        ));
    }
    out
}
