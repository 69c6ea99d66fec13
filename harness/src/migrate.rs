//! Migration help: a 3.2 set rewritten into 4.1 form where that is
//! mechanical (field positions, the CSVバージョン, names with service kind
//! segments), with a list of what needs a human.
//!
//! What is mechanical: values move to the field of the same name in the new
//! layout; fields the new layout adds are written empty; the CSVバージョン
//! becomes the target's. What is inferred, and said so: the sender kind of
//! a plan-side file (3.2 covers 居宅介護支援 only, kind 43) and a provider's
//! kind from the service codes its own records carry. What needs a human:
//! a kind the files do not tell (give it with `--kind OFFICE=KIND`), TAIS
//! codes for 福祉用具貸与, the 第3表 the 4.1 plan unit requires, and files
//! whose service month precedes the target revision (they stay as they are).

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use serde::Serialize;

use crate::finding::{Lang, Text};
use crate::input::detect;
use crate::input::filename;
use crate::model::{self, FileModel, Record, Value};
use crate::spec::{Revision, Role};

#[derive(Debug, Clone, Serialize)]
pub struct Migrated {
    pub from: String,
    pub to: String,
    pub records: usize,
}

#[derive(Debug, Clone, Serialize)]
pub struct MigrateReport {
    pub target: String,
    pub written: Vec<Migrated>,
    /// Kinds the harness inferred: (office, kind, how).
    pub inferred: Vec<(String, String, String)>,
    pub needs_human: Vec<String>,
}

fn value_at<'a>(layout: &crate::spec::KindSpec, r: &'a Record, role: Role) -> Option<&'a Value> {
    let f = layout.field_by_role(role)?;
    match r {
        Record::Fields(v) => v.get(usize::from(f.no) - 1),
        Record::Malformed(_) => None,
    }
}

fn text(v: Option<&Value>) -> String {
    match v {
        Some(Value::Code(s))
        | Some(Value::Invalid(s))
        | Some(Value::Text(s))
        | Some(Value::Zero(s)) => s.clone(),
        _ => String::new(),
    }
}

struct Source {
    /// The revision the file is written to.
    rev: &'static Revision,
    name: String,
    kind: String,
    month: Option<String>,
    month_is_placeholder: bool,
    sender: String,
    receiver: String,
    timestamp: String,
    layout: &'static crate::spec::KindSpec,
    model: FileModel,
}

