//! Builds the Japanese dictionary (IPADIC in lindera's binary format) from Debian's
//! `mecab-ipadic` package, so that nothing is downloaded at build time. The source CSVs are
//! EUC-JP: they are converted to UTF-8 in OUT_DIR, then compiled with lindera's dictionary
//! builder and IPADIC's metadata (`assets/ipadic-metadata.json`, from the lindera-ipadic
//! crate, MIT). The result is embedded into the library with `include_bytes!`
//! (`src/search/analysis/dictionary.rs`).
//!
//! `HIKITSUGI_IPADIC_DIR` overrides the source folder (default `/usr/share/mecab/dic/ipadic`).

use std::fs;
use std::path::{Path, PathBuf};

const DEFAULT_SOURCE: &str = "/usr/share/mecab/dic/ipadic";

fn main() {
    println!("cargo:rerun-if-changed=build.rs");
    println!("cargo:rerun-if-changed=assets/ipadic-metadata.json");
    println!("cargo:rerun-if-env-changed=HIKITSUGI_IPADIC_DIR");
    let source = std::env::var_os("HIKITSUGI_IPADIC_DIR")
        .map_or_else(|| PathBuf::from(DEFAULT_SOURCE), PathBuf::from);
    println!("cargo:rerun-if-changed={}", source.display());
    if !source.join("matrix.def").exists() {
        panic!(
            "the Japanese dictionary source was not found in {}.\n\
             Install Debian's mecab-ipadic package (sudo apt-get install mecab-ipadic), \
             or point HIKITSUGI_IPADIC_DIR at a folder with IPADIC's CSV and .def files.",
            source.display()
        );
    }
    let out = PathBuf::from(std::env::var_os("OUT_DIR").expect("cargo sets OUT_DIR"));
    let utf8 = out.join("ipadic-src");
    let built = out.join("ipadic");
    convert_to_utf8(&source, &utf8);
    let metadata_json =
        fs::read_to_string("assets/ipadic-metadata.json").expect("assets/ipadic-metadata.json");
    let metadata: lindera_dictionary::dictionary::metadata::Metadata =
        serde_json::from_str(&metadata_json).expect("valid IPADIC metadata");
    lindera_dictionary::builder::DictionaryBuilder::new(metadata)
        .build_dictionary(&utf8, &built)
        .unwrap_or_else(|e| {
            panic!(
                "building the IPADIC dictionary from {} failed: {e}",
                source.display()
            )
        });
    // Read by lindera's `embedded_dictionary!` macro.
    println!("cargo:rustc-env=LINDERA_WORKDIR={}", out.display());
}

/// Copies every .csv and .def file from `from` to `to`, decoding EUC-JP to UTF-8.
fn convert_to_utf8(from: &Path, to: &Path) {
    fs::create_dir_all(to).expect("create the UTF-8 source folder");
    let entries =
        fs::read_dir(from).unwrap_or_else(|e| panic!("cannot read {}: {e}", from.display()));
    for entry in entries.filter_map(Result::ok) {
        let path = entry.path();
        let ext = path.extension().and_then(|e| e.to_str()).unwrap_or("");
        if ext != "csv" && ext != "def" {
            continue;
        }
        let bytes =
            fs::read(&path).unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
        let (text, _, had_errors) = encoding_rs::EUC_JP.decode(&bytes);
        if had_errors {
            println!(
                "cargo:warning={} had bytes that are not EUC-JP; they were replaced",
                path.display()
            );
        }
        fs::write(to.join(entry.file_name()), text.as_bytes()).expect("write the UTF-8 copy");
    }
}
