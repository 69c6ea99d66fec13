//! `profiles` and `scenarios`: what a scenario pack asks of each profile,
//! which cell of the standard's role tables (本文2.2 / 3.2) each scenario
//! certifies, and the import files and checklist of one profile.

use std::fmt::Write as _;
use std::path::PathBuf;
use std::process::ExitCode;

use serde_json::json;

use careplan_conformance::certify::pack::{Cell, Direction, Pack, Profile, Scenario};
use careplan_conformance::finding::{Lang, Text};
use careplan_conformance::{certify, report, spec};

use super::{load_pack, out, outln, Format};

#[derive(clap::Args)]
pub struct ProfilesArgs {
    /// Output format: `json` lists per profile each scenario's id,
    /// `required`, `direction`, `kinds` and `cells`.
    #[arg(long, value_enum, default_value = "human")]
    format: Format,
    /// A scenario pack folder instead of the embedded one.
    #[arg(long)]
    pack: Option<PathBuf>,
}

#[derive(clap::Args)]
pub struct Args {
    /// The profile.
    #[arg(long)]
    profile: String,
    /// Write the import files and checklist.md into this folder.
    #[arg(long)]
    emit: Option<PathBuf>,
    /// A scenario pack folder instead of the embedded one.
    #[arg(long)]
    pack: Option<PathBuf>,
}

/// A profile's scenarios, required ones first.
fn scenarios_of<'a>(pack: &'a Pack, p: &Profile) -> Vec<(&'a Scenario, bool)> {
    p.required
        .iter()
        .map(|x| (x, true))
        .chain(p.optional.iter().map(|x| (x, false)))
        .filter_map(|(id, req)| pack.scenario(id).map(|s| (s, req)))
        .collect()
}

/// The file kinds of a scenario's files (import/ or expected/), each once,
/// in name order.
fn kinds(pack: &Pack, files: &[(String, Vec<u8>)]) -> Vec<String> {
    // A pack for a revision this build does not carry names no kind it knows.
    let Some(rev) = spec::revision(&pack.meta.revision) else {
        return Vec::new();
    };
    let mut v: Vec<String> = files
        .iter()
        .filter_map(|(n, _)| careplan_conformance::input::filename::parse(n, rev).0.kind)
        .collect();
    v.sort();
    v.dedup();
    v
}

fn how(s: &Scenario) -> Text {
    match (s.meta.direction, s.meta.reply, s.meta.refuse) {
        (Direction::Output, _, _) => Text::new("出力", "export"),
        (_, _, true) => Text::new("取込拒否（申告）", "refusal (attested)"),
        (_, true, _) => Text::new("取込＋返信", "import + reply"),
        _ => Text::new("取込（申告）", "import (attested)"),
    }
}

/// Cells written compactly: the rows of cells that share table, column,
/// direction and mark are joined (「本文2.2 表(1) ①②④⑤ 居宅介護支援事業所向け 出力 ○」).
fn cells_text(cells: &[&Cell]) -> String {
    let mut groups: Vec<(String, String, String)> = Vec::new();
    for c in cells {
        // id: 「本文2.2 表(1) ① 居宅介護支援事業所向け 出力」
        let parts: Vec<&str> = c.id.splitn(4, ' ').collect();
        let (head, row, tail) = match parts.as_slice() {
            [a, b, r, t] => (format!("{a} {b}"), r.to_string(), t.to_string()),
            _ => (c.id.clone(), String::new(), String::new()),
        };
        let tail = match c.effective_mark() {
            "blank" => format!("{tail} （空欄）"),
            m => format!("{tail} {m}"),
        };
        match groups.last_mut() {
            Some((h, rows, t)) if *h == head && *t == tail => rows.push_str(&row),
            _ => groups.push((head, row, tail)),
        }
    }
    groups
        .into_iter()
        .map(|(h, r, t)| format!("{h} {r} {t}"))
        .collect::<Vec<_>>()
        .join("; ")
}

/// Where a scenario's requirement comes from, for a profile.
fn source(pack: &Pack, p: &Profile, s: &Scenario, lang: Lang) -> String {
    let cells = pack.cells_for(p, s);
    if !cells.is_empty() {
        return cells_text(&cells);
    }
    match &s.meta.basis {
        Some(b) => format!("{}: {b}", Text::new("根拠", "basis").get(lang)),
        None => String::new(),
    }
}

