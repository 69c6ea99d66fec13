//! A revision folder given on the command line: read from disk (bounded,
//! links not followed), validated against the published JSON Schema
//! ([`crate::spec::json_schema`]) and then by the checks every embedded
//! folder passes ([`crate::spec::schema`]), before anything uses it.
//!
//! Nothing here panics on what a folder holds: every problem becomes a
//! [`Problem`] naming the file, the JSON pointer and what was expected.

use std::path::Path;

use crate::spec::json_schema;
use crate::spec::schema::{self, file_in, Problem, Revision};

/// Files larger than this are not read (the largest embedded file is about 40 KB).
pub const MAX_FILE_BYTES: u64 = 4 * 1024 * 1024;
/// At most this many files of a folder are read.
pub const MAX_FILES: usize = 256;

/// The file documenting the folder's readings: copied by `spec export`,
/// not part of the data or its hash.
pub const READINGS: &str = "READINGS.md";

/// A revision folder's files as read: its JSON files and READINGS.md, by
/// name, in byte order of the names.
#[derive(Debug, Clone, Default)]
pub struct FolderFiles {
    pub json: Vec<(String, Vec<u8>)>,
    pub readings: Option<Vec<u8>>,
}

impl FolderFiles {
    /// SHA-256 of the data: its JSON files, as `sha256sum *.json | sha256sum`
    /// in the folder gives it (the hash a certificate records).
    pub fn sha256(&self) -> String {
        files_sha256(self.json.iter().map(|(n, b)| (n.as_str(), b.as_slice())))
    }
}

fn sha256_hex(data: &[u8]) -> String {
    use sha2::Digest;
    sha2::Sha256::digest(data)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// SHA-256 of a set of files as `sha256sum` lists them: the hash of the
/// lines `HASH  NAME\n`, in the order given.
pub fn files_sha256<'a>(files: impl IntoIterator<Item = (&'a str, &'a [u8])>) -> String {
    let mut manifest = String::new();
    for (name, bytes) in files {
        manifest.push_str(&sha256_hex(bytes));
        manifest.push_str("  ");
        manifest.push_str(name);
        manifest.push('\n');
    }
    sha256_hex(manifest.as_bytes())
}

/// Reads a revision folder: its `*.json` files and READINGS.md. Other
/// files (a `.DS_Store`, notes) and subfolders are passed over; a link is
/// not followed, and a file over [`MAX_FILE_BYTES`] is not read.
pub fn read(dir: &Path, label: &str) -> Result<FolderFiles, Vec<Problem>> {
    let at = |name: &str| file_in(label, name);
    let entries = match std::fs::read_dir(dir) {
        Ok(rd) => rd,
        Err(e) => {
            let why = if dir.is_file() {
                "a file, not a revision folder".to_string()
            } else {
                e.to_string()
            };
            return Err(vec![Problem::new(label.to_string(), "", why)]);
        }
    };
    let mut names: Vec<(String, std::path::PathBuf)> = Vec::new();
    let mut problems = Vec::new();
    for e in entries.flatten() {
        let name = e.file_name().to_string_lossy().into_owned();
        if !(name.ends_with(".json") || name == READINGS) {
            continue;
        }
        names.push((name, e.path()));
    }
    names.sort();
    if names.len() > MAX_FILES {
        return Err(vec![Problem::new(
            label.to_string(),
            "",
            format!(
                "{} JSON files; a revision folder holds at most {MAX_FILES}",
                names.len()
            ),
        )]);
    }
    let mut files = FolderFiles::default();
    for (name, path) in names {
        let meta = match std::fs::symlink_metadata(&path) {
            Ok(m) => m,
            Err(e) => {
                problems.push(Problem::new(at(&name), "", e.to_string()));
                continue;
            }
        };
        if meta.file_type().is_symlink() {
            problems.push(Problem::new(
                at(&name),
                "",
                "a link; the files of a revision folder are read only as regular files",
            ));
            continue;
        }
        if !meta.is_file() {
            continue;
        }
        if meta.len() > MAX_FILE_BYTES {
            problems.push(Problem::new(
                at(&name),
                "",
                format!(
                    "{} bytes; a file of a revision folder has at most {MAX_FILE_BYTES}",
                    meta.len()
                ),
            ));
            continue;
        }
        match std::fs::read(&path) {
            Ok(b) if name == READINGS => files.readings = Some(b),
            Ok(b) => files.json.push((name, b)),
            Err(e) => problems.push(Problem::new(at(&name), "", e.to_string())),
        }
    }
    if problems.is_empty() {
        Ok(files)
    } else {
        Err(problems)
    }
}

