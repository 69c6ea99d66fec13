//! What changes from one revision to another, computed from the data: file
//! kinds, fields (added, removed, renamed, lengths, 必須 marks, types, code
//! lists), file-name grammar, send units and the CSVバージョン.

use serde::Serialize;

use crate::finding::Lang;
use crate::spec::{FieldSpec, KindSpec, LengthKind, Required, Revision};

#[derive(Debug, Clone, Serialize)]
#[serde(tag = "change", rename_all = "kebab-case")]
pub enum FieldChange {
    Added {
        no: u16,
        name: String,
        detail: String,
    },
    Removed {
        no: u16,
        name: String,
    },
    Renamed {
        from_no: u16,
        to_no: u16,
        from: String,
        to: String,
    },
    Length {
        from_no: u16,
        to_no: u16,
        name: String,
        from: String,
        to: String,
    },
    Required {
        from_no: u16,
        to_no: u16,
        name: String,
        from: String,
        to: String,
    },
    Type {
        from_no: u16,
        to_no: u16,
        name: String,
        from: String,
        to: String,
    },
    Codes {
        from_no: u16,
        to_no: u16,
        name: String,
        added: Vec<String>,
        removed: Vec<String>,
    },
    /// What the field means to the rules (its role) changed: a rule that
    /// reads it by role starts or stops applying.
    Role {
        from_no: u16,
        to_no: u16,
        name: String,
        from: String,
        to: String,
    },
    /// What the field holds as personal data (its `privacy` class)
    /// changed: its values may start or stop being masked.
    Privacy {
        from_no: u16,
        to_no: u16,
        name: String,
        from: String,
        to: String,
    },
}

#[derive(Debug, Clone, Serialize)]
pub struct KindDiff {
    pub kind: String,
    pub name_ja: String,
    /// `added`, `removed` or `changed`.
    pub status: &'static str,
    pub fields_from: usize,
    pub fields_to: usize,
    pub changes: Vec<FieldChange>,
}

#[derive(Debug, Clone, Serialize)]
pub struct SpecDiff {
    pub from: String,
    pub to: String,
    pub csv_version: (String, String),
    pub applies_from_month: (String, String),
    /// Changes of the file-name grammar, in words.
    pub file_name: Vec<String>,
    pub kinds: Vec<KindDiff>,
    /// Send units whose members changed: (id, from, to).
    pub send_units: Vec<(String, Vec<String>, Vec<String>)>,
}

fn length(f: &FieldSpec) -> String {
    match (f.length, f.length_kind) {
        (Some(n), LengthKind::Fixed) => format!("{n}"),
        (Some(n), _) => format!("≤{n}"),
        (None, LengthKind::Free) => "―".into(),
        (None, _) => "?".into(),
    }
}

fn required(f: &FieldSpec) -> String {
    match f.required {
        Required::Yes => "○".into(),
        Required::Unconfirmed => "○?".into(),
        Required::No => "".into(),
    }
}

/// The privacy class, and whether it is masked.
fn privacy(f: &FieldSpec) -> String {
    format!(
        "{}{}",
        f.privacy.as_str(),
        if f.privacy.masked() { " (masked)" } else { "" }
    )
}

/// A privacy class of [`privacy`] as shown in `lang`: the class is the
/// revision folder's own word, the mark of masking follows the language.
fn privacy_shown(p: &str, ja: bool) -> String {
    match (p.strip_suffix(" (masked)"), ja) {
        (Some(class), true) => format!("{class}（マスク済み）"),
        _ => p.to_string(),
    }
}

fn role(f: &FieldSpec) -> String {
    f.role
        .and_then(|r| serde_json::to_value(r).ok())
        .and_then(|v| v.as_str().map(str::to_string))
        .unwrap_or_else(|| "-".into())
}

fn ty(f: &FieldSpec) -> String {
    serde_json::to_value(f.ty)
        .ok()
        .and_then(|v| v.as_str().map(str::to_string))
        .unwrap_or_default()
}

