//! Traceability: every rule with the notes of the standard it rests on and
//! the cases that fire it and pass it; every note of every layout with its
//! decision (a rule, a warning, a documented non-rule or ambiguity). Built
//! from the rule catalogue, the revision data (each field's `notes`) and
//! the case tree, so that it cannot say other than what the harness does.
//!
//! `careplan-conformance rules --format json|markdown` prints it; the
//! Markdown form is committed as `docs/traceability.md`.

use std::collections::{BTreeMap, BTreeSet};

use serde_json::{json, Value};

use crate::cases::Case;
use crate::finding::Rule;
use crate::rules::catalogue;
use crate::spec::{Decision, KindSpec, Note, Revision};

/// Where a note is: a field of a layout, a layout as a whole, or the 本文
/// and the annex's general pages (kind `MAIN` / `ANNEX`).
#[derive(Debug, Clone)]
pub struct Place {
    pub kind: String,
    pub field_no: Option<u16>,
    pub field_name: Option<String>,
}

/// A note and where it is.
pub struct Placed<'a> {
    pub place: Place,
    pub note: &'a Note,
}

/// Every note of a revision, in layout order: the 本文 and annex-wide notes
/// first, then each layout's own notes and its fields' notes.
pub fn notes(rev: &Revision) -> Vec<Placed<'_>> {
    let mut out = Vec::new();
    for n in &rev.notes {
        let kind = n.id.split('-').next().unwrap_or_default().to_string();
        out.push(Placed {
            place: Place {
                kind,
                field_no: None,
                field_name: None,
            },
            note: n,
        });
    }
    for k in &rev.layouts {
        out.extend(layout_notes(k));
    }
    out
}

fn layout_notes(k: &KindSpec) -> Vec<Placed<'_>> {
    let mut out: Vec<Placed> = k
        .notes
        .iter()
        .map(|n| Placed {
            place: Place {
                kind: k.kind.clone(),
                field_no: None,
                field_name: None,
            },
            note: n,
        })
        .collect();
    for f in &k.fields {
        out.extend(f.notes.iter().map(|n| Placed {
            place: Place {
                kind: k.kind.clone(),
                field_no: Some(f.no),
                field_name: Some(f.name.clone()),
            },
            note: n,
        }));
    }
    out
}

/// What is wrong with the notes of a revision against the catalogue and
/// the cases, one line each: a field without a note, a rule decision
/// without a rule in force of its severity, a note's case that does not
/// exist or does not do what the note says. Empty when every note is traced.
pub fn problems(rev: &Revision, cases: &[Case]) -> Vec<String> {
    let mut out = Vec::new();
    for k in &rev.layouts {
        for f in &k.fields {
            if f.notes.is_empty() {
                out.push(format!(
                    "{} No.{} {}: no note (an item without a printed note records the silence)",
                    k.kind, f.no, f.name
                ));
            }
        }
    }
    let by_id: BTreeMap<&str, &Case> = cases.iter().map(|c| (c.manifest.id.as_str(), c)).collect();
    for p in notes(rev) {
        let n = p.note;
        let at = format!("{} ({})", n.id, where_(&p.place));
        let mut severities = BTreeSet::new();
        for id in &n.rules {
            match catalogue::by_id(id) {
                None => out.push(format!("{at}: names {id}, which is not a rule")),
                Some(_) if catalogue::retired(id, crate::finding::Lang::En).is_some() => {
                    out.push(format!("{at}: names {id}, which is retired"))
                }
                Some(r) => {
                    severities.insert(r.severity.as_str());
                }
            }
        }
        let wanted = match n.decision {
            Decision::RuleError => Some("error"),
            Decision::RuleWarning => Some("warning"),
            Decision::NonRule | Decision::Ambiguity => None,
        };
        if let Some(sev) = wanted {
            if !severities.contains(sev) {
                out.push(format!(
                    "{at}: decided {} but names no {sev} rule in force",
                    n.decision.as_str()
                ));
            }
        }
        for id in &n.cases.fires {
            match by_id.get(id.as_str()) {
                None => out.push(format!("{at}: case {id} does not exist")),
                Some(c) if !c.manifest.expect.iter().any(|e| n.rules.contains(&e.rule)) => {
                    out.push(format!("{at}: case {id} fires none of the note's rules"))
                }
                Some(_) => {}
            }
        }
        for id in &n.cases.passes {
            match by_id.get(id.as_str()) {
                None => out.push(format!("{at}: case {id} does not exist")),
                Some(c) if c.manifest.expect.iter().any(|e| n.rules.contains(&e.rule)) => {
                    out.push(format!("{at}: case {id} fires one of the note's rules"))
                }
                Some(_) => {}
            }
        }
    }
    out
}

