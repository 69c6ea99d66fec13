//! The rule catalogue: every rule's stable ID, level, severity, spec
//! reference, messages and documentation.
//!
//! An ID never changes meaning. A rule whose reading of the standard changes
//! gets a new ID; the old one stays listed with its documentation.

use crate::finding::Lang;
pub use crate::finding::{Level, Rule, Severity};

use super::{consistency, encoding, field, file, name, relation, structure, unit, RoleNeed};
use crate::spec::Revision;

/// The levels' rules, in the order the data flows.
const LEVELS: [&[&Rule]; 8] = [
    name::RULES,
    encoding::RULES,
    structure::RULES,
    field::RULES,
    file::RULES,
    unit::RULES,
    relation::RULES,
    consistency::RULES,
];

const COUNT: usize = {
    let mut n = 0;
    let mut i = 0;
    while i < LEVELS.len() {
        n += LEVELS[i].len();
        i += 1;
    }
    n
};

const fn all() -> [&'static Rule; COUNT] {
    let mut out = [LEVELS[0][0]; COUNT];
    let (mut i, mut k) = (0, 0);
    while i < LEVELS.len() {
        let mut j = 0;
        while j < LEVELS[i].len() {
            out[k] = LEVELS[i][j];
            k += 1;
            j += 1;
        }
        i += 1;
    }
    out
}

static ALL_RULES: [&Rule; COUNT] = all();

/// Every rule, in catalogue order: level by level, as each level lists them.
pub static ALL: &[&Rule] = &ALL_RULES;

/// What the rules read of the layouts by role, level by level.
pub fn role_needs() -> impl Iterator<Item = &'static RoleNeed> {
    field::NEEDS
        .iter()
        .chain(file::NEEDS)
        .chain(relation::NEEDS)
        .chain(consistency::NEEDS)
        .copied()
}

/// Every kind a rule applies to whose layout lacks a role the rule needs,
/// one line each: such a rule would pass the kind silently.
pub fn missing_roles(revisions: &[Revision]) -> Vec<String> {
    let mut out = Vec::new();
    for rev in revisions {
        for k in &rev.layouts {
            for need in role_needs() {
                if !need.applies_to(rev, k) {
                    continue;
                }
                for role in need.roles {
                    if k.field_by_role(*role).is_none() {
                        out.push(format!(
                            "{} applies to {} of revision {}, whose layout has no field with role {role:?}",
                            need.rule.id, k.kind, rev.revision
                        ));
                    }
                }
            }
        }
    }
    out
}

/// Rules that no longer fire, with why. Their IDs keep their meaning and are
/// never reused.
pub static RETIRED: &[(&str, &str)] = &[
    (
        "NAME-KIND-NOT-CHECKED",
        "every file kind of the embedded revisions is checked since the 介護予防 files were added",
    ),
    (
        "CSV-FINAL-LINE-END",
        "the standard does not state how a file ends (本文4.2 「CSV（,）とする。」): a missing final CRLF is no finding",
    ),
    (
        "FLD-INSURER-NUMBER",
        "split: the text gives 6 digits (FLD-INSURER-FORMAT, error) and no check digit (FLD-INSURER-CHECK-DIGIT, warning)",
    ),
    (
        "FILE-NUMBERING",
        "the annex constrains the numbers, not the storage order: FILE-NUMBER-EMPTY and FILE-NUMBER-DUPLICATE (warnings)",
    ),
    (
        "UNIT-EXTRA-MEMBER",
        "split: a second file of one kind and month is UNIT-DUPLICATE-MEMBER (error); another unit under the same 連番 is UNIT-SHARED-SERIAL (warning); 利用票 of two months are two units",
    ),
];

/// Why a rule is retired, in `lang`; `None` for a rule in force.
pub fn retired(id: &str, lang: Lang) -> Option<&'static str> {
    let en = RETIRED
        .iter()
        .find(|(r, _)| *r == id)
        .map(|(_, why)| *why)?;
    Some(match lang {
        Lang::Ja => super::docs_ja::retired(id).unwrap_or(en),
        Lang::En => en,
    })
}

pub fn by_id(id: &str) -> Option<&'static Rule> {
    ALL.iter().copied().find(|r| r.id == id)
}

