//! A file's bytes as the check reads them: read into memory, or, for a
//! large file, mapped.
//!
//! Reading a 48 MB file copies it into fresh pages that the kernel first
//! clears (about 30 ms on the benchmark machine); mapping it reads the
//! pages the system already holds (about 6 ms), and the chunks checked on
//! other threads take their own pages. Files under [`MAP_AT`] are read:
//! they are checked in one or a few chunks, the copy is small, and a
//! folder of thousands of them would otherwise hold a mapping each.
//!
//! A mapping shows the file as it stands, so a program that shortens the
//! file while it is being checked would stop the run (SIGBUS) rather than
//! give a finding. Only files of at least [`MAP_AT`] bytes are mapped; a
//! file that cannot be mapped is read.

use std::fs::File;
use std::io::Read;
use std::path::Path;

/// Files of at least this many bytes are mapped rather than read.
pub const MAP_AT: u64 = 1 << 20;

/// A file's bytes.
pub enum Bytes {
    Read(Vec<u8>),
    Mapped(memmap2::Mmap),
}

impl std::ops::Deref for Bytes {
    type Target = [u8];

    fn deref(&self) -> &[u8] {
        match self {
            Bytes::Read(v) => v,
            Bytes::Mapped(m) => m,
        }
    }
}

impl Bytes {
    /// What of these bytes can be given back as they are checked: a mapped
    /// file's pages, none of read bytes.
    pub fn release(&self) -> Release<'_> {
        match self {
            Bytes::Read(_) => Release::NONE,
            Bytes::Mapped(m) => Release(Some(m)),
        }
    }
}

/// Gives back the pages of a mapped file once the records on them are
/// checked, so that a large file holds in memory about the chunks being
/// checked rather than every page read so far. The mapping is private and
/// read-only, so each of its pages is a page of the file as the system
/// caches it: given back, it leaves this process, and a later read (a
/// record copied for a report) maps the same page of the file again.
#[derive(Clone, Copy)]
pub struct Release<'a>(Option<&'a memmap2::Mmap>);

impl Release<'_> {
    /// Bytes that are not a mapping: nothing is given back.
    pub const NONE: Release<'static> = Release(None);

    /// Gives back the pages of bytes `from..to` (those they share with
    /// the bytes around them included: those are mapped again if read).
    pub fn range(self, from: usize, to: usize) {
        #[cfg(unix)]
        if let Some(m) = self.0 {
            let to = to.min(m.len());
            if from < to {
                // SAFETY: MADV_DONTNEED on a private, read-only file mapping
                // that was never written drops this process's pages of the
                // range; the next read of them repopulates them from the
                // file, so every byte reads as before (the assumption the
                // mapping itself rests on: no other program changes the
                // file during the check). A failure gives nothing back and
                // changes nothing.
                let _ = unsafe {
                    m.unchecked_advise_range(memmap2::UncheckedAdvice::DontNeed, from, to - from)
                };
            }
        }
        // Elsewhere the pages stay mapped until the file is done.
        #[cfg(not(unix))]
        let _ = (self.0, from, to);
    }
}

/// The bytes of the file at `path`, whose length was found to be `len`:
/// mapped when large (and the mapping works), read otherwise.
pub fn load(path: &Path, len: u64) -> std::io::Result<Bytes> {
    let mut file = File::open(path)?;
    if len >= MAP_AT {
        // SAFETY: the mapping is read-only and private to this process;
        // the harness never writes the file. Another program shortening it
        // while it is mapped would raise SIGBUS on a read past its new end
        // (the risk the module comment states, as ripgrep takes it).
        if let Ok(m) = unsafe { memmap2::MmapOptions::new().map(&file) } {
            // The length found when the file was discovered is the one the
            // size limit was checked against; a file that grew since is
            // read as it now stands, as `read` would.
            return Ok(Bytes::Mapped(m));
        }
    }
    let mut v = Vec::with_capacity(usize::try_from(len).unwrap_or(0).saturating_add(1));
    file.read_to_end(&mut v)?;
    Ok(Bytes::Read(v))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_mapped_file_reads_as_the_same_bytes() {
        let dir = std::env::temp_dir().join(format!("careplan-bytes-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join("UPPLAN.CSV");
        let data: Vec<u8> = (0..MAP_AT as usize + 3).map(|i| (i % 251) as u8).collect();
        std::fs::write(&path, &data).unwrap();
        let len = data.len() as u64;
        let mapped = load(&path, len).unwrap();
        assert!(matches!(mapped, Bytes::Mapped(_)) || !cfg!(unix));
        assert_eq!(&*mapped, &data[..]);
        // Below the size, read.
        let small = dir.join("UPSIKYU.CSV");
        std::fs::write(&small, &data[..100]).unwrap();
        let read = load(&small, 100).unwrap();
        assert!(matches!(read, Bytes::Read(_)));
        assert_eq!(&*read, &data[..100]);
        // Pages given back read as the same bytes again.
        mapped.release().range(4096, MAP_AT as usize);
        mapped.release().range(0, usize::MAX);
        assert_eq!(&*mapped, &data[..]);
        read.release().range(0, 100);
        assert_eq!(&*read, &data[..100]);
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
