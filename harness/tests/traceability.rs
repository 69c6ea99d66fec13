//! The reading of the standard, traceable: every note of every layout has a
//! decision that names rules in force (with cases) or gives a reason; the
//! committed traceability table and the README's lists are those the data
//! gives today.

mod common;

use careplan_conformance::spec::{self, schema, Decision};
use careplan_conformance::{cases, rules::catalogue, trace};

fn the_cases() -> Vec<cases::Case> {
    let (found, errors) = cases::discover(&careplan_conformance::cases::tree::Folder::on_disk(
        common::root().join("cases"),
    ));
    assert!(errors.is_empty(), "{errors:?}");
    found
}

#[test]
fn every_note_of_every_4_1_layout_is_decided_and_traced() {
    let rev = spec::revision("4.1").unwrap();
    let found = the_cases();
    assert_eq!(trace::problems(rev, &found), Vec::<String>::new());
    let notes = trace::notes(rev);
    // Every layout has its own notes (file name, 作成単位, 文字コード, …) and
    // every field at least one (an empty quote records the silence).
    for k in &rev.layouts {
        assert!(!k.notes.is_empty(), "{}", k.kind);
        assert!(k.fields.iter().all(|f| !f.notes.is_empty()), "{}", k.kind);
    }
    assert!(notes.len() >= 700, "{}", notes.len());
    // Every rule a note names has a case that fires it and one that passes it.
    let ix = trace::CaseIndex::new(&found);
    for p in &notes {
        for r in &p.note.rules {
            assert!(!ix.fires(r).is_empty(), "{}: no case fires {r}", p.note.id);
            assert!(
                !ix.passes(r).is_empty(),
                "{}: no case passes {r}",
                p.note.id
            );
        }
        if matches!(p.note.decision, Decision::NonRule | Decision::Ambiguity) {
            assert!(!p.note.reason.trim().is_empty(), "{}", p.note.id);
        }
    }
    // The notes of the rules this reading rests on are there.
    let id = |kind: &str, no: u16, rule: &str| {
        notes.iter().any(|p| {
            p.place.kind == kind
                && p.place.field_no == Some(no)
                && p.note.rules.iter().any(|r| r == rule)
        })
    };
    assert!(id("UP2KYO", 6, "FLD-RANGE"));
    assert!(id("UPPLAN", 19, "FLD-DETAIL-CODE-PREVENTIVE"));
    assert!(id("UPHOSOKU", 52, "FLD-LIMIT-SLOT-KIND"));
    assert!(id("UPKIHON", 12, "FLD-CONDITIONAL-REQUIRED"));
    assert!(id("UPKIHON_SUB1", 4, "REL-NO-KIHON"));
    assert!(id("UPYOBO_SUB", 4, "REL-NO-YOBO"));
}

/// The 4.1 folder with one file's text changed.
fn rev_with(
    file: &str,
    edit: impl Fn(&str) -> String,
) -> Result<schema::Revision, Vec<schema::Problem>> {
    let (_, files) = spec::EMBEDDED.iter().find(|(r, _)| *r == "4.1").unwrap();
    let files: Vec<(&str, String)> = files
        .iter()
        .map(|(n, c)| (*n, if *n == file { edit(c) } else { c.to_string() }))
        .collect();
    let refs: Vec<(&str, &str)> = files.iter().map(|(n, c)| (*n, c.as_str())).collect();
    schema::load_revision("4.1", &refs)
}

#[test]
fn a_note_without_its_decision_rules_or_reason_fails() {
    // A rule decision that names no rule is refused when the data is loaded
    // (build.rs), as is a note without a reason.
    let rev = rev_with("UP2KYO.json", |c| {
        c.replacen("\"rules\": [\n      \"FLD-RANGE\"\n     ],\n", "", 1)
    })
    .unwrap();
    let problems: Vec<String> = schema::validate(std::slice::from_ref(&rev))
        .iter()
        .map(|p| p.to_string())
        .collect();
    assert!(
        problems
            .iter()
            .any(|p| p.contains("UP2KYO-6-1") && p.contains("names no rule")),
        "{problems:?}"
    );
    let rev = rev_with("UP2KYO.json", |c| {
        c.replacen("\"reason\": \"", "\"reason\": \" \", \"x\": \"", 1)
    });
    assert!(rev.is_err(), "an unknown key is refused");
    // A note that names a retired rule, or a case that does not exist, is
    // not traced.
    let rev = rev_with("UP2KYO.json", |c| {
        c.replacen("\"FLD-RANGE\"", "\"FILE-NUMBERING\"", 1)
            .replacen(
                "\"reason\": \"",
                "\"cases\": {\"fires\": [\"field.no-such-case\"]}, \"reason\": \"",
                1,
            )
    })
    .unwrap();
    let problems = trace::problems(&rev, &the_cases());
    assert!(
        problems
            .iter()
            .any(|p| p.contains("FILE-NUMBERING, which is retired")),
        "{problems:?}"
    );
    assert!(
        problems
            .iter()
            .any(|p| p.contains("case field.no-such-case does not exist")),
        "{problems:?}"
    );
}

#[test]
fn the_committed_traceability_table_is_in_step_with_the_data() {
    let rev = spec::revision(spec::DEFAULT_REVISION).unwrap();
    let now = trace::markdown(rev, &the_cases());
    let path = common::root().join("docs/traceability.md");
    let stored = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        stored == now,
        "docs/traceability.md is out of step: regenerate with \
         `cargo run -- rules --format markdown > docs/traceability.md` and review the diff"
    );
}

#[test]
fn rules_as_json_give_each_rule_its_notes_and_cases() {
    let o = common::run(&["rules", "--format", "json", "--cases", "cases"]);
    assert!(o.status.success(), "{o:?}");
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let rules = v["rules"].as_array().unwrap();
    assert_eq!(rules.len(), catalogue::ALL.len());
    let rule = |id: &str| rules.iter().find(|r| r["id"] == id).unwrap();
    let r = rule("FLD-RANGE");
    assert_eq!(r["severity"], "error");
    assert_eq!(r["level"], "field");
    assert!(r["spec_ref"].as_str().unwrap().contains("１～99"));
    assert!(r["notes"]
        .as_array()
        .unwrap()
        .iter()
        .any(|n| n["kind"] == "UP2KYO" && n["field_no"] == 6 && n["quote"] == "課題ＮＯ １～99"));
    assert!(r["cases"]["fires"]
        .as_array()
        .unwrap()
        .contains(&"field.table2-number-zero".into()));
    assert!(r["cases"]["passes"]
        .as_array()
        .unwrap()
        .contains(&"field.table2-number-99-ok".into()));
    assert!(rule("FILE-NUMBERING")["retired"].is_string());
    let notes = v["notes"].as_array().unwrap();
    assert!(notes.iter().all(|n| n["decision"].is_string()));
    assert!(notes
        .iter()
        .any(|n| n["decision"] == "non-rule" && n["rules"].as_array().unwrap().is_empty()));
}

#[test]
fn the_readme_lists_the_unconfirmed_required_marks_the_data_gives() {
    let readme = std::fs::read_to_string(common::root().join("README.md")).unwrap();
    let listed = catalogue::unconfirmed_required(spec::revision("4.1").unwrap());
    assert!(
        readme.contains(&format!("({listed})")),
        "README.md should list the unconfirmed 必須 marks as ({listed})"
    );
}
