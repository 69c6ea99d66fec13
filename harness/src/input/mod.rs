//! Input: finding the files, reading their names, splitting and decoding them.

pub mod align;
pub mod bytes;
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
    /// A link whose target does not exist: named on the command line, or
    /// found in a folder under a name that looks like the standard's.
    BrokenLink(PathBuf),
    /// A FIFO, socket or device, named or found in a folder (also through a
    /// link): never opened.
    NotAFile(PathBuf),
    /// A directory holding no file that looks like the standard's.
    NoFiles(PathBuf),
    /// A link that points outside the folder being checked: neither read
    /// nor entered.
    LeavesTree(PathBuf),
    /// A link to a folder that holds it (a loop): entered once, not again.
    Loop(PathBuf),
    /// A folder deeper than [`MAX_DEPTH`]: not walked.
    TooDeep(PathBuf),
    Walk(PathBuf, String),
}

/// A path as shown in messages: lossless, with control characters escaped,
/// so that a file name cannot break a line or pass for a terminal or CI
/// command, and two names never show the same.
fn shown(p: &Path) -> String {
    crate::finding::path_text(p.as_os_str())
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
            DiscoveryError::Loop(p) => write!(
                f,
                "{}: a link to a folder that holds it (a loop); its files were read once",
                shown(p)
            ),
            DiscoveryError::TooDeep(p) => write!(
                f,
                "{}: a folder deeper than {MAX_DEPTH} levels below the folder given; not walked",
                shown(p)
            ),
            DiscoveryError::Walk(p, e) => {
                write!(f, "{}: {}", shown(p), crate::finding::printable(e))
            }
        }
    }
}

/// How deep directories are walked: a folder this many levels below the
/// one given is reported, not walked.
pub const MAX_DEPTH: usize = 32;

/// Where a link found in a folder leads: inside the tree being walked
/// (followed), outside it (neither read nor entered), or nowhere.
fn link_target(link: &Path, root: &Path) -> Option<bool> {
    std::fs::canonicalize(link)
        .ok()
        .map(|t| t.starts_with(root))
}

/// Expands the paths given: files are taken as they are; directories are
/// walked recursively for files that look like the standard's (any `.csv`
/// extension, or a known prefix). Links inside a folder are followed when
/// `follow_links` (a vendor's export folder) and only while they stay
/// inside the folder given: a link that leads out of it is reported and
/// neither read nor entered, a link back to a folder above it (a loop) is
/// entered once, and a file reached twice is kept once. Without
/// `follow_links` (a case may not reach outside its directory) links are
/// not followed at all. The result is sorted by path.
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
                walk(p, rev, follow_links, recursive, &mut out, &mut errors);
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

/// Walks one folder given on the command line.
fn walk(
    dir: &Path,
    rev: &Revision,
    follow_links: bool,
    recursive: bool,
    out: &mut Vec<Source>,
    errors: &mut Vec<DiscoveryError>,
) {
    let root = std::fs::canonicalize(dir).unwrap_or_else(|_| dir.to_path_buf());
    let candidate = |p: &Path| {
        p.file_name()
            .is_some_and(|n| rev.is_candidate_name(&n.to_string_lossy()))
    };
    // Links that lead out of the tree are refused before walkdir opens
    // them: it neither reads a file behind one nor descends into a folder.
    let refused = std::cell::RefCell::new(Vec::new());
    let walker = walkdir::WalkDir::new(dir)
        .follow_links(follow_links)
        .max_depth(if recursive { MAX_DEPTH } else { 1 })
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| {
            if e.depth() == 0 || !e.path_is_symlink() {
                return true;
            }
            match link_target(e.path(), &root) {
                Some(true) => true,
                Some(false) => {
                    refused
                        .borrow_mut()
                        .push(DiscoveryError::LeavesTree(e.path().to_path_buf()));
                    false
                }
                // A broken link: walkdir reports it as an error, below.
                None => true,
            }
        });
    for entry in walker {
        errors.append(&mut refused.borrow_mut());
        match entry {
            // Not followed (a link out of the tree was refused above).
            Ok(e) if e.path_is_symlink() && !follow_links => {}
            Ok(e) if e.file_type().is_file() => {
                if candidate(e.path()) {
                    out.push(source(e.path(), true));
                }
            }
            Ok(e) if e.file_type().is_dir() => {
                let holds_anything =
                    || std::fs::read_dir(e.path()).is_ok_and(|mut d| d.next().is_some());
                if recursive && e.depth() == MAX_DEPTH && holds_anything() {
                    errors.push(DiscoveryError::TooDeep(e.path().to_path_buf()));
                }
            }
            // A FIFO, socket or device that looks like an export, found
            // directly or through a link, is reported and never opened
            // (reading could block).
            Ok(e) => {
                if candidate(e.path()) {
                    errors.push(DiscoveryError::NotAFile(e.path().to_path_buf()));
                }
            }
            Err(err) => {
                let path = err.path().map(Path::to_path_buf);
                let is_link = path
                    .as_deref()
                    .is_some_and(|p| std::fs::symlink_metadata(p).is_ok_and(|m| m.is_symlink()));
                match path {
                    Some(p) if err.loop_ancestor().is_some() => {
                        errors.push(DiscoveryError::Loop(p))
                    }
                    // A link to nothing under a name of the standard's is
                    // a file that cannot be read; under any other name it
                    // is not the standard's business.
                    Some(p) if is_link && std::fs::metadata(&p).is_err() => {
                        if candidate(&p) {
                            errors.push(DiscoveryError::BrokenLink(p));
                        }
                    }
                    Some(p) => errors.push(DiscoveryError::Walk(p, err.to_string())),
                    None => errors.push(DiscoveryError::Walk(dir.to_path_buf(), err.to_string())),
                }
            }
        }
    }
    errors.append(&mut refused.borrow_mut());
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
            .map(crate::finding::path_text)
            .unwrap_or_default(),
    }
}
