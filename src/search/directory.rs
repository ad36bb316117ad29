//! Where the index lives: tantivy's memory-mapped directory without its fsyncs.
//!
//! tantivy makes every commit durable: each new segment file, `meta.json` and the directory
//! are flushed to disk, 15–20 `fdatasync` calls per commit. On a save that was about 12 ms of
//! the 45 ms budget from save to searchable. The index is a cache of the files (they and Git
//! are made durable by the save itself), so it does not need that: writes here reach the page
//! cache, `meta.json` is still replaced atomically by a rename (a crash of the app never
//! leaves a half-written one), and after a crash of the machine whatever did not reach the
//! disk is caught when the index is opened — every file's checksum is verified then — and the
//! index is rebuilt from the files, as for any damaged index.

use std::fs::{File, OpenOptions};
use std::io::{self, BufWriter, Write};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use tantivy::directory::error::{
    DeleteError, LockError, OpenDirectoryError, OpenReadError, OpenWriteError,
};
use tantivy::directory::{
    AntiCallToken, Directory, DirectoryLock, FileHandle, Lock, MmapDirectory, TerminatingWrite,
    WatchCallback, WatchHandle, WritePtr,
};

/// [`MmapDirectory`] for reading, locking and deleting; writes without fsync.
#[derive(Clone, Debug)]
pub struct CacheDirectory {
    inner: MmapDirectory,
    root: PathBuf,
}

impl CacheDirectory {
    pub fn open(root: &Path) -> Result<CacheDirectory, OpenDirectoryError> {
        Ok(CacheDirectory {
            inner: MmapDirectory::open(root)?,
            root: root.to_path_buf(),
        })
    }
}

/// A new file, flushed to the operating system when tantivy is done with it.
struct CacheFileWriter(File);

impl Write for CacheFileWriter {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.0.write(buf)
    }

    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

impl TerminatingWrite for CacheFileWriter {
    fn terminate_ref(&mut self, _: AntiCallToken) -> io::Result<()> {
        self.0.flush()
    }
}

impl Directory for CacheDirectory {
    fn get_file_handle(&self, path: &Path) -> Result<Arc<dyn FileHandle>, OpenReadError> {
        self.inner.get_file_handle(path)
    }

    fn delete(&self, path: &Path) -> Result<(), DeleteError> {
        self.inner.delete(path)
    }

    fn exists(&self, path: &Path) -> Result<bool, OpenReadError> {
        self.inner.exists(path)
    }

    fn open_write(&self, path: &Path) -> Result<WritePtr, OpenWriteError> {
        let file = OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(self.root.join(path))
            .map_err(|e| {
                if e.kind() == io::ErrorKind::AlreadyExists {
                    OpenWriteError::FileAlreadyExists(path.to_path_buf())
                } else {
                    OpenWriteError::wrap_io_error(e, path.to_path_buf())
                }
            })?;
        Ok(BufWriter::new(Box::new(CacheFileWriter(file))))
    }

    fn atomic_read(&self, path: &Path) -> Result<Vec<u8>, OpenReadError> {
        self.inner.atomic_read(path)
    }

    fn atomic_write(&self, path: &Path, data: &[u8]) -> io::Result<()> {
        let mut tmp = tempfile::Builder::new().tempfile_in(&self.root)?;
        tmp.write_all(data)?;
        tmp.flush()?;
        tmp.into_temp_path().persist(self.root.join(path))?;
        Ok(())
    }

    fn sync_directory(&self) -> io::Result<()> {
        Ok(())
    }

    fn acquire_lock(&self, lock: &Lock) -> Result<DirectoryLock, LockError> {
        self.inner.acquire_lock(lock)
    }

    fn watch(&self, watch_callback: WatchCallback) -> tantivy::Result<WatchHandle> {
        self.inner.watch(watch_callback)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use tantivy::collector::Count;
    use tantivy::query::AllQuery;
    use tantivy::schema::{Schema, TEXT};
    use tantivy::{doc, Index, IndexSettings};

    #[test]
    fn an_index_written_without_fsync_reads_back_and_meta_is_replaced_whole() -> tantivy::Result<()>
    {
        let tmp = tempfile::tempdir()?;
        let mut schema = Schema::builder();
        let body = schema.add_text_field("body", TEXT);
        let schema = schema.build();
        {
            let index = Index::create(
                CacheDirectory::open(tmp.path())?,
                schema.clone(),
                IndexSettings::default(),
            )?;
            let mut writer = index.writer_with_num_threads(1, 15_000_000)?;
            for i in 0..3 {
                writer.add_document(doc!(body => format!("runbook {i}")))?;
                writer.commit()?;
            }
        }
        let index = Index::open(CacheDirectory::open(tmp.path())?)?;
        assert_eq!(index.schema(), schema);
        assert_eq!(index.reader()?.searcher().search(&AllQuery, &Count)?, 3);
        assert!(index.validate_checksum()?.is_empty());

        let dir = CacheDirectory::open(tmp.path())?;
        dir.atomic_write(Path::new("note.json"), b"first")?;
        dir.atomic_write(Path::new("note.json"), b"second")?;
        assert_eq!(dir.atomic_read(Path::new("note.json"))?, b"second");
        assert!(matches!(
            dir.open_write(Path::new("note.json")),
            Err(OpenWriteError::FileAlreadyExists(_))
        ));
        Ok(())
    }
}