/// Pairs the fields of two layouts by name (the k-th field of a name with
/// the k-th of the same name), then pairs what is left between the same
/// matched neighbours as renames.
pub fn pair(a: &[FieldSpec], b: &[FieldSpec]) -> (Vec<(usize, usize)>, Vec<usize>, Vec<usize>) {
    let occurrence =
        |v: &[FieldSpec], i: usize| v[..i].iter().filter(|f| f.name == v[i].name).count();
    let mut pairs = Vec::new();
    let mut used_b = vec![false; b.len()];
    for (i, fa) in a.iter().enumerate() {
        let k = occurrence(a, i);
        if let Some(j) =
            (0..b.len()).find(|&j| !used_b[j] && b[j].name == fa.name && occurrence(b, j) == k)
        {
            used_b[j] = true;
            pairs.push((i, j));
        }
    }
    let mut ra: Vec<usize> = (0..a.len())
        .filter(|i| !pairs.iter().any(|p| p.0 == *i))
        .collect();
    let mut rb: Vec<usize> = (0..b.len()).filter(|j| !used_b[*j]).collect();
    // A removed and an added field between the same paired neighbours, of
    // the same type, are one field renamed.
    let neighbour =
        |i: usize, pairs: &[(usize, usize)]| pairs.iter().filter(|p| p.0 < i).map(|p| p.1).max();
    let mut renames = Vec::new();
    for &i in &ra.clone() {
        let before = neighbour(i, &pairs);
        if let Some(pos) = rb.iter().position(|&j| {
            let nb = pairs.iter().filter(|p| p.1 < j).map(|p| p.1).max();
            nb == before && a[i].ty == b[j].ty
        }) {
            let j = rb.remove(pos);
            ra.retain(|x| *x != i);
            renames.push((i, j));
        }
    }
    pairs.extend(renames);
    pairs.sort();
    (pairs, ra, rb)
}

fn kind_diff(a: &KindSpec, b: &KindSpec) -> KindDiff {
    let (pairs, removed, added) = pair(&a.fields, &b.fields);
    let mut changes = Vec::new();
    for j in added {
        let f = &b.fields[j];
        changes.push(FieldChange::Added {
            no: f.no,
            name: f.name.clone(),
            detail: format!("{} {}", ty(f), length(f)),
        });
    }
    for i in removed {
        let f = &a.fields[i];
        changes.push(FieldChange::Removed {
            no: f.no,
            name: f.name.clone(),
        });
    }
    for (i, j) in pairs {
        let (fa, fb) = (&a.fields[i], &b.fields[j]);
        let (from_no, to_no) = (fa.no, fb.no);
        if fa.name != fb.name {
            changes.push(FieldChange::Renamed {
                from_no,
                to_no,
                from: fa.name.clone(),
                to: fb.name.clone(),
            });
        }
        let name = fb.name.clone();
        if length(fa) != length(fb) {
            changes.push(FieldChange::Length {
                from_no,
                to_no,
                name: name.clone(),
                from: length(fa),
                to: length(fb),
            });
        }
        if required(fa) != required(fb) {
            changes.push(FieldChange::Required {
                from_no,
                to_no,
                name: name.clone(),
                from: required(fa),
                to: required(fb),
            });
        }
        if fa.ty != fb.ty {
            changes.push(FieldChange::Type {
                from_no,
                to_no,
                name: name.clone(),
                from: ty(fa),
                to: ty(fb),
            });
        }
        if fa.role != fb.role {
            changes.push(FieldChange::Role {
                from_no,
                to_no,
                name: name.clone(),
                from: role(fa),
                to: role(fb),
            });
        }
        if fa.privacy != fb.privacy {
            changes.push(FieldChange::Privacy {
                from_no,
                to_no,
                name: name.clone(),
                from: privacy(fa),
                to: privacy(fb),
            });
        }
        let codes = |f: &FieldSpec| {
            f.codes
                .as_ref()
                .map(|c| c.keys().cloned().collect::<Vec<_>>())
                .unwrap_or_default()
        };
        let (ca, cb) = (codes(fa), codes(fb));
        if ca != cb {
            changes.push(FieldChange::Codes {
                from_no,
                to_no,
                name,
                added: cb.iter().filter(|c| !ca.contains(c)).cloned().collect(),
                removed: ca.iter().filter(|c| !cb.contains(c)).cloned().collect(),
            });
        }
    }
    let no = |c: &FieldChange| match c {
        FieldChange::Added { no, .. } | FieldChange::Removed { no, .. } => *no,
        FieldChange::Renamed { to_no, .. }
        | FieldChange::Length { to_no, .. }
        | FieldChange::Required { to_no, .. }
        | FieldChange::Type { to_no, .. }
        | FieldChange::Codes { to_no, .. }
        | FieldChange::Role { to_no, .. }
        | FieldChange::Privacy { to_no, .. } => *to_no,
    };
    changes.sort_by_key(no);
    KindDiff {
        kind: b.kind.clone(),
        name_ja: b.name_ja.clone(),
        status: "changed",
        fields_from: a.fields.len(),
        fields_to: b.fields.len(),
        changes,
    }
}

