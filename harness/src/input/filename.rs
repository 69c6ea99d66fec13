//! File names: `PREFIX[_YYYYMM]_送信元(10)_種類(2)_送信先(10)_種類(2)_YYYYMMDDHHMMSS.CSV`.

use crate::finding::Text;
pub use crate::result::FileName;
use crate::rules::catalogue::{self as cat, Rule};
use crate::rules::Issue;
use crate::spec::Revision;
use crate::values;

fn issue(rule: &'static Rule, found: &str, expected: Option<Text>, detail: Option<Text>) -> Issue {
    Issue {
        rule,
        found: Some(found.to_string()),
        expected,
        detail,
    }
}

/// The pattern a kind's names follow, for messages.
pub fn pattern(kind: &str, month_segment: bool, kinds: bool) -> String {
    crate::spec::name_pattern(kind, month_segment, kinds)
}

/// The pattern of a layout's names under a revision, branch and extension
/// included (the family image: `…_枝番(4).jpg`).
pub fn pattern_for(layout: &crate::spec::KindSpec, rev: &Revision) -> String {
    rev.name_pattern(layout)
}

/// Whether a name looks like a file of the standard at all: used by directory
/// discovery to skip unrelated files (a vendor's log, a README).
pub fn is_candidate(name: &str, rev: &Revision) -> bool {
    rev.is_candidate_name(name)
}

/// Levenshtein distance, small strings only.
fn distance(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    for i in 1..=a.len() {
        let mut cur = vec![i; b.len() + 1];
        for j in 1..=b.len() {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            cur[j] = (prev[j] + 1).min(cur[j - 1] + 1).min(prev[j - 1] + cost);
        }
        prev = cur;
    }
    prev[b.len()]
}

