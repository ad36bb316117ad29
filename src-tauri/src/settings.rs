//! App settings (language, theme, recent vaults, the runbooks opened last in each), kept as
//! JSON in the user's config folder.
//! A missing or unreadable file gives the defaults; it is never fatal.

use std::collections::BTreeMap;
use std::path::PathBuf;

use serde::{Deserialize, Serialize};

const MAX_RECENT: usize = 10;
/// Runbooks remembered as opened, per vault.
const MAX_OPENED: usize = 20;
/// The page zoom the app allows, in percent of the normal size.
pub const ZOOM_RANGE: std::ops::RangeInclusive<u32> = 50..=200;

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "camelCase", default)]
pub struct Settings {
    /// "auto" | "ja" | "en"
    pub language: String,
    /// "auto" | "light" | "dark"
    pub theme: String,
    pub recent: Vec<String>,
    pub last_vault: Option<String>,
    /// Page zoom, in percent of the normal size (see [`ZOOM_RANGE`]).
    pub zoom: u32,
    /// The runbooks opened last in each vault (keyed by its folder), newest first: the search
    /// palette offers them before anything is typed, and the last one opens again at start.
    pub opened: BTreeMap<String, Vec<String>>,
    /// The operating system's language ("ja" or "en"), for `language: "auto"`. Computed at
    /// start from LC_ALL / LC_MESSAGES / LANG; never read from the file.
    #[serde(skip_deserializing)]
    pub system_language: String,
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            language: "auto".into(),
            theme: "auto".into(),
            recent: Vec::new(),
            last_vault: None,
            zoom: 100,
            opened: BTreeMap::new(),
            system_language: system_language(),
        }
    }
}

fn file() -> Option<PathBuf> {
    Some(dirs::config_dir()?.join("hikitsugi").join("settings.json"))
}

impl Settings {
    pub fn load() -> Settings {
        file()
            .and_then(|f| std::fs::read(f).ok())
            .and_then(|b| serde_json::from_slice(&b).ok())
            .unwrap_or_default()
    }

    pub fn save(&self) -> std::io::Result<()> {
        let Some(f) = file() else { return Ok(()) };
        if let Some(dir) = f.parent() {
            std::fs::create_dir_all(dir)?;
        }
        let json = serde_json::to_vec_pretty(self).map_err(std::io::Error::other)?;
        hikitsugi::store::write_atomic(&f, &json)
    }

    /// Puts `root` first in the recent list and remembers it as the vault to reopen.
    pub fn remember_vault(&mut self, root: &str) {
        self.recent.retain(|r| r != root);
        self.recent.insert(0, root.to_string());
        self.recent.truncate(MAX_RECENT);
        self.last_vault = Some(root.to_string());
    }

    /// The runbooks opened last in the vault at `root`, newest first.
    pub fn opened_in(&self, root: &str) -> Vec<String> {
        self.opened.get(root).cloned().unwrap_or_default()
    }

    /// Puts `path` first among the runbooks opened in the vault at `root`. Vaults no longer
    /// among the recent ones are forgotten.
    pub fn note_opened(&mut self, root: &str, path: &str) {
        let list = self.opened.entry(root.to_string()).or_default();
        list.retain(|p| p != path);
        list.insert(0, path.to_string());
        list.truncate(MAX_OPENED);
        let recent = &self.recent;
        self.opened.retain(|r, _| r == root || recent.contains(r));
    }

    /// The language the UI shows: the chosen one, or the system's for "auto".
    pub fn ui_language(&self) -> &str {
        if self.language == "auto" {
            &self.system_language
        } else {
            &self.language
        }
    }

    /// Keeps only known values for language, theme and zoom.
    pub fn sanitized(mut self) -> Settings {
        self.system_language = system_language();
        if !["auto", "ja", "en"].contains(&self.language.as_str()) {
            self.language = "auto".into();
        }
        if !["auto", "light", "dark"].contains(&self.theme.as_str()) {
            self.theme = "auto".into();
        }
        self.zoom = clamp_zoom(self.zoom);
        self
    }
}

/// `percent` within [`ZOOM_RANGE`].
pub fn clamp_zoom(percent: u32) -> u32 {
    percent.clamp(*ZOOM_RANGE.start(), *ZOOM_RANGE.end())
}

/// The webview's zoom factor for `percent`.
pub fn zoom_factor(percent: u32) -> f64 {
    f64::from(percent) / 100.0
}

/// "ja" when the session's locale is Japanese, else "en". The webview's navigator.language is
/// not used: WebKitGTK reports en-US whenever the locale is not installed system-wide.
fn system_language() -> String {
    let locale = ["LC_ALL", "LC_MESSAGES", "LANG", "LANGUAGE"]
        .iter()
        .filter_map(|v| std::env::var(v).ok())
        .find(|v| !v.is_empty())
        .unwrap_or_default();
    if locale.to_ascii_lowercase().starts_with("ja") {
        "ja"
    } else {
        "en"
    }
    .to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn opened_runbooks_newest_first_per_vault_and_bounded() {
        let mut s = Settings::default();
        s.remember_vault("/v/a");
        s.remember_vault("/v/b");
        s.note_opened("/v/a", "x.md");
        s.note_opened("/v/a", "y.md");
        s.note_opened("/v/a", "x.md");
        s.note_opened("/v/b", "z.md");
        assert_eq!(s.opened_in("/v/a"), ["x.md", "y.md"]);
        assert_eq!(s.opened_in("/v/b"), ["z.md"]);
        for i in 0..30 {
            s.note_opened("/v/a", &format!("r{i}.md"));
        }
        assert_eq!(s.opened_in("/v/a").len(), MAX_OPENED);
        assert_eq!(s.opened_in("/v/a")[0], "r29.md");
        // A vault that left the recent list is forgotten at the next note.
        s.recent.retain(|r| r != "/v/b");
        s.note_opened("/v/a", "x.md");
        assert!(s.opened_in("/v/b").is_empty());
        // The file written before this field existed still loads.
        let old: Settings =
            serde_json::from_str(r#"{"language":"ja","recent":["/v/a"]}"#).expect("json");
        assert!(old.opened.is_empty() && old.language == "ja");
    }
}
