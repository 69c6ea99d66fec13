//! Where cases and golden models are read from: a folder on disk, or the
//! copy built into the binary (`cases/` and `golden/` as in the repository,
//! embedded by build.rs), so that an installed harness runs its own suite
//! in any folder.
//!
//! Both are read the same way: regular files by path, the entries of a
//! folder, and links never followed (the built-in copy holds none).

use std::fmt;
use std::io;
use std::path::{Path, PathBuf};

include!(concat!(env!("OUT_DIR"), "/embedded_tree.rs"));

/// Which tree a path is read from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tree {
    Disk,
    /// The files built into the binary, by their path in the repository.
    Embedded,
}

/// What a folder entry is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Kind {
    File,
    Dir,
    /// A link, or anything else that is neither a regular file nor a folder.
    Other,
}

/// A path as the built-in tree names it: `/`-separated, without `./`.
fn key(path: &Path) -> String {
    let s = path.to_string_lossy().replace('\\', "/");
    let mut s = s.as_str();
    while let Some(rest) = s.strip_prefix("./") {
        s = rest;
    }
    s.trim_end_matches('/').to_string()
}

fn embedded(path: &Path) -> Option<&'static [u8]> {
    let k = key(path);
    EMBEDDED_TREE
        .binary_search_by(|(p, _)| (*p).cmp(k.as_str()))
        .ok()
        .map(|i| EMBEDDED_TREE[i].1)
}

/// The built-in entries under `dir/`, as (path after `dir/`, contents).
fn embedded_under(dir: &Path) -> impl Iterator<Item = (&'static str, &'static [u8])> {
    let prefix = format!("{}/", key(dir));
    let start = EMBEDDED_TREE.partition_point(|(p, _)| *p < prefix.as_str());
    EMBEDDED_TREE[start..]
        .iter()
        .map_while(move |(p, b)| p.strip_prefix(prefix.as_str()).map(|rest| (rest, *b)))
}

fn not_found(path: &Path) -> io::Error {
    io::Error::new(
        io::ErrorKind::NotFound,
        format!("{}: not in the built-in cases", path.display()),
    )
}

impl Tree {
    /// The bytes of a regular file.
    pub fn read(self, path: &Path) -> io::Result<Vec<u8>> {
        match self {
            Tree::Disk => std::fs::read(path),
            Tree::Embedded => embedded(path)
                .map(<[u8]>::to_vec)
                .ok_or_else(|| not_found(path)),
        }
    }

    pub fn read_to_string(self, path: &Path) -> io::Result<String> {
        String::from_utf8(self.read(path)?)
            .map_err(|e| io::Error::new(io::ErrorKind::InvalidData, e))
    }

    /// Whether `path` is a regular file (on disk, a link to one counts, as
    /// `Path::is_file` has it).
    pub fn is_file(self, path: &Path) -> bool {
        match self {
            Tree::Disk => path.is_file(),
            Tree::Embedded => embedded(path).is_some(),
        }
    }

    pub fn is_dir(self, path: &Path) -> bool {
        match self {
            Tree::Disk => path.is_dir(),
            Tree::Embedded => embedded_under(path).next().is_some(),
        }
    }

    /// Whether `path` itself is a link (never in the built-in tree).
    pub fn is_link(self, path: &Path) -> bool {
        match self {
            Tree::Disk => path
                .symlink_metadata()
                .is_ok_and(|m| m.file_type().is_symlink()),
            Tree::Embedded => false,
        }
    }

    /// The entries directly in `dir`, sorted by name; links are
    /// [`Kind::Other`] and not followed.
    pub fn entries(self, dir: &Path) -> io::Result<Vec<(String, Kind)>> {
        let mut out = Vec::new();
        match self {
            Tree::Disk => {
                for entry in std::fs::read_dir(dir)? {
                    let entry = entry?;
                    let Ok(meta) = entry.path().symlink_metadata() else {
                        continue;
                    };
                    let kind = if meta.is_dir() {
                        Kind::Dir
                    } else if meta.is_file() {
                        Kind::File
                    } else {
                        Kind::Other
                    };
                    out.push((entry.file_name().to_string_lossy().into_owned(), kind));
                }
            }
            Tree::Embedded => {
                for (rest, _) in embedded_under(dir) {
                    let (name, kind) = match rest.split_once('/') {
                        Some((name, _)) => (name, Kind::Dir),
                        None => (rest, Kind::File),
                    };
                    out.push((name.to_string(), kind));
                }
                if out.is_empty() && !self.is_dir(dir) {
                    return Err(not_found(dir));
                }
            }
        }
        out.sort();
        out.dedup_by(|a, b| a.0 == b.0);
        Ok(out)
    }

