//! Input: finding the files, reading their names, splitting and decoding them.

pub mod align;
pub mod decode;
pub mod detect;
pub mod filename;
pub mod records;

use std::path::{Path, PathBuf};

use crate::spec::Revision;

/// A file to check, as discovered.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Source {
    pub path: PathBuf,
    /// The file name alone.
    pub name: String,
    /// Whether the file was found by walking a directory (send-unit rules
    /// apply) rather than named on its own (it is checked alone).
    pub from_directory: bool,
}

/// What discovery could not use.
#[derive(Debug)]
pub enum DiscoveryError {
    /// A path that does not exist, with the nearest name in its folder.
    Missing(PathBuf, Option<PathBuf>),
    /// A link named on the command line whose target does not exist.
    BrokenLink(PathBuf),
    /// A FIFO, socket or device, named or found in a folder: never opened.
    NotAFile(PathBuf),
    /// A directory holding no file that looks like the standard's.
    NoFiles(PathBuf),
    /// A link that points outside the folder being checked: not followed.
    LeavesTree(PathBuf),
    Walk(PathBuf, String),
}

/// A path as shown in messages: control characters escaped, so that a file
/// name cannot break a line or pass for a terminal or CI command.
fn shown(p: &Path) -> String {
    crate::finding::printable(&p.display().to_string())
}

impl std::fmt::Display for DiscoveryError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            DiscoveryError::Missing(p, None) => {
                write!(f, "{}: no such file or directory", shown(p))
            }
            DiscoveryError::Missing(p, Some(near)) => write!(
                f,
                "{}: no such file or directory (did you mean {}?)",
                shown(p),
                shown(near)
            ),
            DiscoveryError::BrokenLink(p) => {
                write!(f, "{}: a link to something that does not exist", shown(p))
            }
            DiscoveryError::NotAFile(p) => write!(f, "{}: not a regular file", shown(p)),
            DiscoveryError::NoFiles(p) => write!(
                f,
                "{}: no file to check here (no .csv file, no file named with a prefix of the standard)",
                shown(p)
            ),
            DiscoveryError::LeavesTree(p) => write!(
                f,
                "{}: a link that leaves the folder being checked; not followed",
                shown(p)
            ),
            DiscoveryError::Walk(p, e) => {
                write!(f, "{}: {}", shown(p), crate::finding::printable(e))
            }
        }
    }
}

/// How deep directories are walked.
pub const MAX_DEPTH: usize = 32;

/// Expands the paths given: files are taken as they are; directories are
/// walked recursively for files that look like the standard's (any `.csv`
/// extension, or a known prefix). Links are followed when `follow_links`
/// (a vendor's export folder) and never otherwise (a case may not reach
/// outside its directory). The result is sorted by path, and a file reached
/// twice (the same folder spelled two ways) is kept once.
pub fn discover(
    paths: &[PathBuf],
    rev: &Revision,
    follow_links: bool,
    recursive: bool,
) -> (Vec<Source>, Vec<DiscoveryError>) {
    let mut out = Vec::new();
    let mut errors = Vec::new();
    for p in paths {
        // A path named on the command line is followed, whatever it is.
        let meta = std::fs::metadata(p);
        match meta {
            Ok(m) if m.is_file() => out.push(source(p, false)),
            Ok(m) if m.is_dir() => {
                let before = out.len();
                let root = std::fs::canonicalize(p).unwrap_or_else(|_| p.clone());
                let walk = walkdir::WalkDir::new(p)
                    .follow_links(follow_links)
                    .max_depth(if recursive { MAX_DEPTH } else { 1 })
                    .sort_by_file_name();
                for entry in walk {
                    match entry {
                        Ok(e)
                            if e.path_is_symlink()
                                && !std::fs::canonicalize(e.path())
                                    .is_ok_and(|t| t.starts_with(&root)) =>
                        {
                            errors.push(DiscoveryError::LeavesTree(e.path().to_path_buf()));
                        }
                        Ok(e) if e.file_type().is_file() => {
                            let name = e.file_name().to_string_lossy();
                            if rev.is_candidate_name(&name) {
                                out.push(source(e.path(), true));
                            }
                        }
                        // A FIFO, socket or device that looks like an export
                        // is reported and never opened (reading could block).
                        Ok(e)
                            if !e.file_type().is_dir()
                                && !e.path_is_symlink()
                                && rev.is_candidate_name(&e.file_name().to_string_lossy()) =>
                        {
                            errors.push(DiscoveryError::NotAFile(e.path().to_path_buf()));
                        }
                        Ok(_) => {}
                        Err(e) => errors.push(DiscoveryError::Walk(p.clone(), e.to_string())),
                    }
                }
                if out.len() == before {
                    errors.push(DiscoveryError::NoFiles(p.clone()));
                }
            }
            Ok(_) => errors.push(DiscoveryError::NotAFile(p.clone())),
            Err(_) if std::fs::symlink_metadata(p).is_ok() => {
                errors.push(DiscoveryError::BrokenLink(p.clone()))
            }
            Err(_) => errors.push(DiscoveryError::Missing(p.clone(), nearest(p))),
        }
    }
    // One entry per file, whatever the spelling; a file both named and found
    // in a directory counts as found there.
    let mut seen: std::collections::BTreeMap<PathBuf, usize> = std::collections::BTreeMap::new();
    let mut unique: Vec<Source> = Vec::new();
    for s in out {
        let key = std::fs::canonicalize(&s.path).unwrap_or_else(|_| s.path.clone());
        match seen.get(&key) {
            Some(&i) => unique[i].from_directory |= s.from_directory,
            None => {
                seen.insert(key, unique.len());
                unique.push(s);
            }
        }
    }
    unique.sort();
    (unique, errors)
}

/// The entry of a missing path's folder whose name is closest to it (a
/// typo: at most a third of the name's characters differ).
fn nearest(p: &Path) -> Option<PathBuf> {
    let name = p.file_name()?.to_string_lossy().into_owned();
    let dir = match p.parent() {
        Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let mut best: Option<(usize, String)> = None;
    for e in std::fs::read_dir(&dir).ok()?.flatten() {
        let other = e.file_name().to_string_lossy().into_owned();
        if other == name {
            continue;
        }
        let d = strsim::levenshtein(&name, &other);
        if d * 3 <= name.chars().count().max(1)
            && best.as_ref().is_none_or(|(b, n)| (d, &other) < (*b, n))
        {
            best = Some((d, other));
        }
    }
    best.map(|(_, n)| p.with_file_name(n))
}

fn source(p: &Path, from_directory: bool) -> Source {
    Source {
        from_directory,
        path: p.to_path_buf(),
        name: p
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default(),
    }
}