/// The rule IDs nearest to `id`, most alike first: at most `n`, and only
/// those alike enough to be a slip (Jaro-Winkler similarity of at least
/// 0.85, as clap judges a mistyped subcommand), ignoring case; an ID that
/// holds the whole of `id` (of 4 characters or more) is nearest.
pub fn nearest_ids(id: &str, n: usize) -> Vec<&'static str> {
    let id = id.to_ascii_uppercase();
    let mut scored: Vec<(u32, &'static str)> = ALL
        .iter()
        .filter_map(|r| {
            let score = if id.len() >= 4 && r.id.contains(id.as_str()) {
                1.0
            } else {
                strsim::jaro_winkler(&id, r.id)
            };
            (score >= 0.85).then_some(((score * 1000.0) as u32, r.id))
        })
        .collect();
    scored.sort_by(|a, b| {
        b.0.cmp(&a.0)
            .then(a.1.len().cmp(&b.1.len()))
            .then(a.1.cmp(b.1))
    });
    scored.into_iter().take(n).map(|(_, r)| r).collect()
}

/// The `rules` listing: one rule per line.
pub fn list(lang: Lang) -> String {
    let mut s = String::new();
    for r in ALL {
        let title = match lang {
            Lang::Ja => r.title_ja,
            Lang::En => r.title_en,
        };
        // Padded by display width: a Japanese label is two columns a character.
        let pad = |t: &str, w: usize| {
            let width: usize = t.chars().map(|c| if c.is_ascii() { 1 } else { 2 }).sum();
            format!("{t}{}", " ".repeat(w.saturating_sub(width)))
        };
        s.push_str(&format!(
            "{:<28} {} {} {}\n{:<28} {}\n",
            r.id,
            pad(r.severity.label(lang), 7),
            pad(r.level.label(lang), 10),
            title,
            "",
            match (retired(r.id, lang), lang) {
                (Some(why), Lang::Ja) => format!("廃止: {why}"),
                (Some(why), Lang::En) => format!("retired: {why}"),
                (None, _) => r.spec_ref.to_string(),
            }
        ));
    }
    s.push_str(&match lang {
        Lang::Ja => format!("規則 {}件\n", ALL.len()),
        Lang::En => format!("{} rules\n", ALL.len()),
    });
    s
}

/// What a rule checks and how the standard was read, in `lang`.
pub fn doc(r: &Rule, lang: Lang) -> &'static str {
    match lang {
        Lang::Ja => super::docs_ja::doc(r.id).unwrap_or(r.doc),
        Lang::En => r.doc,
    }
}

/// A rule's failing and passing examples, in `lang`.
pub fn examples(r: &Rule, lang: Lang) -> (&'static str, &'static str) {
    match lang {
        Lang::Ja => super::docs_ja::examples(r.id).unwrap_or((r.fails, r.passes)),
        Lang::En => (r.fails, r.passes),
    }
}

/// The `explain` text for one rule.
pub fn explain(r: &Rule, lang: Lang) -> String {
    let title = match lang {
        Lang::Ja => r.title_ja,
        Lang::En => r.title_en,
    };
    let retired = match (retired(r.id, lang), lang) {
        (Some(why), Lang::Ja) => format!("廃止: {why}。\n\n"),
        (Some(why), Lang::En) => format!("Retired: {why}.\n\n"),
        (None, _) => String::new(),
    };
    let data = from_data(r.id, lang)
        .map(|lines| match lang {
            Lang::Ja => format!("\n\n版のデータから:\n{}", lines.join("\n")),
            Lang::En => format!("\n\nFrom the revision data:\n{}", lines.join("\n")),
        })
        .unwrap_or_default();
    let (spec, fails, passes) = match lang {
        Lang::Ja => ("仕様", "誤り:  ", "正しい: "),
        Lang::En => ("Spec", "Fails:  ", "Passes: "),
    };
    let (open, sep, close) = match lang {
        Lang::Ja => ("（", "、", "）"),
        Lang::En => (" (", ", ", ")"),
    };
    format!(
        "{id}{open}{sev}{sep}{level}{close}\n{title}\n\n{retired}{spec}: {spec_ref}\n\n{doc}{data}\n\n{fails}{f}\n{passes}{p}\n",
        id = r.id,
        sev = r.severity.label(lang),
        level = r.level.label(lang),
        spec_ref = r.spec_ref,
        doc = doc(r, lang),
        f = examples(r, lang).0,
        p = examples(r, lang).1,
    )
}