pub fn diff(a: &Revision, b: &Revision) -> SpecDiff {
    let mut kinds = Vec::new();
    for kb in &b.layouts {
        match a.layout(&kb.kind) {
            Some(ka) => {
                let d = kind_diff(ka, kb);
                if !d.changes.is_empty() {
                    kinds.push(d);
                }
            }
            None => kinds.push(KindDiff {
                kind: kb.kind.clone(),
                name_ja: kb.name_ja.clone(),
                status: "added",
                fields_from: 0,
                fields_to: kb.fields.len(),
                changes: Vec::new(),
            }),
        }
    }
    for ka in &a.layouts {
        if b.layout(&ka.kind).is_none() {
            kinds.push(KindDiff {
                kind: ka.kind.clone(),
                name_ja: ka.name_ja.clone(),
                status: "removed",
                fields_from: ka.fields.len(),
                fields_to: 0,
                changes: Vec::new(),
            });
        }
    }
    let mut file_name = Vec::new();
    let (sa, sb) = (
        a.file_name.service_kind_segments,
        b.file_name.service_kind_segments,
    );
    if sa != sb {
        let show = |s: bool| crate::spec::name_pattern("UPPLAN", true, s);
        file_name.push(format!(
            "service kind segments {}: {} → {}",
            if sb { "added" } else { "removed" },
            show(sa),
            show(sb)
        ));
    }
    if a.file_name.extension != b.file_name.extension {
        file_name.push(format!(
            ".{} → .{}",
            a.file_name.extension, b.file_name.extension
        ));
    }
    let mut send_units = Vec::new();
    for ub in &b.send_units {
        let from = a
            .send_units
            .iter()
            .find(|u| u.id == ub.id)
            .map(|u| u.members.clone())
            .unwrap_or_default();
        if from != ub.members {
            send_units.push((ub.id.clone(), from, ub.members.clone()));
        }
    }
    for ua in &a.send_units {
        if !b.send_units.iter().any(|u| u.id == ua.id) {
            send_units.push((ua.id.clone(), ua.members.clone(), Vec::new()));
        }
    }
    SpecDiff {
        from: a.revision.clone(),
        to: b.revision.clone(),
        csv_version: (a.csv_version.clone(), b.csv_version.clone()),
        applies_from_month: (a.applies_from_month.clone(), b.applies_from_month.clone()),
        file_name,
        kinds,
        send_units,
    }
}

/// The diff with its sentences in `lang` (the diff is made in English).
pub fn localized(mut d: SpecDiff, lang: Lang) -> SpecDiff {
    if lang == Lang::Ja {
        for l in &mut d.file_name {
            *l = l
                .replace("service kind segments added:", "サービス種類の項目を追加:")
                .replace(
                    "service kind segments removed:",
                    "サービス種類の項目を削除:",
                );
        }
    }
    d
}

