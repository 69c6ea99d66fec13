//! SARIF 2.1.0 output of one `check` run, for GitHub code scanning and other
//! SARIF viewers. Every rule of the catalogue is listed in the tool's
//! driver (so a viewer can show a rule's help even for rules that did not
//! fire), with its spec reference and documentation; every finding is a
//! result pointing at the file, line and byte.

use serde_json::{json, Value};

use super::{Options, Reporter, Run};
use crate::finding::{Finding, Lang};
use crate::rules::catalogue::{self, Rule, Severity};

const SCHEMA: &str = "https://json.schemastore.org/sarif-2.1.0.json";

fn level(s: Severity) -> &'static str {
    match s {
        Severity::Error => "error",
        Severity::Warning => "warning",
    }
}

/// A path as a relative URI reference: `/` kept, everything outside the
/// unreserved set percent-encoded (file names may hold spaces or kana).
pub fn uri(path: &str) -> String {
    let path = path.replace('\\', "/");
    let path = path.strip_prefix("./").unwrap_or(&path);
    let mut out = String::with_capacity(path.len());
    for b in path.bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' | b'/' => {
                out.push(b as char)
            }
            _ => out.push_str(&format!("%{b:02X}")),
        }
    }
    out
}

fn rule_json(r: &Rule, lang: Lang) -> Value {
    let (short, other) = match lang {
        Lang::Ja => (r.title_ja, r.title_en),
        Lang::En => (r.title_en, r.title_ja),
    };
    json!({
        "id": r.id,
        "name": r.id,
        "shortDescription": { "text": short },
        "fullDescription": { "text": format!("{short} / {other}") },
        "help": {
            "text": format!("{}\n\n仕様 / spec: {}\n誤り / fails: {}\n正しい / passes: {}", r.doc, r.spec_ref, r.fails, r.passes),
            "markdown": format!("{}\n\n**仕様 / spec:** {}\n\n**誤り / fails:** `{}`\n\n**正しい / passes:** `{}`", r.doc, r.spec_ref, r.fails, r.passes),
        },
        "defaultConfiguration": { "level": level(r.severity) },
        "properties": {
            "level": r.level.as_str(),
            "spec_ref": r.spec_ref,
            "tags": ["careplan", r.level.as_str()],
        }
    })
}

fn result_json(f: &Finding, index: usize, o: &Options) -> Value {
    let mut region = serde_json::Map::new();
    if let Some(l) = f.pos.line {
        region.insert("startLine".into(), json!(l));
    }
    if let Some(b) = f.pos.byte {
        region.insert("byteOffset".into(), json!(b));
    }
    // A relative path is relative to where the check ran (%SRCROOT%); an
    // absolute one is a file: URI.
    let artifact = if f.path.starts_with('/') {
        json!({ "uri": format!("file://{}", uri(&f.path)) })
    } else {
        json!({ "uri": uri(&f.path), "uriBaseId": "%SRCROOT%" })
    };
    let mut physical = json!({ "artifactLocation": artifact });
    if !region.is_empty() {
        physical["region"] = Value::Object(region);
    }
    // Stable across runs; distinct for distinct findings (two findings of
    // one rule in one file differ in position or message).
    let fingerprint = format!(
        "{}:{}:{}:{}:{}:{}",
        f.rule.id,
        f.path,
        f.pos.record.map(|r| r.to_string()).unwrap_or_default(),
        f.pos.field_no.map(|n| n.to_string()).unwrap_or_default(),
        f.pos.byte.map(|n| n.to_string()).unwrap_or_default(),
        super::finding_message(f, o)
    );
    json!({
        "ruleId": f.rule.id,
        "ruleIndex": index,
        "level": level(f.severity()),
        "message": { "text": super::finding_message(f, o) },
        "locations": [{ "physicalLocation": physical }],
        "partialFingerprints": { "careplanFinding/v1": fingerprint },
        "properties": {
            "file": f.file,
            "record": f.pos.record,
            "field_no": f.pos.field_no,
            "field_name": f.field_name,
            "position_inferred": f.pos.inferred,
            "found": f.found_display(o.show_personal),
            "masked": f.masked(o.show_personal),
            "expected": f.expected(o.lang),
            "spec_ref": f.rule.spec_ref,
        }
    })
}

/// The run as a SARIF 2.1.0 log.
pub fn sarif(run: &Run, o: &Options) -> String {
    let rules: Vec<&Rule> = catalogue::ALL.to_vec();
    let results: Vec<Value> = run
        .findings()
        .map(|f| {
            let index = rules
                .iter()
                .position(|r| std::ptr::eq(*r, f.rule))
                .unwrap_or(0);
            result_json(f, index, o)
        })
        .collect();
    let notifications: Vec<Value> = run
        .io_errors
        .iter()
        .map(|e| json!({ "level": "error", "message": { "text": e } }))
        .collect();
    let doc = json!({
        "$schema": SCHEMA,
        "version": "2.1.0",
        "runs": [{
            "tool": {
                "driver": {
                    "name": "careplan-conformance",
                    "version": env!("CARGO_PKG_VERSION"),
                    "semanticVersion": env!("CARGO_PKG_VERSION"),
                    "rules": rules.iter().map(|r| rule_json(r, o.lang)).collect::<Vec<_>>(),
                }
            },
            "invocations": [{
                "executionSuccessful": run.io_errors.is_empty(),
                "toolExecutionNotifications": notifications,
            }],
            "originalUriBaseIds": { "%SRCROOT%": { "description": { "text": "the folder the check was run from" } } },
            "results": results,
            "properties": {
                "revision": run.revision.as_deref().unwrap_or("auto"),
                "files_checked": run.files.len(),
            }
        }]
    });
    let mut s = serde_json::to_string_pretty(&doc).unwrap_or_default();
    s.push('\n');
    s
}

pub struct Sarif;

impl Reporter for Sarif {
    fn name(&self) -> &'static str {
        "sarif"
    }
    fn about(&self) -> &'static str {
        "SARIF 2.1.0, for code scanning"
    }
    fn file_help(&self) -> Option<&'static str> {
        Some("Also write a SARIF 2.1.0 log to this file")
    }
    fn render(&self, run: &Run, o: &Options) -> String {
        sarif(run, o)
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn paths_become_relative_uri_references() {
        assert_eq!(
            super::uri("./cases/a b/UPPLAN.CSV"),
            "cases/a%20b/UPPLAN.CSV"
        );
        assert_eq!(super::uri("out\\見本.CSV"), "out/%E8%A6%8B%E6%9C%AC.CSV");
    }
}
