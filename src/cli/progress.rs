//! The worker pool and the progress bar of scoring commands.

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use std::io::IsTerminal;
use std::time::{Duration, Instant};

/// A rayon pool of `threads` workers (default: one per core).
pub(crate) fn pool(threads: Option<usize>) -> Result<rayon::ThreadPool, i32> {
    if threads == Some(0) {
        eprintln!("error: --threads must be at least 1");
        return Err(super::exit::USAGE);
    }
    rayon::ThreadPoolBuilder::new()
        .num_threads(threads.unwrap_or(0))
        .build()
        .map_err(|e| {
            eprintln!("error: cannot start worker threads: {e}");
            super::exit::INTERNAL
        })
}

/// A bar on stderr that appears only on a terminal, only without `--quiet`, and only
/// once the run has taken a second: short runs print nothing extra.
pub(crate) struct Bar {
    bar: Option<ProgressBar>,
    started: Instant,
}

impl Bar {
    pub fn new(total: usize, quiet: bool) -> Bar {
        let bar = (!quiet && std::io::stderr().is_terminal()).then(|| {
            let b = ProgressBar::with_draw_target(Some(total as u64), ProgressDrawTarget::hidden());
            if let Ok(style) = ProgressStyle::with_template(
                "scoring {bar:40} {pos}/{len} leads  {per_sec}  eta {eta}",
            ) {
                b.set_style(style);
            }
            b
        });
        Bar {
            bar,
            started: Instant::now(),
        }
    }

    pub fn inc(&self, n: usize) {
        if let Some(b) = &self.bar {
            if b.is_hidden() && self.started.elapsed() > Duration::from_secs(1) {
                b.set_draw_target(ProgressDrawTarget::stderr());
            }
            b.inc(n as u64);
        }
    }

    pub fn finish(&self) {
        if let Some(b) = &self.bar {
            b.finish_and_clear();
        }
    }
}
