//! Input: finding the files, reading their names, splitting and decoding them.

pub mod decode;
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
    Missing(PathBuf),
    Walk(PathBuf, String),
}

impl std::fmt::Display for DiscoveryError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            DiscoveryError::Missing(p) => write!(f, "{}: no such file or directory", p.display()),
            DiscoveryError::Walk(p, e) => write!(f, "{}: {e}", p.display()),
        }
    }
}

/// Expands the paths given: files are taken as they are; directories are
/// walked recursively for files that look like the standard's (any `.csv`
/// extension, or a known prefix). The result is sorted by path, so reports
/// come out in a stable order.
pub fn discover(paths: &[PathBuf], rev: &Revision) -> (Vec<Source>, Vec<DiscoveryError>) {
    let mut out = Vec::new();
    let mut errors = Vec::new();
    for p in paths {
        if p.is_file() {
            out.push(source(p, false));
        } else if p.is_dir() {
            for entry in walkdir::WalkDir::new(p).sort_by_file_name() {
                match entry {
                    Ok(e) if e.file_type().is_file() => {
                        let name = e.file_name().to_string_lossy();
                        if filename::is_candidate(&name, rev) {
                            out.push(source(e.path(), true));
                        }
                    }
                    Ok(_) => {}
                    Err(e) => errors.push(DiscoveryError::Walk(p.clone(), e.to_string())),
                }
            }
        } else {
            errors.push(DiscoveryError::Missing(p.clone()));
        }
    }
    out.sort();
    // A file both named and found in a directory counts as found there.
    out.dedup_by(|b, a| {
        let same = a.path == b.path;
        if same {
            a.from_directory |= b.from_directory;
        }
        same
    });
    (out, errors)
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
