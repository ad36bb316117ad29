//! What searching holds, handed back once the user has stopped searching for a moment: the
//! index and dictionary pages the queries read and the allocator's free memory (13–15 MB of
//! the app process after 43 palette searches over a 24,250-document vault).

use std::sync::mpsc::{channel, RecvTimeoutError, Sender};
use std::time::Duration;

/// How long after the last search. A query after the release maps the pages it needs again
/// from the page cache (docs/benchmarks.md has what that costs).
const AFTER: Duration = Duration::from_secs(3);

/// A thread that runs `release` once `AFTER` has passed since the last [`IdleRelease::searched`].
pub struct IdleRelease {
    searched: Sender<()>,
}

impl IdleRelease {
    pub fn start(release: impl Fn() + Send + 'static) -> IdleRelease {
        let (searched, rx) = channel();
        let spawned = std::thread::Builder::new()
            .name("idle-release".into())
            .spawn(move || {
                // Sleeps until a search, then until a quiet moment after it.
                while rx.recv().is_ok() {
                    loop {
                        match rx.recv_timeout(AFTER) {
                            Ok(()) => {}
                            Err(RecvTimeoutError::Timeout) => break,
                            Err(RecvTimeoutError::Disconnected) => return,
                        }
                    }
                    release();
                }
            });
        if let Err(e) = spawned {
            // Searching works without it; the memory is only kept longer.
            eprintln!("hikitsugi: no idle-release thread: {e}");
        }
        IdleRelease { searched }
    }

    /// Notes a search: the release waits for a quiet moment after it.
    pub fn searched(&self) {
        let _ = self.searched.send(());
    }
}
