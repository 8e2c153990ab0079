//! The metadata index: every entry's non-secret metadata, beside the store.
//!
//! It lets `list`, `status` and `check` run without unlocking anything, so
//! cron can watch expiry without holding a key. Writers update it under the
//! same lock as the values.

use std::collections::BTreeMap;
use std::path::Path;

use serde::{Deserialize, Serialize};

use crate::config::StoreKind;
use crate::entry::Meta;
use crate::fsutil::{self, FsError};

const FORMAT: &str = "chopvault-index";
const VERSION: u32 = 1;

/// The index file's content.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Index {
    format: String,
    version: u32,
    /// Which store it describes.
    pub store: StoreKind,
    /// Entries by name.
    #[serde(default)]
    pub entries: BTreeMap<String, Meta>,
    /// Size and modification time of the vault file this index was made
    /// from (file store), to notice a vault changed elsewhere (a git pull).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<Stamp>,
}

/// A file's size and modification time (nanoseconds since the epoch).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Stamp {
    /// Bytes.
    pub len: u64,
    /// Modification time.
    pub mtime_ns: i128,
}

impl Stamp {
    /// The stamp of a file as it is now.
    pub fn of(path: &Path) -> Option<Stamp> {
        let meta = std::fs::metadata(path).ok()?;
        let mtime = meta.modified().ok()?;
        let ns = match mtime.duration_since(std::time::UNIX_EPOCH) {
            Ok(d) => d.as_nanos() as i128,
            Err(e) => -(e.duration().as_nanos() as i128),
        };
        Some(Stamp {
            len: meta.len(),
            mtime_ns: ns,
        })
    }
}

/// An index that could not be read.
#[derive(Debug)]
pub enum IndexError {
    /// Reading or writing failed.
    Fs(FsError),
    /// Not an index (damaged or foreign); holds no secret, so the fix is to
    /// rebuild it.
    Invalid(Invalid),
}

/// What is wrong with an index file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Invalid {
    /// Not JSON of an index, from this line and column (1-based).
    At {
        /// The line.
        line: usize,
        /// The column.
        column: usize,
    },
    /// Not an index this version reads (another format, a newer version).
    NotIndex(std::path::PathBuf),
}

impl Index {
    /// An empty index for a store.
    pub fn empty(store: StoreKind) -> Self {
        Index {
            format: FORMAT.into(),
            version: VERSION,
            store,
            entries: BTreeMap::new(),
            source: None,
        }
    }

    /// Reads the index; `Ok(None)` when it does not exist.
    pub fn load(path: &Path) -> Result<Option<Index>, IndexError> {
        let bytes = match crate::fsutil::read_bounded(path, crate::fsutil::MAX_INDEX_FILE) {
            Ok(b) => b,
            Err(e) if e.is_not_found() => return Ok(None),
            Err(e) => return Err(IndexError::Fs(e)),
        };
        let index: Index = serde_json::from_slice(&bytes).map_err(|e| {
            IndexError::Invalid(Invalid::At {
                line: e.line(),
                column: e.column(),
            })
        })?;
        if index.format != FORMAT || index.version > VERSION {
            return Err(IndexError::Invalid(Invalid::NotIndex(path.to_path_buf())));
        }
        Ok(Some(index))
    }

    /// The one way an index is written: under the writers' lock (`_held`
    /// proves it is taken), the index at `path` is loaded (or started
    /// empty for `store`), changed by `f`, and saved atomically (0600 in a
    /// 0700 folder).
    pub fn update<T>(
        path: &Path,
        store: StoreKind,
        _held: &fsutil::Lock,
        f: impl FnOnce(&mut Index) -> T,
    ) -> Result<T, IndexError> {
        let mut index = Index::load(path)?.unwrap_or_else(|| Index::empty(store));
        let out = f(&mut index);
        fsutil::ensure_private_dir(fsutil::parent_of(path)).map_err(IndexError::Fs)?;
        index.save(path)?;
        Ok(out)
    }

    /// Writes the index atomically (0600); only [`Index::update`] calls it.
    fn save(&self, path: &Path) -> Result<(), IndexError> {
        let mut bytes = serde_json::to_vec_pretty(self).expect("an index always serialises");
        bytes.push(b'\n');
        fsutil::atomic_write(path, &bytes).map_err(IndexError::Fs)
    }
}
