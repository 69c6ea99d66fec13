//! SARIF 2.1.0 output of one `check` run, for GitHub code scanning and other
//! SARIF viewers. Every rule of the catalogue is listed in the tool's
//! driver (so a viewer can show a rule's help even for rules that did not
//! fire), with its spec reference and documentation; every finding is a
//! result pointing at the file, line and byte, with a fingerprint that
//! holds while the finding does ([`fingerprints`]).

use std::collections::HashMap;

use serde_json::{json, Value};

use super::{Options, Reporter, Run, Waiver, WaiverState};
use crate::finding::{mask, Finding, Lang};
use crate::result::{FileResult, KeyField, RecordKey};
use crate::rules::catalogue::{self, Rule, Severity};

const SCHEMA: &str = "https://json.schemastore.org/sarif-2.1.0.json";

fn level(s: Severity) -> &'static str {
    match s {
        Severity::Error => "error",
        Severity::Warning => "warning",
    }
}

/// A path as a relative URI reference: `/` kept, everything outside the
/// unreserved set percent-encoded (file names may hold spaces or kana). The
/// path's text is the lossless one of [`crate::finding::path_text`]: a
/// name that is not UTF-8 is encoded byte for byte, so the URI names the
/// file itself.
pub fn uri(path: &str) -> String {
    let bytes: Vec<u8> = crate::finding::path_bytes(path)
        .into_iter()
        .map(|b| if b == b'\\' { b'/' } else { b })
        .collect();
    let path = bytes.strip_prefix(b"./").unwrap_or(&bytes);
    let mut out = String::with_capacity(path.len());
    for &b in path {
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
    let short = match lang {
        Lang::Ja => r.title_ja,
        Lang::En => r.title_en,
    };
    let doc = crate::rules::catalogue::doc(r, lang);
    let (f, p) = crate::rules::catalogue::examples(r, lang);
    let (spec, fails, passes) = match lang {
        Lang::Ja => ("仕様", "誤り", "正しい"),
        Lang::En => ("Spec", "Fails", "Passes"),
    };
    json!({
        "id": r.id,
        "name": r.id,
        "shortDescription": { "text": short },
        "fullDescription": { "text": doc },
        "help": {
            "text": format!("{doc}\n\n{spec}: {}\n{fails}: {f}\n{passes}: {p}", r.spec_ref),
            "markdown": format!("{doc}\n\n**{spec}:** {}\n\n**{fails}:** `{f}`\n\n**{passes}:** `{p}`", r.spec_ref),
        },
        "defaultConfiguration": { "level": level(r.severity) },
        "properties": {
            "level": r.level.as_str(),
            "spec_ref": r.spec_ref,
            "tags": ["careplan", r.level.as_str()],
        }
    })
}

/// The name of the fingerprint in `partialFingerprints`; the version
/// changes whenever what it is made of changes.
pub const FINGERPRINT: &str = "careplanFinding/v3";

/// What a finding is, apart from where the file holds it: the rule, the
/// file (its path as checked), the field (No. and name), the record's identity (保険者番号,
/// 被保険者番号, the plan date, the month and the service code of its key,
/// where the record has them), the value found, and for a finding of no
/// record what it says. Byte offsets, lines and
/// record numbers are left out: they shift when a record is added or
/// removed elsewhere in the file, and code scanning would close the alert
/// and open a new one. Everything is hashed: no value is carried in clear.
/// Personal values (the 被保険者番号, a masked value found, a masked key
/// field) go in as masked, whether or not the report shows them: a hash of
/// a 生年月日 or a 被保険者番号 is undone by trying every date or number.
/// Two users' findings alike but for those values are told apart by the
/// count [`fingerprints`] adds.
fn identity(f: &Finding, key: Option<&RecordKey>) -> [u8; 32] {
    use sha2::Digest;
    let mut h = sha2::Sha256::new();
    let mut part = |s: &str| {
        h.update((s.len() as u64).to_le_bytes());
        h.update(s.as_bytes());
    };
    part(FINGERPRINT);
    part(f.rule.id);
    // The path, not the name alone: two folders may hold files of one name.
    part(&uri(&f.path));
    part(&f.pos.field_no.map(|n| n.to_string()).unwrap_or_default());
    part(f.field_name.as_deref().unwrap_or(""));
    match key {
        Some(k) => {
            let shown = |v: &KeyField| {
                if v.personal {
                    mask(v.value)
                } else {
                    v.value.to_string()
                }
            };
            part(k.insurer);
            part(&mask(k.insured));
            part(&k.plan_date.as_ref().map_or(String::new(), shown));
            part(&k.month.as_ref().map_or(String::new(), shown));
            part(k.service_code.unwrap_or(""));
        }
        None => (0..5).for_each(|_| part("\u{0}")),
    }
    part(&f.found_display(false).unwrap_or_default());
    // A finding of no record (a send unit's missing member, a file's name)
    // is told apart by what it says; a record's findings are not, as some
    // name the number of another record.
    part(&match f.pos.record {
        None => f.message_shown(Lang::Ja, false),
        Some(_) => "".into(),
    });
    h.finalize().into()
}

/// The fingerprints of a file's findings, in their order: the hash of each
/// finding's [`identity`] and how many findings of the file have the same
/// identity before it (`:1` for the first), so that two alike findings (one
/// record's key repeated with the same wrong value) stay two.
pub fn fingerprints(file: &FileResult) -> Vec<String> {
    let keys: HashMap<u32, RecordKey> = file.keys.iter().map(|k| (k.record, k)).collect();
    let mut seen: HashMap<[u8; 32], usize> = HashMap::new();
    file.findings
        .iter()
        .map(|f| {
            let key = f.pos.record.and_then(|r| keys.get(&r).copied());
            let id = identity(f, key.as_ref());
            let n = seen.entry(id).or_default();
            *n += 1;
            let hex: String = id[..16].iter().map(|b| format!("{b:02x}")).collect();
            format!("{hex}:{n}")
        })
        .collect()
}

/// Where a waiver is written, as a SARIF location.
fn waiver_location(w: &Waiver) -> Value {
    json!({
        "physicalLocation": {
            "artifactLocation": artifact(&w.file),
            "region": { "startLine": w.line },
        }
    })
}

/// A file's location: relative to where the check ran (%SRCROOT%), or an
/// absolute file: URI.
fn artifact(path: &str) -> Value {
    if path.starts_with('/') {
        json!({ "uri": format!("file://{}", uri(path)) })
    } else {
        json!({ "uri": uri(path), "uriBaseId": "%SRCROOT%" })
    }
}

fn result_json(
    f: &Finding,
    index: usize,
    fingerprint: &str,
    waiver: Option<&Waiver>,
    o: &Options,
) -> Value {
    let mut region = serde_json::Map::new();
    if let Some(l) = f.pos.line {
        region.insert("startLine".into(), json!(l));
    }
    if let Some(b) = f.pos.byte {
        region.insert("byteOffset".into(), json!(b));
    }
    let mut physical = json!({ "artifactLocation": artifact(&f.path) });
    if !region.is_empty() {
        physical["region"] = Value::Object(region);
    }
    let mut result = json!({
        "ruleId": f.rule.id,
        "ruleIndex": index,
        "level": level(f.severity()),
        "message": { "text": super::message_with(f, o, waiver) },
        "locations": [{ "physicalLocation": physical }],
        "partialFingerprints": { FINGERPRINT: fingerprint },
        "properties": {
            "file": f.file,
            "record": f.pos.record,
            "field_no": f.pos.field_no,
            "field_name": f.field_name,
            "position_inferred": f.pos.inferred,
            "found": f.found_display(o.show_personal),
            "masked": f.masked(o.show_personal),
            "expected": f.expected_shown(o.lang, o.show_personal),
            "spec_ref": f.rule.spec_ref,
        }
    });
    // A waived finding is suppressed outside the file it is in: by the
    // waiver of the configuration, with its reason (code scanning shows
    // the alert as dismissed instead of open).
    if let Some(w) = waiver {
        result["suppressions"] = json!([{
            "kind": "external",
            "status": "accepted",
            "justification": super::waived_note(w, o.lang),
            "location": waiver_location(w),
        }]);
    }
    result
}

/// The run as a SARIF 2.1.0 log.
pub fn sarif(run: &Run, o: &Options) -> String {
    let rules: Vec<&Rule> = catalogue::ALL.to_vec();
    let mut results: Vec<Value> = Vec::new();
    for file in &run.files {
        for (f, fingerprint) in file.findings.iter().zip(fingerprints(file)) {
            let index = rules
                .iter()
                .position(|r| std::ptr::eq(*r, f.rule))
                .unwrap_or(0);
            results.push(result_json(f, index, &fingerprint, run.waiver(f), o));
        }
    }
    let mut notifications: Vec<Value> = run
        .io_errors
        .iter()
        .map(|e| json!({ "level": "error", "message": { "text": e } }))
        .collect();
    // Waivers past their date (they fail the run) and waivers that match
    // nothing, pointing at the configuration file.
    for w in &run.waivers.list {
        if let Some(text) = w.diagnostic(o.lang) {
            let level = match w.state {
                WaiverState::Expired => "error",
                _ => "warning",
            };
            notifications.push(json!({
                "level": level,
                "message": { "text": text },
                "locations": [waiver_location(w)],
            }));
        }
    }
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
            "originalUriBaseIds": { "%SRCROOT%": { "description": { "text": match o.lang {
                Lang::Ja => "検査を実行したフォルダ",
                Lang::En => "the folder the check was run from",
            } } } },
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