pub fn human(d: &SpecDiff, lang: Lang) -> String {
    let ja = lang == Lang::Ja;
    let mut s = format!("spec diff {} → {}\n", d.from, d.to);
    s.push_str(&if ja {
        format!(
            "CSVバージョン: {} → {}（適用するサービス提供月 {} → {}）\n",
            d.csv_version.0, d.csv_version.1, d.applies_from_month.0, d.applies_from_month.1
        )
    } else {
        format!(
            "CSVバージョン: {} → {} (applies from service month {} → {})\n",
            d.csv_version.0, d.csv_version.1, d.applies_from_month.0, d.applies_from_month.1
        )
    });
    for l in &d.file_name {
        s.push_str(&if ja {
            format!("ファイル名: {l}\n")
        } else {
            format!("file names: {l}\n")
        });
    }
    for (id, from, to) in &d.send_units {
        let (from, to) = (from.join(", "), to.join(", "));
        s.push_str(&match (from.is_empty(), to.is_empty(), ja) {
            (true, _, true) => format!("送信単位 {id} を追加: {{{to}}}\n"),
            (true, _, false) => format!("send unit {id} added: {{{to}}}\n"),
            (_, true, true) => format!("送信単位 {id} を削除: {{{from}}}\n"),
            (_, true, false) => format!("send unit {id} removed: {{{from}}}\n"),
            (_, _, true) => format!("送信単位 {id}: {{{from}}} → {{{to}}}\n"),
            (_, _, false) => format!("send unit {id}: {{{from}}} → {{{to}}}\n"),
        });
    }
    for k in &d.kinds {
        match (k.status, ja) {
            ("added", true) => s.push_str(&format!(
                "\n+ {}（{}）: ファイル種別を追加、{}項目\n",
                k.kind, k.name_ja, k.fields_to
            )),
            ("added", false) => s.push_str(&format!(
                "\n+ {} ({}): file kind added, {} fields\n",
                k.kind, k.name_ja, k.fields_to
            )),
            ("removed", true) => s.push_str(&format!(
                "\n- {}（{}）: ファイル種別を削除\n",
                k.kind, k.name_ja
            )),
            ("removed", false) => s.push_str(&format!(
                "\n- {} ({}): file kind removed\n",
                k.kind, k.name_ja
            )),
            _ => {
                s.push_str(&if ja {
                    format!(
                        "\n~ {}（{}）: {} → {}項目\n",
                        k.kind, k.name_ja, k.fields_from, k.fields_to
                    )
                } else {
                    format!(
                        "\n~ {} ({}): {} → {} fields\n",
                        k.kind, k.name_ja, k.fields_from, k.fields_to
                    )
                });
                let (renamed, length, ty_, codes, role, privacy) = if ja {
                    (
                        "名称変更",
                        "項目長",
                        "型",
                        "コード",
                        "役割",
                        "個人情報の区分",
                    )
                } else {
                    ("renamed", "length", "type", "codes", "role", "privacy")
                };
                for c in &k.changes {
                    s.push_str(&match c {
                        FieldChange::Added { no, name, detail } => {
                            format!("  + No.{no} {name} ({detail})\n")
                        }
                        FieldChange::Removed { no, name } => format!("  - No.{no} {name}\n"),
                        FieldChange::Renamed {
                            from_no,
                            to_no,
                            from,
                            to,
                        } => format!("  ~ No.{from_no}→{to_no} {renamed}: {from} → {to}\n"),
                        FieldChange::Length {
                            from_no,
                            to_no,
                            name,
                            from,
                            to,
                        } => format!("  ~ No.{from_no}→{to_no} {name}: {length} {from} → {to}\n"),
                        FieldChange::Required {
                            from_no,
                            to_no,
                            name,
                            from,
                            to,
                        } => format!("  ~ No.{from_no}→{to_no} {name}: 必須 '{from}' → '{to}'\n"),
                        FieldChange::Type {
                            from_no,
                            to_no,
                            name,
                            from,
                            to,
                        } => format!("  ~ No.{from_no}→{to_no} {name}: {ty_} {from} → {to}\n"),
                        FieldChange::Codes {
                            from_no,
                            to_no,
                            name,
                            added,
                            removed,
                        } => format!(
                            "  ~ No.{from_no}→{to_no} {name}: {codes} +[{}] -[{}]\n",
                            added.join(" "),
                            removed.join(" ")
                        ),
                        FieldChange::Role {
                            from_no,
                            to_no,
                            name,
                            from,
                            to,
                        } => format!("  ~ No.{from_no}→{to_no} {name}: {role} {from} → {to}\n"),
                        FieldChange::Privacy {
                            from_no,
                            to_no,
                            name,
                            from,
                            to,
                        } => format!(
                            "  ~ No.{from_no}→{to_no} {name}: {privacy} {} → {}\n",
                            privacy_shown(from, ja),
                            privacy_shown(to, ja)
                        ),
                    });
                }
            }
        }
    }
    s
}