fn where_(p: &Place) -> String {
    match (&p.field_no, &p.field_name) {
        (Some(no), Some(name)) => format!("{} No.{no} {name}", p.kind),
        _ => p.kind.clone(),
    }
}

/// The cases that fire and pass each rule, and those that fire or pass a
/// rule on a file of a kind (and a field, where the expectation names one).
pub struct CaseIndex {
    fires: BTreeMap<String, BTreeSet<String>>,
    passes: BTreeMap<String, BTreeSet<String>>,
    /// (rule, kind, field No. or 0) → cases firing it there.
    fires_at: BTreeMap<(String, String, u16), BTreeSet<String>>,
    /// (rule, kind) → cases passing it on a file of that kind.
    passes_on: BTreeMap<(String, String), BTreeSet<String>>,
}

impl CaseIndex {
    pub fn new(cases: &[Case]) -> Self {
        let mut ix = CaseIndex {
            fires: BTreeMap::new(),
            passes: BTreeMap::new(),
            fires_at: BTreeMap::new(),
            passes_on: BTreeMap::new(),
        };
        for c in cases {
            let id = &c.manifest.id;
            let rev = crate::spec::revision(&c.manifest.revision);
            let kind_of = |name: &str| {
                rev.and_then(|r| crate::input::filename::parse(name, r).0.kind)
                    .unwrap_or_default()
            };
            for e in &c.manifest.expect {
                ix.fires
                    .entry(e.rule.clone())
                    .or_default()
                    .insert(id.clone());
                ix.fires_at
                    .entry((e.rule.clone(), kind_of(&e.file), e.field.unwrap_or(0)))
                    .or_default()
                    .insert(id.clone());
            }
            if c.manifest.passes.is_empty() {
                continue;
            }
            let kinds: BTreeSet<String> = crate::cases::files(c)
                .map(|files| files.iter().map(|(n, _)| kind_of(n)).collect())
                .unwrap_or_default();
            for r in &c.manifest.passes {
                ix.passes.entry(r.clone()).or_default().insert(id.clone());
                for k in &kinds {
                    ix.passes_on
                        .entry((r.clone(), k.clone()))
                        .or_default()
                        .insert(id.clone());
                }
            }
        }
        ix
    }

    pub fn fires(&self, rule: &str) -> Vec<String> {
        self.fires
            .get(rule)
            .map(|s| s.iter().cloned().collect())
            .unwrap_or_default()
    }

    pub fn passes(&self, rule: &str) -> Vec<String> {
        self.passes
            .get(rule)
            .map(|s| s.iter().cloned().collect())
            .unwrap_or_default()
    }