fn profile_head(s: &mut String, pack: &Pack, p: &Profile, lang: Lang) {
    let _ = writeln!(s, "{}  {}", p.id, p.title);
    let _ = writeln!(
        s,
        "  {}: {} / {}",
        Text::new("役割", "role").get(lang),
        p.role,
        p.column
    );
    let _ = match &p.pending {
        Some(why) => writeln!(
            s,
            "  {}: {why}",
            Text::new("認定不可", "cannot be certified").get(lang)
        ),
        None => writeln!(
            s,
            "  {}",
            match lang {
                Lang::Ja => format!(
                    "必須 {}、任意 {} シナリオ",
                    p.required.len(),
                    p.optional.len()
                ),
                Lang::En => format!(
                    "{} required, {} optional scenarios",
                    p.required.len(),
                    p.optional.len()
                ),
            }
        ),
    };
    // Cells that do not apply, grouped by their reason.
    let mut reasons: Vec<&str> = p.not_applicable.iter().map(|n| n.reason.as_str()).collect();
    reasons.dedup();
    for reason in reasons {
        let cells: Vec<&Cell> = p
            .not_applicable
            .iter()
            .filter(|n| n.reason == reason)
            .filter_map(|n| pack.cell(&n.cell))
            .collect();
        let _ = writeln!(
            s,
            "  {}: {}",
            Text::new("該当しない", "does not apply").get(lang),
            cells_text(&cells)
        );
        let _ = writeln!(s, "    {reason}");
    }
}

/// `s` followed by spaces up to `width` columns of a terminal: full-width
/// characters (kana, kanji, 「・」) take two columns, as they are shown.
fn pad(s: &str, width: usize) -> String {
    let w = unicode_width::UnicodeWidthStr::width(s);
    format!("{s}{}", " ".repeat(width.saturating_sub(w)))
}

/// One line per scenario: ID, required or optional, how it is judged, and
/// the cells (or the basis) it certifies; the columns aligned by display
/// width.
fn scenario_lines(s: &mut String, pack: &Pack, p: &Profile, lang: Lang, indent: &str) {
    let rows: Vec<(&Scenario, String)> = scenarios_of(pack, p)
        .into_iter()
        .map(|(sc, req)| {
            let req = if req {
                Text::new("必須", "required")
            } else {
                Text::new("任意", "optional")
            };
            let kind = format!(
                "{}{}{}",
                req.get(lang),
                Text::new("・", ", ").get(lang),
                how(sc).get(lang)
            );
            (sc, kind)
        })
        .collect();
    let width = |f: &dyn Fn(&(&Scenario, String)) -> usize| rows.iter().map(f).max().unwrap_or(0);
    let id_width = width(&|r| unicode_width::UnicodeWidthStr::width(r.0.meta.id.as_str())).max(40);
    let kind_width = width(&|r| unicode_width::UnicodeWidthStr::width(r.1.as_str()));
    for (sc, kind) in &rows {
        let _ = writeln!(
            s,
            "{indent}{} {}  {}",
            pad(&sc.meta.id, id_width),
            pad(kind, kind_width),
            sc.meta.title
        );
        let _ = writeln!(s, "{indent}    ← {}", source(pack, p, sc, lang));
    }
}

fn pack_footer(s: &mut String, pack: &Pack, lang: Lang) {
    for w in &pack.meta.withdrawn {
        let _ = writeln!(
            s,
            "{}: {} ({} {}; {} {})",
            Text::new("取り下げたシナリオ", "withdrawn scenario").get(lang),
            w.id,
            Text::new("パック", "pack").get(lang),
            w.since,
            Text::new("代わり", "replaced by").get(lang),
            w.replaced_by.join(", ")
        );
    }
    let _ = match lang {
        Lang::Ja => writeln!(
            s,
            "シナリオパック {}（{}版）、sha256 {}",
            pack.meta.version, pack.meta.revision, pack.sha256
        ),
        Lang::En => writeln!(
            s,
            "scenario pack {} (revision {}), sha256 {}",
            pack.meta.version, pack.meta.revision, pack.sha256
        ),
    };
}

/// Each profile with its column, then each of its scenarios with its cells.
fn profiles_text(pack: &Pack, lang: Lang) -> String {
    let mut s = String::new();
    for p in &pack.profiles {
        profile_head(&mut s, pack, p, lang);
        scenario_lines(&mut s, pack, p, lang, "  ");
        s.push('\n');
    }
    pack_footer(&mut s, pack, lang);
    s
}