pub fn parse(name: &str, rev: &Revision) -> (FileName, Vec<Issue>) {
    let mut out = FileName::default();
    let mut issues = Vec::new();

    // Extension.
    let (stem, ext) = match name.rfind('.') {
        Some(i) => (&name[..i], &name[i + 1..]),
        None => (name, ""),
    };

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
            let near: Vec<&str> = prefixes
                .iter()
                .copied()
                .filter(|p| {
                    p.eq_ignore_ascii_case(&written)
                        || distance(&written.to_ascii_uppercase(), p) <= 2
                })
                .collect();
            let best = near
                .iter()
                .copied()
                .min_by_key(|p| distance(&written.to_ascii_uppercase(), p));
            match best {
                Some(p) => {
                    issues.push(issue(
                        &cat::NAME_UNKNOWN_PREFIX,
                        &written,
                        Some(Text::same(p)),
                        Some(Text::new(
                            format!("ファイル名の接頭辞「{written}」は標準仕様にありません（{p} の誤りとみなして内容を検査します）"),
                            format!("the prefix '{written}' is not defined by the standard (the content is checked as {p})"),
                        )),
                    ));
                    (p.to_string(), &stem[rest_start..])
                }
                None => {
                    issues.push(issue(
                        &cat::NAME_UNKNOWN_PREFIX,
                        &written,
                        Some(Text::new(
                            format!("{} のいずれか", rev.kinds.join(", ")),
                            format!("one of {}", rev.kinds.join(", ")),
                        )),
                        None,
                    ));
                    return (out, issues);
                }
            }
        }
    };
    out.recognised_only = !rev.kinds.contains(&prefix);
    out.kind = Some(prefix.clone());
    let layout = rev.layout(&prefix);
    let month_segment = layout.map(|l| l.month_segment).unwrap_or(false);
    let branch = layout.is_some_and(|l| l.name_branch);
    let allowed: Vec<String> = layout
        .and_then(|l| l.extensions.clone())
        .unwrap_or_else(|| vec![rev.file_name.extension.clone()]);
    if !allowed.iter().any(|a| a == ext) {
        issues.insert(
            0,
            issue(
                &cat::NAME_EXTENSION,
                if ext.is_empty() { "(なし)" } else { ext },
                Some(Text::same(
                    allowed
                        .iter()
                        .map(|a| format!(".{a}"))
                        .collect::<Vec<_>>()
                        .join(" / "),
                )),
                None,
            ),
        );
    }

    let segs: Vec<&str> = if rest.is_empty() {
        Vec::new()
    } else {
        rest.split('_').collect()
    };
    let kinds = rev.file_name.service_kind_segments;
    let expected_count =
        usize::from(month_segment) + usize::from(branch) + if kinds { 5 } else { 3 };
    let empty_at = segs.iter().position(|s| s.is_empty());
    if segs.len() != expected_count || empty_at.is_some() {
        let detail = match empty_at {
            Some(i) => Text::new(
                format!(
                    "ファイル名の{}番目の項目が空です（'_' が連続しています）",
                    i + 2
                ),
                format!(
                    "segment {} of the file name is empty (two '_' in a row)",
                    i + 2
                ),
            ),
            None => Text::new(
                format!(
                    "ファイル名の項目数が{}です（接頭辞の後に{}個必要）",
                    segs.len(),
                    expected_count
                ),
                format!(
                    "the file name has {} segments after the prefix, {} expected",
                    segs.len(),
                    expected_count
                ),
            ),
        };
        issues.push(issue(
            &cat::NAME_SEGMENTS,
            name,
            Some(Text::same(if branch {
                format!(
                    "{}_枝番(4).{}",
                    pattern(&prefix, month_segment, kinds).trim_end_matches(".CSV"),
                    allowed.first().map(String::as_str).unwrap_or("jpg")
                )
            } else {
                pattern(&prefix, month_segment, kinds)
            })),
            Some(detail),
        ));
        return (out, issues);
    }

    let mut i = 0;
    if month_segment {
        let m = segs[0];
        let zero_ok = prefix == "UPHOSOKU" && m == "000000";
        if !zero_ok && !values::is_yyyymm(m) {
            let expected = if prefix == "UPHOSOKU" {
                Text::new(
                    "YYYYMM（第1表と送る場合は 000000）",
                    "YYYYMM (000000 when sent with table 1)",
                )
            } else {
                Text::same("YYYYMM")
            };
            issues.push(issue(&cat::NAME_MONTH, m, Some(expected), None));
        } else {
            out.month = Some(m.to_string());
        }
        i = 1;
    }
    if branch {
        let b = segs[segs.len() - 1];
        if b.len() == 4 && b.bytes().all(|c| c.is_ascii_digit()) && b != "0000" {
            out.branch = Some(b.to_string());
        } else {
            issues.push(issue(
                &cat::NAME_BRANCH,
                b,
                Some(Text::new(
                    "4桁の枝番（0001から）",
                    "a 4-digit branch number (from 0001)",
                )),
                None,
            ));
        }
    }
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
    for (label_ja, label_en, office) in [
        ("送信元", "sender", sender),
        ("送信先", "receiver", receiver),
    ] {
        match values::office_number(office) {
            values::Office::Malformed => issues.push(issue(
                &cat::NAME_OFFICE_NUMBER,
                office,
                Some(Text::new("10桁（3桁目のみ英大文字可）", "10 characters (only the 3rd may be a capital letter)")),
                Some(Text::new(
                    format!("{label_ja}事業所番号が10桁の介護保険事業所番号ではありません"),
                    format!("the {label_en} office number is not a 10-character 介護保険事業所番号"),
                )),
            )),
            values::Office::BadCheckDigit(d) => issues.push(issue(
                &cat::NAME_OFFICE_CHECK_DIGIT,
                office,
                Some(Text::new(format!("検査数字 {d}"), format!("check digit {d}"))),
                Some(Text::new(
                    format!("{label_ja}事業所番号の検査数字が一致しません（未確認の規則のため警告）"),
                    format!("the {label_en} office number fails its check digit (unconfirmed rule: warning)"),
                )),
            )),
            values::Office::Valid | values::Office::Sentinel => {}
        }
    }
    for (label_ja, label_en, kind) in [("送信元", "sender", skind), ("送信先", "receiver", rkind)]
    {
        let Some(kind) = kind else { continue };
        let shape_ok = kind.len() == 2
            && kind
                .bytes()
                .all(|b| b.is_ascii_digit() || b.is_ascii_uppercase());
        let sk = &rev.service_kinds;
        if !shape_ok || sk.name(kind).is_none() {
            issues.push(issue(
                &cat::NAME_SERVICE_KIND,
                kind,
                Some(Text::new(
                    "標準仕様のサービス種類コード（2桁）",
                    "a 2-character service kind code of the standard",
                )),
                Some(Text::new(
                    format!("{label_ja}サービス種類コードが正しくありません"),
                    format!("the {label_en} service kind code is not valid"),
                )),
            ));
        } else if let Some(n) = sk.out_of_scope.get(kind) {
            issues.push(issue(
                &cat::NAME_SERVICE_KIND_SCOPE,
                kind,
                Some(Text::new(
                    "連携対象のサービス種類",
                    "a service kind in the linkage scope",
                )),
                Some(Text::new(
                    format!("{label_ja}サービス種類 {kind}（{n}）は連携対象外です"),
                    format!(
                        "the {label_en} service kind {kind} ({n}) is outside the linkage scope"
                    ),
                )),
            ));
        }
    }
    if !values::is_timestamp(ts) {
        issues.push(issue(
            &cat::NAME_TIMESTAMP,
            ts,
            Some(Text::new(
                "実在する日時 YYYYMMDDHHMMSS（14桁）",
                "a real date and time YYYYMMDDHHMMSS (14 digits)",
            )),
            None,
        ));
    } else {
        out.timestamp = Some(ts.to_string());
    }
    if sender == receiver && skind == rkind {
        issues.push(issue(
            &cat::NAME_SAME_OFFICE,
            &match skind {
                Some(k) => format!("{sender}_{k}"),
                None => sender.to_string(),
            },
            Some(Text::new(
                "送信元と異なる送信先",
                "a receiver other than the sender",
            )),
            None,
        ));
    }
    if let (Some(layout), Some(skind), Some(rkind)) = (layout, skind, rkind) {
        let cm = &rev.service_kinds.care_management;
        let (from_cm, to_cm) = (cm.contains_key(skind), cm.contains_key(rkind));
        let plan_side = layout.direction == "plan";
        // Under 委託 (本文3.2) a 居宅介護支援事業所 (43) and a 地域包括支援
        // センター (46, AF) exchange plans and relay 実績 between them: a
        // care-management sender and receiver of different kinds are allowed.
        let between_care_managers = from_cm && to_cm && skind != rkind;
        let wrong = if plan_side {
            !from_cm || (to_cm && !between_care_managers)
        } else {
            !to_cm || (from_cm && !between_care_managers)
        };
        let known =
            rev.service_kinds.name(skind).is_some() && rev.service_kinds.name(rkind).is_some();
        if wrong && known {
            let (ja, en) = if plan_side {
                (
                    "送信元は居宅介護支援等（43/46/AF）、送信先はサービス事業所",
                    "sender a care-management kind (43/46/AF), receiver a service",
                )
            } else {
                (
                    "送信元はサービス事業所、送信先は居宅介護支援等（43/46/AF）",
                    "sender a service, receiver a care-management kind (43/46/AF)",
                )
            };
            issues.push(issue(
                &cat::NAME_DIRECTION,
                &format!("{skind}→{rkind}"),
                Some(Text::new(ja, en)),
                None,
            ));
        }
    }
    out.sender = Some(sender.to_string());
    out.sender_kind = skind.map(str::to_string);
    out.receiver = Some(receiver.to_string());
    out.receiver_kind = rkind.map(str::to_string);
    (out, issues)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::spec;

    fn ids(name: &str) -> Vec<&'static str> {
        let rev = spec::revision("4.1").unwrap();
        parse(name, rev).1.iter().map(|i| i.rule.id).collect()
    }

    #[test]
    fn a_conforming_name_has_no_issue() {
        assert!(ids("UPPLAN_202504_0310400015_43_0311500011_11_20250325093000.CSV").is_empty());
        assert!(ids("UP1KYO_0310400015_43_0311500011_11_20250325093000.CSV").is_empty());
        assert!(ids("UPHOSOKU_000000_0310400015_43_0311500011_11_20250325093000.CSV").is_empty());
    }

    #[test]
    fn each_segment_is_checked() {
        assert_eq!(
            ids("UPPLAN_202513_0310400015_43_0311500011_11_20250325093000.CSV"),
            ["NAME-MONTH"]
        );
        assert_eq!(
            ids("UPPLAN_000000_0310400015_43_0311500011_11_20250325093000.CSV"),
            ["NAME-MONTH"]
        );
        assert_eq!(
            ids("UP1KYO_0310400015_43_0311500011_11_20250325093000.csv"),
            ["NAME-EXTENSION"]
        );
        assert_eq!(
            ids("UP1KYO_031040001_43_0311500011_11_20250325093000.CSV"),
            ["NAME-OFFICE-NUMBER"]
        );
        assert_eq!(
            ids("UP1KYO_0310400010_43_0311500011_11_20250325093000.CSV"),
            ["NAME-OFFICE-CHECK-DIGIT"]
        );
        assert_eq!(
            ids("UP1KYO_0310400015_43_0311500011_1X_20250325093000.CSV"),
            ["NAME-SERVICE-KIND"]
        );
        assert_eq!(
            ids("UP1KYO_0310400015_43_0311500011_33_20250325093000.CSV"),
            ["NAME-SERVICE-KIND-SCOPE"]
        );
        assert_eq!(
            ids("UP1KYO_0310400015_43_0311500011_11_20250231093000.CSV"),
            ["NAME-TIMESTAMP"]
        );
        assert_eq!(
            ids("UP1KYO_0310400015_43_0311500011_11_202503250930001.CSV"),
            ["NAME-TIMESTAMP"]
        );
        assert_eq!(
            ids("UP1KYO_0310400015_43_0310400015_43_20250325093000.CSV"),
            ["NAME-SAME-OFFICE", "NAME-DIRECTION"]
        );
    }

    #[test]
    fn direction_follows_the_kind() {
        assert!(ids("UPJSK_202504_0311500011_11_0310400015_43_20250325093000.CSV").is_empty());
        // The standard's own example swaps the kinds of a 実績 file.
        assert_eq!(
            ids("UPJSK_202504_0311500011_43_0310400015_11_20250325093000.CSV"),
            ["NAME-DIRECTION"]
        );
        assert_eq!(
            ids("UPPLAN_202504_0311500011_11_0310400015_43_20250325093000.CSV"),
            ["NAME-DIRECTION"]
        );
        // 介護予防支援 (46) plans reuse the 第6表 layout.
        assert!(ids("UPPLAN_202504_0310400015_46_0311500011_63_20250325093000.CSV").is_empty());
    }

    #[test]
    fn missing_or_empty_segments_are_one_finding() {
        assert_eq!(
            ids("UPPLAN_202504_0310400015_43__11_20250325093000.CSV"),
            ["NAME-SEGMENTS"]
        );
        assert_eq!(
            ids("UPPLAN_0310400015_43_0311500011_11_20250325093000.CSV"),
            ["NAME-SEGMENTS"]
        );
        // A revision 3.2 name (no service kinds) under 4.1.
        assert_eq!(
            ids("UPPLAN_201912_0300000106_0311500011_20191025200201.CSV"),
            ["NAME-SEGMENTS"]
        );
    }

    #[test]
    fn a_misspelt_prefix_is_named_and_taken_for_the_nearest_kind() {
        let rev = spec::revision("4.1").unwrap();
        let (n, issues) = parse(
            "UPPLN_202504_0310400015_43_0311500011_11_20250325093000.CSV",
            rev,
        );
        assert_eq!(issues.len(), 1);
        assert_eq!(issues[0].rule.id, "NAME-UNKNOWN-PREFIX");
        assert_eq!(n.kind.as_deref(), Some("UPPLAN"));
        let (n, _) = parse(
            "upplan_202504_0310400015_43_0311500011_11_20250325093000.CSV",
            rev,
        );
        assert_eq!(n.kind.as_deref(), Some("UPPLAN"));
        let (n, issues) = parse("REPORT_2025.CSV", rev);
        assert_eq!(n.kind, None);
        assert_eq!(issues[0].rule.id, "NAME-UNKNOWN-PREFIX");
    }

    #[test]
    fn the_kiho_family_and_its_image_have_their_own_names() {
        let rev = spec::revision("4.1").unwrap();
        let (n, issues) = parse(
            "UPKIHON_SUB1_0310400015_46_0311500011_63_20250325093000.CSV",
            rev,
        );
        assert_eq!(n.kind.as_deref(), Some("UPKIHON_SUB1"));
        assert!(!n.recognised_only && issues.is_empty());
        let (n, issues) = parse(
            "UPKIHON_IMAGE_0310400015_46_0311500011_63_20250325093000_0001.jpg",
            rev,
        );
        assert!(issues.is_empty(), "{issues:?}");
        assert_eq!(n.branch.as_deref(), Some("0001"));
        assert!(
            ids("UPKIHON_IMAGE_0310400015_46_0311500011_63_20250325093000_0002.JPG").is_empty()
        );
        assert_eq!(
            ids("UPKIHON_IMAGE_0310400015_46_0311500011_63_20250325093000_1.jpg"),
            ["NAME-BRANCH"]
        );
        assert_eq!(
            ids("UPKIHON_IMAGE_0310400015_46_0311500011_63_20250325093000_0001.png"),
            ["NAME-EXTENSION"]
        );
        assert_eq!(
            ids("UPKIHON_IMAGE_0310400015_46_0311500011_63_20250325093000.jpg"),
            ["NAME-SEGMENTS"]
        );
    }
}