    /// The cases that fire one of a note's rules where the note is (its
    /// kind, and its field when the expectation names one; any field of the
    /// kind when none does there), and those that pass one of them on a file
    /// of its kind; with the note's own cases.
    pub fn of_note(&self, p: &Placed) -> (Vec<String>, Vec<String>) {
        let n = p.note;
        let mut fires: BTreeSet<String> = n.cases.fires.iter().cloned().collect();
        let mut passes: BTreeSet<String> = n.cases.passes.iter().cloned().collect();
        let firing = |same_field: bool| {
            let mut out = BTreeSet::new();
            for ((rule, kind, no), cases) in &self.fires_at {
                let field_ok = !same_field
                    || p.place.field_no.is_none()
                    || *no == 0
                    || Some(*no) == p.place.field_no;
                if n.rules.contains(rule) && *kind == p.place.kind && field_ok {
                    out.extend(cases.iter().cloned());
                }
            }
            out
        };
        let here = firing(true);
        fires.extend(if here.is_empty() { firing(false) } else { here });
        for r in &n.rules {
            if let Some(cases) = self.passes_on.get(&(r.clone(), p.place.kind.clone())) {
                passes.extend(cases.iter().cloned());
            }
        }
        (fires.into_iter().collect(), passes.into_iter().collect())
    }
}

fn rule_json(r: &Rule, rev: &Revision, ix: &CaseIndex) -> Value {
    let notes: Vec<Value> = notes(rev)
        .iter()
        .filter(|p| p.note.rules.iter().any(|x| x == r.id))
        .map(|p| {
            json!({
                "note": p.note.id,
                "kind": p.place.kind,
                "field_no": p.place.field_no,
                "field_name": p.place.field_name,
                "quote": p.note.quote,
                "decision": p.note.decision.as_str(),
            })
        })
        .collect();
    json!({
        "id": r.id,
        "severity": r.severity.as_str(),
        "level": r.level.as_str(),
        "spec_ref": r.spec_ref,
        "title_ja": r.title_ja,
        "title_en": r.title_en,
        "retired": catalogue::retired(r.id, crate::finding::Lang::En),
        "notes": notes,
        "cases": {"fires": ix.fires(r.id), "passes": ix.passes(r.id)},
    })
}

fn note_json(p: &Placed, ix: &CaseIndex) -> Value {
    let n = p.note;
    let (fires, passes) = ix.of_note(p);
    json!({
        "id": n.id,
        "kind": p.place.kind,
        "field_no": p.place.field_no,
        "field_name": p.place.field_name,
        "quote": n.quote,
        "verbatim": n.verbatim,
        "source": {
            "doc": n.source.doc,
            "read_at": n.source.read_at,
            "near": n.source.near,
        },
        "note_type": n.note_type,
        "decision": n.decision.as_str(),
        "rules": n.rules,
        "reason": n.reason,
        "cases": {"fires": fires, "passes": passes},
    })
}

/// The rules and the notes of a revision, with their cases, as JSON.
pub fn json(rev: &Revision, cases: &[Case]) -> Value {
    let ix = CaseIndex::new(cases);
    json!({
        "revision": rev.revision,
        "rules": catalogue::ALL.iter().map(|r| rule_json(r, rev, &ix)).collect::<Vec<_>>(),
        "notes": notes(rev).iter().map(|p| note_json(p, &ix)).collect::<Vec<_>>(),
    })
}

/// A table cell: one line, `|` escaped.
fn cell(s: &str) -> String {
    s.replace('|', "\\|")
        .replace("\r\n", "<br>")
        .replace('\n', "<br>")
}

fn list(ids: &[String]) -> String {
    if ids.is_empty() {
        "—".to_string()
    } else {
        ids.iter()
            .map(|i| format!("`{i}`"))
            .collect::<Vec<_>>()
            .join(" ")
    }
}

