//! The scenario pack: profiles per role and the scenarios they require, one
//! folder per scenario, versioned with the spec revision it targets
//! (`scenarios/<revision>/`). The packs are embedded in the binary; a folder
//! can be given instead (`--pack DIR`).

use std::collections::BTreeMap;
use std::path::Path;

use serde::Deserialize;

include!(concat!(env!("OUT_DIR"), "/embedded_packs.rs"));

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PackMeta {
    pub version: String,
    pub revision: String,
    pub title: String,
    /// Scenario ids no longer in the pack. An id is never reused: a
    /// scenario whose requirement changes gets a new id, and the old one is
    /// listed here.
    #[serde(default)]
    pub withdrawn: Vec<Withdrawn>,
}

#[derive(Debug, Clone, Deserialize, serde::Serialize)]
#[serde(deny_unknown_fields)]
pub struct Withdrawn {
    pub id: String,
    /// The pack version that withdrew it.
    pub since: String,
    #[serde(default)]
    pub replaced_by: Vec<String>,
    pub reason: String,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Profile {
    pub id: String,
    pub title: String,
    pub role: String,
    /// The role column of 本文2.2 or 3.2 whose cells the profile certifies
    /// (a `columns` id of roles.json).
    pub column: String,
    pub required: Vec<String>,
    pub optional: Vec<String>,
    /// Cells of the column that do not apply to this kind of office, each
    /// with the reason.
    #[serde(default)]
    pub not_applicable: Vec<NotApplicable>,
    /// Why the profile cannot be certified with this pack, if so.
    #[serde(default)]
    pub pending: Option<String>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NotApplicable {
    pub cell: String,
    pub reason: String,
}

/// The role tables of 本文2.2 and 3.2 (`roles.json`), cell by cell.
#[derive(Debug, Clone, Deserialize)]
pub struct RoleTable {
    pub columns: Vec<RoleColumn>,
    pub cells: Vec<Cell>,
}

#[derive(Debug, Clone, Deserialize)]
pub struct RoleColumn {
    pub id: String,
    pub table: String,
    pub header: String,
    pub role: String,
}

/// One cell: a row (a file) of a table, a role column, a direction.
#[derive(Debug, Clone, Deserialize)]
pub struct Cell {
    /// 「本文2.2 表(1) ① 居宅介護支援事業所向け 出力」.
    pub id: String,
    pub table: String,
    pub row: String,
    /// The `columns` id.
    pub column: String,
    /// `export` or `import`.
    pub direction: String,
    pub kinds: Vec<String>,
    /// ○, △ or `blank`, as printed.
    pub mark: String,
    /// high, medium or low: how sure the reading of the printed table is.
    pub confidence: String,
    /// The lines of 本文 the cell is read from.
    pub quote: String,
    /// For an uncertain cell, the mark the pack certifies against.
    #[serde(default)]
    pub decision: Option<String>,
    #[serde(default)]
    pub decision_reason: Option<String>,
}

impl Cell {
    /// The mark certified against: the decision where there is one.
    pub fn effective_mark(&self) -> &str {
        self.decision.as_deref().unwrap_or(&self.mark)
    }
    /// 「本文2.2 表(1) ① 居宅介護支援事業所向け 出力 ○」.
    pub fn label(&self) -> String {
        match self.effective_mark() {
            "blank" => format!("{} （空欄）", self.id),
            m => format!("{} {m}", self.id),
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Direction {
    /// The product exports; `expected/` holds what it must export.
    Output,
    /// The product imports `import/`; with `reply`, it then exports what
    /// `expected/` holds, otherwise the import is attested.
    Import,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ScenarioMeta {
    pub id: String,
    pub title: String,
    pub direction: Direction,
    #[serde(default)]
    pub reply: bool,
    /// The role-table cells (roles.json ids) the scenario certifies.
    #[serde(default)]
    pub cells: Vec<String>,
    /// The text a scenario rests on when it certifies no cell.
    #[serde(default)]
    pub basis: Option<String>,
    /// An import of defective files that the product must refuse.
    #[serde(default)]
    pub refuse: bool,
    /// What is wrong with the files, for a refusal.
    #[serde(default)]
    pub defect: Option<String>,
    /// The error-level rules that find the defect (the pack's tests check
    /// that they do).
    #[serde(default)]
    pub defect_rules: Vec<String>,
    pub description: String,
}

#[derive(Debug, Clone)]
pub struct Scenario {
    pub meta: ScenarioMeta,
    /// (file name, bytes) of what the product must export.
    pub expected: Vec<(String, Vec<u8>)>,
    /// (file name, bytes) of what the product must import.
    pub imports: Vec<(String, Vec<u8>)>,
}

impl Scenario {
    /// Whether the harness judges exported files (otherwise an attestation).
    pub fn judged_on_files(&self) -> bool {
        self.meta.direction == Direction::Output || self.meta.reply
    }
}

#[derive(Debug, Clone)]
pub struct Pack {
    pub meta: PackMeta,
    pub profiles: Vec<Profile>,
    pub scenarios: Vec<Scenario>,
    pub roles: RoleTable,
    /// SHA-256 of the pack's files: of the lines `sha256  path` (paths
    /// under the pack with '/', in byte order) that `sha256sum` prints.
    pub sha256: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ProfilesFile {
    profile: Vec<Profile>,
}

impl Pack {
    pub fn profile(&self, id: &str) -> Option<&Profile> {
        self.profiles.iter().find(|p| p.id == id)
    }
    pub fn scenario(&self, id: &str) -> Option<&Scenario> {
        self.scenarios.iter().find(|s| s.meta.id == id)
    }
    pub fn cell(&self, id: &str) -> Option<&Cell> {
        self.roles.cells.iter().find(|c| c.id == id)
    }
    pub fn column(&self, id: &str) -> Option<&RoleColumn> {
        self.roles.columns.iter().find(|c| c.id == id)
    }
    pub fn withdrawn(&self, id: &str) -> Option<&Withdrawn> {
        self.meta.withdrawn.iter().find(|w| w.id == id)
    }
    /// The cells of the profile's column that a scenario certifies.
    pub fn cells_for<'a>(&'a self, profile: &Profile, s: &Scenario) -> Vec<&'a Cell> {
        s.meta
            .cells
            .iter()
            .filter_map(|id| self.cell(id))
            .filter(|c| c.column == profile.column)
            .collect()
    }
}

/// The hex SHA-256 of bytes.
pub fn sha256_hex(b: &[u8]) -> String {
    use sha2::{Digest, Sha256};
    Sha256::digest(b)
        .iter()
        .map(|x| format!("{x:02x}"))
        .collect()
}

/// SHA-256 of a set of files as `sha256sum` lists them: the hash of the
/// lines `HASH  PATH\n`, in the order given (byte order of the paths).
/// `find . -type f | sed 's|^\./||' | LC_ALL=C sort | xargs sha256sum | sha256sum`
/// in the folder gives the same.
pub fn files_sha256<'a>(files: impl IntoIterator<Item = (&'a str, &'a [u8])>) -> String {
    let mut manifest = String::new();
    for (path, bytes) in files {
        manifest.push_str(&sha256_hex(bytes));
        manifest.push_str("  ");
        manifest.push_str(path);
        manifest.push('\n');
    }
    sha256_hex(manifest.as_bytes())
}

/// Builds a pack from its files, given as (path under the pack, bytes).
pub fn from_files(files: &BTreeMap<String, Vec<u8>>) -> Result<Pack, String> {
    let text = |p: &str| -> Result<&str, String> {
        let b = files.get(p).ok_or_else(|| format!("{p} is missing"))?;
        std::str::from_utf8(b).map_err(|e| format!("{p}: {e}"))
    };
    let meta: PackMeta =
        toml::from_str(text("pack.toml")?).map_err(|e| format!("pack.toml: {e}"))?;
    let profiles: ProfilesFile =
        toml::from_str(text("profiles.toml")?).map_err(|e| format!("profiles.toml: {e}"))?;
    let roles: RoleTable =
        serde_json::from_str(text("roles.json")?).map_err(|e| format!("roles.json: {e}"))?;
    let withdrawn = meta.withdrawn.clone();
    let mut scenarios = Vec::new();
    for (path, _) in files.iter().filter(|(p, _)| p.ends_with("/scenario.toml")) {
        let dir = &path[..path.len() - "/scenario.toml".len()];
        let meta: ScenarioMeta = toml::from_str(text(path)?).map_err(|e| format!("{path}: {e}"))?;
        if !crate::cases::is_id(&meta.id) {
            return Err(format!(
                "{path}: {}",
                crate::cases::id_error("scenario id", &meta.id)
            ));
        }
        if meta.id != dir {
            return Err(format!(
                "{path}: id `{}` differs from its folder `{dir}`",
                meta.id
            ));
        }
        let pick = |sub: &str| -> Vec<(String, Vec<u8>)> {
            let prefix = format!("{dir}/{sub}/");
            files
                .iter()
                .filter_map(|(p, b)| p.strip_prefix(&prefix).map(|n| (n.to_string(), b.clone())))
                .filter(|(n, _)| !n.contains('/'))
                .collect()
        };
        let s = Scenario {
            expected: pick("expected"),
            imports: pick("import"),
            meta,
        };
        if s.judged_on_files() && s.expected.is_empty() {
            return Err(format!(
                "{dir}: an output or reply scenario needs expected/ files"
            ));
        }
        if s.meta.direction == Direction::Import && s.imports.is_empty() {
            return Err(format!("{dir}: an import scenario needs import/ files"));
        }
        if s.meta.refuse && (s.meta.direction != Direction::Import || s.meta.reply) {
            return Err(format!("{dir}: a refusal is an import without a reply"));
        }
        if s.meta.cells.is_empty() && s.meta.basis.is_none() {
            return Err(format!(
                "{dir}: a scenario names the role-table cells it certifies (cells) or its basis"
            ));
        }
        for c in &s.meta.cells {
            if !roles.cells.iter().any(|x| &x.id == c) {
                return Err(format!("{dir}: no cell `{c}` in roles.json"));
            }
        }
        if withdrawn.iter().any(|w| w.id == s.meta.id) {
            return Err(format!(
                "{dir}: `{}` is listed as withdrawn in pack.toml",
                s.meta.id
            ));
        }
        scenarios.push(s);
    }
    scenarios.sort_by(|a, b| a.meta.id.cmp(&b.meta.id));
    for p in &profiles.profile {
        // A profile id names the folder of its reports (reports/certify/ID).
        if !crate::cases::is_id(&p.id) {
            return Err(format!(
                "profiles.toml: {}",
                crate::cases::id_error("profile id", &p.id)
            ));
        }
        if !roles.columns.iter().any(|c| c.id == p.column) {
            return Err(format!(
                "profiles.toml: profile `{}` names an unknown column `{}`",
                p.id, p.column
            ));
        }
        for na in &p.not_applicable {
            if !roles
                .cells
                .iter()
                .any(|c| c.id == na.cell && c.column == p.column)
            {
                return Err(format!(
                    "profiles.toml: profile `{}`: `{}` is not a cell of its column",
                    p.id, na.cell
                ));
            }
        }
        for id in p.required.iter().chain(&p.optional) {
            if !scenarios.iter().any(|s| &s.meta.id == id) {
                return Err(format!(
                    "profiles.toml: profile `{}` names an unknown scenario `{id}`",
                    p.id
                ));
            }
        }
    }
    let sha256 = files_sha256(files.iter().map(|(p, b)| (p.as_str(), b.as_slice())));
    Ok(Pack {
        meta,
        profiles: profiles.profile,
        scenarios,
        roles,
        sha256,
    })
}

/// The pack embedded for a revision.
pub fn embedded(revision: &str) -> Result<Pack, String> {
    let prefix = format!("{revision}/");
    let files: BTreeMap<String, Vec<u8>> = EMBEDDED_PACKS
        .iter()
        .filter_map(|(p, b)| p.strip_prefix(&prefix).map(|r| (r.to_string(), b.to_vec())))
        .collect();
    if files.is_empty() {
        return Err(format!(
            "no scenario pack is embedded for revision {revision}"
        ));
    }
    from_files(&files)
}

/// A pack read from a folder (the layout of `scenarios/<revision>/`).
pub fn from_dir(dir: &Path) -> Result<Pack, String> {
    let mut files = BTreeMap::new();
    for e in walkdir::WalkDir::new(dir)
        .sort_by_file_name()
        .into_iter()
        .flatten()
    {
        if e.file_type().is_file() {
            let rel = e.path().strip_prefix(dir).unwrap_or(e.path());
            let rel = rel.to_string_lossy().replace('\\', "/");
            let bytes =
                std::fs::read(e.path()).map_err(|x| format!("{}: {x}", e.path().display()))?;
            files.insert(rel, bytes);
        }
    }
    from_files(&files)
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    fn pack_with(profile_id: &str, scenario_id: &str) -> BTreeMap<String, Vec<u8>> {
        let mut files = BTreeMap::new();
        files.insert(
            "pack.toml".to_string(),
            b"version = \"1\"\nrevision = \"4.1\"\ntitle = \"t\"\n".to_vec(),
        );
        files.insert(
            "roles.json".to_string(),
            br#"{"columns": [{"id": "c", "table": "t", "header": "h", "role": "r"}], "cells": [{"id": "x", "table": "t", "row": "r", "column": "c", "direction": "import", "kinds": ["UPJSK"], "mark": "\u25cb", "confidence": "high", "quote": "q"}]}"#.to_vec(),
        );
        files.insert(
            "profiles.toml".to_string(),
            format!(
                "[[profile]]\nid = {profile_id:?}\ntitle = \"t\"\nrole = \"r\"\ncolumn = \"c\"\nrequired = [{scenario_id:?}]\noptional = []\n"
            )
            .into_bytes(),
        );
        files.insert(
            format!("{scenario_id}/scenario.toml"),
            format!(
                "id = {scenario_id:?}\ntitle = \"t\"\ndirection = \"import\"\ncells = [\"x\"]\ndescription = \"d\"\n"
            )
            .into_bytes(),
        );
        files.insert(format!("{scenario_id}/import/A.CSV"), b"x\r\n".to_vec());
        files
    }

    #[test]
    fn profile_and_scenario_ids_are_names_not_paths() {
        assert!(super::from_files(&pack_with("p-1", "s01")).is_ok());
        for bad in ["../escape", "/tmp/x", "a/b", ".hidden", ""] {
            let e = super::from_files(&pack_with(bad, "s01")).unwrap_err();
            assert!(
                e.contains("profile id") && e.contains("is not a name"),
                "{bad}: {e}"
            );
        }
        for bad in ["../escape", "a/b"] {
            let e = super::from_files(&pack_with("p", bad)).unwrap_err();
            assert!(
                e.contains("scenario id") && e.contains("is not a name"),
                "{bad}: {e}"
            );
        }
    }

    #[test]
    fn the_embedded_pack_loads_and_its_profiles_name_real_scenarios() {
        let p = super::embedded("4.1").unwrap();
        assert_eq!(p.meta.revision, "4.1");
        assert!(p.profile("kyotaku-shien").is_some());
        assert!(p.profile("service-provider").is_some());
        assert!(p.scenarios.len() >= 15);
    }
}