pub fn migrate(
    input: &Path,
    output: &Path,
    target: &'static Revision,
    kinds: &BTreeMap<String, String>,
    lang: Lang,
) -> Result<MigrateReport, String> {
    let t = |ja: String, en: String| Text::new(ja, en).get(lang).to_string();
    if let Some(older) = crate::spec::revisions()
        .iter()
        .find(|r| r.csv_version.as_str() > target.csv_version.as_str())
    {
        return Err(format!(
            "migrate moves files forward to a later revision; {} is older than {} (its CSVバージョン is earlier)",
            target.revision, older.revision
        ));
    }
    for (office, kind) in kinds {
        if target.service_kinds.name(kind).is_none() {
            return Err(format!(
                "--kind {office}={kind}: {kind} is not a service kind code of revision {}",
                target.revision
            ));
        }
    }
    let mut entries: Vec<_> = std::fs::read_dir(input)
        .map_err(|e| format!("{}: {e}", input.display()))?
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.is_file())
        .filter(|p| {
            let n = p
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default();
            filename::is_candidate(&n, target)
        })
        .collect();
    entries.sort();
    let mut report = MigrateReport {
        target: target.revision.clone(),
        written: Vec::new(),
        inferred: Vec::new(),
        needs_human: Vec::new(),
    };
    let mut sources = Vec::new();
    for p in entries {
        let name = p
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let data = std::fs::read(&p).map_err(|e| format!("{}: {e}", p.display()))?;
        let d = detect::detect(&name, &data);
        let from = d.revision;
        if std::ptr::eq(from, target) {
            report.needs_human.push(t(
                format!("{name}: すでに{}版です（書き換えません）", target.revision),
                format!(
                    "{name}: already revision {} (not rewritten)",
                    target.revision
                ),
            ));
            continue;
        }
        let (n, _) = filename::parse(&name, from);
        let (Some(kind), Some(sender), Some(receiver), Some(ts)) = (
            n.kind.clone(),
            n.sender.clone(),
            n.receiver.clone(),
            n.timestamp.clone(),
        ) else {
            report.needs_human.push(t(
                format!(
                    "{name}: {}版のファイル名として読めません。書き換えません",
                    from.revision
                ),
                format!(
                    "{name}: the name cannot be read under revision {}; not rewritten",
                    from.revision
                ),
            ));
            continue;
        };
        let Some(layout) = from.layout(&kind) else {
            report.needs_human.push(t(
                format!(
                    "{name}: {}版に {kind} のレイアウトがありません",
                    from.revision
                ),
                format!(
                    "{name}: revision {} has no layout for {kind}",
                    from.revision
                ),
            ));
            continue;
        };
        let model = model::parse(&data, layout).model;
        sources.push(Source {
            rev: from,
            name,
            kind,
            month: n.month,
            month_is_placeholder: n.month_is_placeholder,
            sender,
            receiver,
            timestamp: ts,
            layout,
            model,
        });
    }

    // The kinds each office provides, from the records of the service-use files.
    let mut offers: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for s in &sources {
        for r in &s.model.records {
            let code = text(value_at(s.layout, r, Role::ServiceCode));
            let office = text(value_at(s.layout, r, Role::ProviderOffice));
            if code.len() == 6 && !office.is_empty() && code.is_ascii() {
                offers
                    .entry(office)
                    .or_default()
                    .insert(code[..2].to_string());
            }
        }
        // A provider's own file that names a サービス種類コード (DLTJSK) says
        // which kind its sender provides.
        if s.layout.direction != "plan" {
            for r in &s.model.records {
                let k = text(value_at(s.layout, r, Role::ServiceKind));
                if !k.is_empty() {
                    offers.entry(s.sender.clone()).or_default().insert(k);
                }
            }
        }
    }
    // The care-management kind a name without service kinds stands for
    // (3.2 covers 居宅介護支援 only), and why.
    let implied = |rev: &Revision| {
        let k = rev.file_name.implied_care_management_kind.clone()?;
        let name = rev.service_kinds.name(&k).unwrap_or_default().to_string();
        Some((
            k,
            t(
                format!(
                    "{}版は{name}のみを対象とします。計画側のファイルの送信元は{name}事業所です",
                    rev.revision
                ),
                format!(
                    "{} covers {name} only: the sender of a plan-side file is a {name}事業所",
                    rev.revision
                ),
            ),
        ))
    };
    let kind_of = |office: &str,
                   plan_side_sender: Option<(String, String)>,
                   report: &mut MigrateReport|
     -> Option<String> {
        if let Some(k) = kinds.get(office) {
            return Some(k.clone());
        }
        if let Some((k, how)) = plan_side_sender {
            if !report.inferred.iter().any(|x| x.0 == office) {
                report.inferred.push((office.to_string(), k.clone(), how));
            }
            return Some(k);
        }
        match offers.get(office) {
            Some(set) if set.len() == 1 => {
                let k = set.iter().next().cloned().unwrap_or_default();
                if !report.inferred.iter().any(|x| x.0 == office) {
                    report.inferred.push((
                        office.to_string(),
                        k.clone(),
                        t(
                            "この事業所自身のレコードのサービスコードから".into(),
                            "the service codes of this office's own records".into(),
                        ),
                    ));
                }
                Some(k)
            }
            Some(set) => {
                let list = set.iter().cloned().collect::<Vec<_>>().join(", ");
                report.needs_human.push(t(
                    format!(
                        "事業所 {office} はここで複数のサービス種類（{list}）を提供しています。ファイルが対象とする種類を --kind {office}=KIND で指定してください"
                    ),
                    format!(
                        "office {office} provides several kinds here ({list}): give the one its files are for with --kind {office}=KIND"
                    ),
                ));
                None
            }
            None => {
                report.needs_human.push(t(
                    format!(
                        "事業所 {office}: 提供するサービス種類がどのレコードからもわかりません。--kind {office}=KIND で指定してください"
                    ),
                    format!(
                        "office {office}: no record says which service kind it provides; give it with --kind {office}=KIND"
                    ),
                ));
                None
            }
        }
    };

    std::fs::create_dir_all(output).map_err(|e| format!("{}: {e}", output.display()))?;
    // (unit, sender, receiver, ファイル連番, the source's revision)
    let mut plan_units: BTreeSet<(String, String, String, String, String)> = BTreeSet::new();
    for s in &sources {
        let Some(tl) = target.layout(&s.kind) else {
            report.needs_human.push(t(
                format!(
                    "{}: {}版に {} はありません",
                    s.name, target.revision, s.kind
                ),
                format!("{}: revision {} has no {}", s.name, target.revision, s.kind),
            ));
            continue;
        };
        if let Some(m) = s.month.as_deref().filter(|_| !s.month_is_placeholder) {
            if m < target.applies_from_month.as_str() {
                report.needs_human.push(t(
                    format!(
                        "{}: サービス提供月 {m} は{}版（{}から）より前です。元の版のまま残し、書き換えません",
                        s.name, target.revision, target.applies_from_month
                    ),
                    format!(
                        "{}: service month {m} precedes revision {} (from {}); it stays in its own revision and is not rewritten",
                        s.name, target.revision, target.applies_from_month
                    ),
                ));
                continue;
            }
        }
        let plan_side = tl.direction == "plan";
        let care_manager = implied(s.rev);
        let (sk, rk) = if plan_side {
            (
                match care_manager {
                    Some(cm) => kind_of(&s.sender, Some(cm), &mut report),
                    None => kind_of(&s.sender, None, &mut report),
                },
                kind_of(&s.receiver, None, &mut report),
            )
        } else {
            (
                kind_of(&s.sender, None, &mut report),
                match care_manager {
                    Some((k, _)) => Some(k),
                    None => kind_of(&s.receiver, None, &mut report),
                },
            )
        };
        let (Some(sk), Some(rk)) = (sk, rk) else {
            report.needs_human.push(t(
                format!(
                    "{}: ファイル名のサービス種類がわかるまで書き換えません",
                    s.name
                ),
                format!(
                    "{}: not rewritten until the service kinds of its name are known",
                    s.name
                ),
            ));
            continue;
        };
        // Values move to the field of the same name; the CSVバージョン is the target's.
        let (pairs, _, _) = crate::spec::diff::pair(&s.layout.fields, &tl.fields);
        let mut records = Vec::new();
        for (ri, r) in s.model.records.iter().enumerate() {
            let Record::Fields(vals) = r else {
                let count = match r {
                    Record::Malformed(f) => f.len(),
                    Record::Fields(f) => f.len(),
                };
                report.needs_human.push(t(
                    format!(
                        "{} レコード{}: 項目数が{count}です（元の版の {} レイアウトは{}項目）。書き換えません",
                        s.name,
                        ri + 1,
                        s.layout.kind,
                        s.layout.fields.len()
                    ),
                    format!(
                        "{} record {}: {count} fields where the {} layout of its revision has {}; not rewritten",
                        s.name,
                        ri + 1,
                        s.layout.kind,
                        s.layout.fields.len()
                    ),
                ));
                continue;
            };
            let mut out = vec![Value::Empty; tl.fields.len()];
            for (i, j) in &pairs {
                out[*j] = vals[*i].clone();
            }
            if let Some(f) = tl.field_by_role(Role::CsvVersion) {
                let v = &target.csv_version;
                out[usize::from(f.no) - 1] = model::parse_value(f, v);
            }
            let code = text(
                tl.field_by_role(Role::ServiceCode)
                    .and_then(|f| out.get(usize::from(f.no) - 1)),
            );
            let summary = target.sikyu_summary_codes.classify(&code).is_some();
            if tl.field_by_role(Role::TaisCode).is_some()
                && !summary
                && target
                    .service_kinds
                    .welfare_equipment
                    .iter()
                    .any(|k| code.starts_with(k.as_str()))
            {
                let tais = tl.field_by_role(Role::TaisCode).map(|f| f.no).unwrap_or(0);
                let notif = tl
                    .field_by_role(Role::NotificationCode)
                    .map(|f| f.no)
                    .unwrap_or(0);
                report.needs_human.push(t(
                    format!(
                        "{} レコード{}: 福祉用具貸与 {code} には TAISコード か 福祉用具届出コード が要ります（4.1 No.{tais} / No.{notif}）",
                        s.name,
                        ri + 1,
                    ),
                    format!(
                        "{} record {}: 福祉用具貸与 {code} needs a TAISコード or 福祉用具届出コード (4.1 No.{tais} / No.{notif})",
                        s.name,
                        ri + 1,
                    ),
                ));
            }
            records.push(Record::Fields(out));
        }
        let month = if tl.month_segment {
            s.month
                .as_deref()
                .map(|m| format!("_{m}"))
                .unwrap_or_default()
        } else {
            String::new()
        };
        let new_name = format!(
            "{}{month}_{}_{sk}_{}_{rk}_{}.CSV",
            s.kind, s.sender, s.receiver, s.timestamp
        );
        let m = FileModel {
            kind: s.kind.clone(),
            records,
        };
        if m.records.is_empty() {
            report.needs_human.push(t(
                format!(
                    "{}: 書き換えられるレコードがありません。ファイルは書きません",
                    s.name
                ),
                format!("{}: no record could be rewritten; no file written", s.name),
            ));
            continue;
        }
        let dest = output.join(&new_name);
        if dest.exists() {
            report.needs_human.push(t(
                format!(
                    "{new_name}: {} にすでにあります。上書きしません（書き直すには削除してください）",
                    output.display()
                ),
                format!(
                    "{new_name}: already in {}; not overwritten (remove it to write it again)",
                    output.display()
                ),
            ));
            continue;
        }
        let (bytes, _) = model::write(tl, &m);
        std::fs::write(&dest, bytes).map_err(|e| format!("{new_name}: {e}"))?;
        report.written.push(Migrated {
            from: s.name.clone(),
            to: new_name,
            records: m.records.len(),
        });
        // A unit the file anchors may require kinds its revision did not have.
        for u in target
            .send_units
            .iter()
            .filter(|u| u.parent.as_deref() == Some(s.kind.as_str()))
        {
            plan_units.insert((
                u.id.clone(),
                s.sender.clone(),
                s.receiver.clone(),
                s.timestamp.clone(),
                s.rev.revision.clone(),
            ));
        }
    }
    for (id, sender, receiver, ts, from) in plan_units {
        let Some(from) = crate::spec::revision(&from) else {
            continue;
        };
        let unit = target.send_units.iter().find(|u| u.id == id);
        for m in unit
            .into_iter()
            .flat_map(|u| u.members.iter().filter(|m| !u.optional.contains(m)))
        {
            if from.kinds.contains(m) {
                continue;
            }
            let name = target
                .layout(m)
                .map(|l| l.name_ja.as_str())
                .unwrap_or_default();
            report.needs_human.push(t(
                format!(
                    "送信単位 {id} {sender} → {receiver}（{ts}）には {m}（{name}）が要ります。{}版が求め、{}版にはなかったファイルです",
                    target.revision, from.revision
                ),
                format!(
                    "the {id} unit {sender} → {receiver} ({ts}) needs a {m} ({name}), which revision {} requires and {} did not have",
                    target.revision, from.revision
                ),
            ));
        }
    }
    let mut seen = BTreeSet::new();
    report.needs_human.retain(|n| seen.insert(n.clone()));
    Ok(report)
}