/// The rules and the notes of a revision, with their cases, as Markdown.
pub fn markdown(rev: &Revision, cases: &[Case]) -> String {
    let ix = CaseIndex::new(cases);
    let all = notes(rev);
    let mut s = String::new();
    s.push_str(&format!(
        "# Traceability: the rules and the notes of revision {}\n\n",
        rev.revision
    ));
    s.push_str(
        "Generated by `careplan-conformance rules --format markdown` from the rule catalogue, \
         the revision data (each note of `harness/src/spec/",
    );
    s.push_str(&rev.revision);
    s.push_str(
        "/*.json`) and the cases under `cases/`; `cargo test` fails when this file is out of step. \
         Do not edit it: change the data, the rule or the case, and regenerate.\n\n\
         The policy: an error only where the text requires it; a warning where the text implies it \
         or the reading of a drifted table is uncertain; nothing where the text is silent, with the \
         silence recorded as a non-rule and its reason. Quotes are the extracted text of the annex \
         (`annex`) or of 本文 (`main`) at the given offset of the stored text; a wrapped line is joined; \
         \"(described)\" marks a quote that describes a column or an example. In the notes' tables, \
         *fires* lists the cases that fire one of the note's rules on its layout (on its item where the \
         case names one) and *passes* the cases that show one of them not firing on its layout; the rules \
         table gives every case of a rule.\n\n",
    );
    let count = |d: Decision| all.iter().filter(|p| p.note.decision == d).count();
    s.push_str(&format!(
        "{} notes: {} rule-error, {} rule-warning, {} non-rule, {} ambiguity. {} rules, {} retired.\n\n",
        all.len(),
        count(Decision::RuleError),
        count(Decision::RuleWarning),
        count(Decision::NonRule),
        count(Decision::Ambiguity),
        catalogue::ALL.len(),
        catalogue::RETIRED.len(),
    ));
    s.push_str("## Rules\n\n| rule | severity | level | spec | notes | fires | passes |\n|---|---|---|---|---|---|---|\n");
    for r in catalogue::ALL {
        let notes: Vec<String> = all
            .iter()
            .filter(|p| p.note.rules.iter().any(|x| x == r.id))
            .map(|p| p.note.id.clone())
            .collect();
        let spec = match catalogue::retired(r.id, crate::finding::Lang::En) {
            Some(why) => format!("retired: {why}"),
            None => r.spec_ref.to_string(),
        };
        s.push_str(&format!(
            "| {} | {} | {} | {} | {} | {} | {} |\n",
            r.id,
            r.severity.as_str(),
            r.level.as_str(),
            cell(&spec),
            if notes.is_empty() {
                "—".to_string()
            } else {
                notes.join(" ")
            },
            list(&ix.fires(r.id)),
            list(&ix.passes(r.id)),
        ));
    }
    let mut kinds: Vec<String> = Vec::new();
    for p in &all {
        if !kinds.contains(&p.place.kind) {
            kinds.push(p.place.kind.clone());
        }
    }
    s.push_str("\n## Notes\n");
    for kind in kinds {
        let title = rev
            .layout(&kind)
            .map(|l| format!("{kind} {}", l.name_ja))
            .unwrap_or_else(|| match kind.as_str() {
                "MAIN" => "本文 (MAIN)".to_string(),
                _ => "別紙 全体 (ANNEX)".to_string(),
            });
        s.push_str(&format!(
            "\n### {title}\n\n| note | No. | item | quote | type | decision | rules / reason | fires | passes |\n|---|---|---|---|---|---|---|---|---|\n"
        ));
        for p in all.iter().filter(|p| p.place.kind == kind) {
            let n = p.note;
            let (fires, passes) = ix.of_note(p);
            let what = if n.rules.is_empty() {
                cell(&n.reason)
            } else {
                n.rules.join(" ")
            };
            let quote = if n.quote.is_empty() {
                "(nothing printed)".to_string()
            } else {
                cell(&n.quote)
            };
            s.push_str(&format!(
                "| {} | {} | {} | {}{} | {} | {} | {} | {} | {} |\n",
                n.id,
                p.place.field_no.map(|n| n.to_string()).unwrap_or_default(),
                cell(p.place.field_name.as_deref().unwrap_or("")),
                quote,
                if n.verbatim { "" } else { " (described)" },
                serde_json::to_value(n.note_type)
                    .ok()
                    .and_then(|v| v.as_str().map(str::to_string))
                    .unwrap_or_default(),
                n.decision.as_str(),
                what,
                list(&fires),
                list(&passes),
            ));
        }
    }
    s
}
