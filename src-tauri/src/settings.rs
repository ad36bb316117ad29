//! App settings (language, theme, recent vaults), kept as JSON in the user's config folder.
//! A missing or unreadable file gives the defaults; it is never fatal.

use std::path::PathBuf;

use serde::{Deserialize, Serialize};

const MAX_RECENT: usize = 10;

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "camelCase", default)]
pub struct Settings {
    /// "auto" | "ja" | "en"
    pub language: String,
    /// "auto" | "light" | "dark"
    pub theme: String,
    pub recent: Vec<String>,
    pub last_vault: Option<String>,
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            language: "auto".into(),
            theme: "auto".into(),
            recent: Vec::new(),
            last_vault: None,
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

    /// Keeps only known values for language and theme.
    pub fn sanitized(mut self) -> Settings {
        if !["auto", "ja", "en"].contains(&self.language.as_str()) {
            self.language = "auto".into();
        }
        if !["auto", "light", "dark"].contains(&self.theme.as_str()) {
            self.theme = "auto".into();
        }
        self
    }
}
