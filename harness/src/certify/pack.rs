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
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Profile {
    pub id: String,
    pub title: String,
    pub role: String,
    pub required: Vec<String>,
    pub optional: Vec<String>,
    /// Why the profile cannot be certified with this pack, if so.
    #[serde(default)]
    pub pending: Option<String>,
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
        for id in p.required.iter().chain(&p.optional) {
            if !scenarios.iter().any(|s| &s.meta.id == id) {
                return Err(format!(
                    "profiles.toml: profile `{}` names an unknown scenario `{id}`",
                    p.id
                ));
            }
        }
    }
    Ok(Pack {
        meta,
        profiles: profiles.profile,
        scenarios,
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
            "profiles.toml".to_string(),
            format!(
                "[[profile]]\nid = {profile_id:?}\ntitle = \"t\"\nrole = \"r\"\nrequired = [{scenario_id:?}]\noptional = []\n"
            )
            .into_bytes(),
        );
        files.insert(
            format!("{scenario_id}/scenario.toml"),
            format!(
                "id = {scenario_id:?}\ntitle = \"t\"\ndirection = \"import\"\ndescription = \"d\"\n"
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