/// Loads a folder's JSON files: each is UTF-8 JSON valid under its schema
/// (`revision.json` under revision.schema.json, the others under
/// kind.schema.json); then the folder is loaded and passes the checks no
/// schema can state. `label` shows the folder in messages.
pub fn load(label: &str, files: &[(String, Vec<u8>)]) -> Result<Revision, Vec<Problem>> {
    let (revision_schema, kind_schema) = json_schema::schemas();
    let mut problems = Vec::new();
    let mut texts: Vec<(&str, &str)> = Vec::new();
    if !files.iter().any(|(n, _)| n == "revision.json") {
        problems.push(Problem::new(
            file_in(label, "revision.json"),
            "",
            "missing: a revision folder holds revision.json and one <KIND>.json per kind it lists",
        ));
    }
    for (name, bytes) in files {
        let file = file_in(label, name);
        let text = match std::str::from_utf8(bytes) {
            Ok(t) => t,
            Err(e) => {
                problems.push(Problem::new(
                    file,
                    "",
                    format!(
                        "expected UTF-8 text; the bytes at offset {} are not",
                        e.valid_up_to()
                    ),
                ));
                continue;
            }
        };
        let value: serde_json::Value = match serde_json::from_str(text) {
            Ok(v) => v,
            Err(e) => {
                problems.push(Problem::new(file, "", format!("expected JSON: {e}")));
                continue;
            }
        };
        let schema = if name == "revision.json" {
            &revision_schema
        } else {
            &kind_schema
        };
        let errors = json_schema::validate(schema, &value);
        if errors.is_empty() {
            texts.push((name.as_str(), text));
        }
        problems.extend(
            errors
                .into_iter()
                .map(|e| Problem::new(file.clone(), e.pointer, e.message)),
        );
    }
    if !problems.is_empty() {
        return Err(problems);
    }
    let rev = schema::load_folder(label, &texts, None)?;
    let problems = schema::validate_one(&rev);
    if problems.is_empty() {
        Ok(rev)
    } else {
        Err(problems)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The JSON files of a folder under `src/spec/`, as the harness is built from them.
    fn embedded(rev: &str) -> Vec<(String, Vec<u8>)> {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("src/spec")
            .join(rev);
        let files = read(&dir, rev).unwrap();
        assert!(files.readings.is_some());
        files.json
    }

    fn edited(rev: &str, file: &str, edit: impl Fn(&str) -> String) -> Vec<(String, Vec<u8>)> {
        embedded(rev)
            .into_iter()
            .map(|(n, b)| {
                let b = if n == file {
                    edit(std::str::from_utf8(&b).unwrap()).into_bytes()
                } else {
                    b
                };
                (n, b)
            })
            .collect()
    }

    fn problems(files: &[(String, Vec<u8>)]) -> Vec<String> {
        load("draft", files)
            .err()
            .unwrap_or_default()
            .iter()
            .map(ToString::to_string)
            .collect()
    }

    #[test]
    fn the_embedded_folders_load_as_a_folder_given_on_the_command_line() {
        for rev in ["3.2", "4.1"] {
            let r = load("x", &embedded(rev)).unwrap();
            assert_eq!(r.revision, rev);
            assert_eq!(r.label, "x");
        }
    }

    #[test]
    fn every_problem_is_reported_with_its_file_and_pointer() {
        let files = edited("4.1", "UPPLAN.json", |c| {
            c.replacen("\"no\": 2,", "\"no\": 1,", 1).replacen(
                "\"length\": 6,",
                "\"length\": \"6\",",
                1,
            )
        });
        let files: Vec<_> = files
            .into_iter()
            .map(|(n, b)| {
                if n == "UPJSK.json" {
                    let t = String::from_utf8(b).unwrap();
                    // 実績's サービス回数 code table forgotten.
                    let t = t.replacen("\"type\": \"digits\"", "\"type\": \"code\"", 1);
                    (n, t.into_bytes())
                } else {
                    (n, b)
                }
            })
            .collect();
        let p = problems(&files);
        assert!(
            p.contains(&"draft/UPPLAN.json: /fields/0/length: expected an integer or null, found string \"6\"".to_string()),
            "{p:#?}"
        );
        assert!(
            p.contains(&"draft/UPPLAN.json: /fields/1/no: expected 2, found number 1".to_string()),
            "{p:#?}"
        );
        assert!(
            p.iter().any(|x| x.starts_with("draft/UPJSK.json: /fields/")
                && x.ends_with(
                    ": missing property `codes` (a field of type code carries its code table)"
                )),
            "{p:#?}"
        );
    }

    #[test]
    fn bytes_that_are_not_a_folder_are_refused_with_a_message() {
        let p = problems(&[("revision.json".into(), vec![0xff, b'{'])]);
        assert_eq!(
            p,
            ["draft/revision.json: expected UTF-8 text; the bytes at offset 0 are not"]
        );
        let p = problems(&[("UPPLAN.json".into(), b"{}".to_vec())]);
        assert!(p[0].starts_with("draft/revision.json: missing"), "{p:?}");
        let p = problems(&[("revision.json".into(), b"[1,".to_vec())]);
        assert!(
            p[0].starts_with("draft/revision.json: expected JSON: "),
            "{p:?}"
        );
        // A kind listed without its file, a file not listed.
        let mut files = embedded("4.1");
        files.retain(|(n, _)| n != "DLTYOBO.json");
        files.push(("UPPLN.json".into(), embedded("4.1")[0].1.clone()));
        let p = problems(&files);
        assert!(
            p.iter()
                .any(|x| x == "draft/UPPLN.json: not a kind listed in revision.json (/kinds)"),
            "{p:#?}"
        );
        assert!(p.iter().any(|x| x == "draft/revision.json: /kinds/17: expected the file DLTYOBO.json in the folder for the kind DLTYOBO"), "{p:#?}");
    }

    #[test]
    fn the_hash_of_a_folder_is_the_hash_of_its_json_files() {
        let files = FolderFiles {
            json: vec![("a.json".into(), b"1".to_vec())],
            readings: Some(b"x".to_vec()),
        };
        // printf 1 > a.json; sha256sum a.json | sha256sum
        let line = format!("{}  a.json\n", sha256_hex(b"1"));
        assert_eq!(files.sha256(), sha256_hex(line.as_bytes()));
    }
}
