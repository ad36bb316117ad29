//! Handing pages of memory-mapped, read-only data back to the operating system. Linux only;
//! elsewhere (and on kernels that do not know a hint) it does nothing.

/// What to do with the pages.
#[derive(Clone, Copy)]
pub enum Release {
    /// Reclaim them (`MADV_PAGEOUT`): for data of our own binary, which is read again from the
    /// file when touched.
    PageOut,
    /// Drop them from this process only (`MADV_DONTNEED`): for index files, which stay in the
    /// page cache, so touching them again costs a minor fault.
    Unmap,
}

/// Applies `how` to the whole pages inside `bytes`, which must be a read-only mapping of a
/// file (the embedded dictionary, an index file mapped by tantivy).
pub fn release(bytes: &[u8], how: Release) {
    #[cfg(target_os = "linux")]
    {
        // SAFETY: sysconf takes no pointers.
        let page = usize::try_from(unsafe { libc::sysconf(libc::_SC_PAGESIZE) }).unwrap_or(4096);
        let start = (bytes.as_ptr() as usize).next_multiple_of(page);
        let end = (bytes.as_ptr() as usize + bytes.len()) / page * page;
        let advice = match how {
            Release::PageOut => libc::MADV_PAGEOUT,
            Release::Unmap => libc::MADV_DONTNEED,
        };
        if end > start {
            // SAFETY: the range lies inside a read-only file mapping that outlives this call.
            // Both hints only drop clean pages, which the kernel reads again from the file
            // when they are next touched, so no reference into them is invalidated.
            unsafe {
                libc::madvise(start as *mut libc::c_void, end - start, advice);
            }
        }
    }
    #[cfg(not(target_os = "linux"))]
    let _ = (bytes, how);
}