/// A table cell: `|` escaped, line breaks as spaces.
fn cell(s: &str) -> String {
    s.replace('|', "\\|").replace(['\n', '\r'], " ")
}

/// One change as the standard's 更新履歴 words it: what is changed, from
/// what, to what.
fn wording(c: &FieldChange, ja: bool) -> (String, String, String) {
    let q = |s: &str| {
        if s.is_empty() {
            if ja {
                "（空欄）".to_string()
            } else {
                "(blank)".to_string()
            }
        } else if ja {
            format!("「{s}」")
        } else {
            format!("'{s}'")
        }
    };
    let codes = |v: &[String]| v.join(if ja { "、" } else { ", " });
    let no = |from: u16, to: u16| {
        if from == to {
            format!("{to}")
        } else {
            format!("{from}→{to}")
        }
    };
    match c {
        FieldChange::Added {
            no: n,
            name,
            detail,
        } => (
            n.to_string(),
            name.clone(),
            if ja {
                format!("項目を追加（{detail}）")
            } else {
                format!("field added ({detail})")
            },
        ),
        FieldChange::Removed { no: n, name } => (
            n.to_string(),
            name.clone(),
            if ja {
                "項目を削除"
            } else {
                "field removed"
            }
            .to_string(),
        ),
        FieldChange::Renamed {
            from_no,
            to_no,
            from,
            to,
        } => (
            no(*from_no, *to_no),
            to.clone(),
            if ja {
                format!("名称を{}から{}に変更", q(from), q(to))
            } else {
                format!("renamed: {} → {}", q(from), q(to))
            },
        ),
        FieldChange::Length {
            from_no,
            to_no,
            name,
            from,
            to,
        }
        | FieldChange::Required {
            from_no,
            to_no,
            name,
            from,
            to,
        }
        | FieldChange::Type {
            from_no,
            to_no,
            name,
            from,
            to,
        }
        | FieldChange::Role {
            from_no,
            to_no,
            name,
            from,
            to,
        }
        | FieldChange::Privacy {
            from_no,
            to_no,
            name,
            from,
            to,
        } => {
            // One aspect of the field, from one value to another.
            let (aspect_ja, aspect_en) = match c {
                FieldChange::Length { .. } => ("項目長", "length"),
                FieldChange::Required { .. } => ("必須", "required (必須)"),
                FieldChange::Type { .. } => ("書式", "type"),
                FieldChange::Role { .. } => ("検査上の役割", "role in the checks"),
                _ => ("個人情報の区分", "privacy class"),
            };
            let shown = |v: &str| match c {
                FieldChange::Privacy { .. } => q(&privacy_shown(v, ja)),
                _ => q(v),
            };
            (
                no(*from_no, *to_no),
                name.clone(),
                if ja {
                    format!("{aspect_ja}を{}から{}に変更", shown(from), shown(to))
                } else {
                    format!("{aspect_en}: {} → {}", shown(from), shown(to))
                },
            )
        }
        FieldChange::Codes {
            from_no,
            to_no,
            name,
            added,
            removed,
        } => {
            let mut parts = Vec::new();
            if !added.is_empty() {
                parts.push(if ja {
                    format!("コード{}を追加", q(&codes(added)))
                } else {
                    format!("codes added: {}", codes(added))
                });
            }
            if !removed.is_empty() {
                parts.push(if ja {
                    format!("コード{}を削除", q(&codes(removed)))
                } else {
                    format!("codes removed: {}", codes(removed))
                });
            }
            (
                no(*from_no, *to_no),
                name.clone(),
                parts.join(if ja { "、" } else { "; " }),
            )
        }
    }
}