    /// Every regular file named `name` under `root` (links not followed),
    /// as paths starting with `root`, in the order of their paths.
    pub fn find(self, root: &Path, name: &str) -> Vec<PathBuf> {
        let mut out: Vec<PathBuf> = match self {
            Tree::Disk => walkdir::WalkDir::new(root)
                .sort_by_file_name()
                .into_iter()
                .flatten()
                .filter(|e| e.file_name() == name && e.file_type().is_file())
                .map(|e| e.into_path())
                .collect(),
            Tree::Embedded => embedded_under(root)
                .filter(|(rest, _)| rest.rsplit('/').next() == Some(name))
                .map(|(rest, _)| root.join(rest))
                .collect(),
        };
        out.sort();
        out
    }
}

/// A folder of cases or golden models: on disk, or built in.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Folder {
    pub tree: Tree,
    /// The folder's path; for the built-in tree, its path in the
    /// repository (`cases`, `golden`).
    pub path: PathBuf,
}

impl Folder {
    pub fn on_disk(path: impl Into<PathBuf>) -> Folder {
        Folder {
            tree: Tree::Disk,
            path: path.into(),
        }
    }

    /// The built-in copy of the repository's `cases/`.
    pub fn builtin_cases() -> Folder {
        Folder {
            tree: Tree::Embedded,
            path: PathBuf::from("cases"),
        }
    }

    /// The built-in copy of the repository's `golden/`.
    pub fn builtin_golden() -> Folder {
        Folder {
            tree: Tree::Embedded,
            path: PathBuf::from("golden"),
        }
    }

    /// `path` when it is a folder on disk, or else the built-in copy: what
    /// `run` and `golden` read when no folder is given.
    pub fn disk_or_builtin(path: &str) -> Folder {
        if Path::new(path).is_dir() {
            Folder::on_disk(path)
        } else {
            Folder {
                tree: Tree::Embedded,
                path: PathBuf::from(path),
            }
        }
    }

    pub fn is_builtin(&self) -> bool {
        self.tree == Tree::Embedded
    }

    pub fn join(&self, rel: impl AsRef<Path>) -> PathBuf {
        self.path.join(rel)
    }
}

impl fmt::Display for Folder {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // A name that is not UTF-8 stays distinguishable (lossless escaping).
        let path = crate::finding::path_text(self.path.as_os_str());
        match self.tree {
            Tree::Disk => write!(f, "{path}"),
            Tree::Embedded => write!(f, "{path} (built in)"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_built_in_tree_is_sorted_and_holds_cases_and_golden_models() {
        assert!(EMBEDDED_TREE.windows(2).all(|w| w[0].0 < w[1].0));
        let t = Tree::Embedded;
        let base = Path::new("cases/conformant/use-set-6-7-hosoku");
        assert!(t.is_dir(base));
        assert!(t.is_file(&base.join("case.toml")));
        assert!(t.is_file(Path::new("./golden/conformant.use-set-6-7-hosoku.json")));
        assert!(!t.is_file(base));
        assert!(!t.is_dir(Path::new("cases/conformant/use-set")));
        let groups = t.entries(Path::new("cases")).unwrap();
        assert!(
            groups.contains(&("field".to_string(), Kind::Dir)),
            "{groups:?}"
        );
        // The certification reference submissions are not cases.
        assert!(!t.is_dir(Path::new("cases/certification")));
        let own = t.entries(base).unwrap();
        assert!(own.contains(&("case.toml".to_string(), Kind::File)));
        assert!(t.entries(Path::new("cases/nope")).is_err());
        let found = t.find(Path::new("cases"), "case.toml");
        assert!(found.len() > 100, "{}", found.len());
        assert!(found.iter().all(|p| p.starts_with("cases")));
    }

    #[test]
    fn the_built_in_files_are_those_of_the_repository() {
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
        for (path, bytes) in EMBEDDED_TREE {
            assert_eq!(
                std::fs::read(root.join(path)).ok().as_deref(),
                Some(*bytes),
                "{path}"
            );
        }
    }
}
