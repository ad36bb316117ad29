//! The sample vault (`runbooks/`), carried inside the binary so the demo vault can be created
//! on any machine.

use include_dir::{include_dir, Dir};

static SAMPLE: Dir<'static> = include_dir!("$CARGO_MANIFEST_DIR/../runbooks");

/// Every sample file as (vault-relative path, bytes), skipping local state folders.
pub fn files() -> Vec<(String, &'static [u8])> {
    let mut out = Vec::new();
    collect(&SAMPLE, &mut out);
    out
}

fn collect(dir: &'static Dir<'static>, out: &mut Vec<(String, &'static [u8])>) {
    for f in dir.files() {
        if let Some(p) = f.path().to_str() {
            if !p.starts_with(".hikitsugi") {
                out.push((p.replace('\\', "/"), f.contents()));
            }
        }
    }
    for d in dir.dirs() {
        if !d.path().starts_with(".hikitsugi") && !d.path().starts_with(".git") {
            collect(d, out);
        }
    }
}