/// The change list as the standard's own 更新履歴 gives it, for a revision
/// notice: one numbered row per change, with the file kind, the field No.,
/// the item and what it changes from and to. In Japanese (`ja`) or English.
pub fn markdown(d: &SpecDiff, ja: bool) -> String {
    let mut s = if ja {
        format!(
            "# ケアプランデータ連携標準仕様 更新内容（{} → {}）\n\n",
            d.from, d.to
        )
    } else {
        format!(
            "# ケアプランデータ連携標準仕様: changes from {} to {}\n\n",
            d.from, d.to
        )
    };
    if ja {
        s.push_str(&format!("| | {} | {} |\n|---|---|---|\n", d.from, d.to));
        s.push_str(&format!(
            "| CSVバージョン | {} | {} |\n| 適用年月（サービス提供年月） | {} | {} |\n\n",
            d.csv_version.0, d.csv_version.1, d.applies_from_month.0, d.applies_from_month.1
        ));
    } else {
        s.push_str(&format!("| | {} | {} |\n|---|---|---|\n", d.from, d.to));
        s.push_str(&format!(
            "| CSVバージョン | {} | {} |\n| applies from service month | {} | {} |\n\n",
            d.csv_version.0, d.csv_version.1, d.applies_from_month.0, d.applies_from_month.1
        ));
    }
    let mut rows: Vec<[String; 4]> = Vec::new();
    let dash = || "―".to_string();
    if d.csv_version.0 != d.csv_version.1 {
        rows.push([
            if ja { "全ファイル" } else { "every file" }.to_string(),
            "1".into(),
            "CSVバージョン".into(),
            if ja {
                format!(
                    "バージョン年月を「{}」から「{}」に変更（サービス提供年月{}から適用）",
                    d.csv_version.0, d.csv_version.1, d.applies_from_month.1
                )
            } else {
                format!(
                    "{} → {} (from service month {})",
                    d.csv_version.0, d.csv_version.1, d.applies_from_month.1
                )
            },
        ]);
    }
    for l in &d.file_name {
        rows.push([
            if ja {
                "ファイル名規約"
            } else {
                "file names"
            }
            .to_string(),
            dash(),
            dash(),
            l.clone(),
        ]);
    }
    for (id, from, to) in &d.send_units {
        let set = |v: &Vec<String>| format!("{{{}}}", v.join(", "));
        let text = match (from.is_empty(), to.is_empty(), ja) {
            (true, _, true) => format!("送信単位を追加 {}", set(to)),
            (true, _, false) => format!("send unit added: {}", set(to)),
            (_, true, true) => format!("送信単位を削除 {}", set(from)),
            (_, true, false) => format!("send unit removed: {}", set(from)),
            (_, _, true) => format!("構成を {} から {} に変更", set(from), set(to)),
            (_, _, false) => format!("members: {} → {}", set(from), set(to)),
        };
        rows.push([
            if ja {
                format!("送信単位 {id}")
            } else {
                format!("send unit {id}")
            },
            dash(),
            dash(),
            text,
        ]);
    }
    for k in &d.kinds {
        let kind = format!("{}（{}）", k.name_ja, k.kind);
        match k.status {
            "added" => rows.push([
                kind,
                dash(),
                dash(),
                if ja {
                    format!("ファイルを追加（{}項目）", k.fields_to)
                } else {
                    format!("file kind added ({} fields)", k.fields_to)
                },
            ]),
            "removed" => rows.push([
                kind,
                dash(),
                dash(),
                if ja {
                    "ファイルを削除"
                } else {
                    "file kind removed"
                }
                .to_string(),
            ]),
            _ => {
                for c in &k.changes {
                    let (no, item, text) = wording(c, ja);
                    rows.push([kind.clone(), no, item, text]);
                }
            }
        }
    }
    if ja {
        s.push_str("| No. | ファイル | 項目No. | 項目名 | 更新内容 |\n|---|---|---|---|---|\n");
    } else {
        s.push_str("| No. | file | field No. | item | change |\n|---|---|---|---|---|\n");
    }
    for (i, r) in rows.iter().enumerate() {
        s.push_str(&format!(
            "| {} | {} | {} | {} | {} |\n",
            i + 1,
            cell(&r[0]),
            cell(&r[1]),
            cell(&r[2]),
            cell(&r[3])
        ));
    }
    if rows.is_empty() {
        s.push_str(if ja {
            "\n変更はありません。\n"
        } else {
            "\nNo changes.\n"
        });
    }
    s
}