/// The lists a rule's documentation takes from the revision data, one line
/// per revision, so that they cannot drift from what the rule reads.
pub fn from_data(id: &str, lang: Lang) -> Option<Vec<String>> {
    let per_revision = |f: &dyn Fn(&'static Revision) -> String| {
        crate::spec::revisions()
            .iter()
            .map(|rev| format!("  {}: {}", rev.revision, f(rev)))
            .collect::<Vec<_>>()
    };
    match id {
        "FLD-REQUIRED-UNCONFIRMED" => Some(per_revision(&|rev| {
            let s = unconfirmed_required(rev);
            match (s.as_str(), lang) {
                ("none", Lang::Ja) => "なし".to_string(),
                _ => s,
            }
        })),
        "UNIT-MISSING-MEMBER" => Some(per_revision(&|rev| unit::describe_units(rev).join(", "))),
        "CSV-FIELD-COUNT" => Some(per_revision(&|rev| {
            rev.layouts
                .iter()
                .filter(|k| k.format == crate::spec::FileFormat::Csv)
                .map(|k| format!("{} {}", k.kind, k.fields.len()))
                .collect::<Vec<_>>()
                .join(", ")
        })),
        _ => None,
    }
}

/// The items whose ○ is read as unconfirmed, by kind, with runs of Nos.
/// joined: `UPHOSOKU Nos.5-8, UPPLAN Nos.6-7`.
pub fn unconfirmed_required(rev: &Revision) -> String {
    let mut parts = Vec::new();
    for k in &rev.layouts {
        let nos: Vec<u16> = k
            .fields
            .iter()
            .filter(|f| f.required == crate::spec::Required::Unconfirmed)
            .map(|f| f.no)
            .collect();
        if nos.is_empty() {
            continue;
        }
        let mut runs: Vec<(u16, u16)> = Vec::new();
        for n in nos {
            match runs.last_mut() {
                Some((_, hi)) if *hi + 1 == n => *hi = n,
                _ => runs.push((n, n)),
            }
        }
        let runs: Vec<String> = runs
            .iter()
            .map(|(lo, hi)| {
                if lo == hi {
                    lo.to_string()
                } else {
                    format!("{lo}-{hi}")
                }
            })
            .collect();
        let label = if runs.len() == 1 && !runs[0].contains('-') {
            "No."
        } else {
            "Nos."
        };
        parts.push(format!("{} {label}{}", k.kind, runs.join(", ")));
    }
    if parts.is_empty() {
        "none".to_string()
    } else {
        parts.join(", ")
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::docs_ja;

    #[test]
    fn every_rule_and_every_retirement_has_its_japanese_text() {
        for r in super::ALL {
            assert!(docs_ja::doc(r.id).is_some(), "{}: no Japanese doc", r.id);
            // An example in Japanese is there only where the English has
            // words besides values.
            if let Some((f, p)) = docs_ja::examples(r.id) {
                assert!(!f.is_empty() && !p.is_empty(), "{}", r.id);
            }
        }
        for (id, _) in super::RETIRED {
            assert!(docs_ja::retired(id).is_some(), "{id}: no Japanese reason");
        }
        for id in docs_ja::ids() {
            assert!(super::by_id(id).is_some(), "{id}: not a rule");
        }
    }

    #[test]
    fn a_mistyped_rule_id_has_the_nearest_ids() {
        assert_eq!(super::nearest_ids("FLD-DAT", 3)[0], "FLD-DATE");
        assert_eq!(super::nearest_ids("fld-date", 1), vec!["FLD-DATE"]);
        assert!(super::nearest_ids("ZZZZZZZZ", 3).is_empty());
    }

    use super::*;
    use std::collections::HashSet;

    #[test]
    fn each_level_lists_its_own_rules_and_all_of_them_are_catalogued() {
        let levels = [
            Level::Name,
            Level::Encoding,
            Level::Structure,
            Level::Field,
            Level::File,
            Level::Unit,
            Level::Relation,
            Level::Consistency,
        ];
        for (rules, level) in LEVELS.iter().zip(levels) {
            assert!(!rules.is_empty(), "{level:?}");
            for r in *rules {
                assert_eq!(r.level, level, "{} is listed by another level", r.id);
            }
        }
        assert_eq!(ALL.len(), LEVELS.iter().map(|l| l.len()).sum::<usize>());
        // Catalogue order is level order.
        assert!(ALL.windows(2).all(|w| w[0].level <= w[1].level));
        assert_eq!(
            by_id("NAME-KIND-NOT-CHECKED").map(|r| r.id),
            Some("NAME-KIND-NOT-CHECKED")
        );
    }

    #[test]
    fn every_kind_a_rule_applies_to_has_the_roles_it_needs() {
        assert_eq!(
            missing_roles(crate::spec::revisions()),
            Vec::<String>::new()
        );
        // Each level that reads fields by role says so.
        let rules: HashSet<&str> = role_needs().map(|n| n.rule.id).collect();
        for id in [
            "FILE-NUMBER-EMPTY",
            "FILE-SIKYU-TOTAL",
            "FILE-HOSOKU-SET",
            "REL-NO-PLAN",
            "CON-SIKYU-COST",
            "CON-PLAN-COUNT",
        ] {
            assert!(rules.contains(id), "{id}");
        }
    }

    #[test]
    fn a_kind_without_a_role_its_rule_needs_fails() {
        // 第2表 with numbered rows but its 課題ＮＯ without its role: the
        // order rule would pass every 第2表 of the revision.
        let (_, files) = crate::spec::EMBEDDED
            .iter()
            .find(|(r, _)| *r == "4.1")
            .unwrap();
        let files: Vec<(&str, String)> = files
            .iter()
            .map(|(n, c)| {
                let c = if *n == "UP2KYO.json" {
                    c.replacen(
                        "\"role\": \"number_level1\"",
                        "\"quote_optional\": false",
                        1,
                    )
                } else {
                    c.to_string()
                };
                (*n, c)
            })
            .collect();
        let refs: Vec<(&str, &str)> = files.iter().map(|(n, c)| (*n, c.as_str())).collect();
        let rev = crate::spec::schema::load_revision("4.1", &refs).unwrap();
        let missing = missing_roles(std::slice::from_ref(&rev));
        assert_eq!(
            missing,
            ["FILE-NUMBER-EMPTY applies to UP2KYO of revision 4.1, whose layout has no field with role NumberLevel1"]
        );
    }

    #[test]
    fn ids_are_unique_and_well_formed() {
        let mut seen = HashSet::new();
        for r in ALL {
            assert!(seen.insert(r.id), "duplicate rule id {}", r.id);
            assert!(
                r.id.chars()
                    .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || c == '-'),
                "{}",
                r.id
            );
            let prefix = match r.level {
                Level::Name => "NAME-",
                Level::Encoding => "ENC-",
                Level::Structure => "CSV-",
                Level::Field => "FLD-",
                Level::File => "FILE-",
                Level::Unit => "UNIT-",
                Level::Relation => "REL-",
                Level::Consistency => "CON-",
            };
            assert!(
                r.id.starts_with(prefix),
                "{} is not at level {:?}",
                r.id,
                r.level
            );
        }
    }

    #[test]
    fn lists_in_explain_come_from_the_data() {
        let lang = crate::finding::Lang::En;
        let text = explain(by_id("UNIT-MISSING-MEMBER").unwrap(), lang);
        for rev in crate::spec::revisions() {
            for u in &rev.send_units {
                for m in &u.members {
                    assert!(text.contains(m.as_str()), "{} {m}", rev.revision);
                }
            }
        }
        assert!(text.contains("{UPKIHON, UPKIHON_SUB1, UPKIHON_SUB2, UPKIHON_IMAGE}"));
        let text = explain(by_id("FLD-REQUIRED-UNCONFIRMED").unwrap(), lang);
        for rev in crate::spec::revisions() {
            let listed = unconfirmed_required(rev);
            assert!(text.contains(&listed), "{listed}");
            for k in &rev.layouts {
                for f in &k.fields {
                    let unconfirmed = f.required == crate::spec::Required::Unconfirmed;
                    assert_eq!(
                        listed.contains(&format!("{} No", k.kind)) && unconfirmed,
                        unconfirmed,
                        "{} No.{}",
                        k.kind,
                        f.no
                    );
                }
            }
        }
        assert_eq!(
            unconfirmed_required(crate::spec::revision("4.1").unwrap()),
            "UPHOSOKU Nos.5-8, UPPLAN Nos.6-7, UPJSK Nos.6-7"
        );
        let text = explain(by_id("CSV-FIELD-COUNT").unwrap(), lang);
        assert!(text.contains("UPKIHON 71"), "{text}");
        // A retired rule says so, and why.
        assert!(explain(by_id("FILE-NUMBERING").unwrap(), lang).contains("Retired: "));
    }
}