pub fn human(r: &MigrateReport, lang: Lang) -> String {
    let ja = lang == Lang::Ja;
    let mut s = String::new();
    for m in &r.written {
        s.push_str(&if ja {
            format!("{} → {}（{}レコード）\n", m.from, m.to, m.records)
        } else {
            format!("{} → {} ({} records)\n", m.from, m.to, m.records)
        });
    }
    for (office, kind, how) in &r.inferred {
        s.push_str(&if ja {
            format!("推定: 事業所 {office} はサービス種類 {kind}（{how}）\n")
        } else {
            format!("inferred: office {office} is kind {kind} ({how})\n")
        });
    }
    if !r.needs_human.is_empty() {
        s.push_str(if ja {
            "\n人の手が要るもの:\n"
        } else {
            "\nneeds a human:\n"
        });
        for n in &r.needs_human {
            s.push_str(&format!("- {n}\n"));
        }
    }
    s.push_str(&if ja {
        format!(
            "\n{}ファイルを{}版の形で書きました。手で仕上げるもの {}件\n",
            r.written.len(),
            r.target,
            r.needs_human.len()
        )
    } else {
        format!(
            "\n{} written in revision {} form; {} to finish by hand\n",
            crate::report::count(r.written.len(), "file"),
            r.target,
            r.needs_human.len()
        )
    });
    s
}