/// A layout as a table, for `spec show`.
pub fn show(rev: &Revision, k: &KindSpec, lang: Lang) -> String {
    let ja = lang == Lang::Ja;
    let mut s = if ja {
        format!(
            "{} {}、{}版（CSVバージョン {}）、{}項目\n",
            k.kind,
            k.name_ja,
            rev.revision,
            rev.csv_version,
            k.fields.len()
        )
    } else {
        format!(
            "{} {} ({}), revision {} (CSVバージョン {}), {} fields\n",
            k.kind,
            k.name_ja,
            k.name_en,
            rev.revision,
            rev.csv_version,
            k.fields.len()
        )
    };
    s.push_str(&format!(
        "{}: {}\n",
        if ja { "ファイル名" } else { "file name" },
        rev.name_pattern(k)
    ));
    if let Some(b) = &k.basis {
        s.push_str(&format!("{}: {b}\n", if ja { "根拠" } else { "basis" }));
    }
    s.push_str(if ja {
        "\nNo.  必須 長さ  型              項目名\n"
    } else {
        "\nNo.  req. len.  type            name\n"
    });
    let (personal, codes, placeholder, fixed, confidence) = if ja {
        ("個人情報", "コード", "代替値", "固定値", "確度")
    } else {
        ("personal", "codes", "placeholder", "fixed", "confidence")
    };
    for f in &k.fields {
        let mut extra = Vec::new();
        if f.personal {
            extra.push(format!(
                "{personal}: {}",
                if ja {
                    f.privacy.label_ja()
                } else {
                    f.privacy.as_str()
                }
            ));
        }
        if let Some(c) = &f.codes {
            extra.push(format!(
                "{codes} {}",
                c.keys().cloned().collect::<Vec<_>>().join("/")
            ));
        }
        // A placeholder the type's name already states (hhmm_or_9999) is
        // not said twice.
        if let Some(z) = f
            .zero_value
            .as_ref()
            .filter(|z| !ty(f).ends_with(&format!("_or_{z}")))
        {
            extra.push(format!("{placeholder} {z}"));
        }
        if let Some(v) = &f.fixed_value {
            extra.push(format!("{fixed} {v}"));
        }
        if let Some(c) = &f.confidence {
            extra.push(format!("{confidence} {c}"));
        }
        s.push_str(&format!(
            "{:<4} {:<4} {:<5} {:<15} {}{}\n",
            f.no,
            required(f),
            length(f),
            ty(f),
            f.name,
            if extra.is_empty() {
                String::new()
            } else {
                format!("  [{}]", extra.join(if ja { "、" } else { "; " }))
            }
        ));
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::spec;

    #[test]
    fn from_3_2_to_4_1_shows_what_the_issue_lists() {
        let d = diff(
            spec::revision("3.2").unwrap(),
            spec::revision("4.1").unwrap(),
        );
        let text = human(&d, Lang::En);
        assert!(text.contains("+ UP3KYO"), "{text}");
        assert!(
            text.contains("~ UPPLAN (第６表（サービス利用票）予定): 22 → 25 fields"),
            "{text}"
        );
        for (no, name) in [
            (16, "TAISコード"),
            (17, "福祉用具届出コード"),
            (18, "用具名称（機種名）"),
        ] {
            assert!(
                text.contains(&format!("  + No.{no} {name}")),
                "{name}: {text}"
            );
        }
        assert!(text.contains("~ UPSIKYU (第７表（サービス利用票別表）): 34 → 37 fields"));
        assert!(text.contains("  + No.10 TAISコード"));
        assert!(
            text.contains("~ No.13→16 回数／日数: length ≤2 → ≤3"),
            "{text}"
        );
        assert!(text.contains("file names: service kind segments added"));
        assert!(text.contains(
            "send unit plan: {UP1KYO, UP2KYO, UPHOSOKU} → {UP1KYO, UP2KYO, UP3KYO, UPHOSOKU}"
        ));
        // Fields that only moved are not changes.
        assert!(!text.contains("サービス事業者コード"), "{text}");
    }

    #[test]
    fn a_role_that_changes_is_shown() {
        let layout = |role: &str| -> KindSpec {
            serde_json::from_str(&format!(
                r#"{{"kind": "UP2KYO", "name_ja": "居宅サービス計画2表", "name_en": "plan table 2",
                   "layout_ja": "居宅サービス計画2表", "month_segment": false, "direction": "plan",
                   "fields": [{{"no": 1, "name": "課題ＮＯ", "type": "digits", "length": 2,
                                "length_kind": "max", "required": "no",
                                "privacy": "structure"{role}}}]}}"#
            ))
            .unwrap()
        };
        let d = kind_diff(&layout(""), &layout(r#", "role": "number_level1""#));
        assert_eq!(d.changes.len(), 1);
        let text = human(
            &SpecDiff {
                from: "a".into(),
                to: "b".into(),
                csv_version: Default::default(),
                applies_from_month: Default::default(),
                file_name: Vec::new(),
                kinds: vec![d],
                send_units: Vec::new(),
            },
            Lang::En,
        );
        assert!(
            text.contains("  ~ No.1→1 課題ＮＯ: role - → number_level1\n"),
            "{text}"
        );
    }

    #[test]
    fn a_privacy_class_that_changes_is_shown() {
        let layout = |privacy: &str| -> KindSpec {
            serde_json::from_str(&format!(
                r#"{{"kind": "UPYOBO", "name_ja": "介護予防サービス・支援計画書", "name_en": "plan",
                   "layout_ja": "介護予防サービス・支援計画書", "month_segment": false, "direction": "plan",
                   "fields": [{{"no": 15, "name": "計画作成者氏名", "type": "free_text",
                                "length_kind": "free", "required": "no",
                                "privacy": "{privacy}"}}]}}"#
            ))
            .unwrap()
        };
        let d = kind_diff(&layout("staff_name"), &layout("plan"));
        assert_eq!(d.changes.len(), 1);
        let diff = SpecDiff {
            from: "a".into(),
            to: "b".into(),
            csv_version: Default::default(),
            applies_from_month: Default::default(),
            file_name: Vec::new(),
            kinds: vec![d],
            send_units: Vec::new(),
        };
        let text = human(&diff, Lang::En);
        assert!(
            text.contains("  ~ No.15→15 計画作成者氏名: privacy staff_name (masked) → plan\n"),
            "{text}"
        );
        let text = human(&diff, Lang::Ja);
        assert!(
            text.contains(
                "  ~ No.15→15 計画作成者氏名: 個人情報の区分 staff_name（マスク済み） → plan\n"
            ),
            "{text}"
        );
        assert!(
            markdown(&diff, true)
                .contains("個人情報の区分を「staff_name（マスク済み）」から「plan」に変更"),
            "{}",
            markdown(&diff, true)
        );
    }

    #[test]
    fn the_same_revision_has_no_difference() {
        let r = spec::revision("4.1").unwrap();
        let d = diff(r, r);
        assert!(d.kinds.is_empty() && d.file_name.is_empty() && d.send_units.is_empty());
    }
}