fn profiles_json(pack: &Pack) -> serde_json::Value {
    let profiles: Vec<serde_json::Value> = pack
        .profiles
        .iter()
        .map(|p| {
            let scenarios: Vec<serde_json::Value> = scenarios_of(pack, p)
                .into_iter()
                .map(|(sc, required)| {
                    let (direction, files) = match sc.meta.direction {
                        Direction::Output => ("export", &sc.expected),
                        Direction::Import => ("import", &sc.imports),
                    };
                    let cells: Vec<serde_json::Value> = pack
                        .cells_for(p, sc)
                        .into_iter()
                        .map(|c| {
                            json!({
                                "cell": c.id,
                                "mark": c.effective_mark(),
                                "confidence": c.confidence,
                            })
                        })
                        .collect();
                    let mut j = json!({
                        "id": sc.meta.id,
                        "title": sc.meta.title,
                        "required": required,
                        "direction": direction,
                        "kinds": kinds(pack, files),
                        "cells": cells,
                    });
                    if sc.meta.reply {
                        j["reply_kinds"] = json!(kinds(pack, &sc.expected));
                    }
                    if sc.meta.refuse {
                        j["refuse"] = json!(true);
                        j["defect"] = json!(sc.meta.defect);
                    }
                    if let Some(b) = &sc.meta.basis {
                        j["basis"] = json!(b);
                    }
                    j
                })
                .collect();
            json!({
                "id": p.id,
                "title": p.title,
                "role": p.role,
                "column": p.column,
                "pending": p.pending,
                "not_applicable": p.not_applicable.iter().map(|n| json!({"cell": n.cell, "reason": n.reason})).collect::<Vec<_>>(),
                "scenarios": scenarios,
            })
        })
        .collect();
    json!({
        "pack_version": pack.meta.version,
        "revision": pack.meta.revision,
        "sha256": pack.sha256,
        "profiles": profiles,
        "withdrawn": pack.meta.withdrawn,
    })
}

pub fn profiles(a: ProfilesArgs, lang: Lang) -> ExitCode {
    let Some(pack) = load_pack(a.pack.as_deref()) else {
        return ExitCode::from(2);
    };
    match a.format {
        Format::Human => out!("{}", profiles_text(&pack, lang)),
        Format::Json => {
            let mut s = serde_json::to_string_pretty(&profiles_json(&pack)).unwrap_or_default();
            s.push('\n');
            out!("{s}");
        }
    }
    ExitCode::SUCCESS
}

pub fn scenarios(a: Args, lang: Lang) -> ExitCode {
    let Some(pack) = load_pack(a.pack.as_deref()) else {
        return ExitCode::from(2);
    };
    let profile = &a.profile;
    let Some(p) = pack.profile(profile) else {
        eprintln!(
            "{}",
            Text::new(
                format!("エラー: プロファイル '{profile}' はありません（`careplan-conformance profiles` で一覧）"),
                format!("error: no profile '{profile}' (`careplan-conformance profiles` lists them)")
            )
            .get(lang)
        );
        return ExitCode::from(2);
    };
    if let Some(why) = &p.pending {
        eprintln!(
            "{}",
            Text::new(
                format!("エラー: プロファイル {profile} はこのパックでは認定できません: {why}"),
                format!("error: profile {profile} cannot be certified with this pack: {why}")
            )
            .get(lang)
        );
        return ExitCode::from(2);
    }
    if let (Some(pack), Some(out)) = (a.pack.as_deref(), a.emit.as_deref()) {
        if !super::outputs_clear_of_inputs(&[pack], &[("--emit", out)]) {
            return ExitCode::from(2);
        }
    }
    let Some(dir) = a.emit else {
        let mut s = String::new();
        profile_head(&mut s, &pack, p, lang);
        scenario_lines(&mut s, &pack, p, lang, "");
        out!("{s}");
        return ExitCode::SUCCESS;
    };
    let Some(rev) = spec::revision(&pack.meta.revision) else {
        eprintln!(
            "{}",
            Text::new(
                format!(
                    "エラー: このパックは {} 版のものですが、この careplan-conformance はその版を持っていません",
                    pack.meta.revision
                ),
                format!(
                    "error: the pack is for revision {}, which this careplan-conformance does not carry",
                    pack.meta.revision
                )
            )
            .get(lang)
        );
        return ExitCode::from(2);
    };
    match certify::emit(&pack, p, &dir, rev, lang) {
        Ok(files) => {
            for f in &files {
                outln!("{}", f.display());
            }
            outln!(
                "{}",
                match lang {
                    Lang::Ja => format!(
                        "{}件 書き出しました。{} に従ってください",
                        files.len(),
                        dir.join("checklist.md").display()
                    ),
                    Lang::En => format!(
                        "{} written; follow {}",
                        report::count(files.len(), "file"),
                        dir.join("checklist.md").display()
                    ),
                }
            );
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("error: {}: {e}", dir.display());
            ExitCode::from(2)
        }
    }
}
