//! The error every command returns: `{ kind, message, theirs, theirsHash, secrets }`. The UI
//! picks its localised text and dialog by `kind` (e.g. the conflict dialog on "conflict") and
//! shows `message` as the detail.

use hikitsugi::attachments::AttachmentError;
use hikitsugi::history::HistoryError;
use hikitsugi::runbook::RunbookError;
use hikitsugi::search::SearchError;
use hikitsugi::secrets::Finding;
use hikitsugi::store::StoreError;
use hikitsugi::vault::VaultError;
use hikitsugi::workspace::WorkspaceError;
use serde::Serialize;

#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct CommandError {
    pub kind: &'static str,
    pub message: String,
    /// For conflicts: the text on disk now (`None` when it was deleted).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub theirs: Option<Option<String>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub theirs_hash: Option<Option<String>>,
    /// For "secrets": what the save would have added to history, values masked.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub secrets: Option<Vec<Finding>>,
}

pub type CommandResult<T> = Result<T, CommandError>;

impl CommandError {
    pub fn new(kind: &'static str, message: impl Into<String>) -> Self {
        CommandError {
            kind,
            message: message.into(),
            theirs: None,
            theirs_hash: None,
            secrets: None,
        }
    }

    pub fn no_vault() -> Self {
        CommandError::new("not_found", "no vault is open")
    }
}

fn vault_kind(e: &VaultError) -> &'static str {
    match e {
        VaultError::NotFound(_) | VaultError::NotADirectory(_) => "not_found",
        VaultError::InvalidPath { .. }
        | VaultError::OutsideVault(_)
        | VaultError::NotMarkdown(_) => "invalid_path",
        VaultError::Io { .. } => "io",
        VaultError::GitInit { .. } => "git",
    }
}

fn content_kind(e: &RunbookError) -> &'static str {
    match e {
        RunbookError::InvalidUtf8 { .. } => "invalid_utf8",
        RunbookError::Binary { .. } => "binary",
        RunbookError::TooLarge { .. } => "too_large",
    }
}

fn history_kind(e: &HistoryError) -> &'static str {
    match e {
        HistoryError::Busy { .. } => "repo_busy",
        HistoryError::NotARepository(_) => "not_git",
        HistoryError::RevNotFound { .. }
        | HistoryError::NotInRevision { .. }
        | HistoryError::NoHistory { .. } => "not_found",
        HistoryError::Git { .. } => "git",
    }
}

fn store_kind(e: &StoreError) -> &'static str {
    match e {
        StoreError::Vault(v) => vault_kind(v),
        StoreError::Content(c) => content_kind(c),
        StoreError::NotFound { .. } => "not_found",
        StoreError::Conflict { .. } => "conflict",
        StoreError::Write { .. } | StoreError::Read { .. } => "io",
    }
}

fn attachment_kind(e: &AttachmentError) -> &'static str {
    match e {
        AttachmentError::Empty | AttachmentError::NotAnImage => "not_image",
        AttachmentError::TooLarge { .. } => "image_too_large",
        AttachmentError::Vault(v) => vault_kind(v),
        AttachmentError::Write { .. } => "io",
    }
}

impl From<WorkspaceError> for CommandError {
    fn from(e: WorkspaceError) -> Self {
        let kind = match &e {
            WorkspaceError::Vault(v) => vault_kind(v),
            WorkspaceError::Store(s) => store_kind(s),
            WorkspaceError::Content(c) => content_kind(c),
            WorkspaceError::History(h) => history_kind(h),
            WorkspaceError::Field(_) => "other",
            WorkspaceError::Attachment(a) => attachment_kind(a),
            WorkspaceError::Exists(_) => "exists",
            WorkspaceError::Io { .. } => "io",
        };
        CommandError::new(kind, e.to_string())
    }
}

impl From<VaultError> for CommandError {
    fn from(e: VaultError) -> Self {
        CommandError::new(vault_kind(&e), e.to_string())
    }
}

impl From<StoreError> for CommandError {
    fn from(e: StoreError) -> Self {
        CommandError::new(store_kind(&e), e.to_string())
    }
}

impl From<HistoryError> for CommandError {
    fn from(e: HistoryError) -> Self {
        CommandError::new(history_kind(&e), e.to_string())
    }
}

impl From<SearchError> for CommandError {
    fn from(e: SearchError) -> Self {
        CommandError::new("search", e.to_string())
    }
}

impl From<hikitsugi::export::ExportError> for CommandError {
    fn from(e: hikitsugi::export::ExportError) -> Self {
        use hikitsugi::export::ExportError as E;
        let kind = match &e {
            E::InsideVault(_) | E::ContainsVault(_) => "invalid_path",
            E::NotEmpty(_) => "exists",
            E::Io { .. } => "io",
            E::Vault(v) => vault_kind(v),
        };
        CommandError::new(kind, e.to_string())
    }
}

impl From<hikitsugi::drafts::DraftError> for CommandError {
    fn from(e: hikitsugi::drafts::DraftError) -> Self {
        CommandError::new("io", e.to_string())
    }
}
