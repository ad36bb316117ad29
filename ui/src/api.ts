// Typed wrappers of the Tauri commands (src-tauri/src/commands.rs): the one place the UI
// talks to Rust. Failing commands reject with a CommandError.
import { invoke } from '@tauri-apps/api/core';
import { listen, type UnlistenFn } from '@tauri-apps/api/event';

export type ErrorKind =
  | 'conflict' | 'not_found' | 'invalid_path' | 'invalid_utf8' | 'too_large' | 'binary'
  | 'not_git' | 'repo_busy' | 'exists' | 'io' | 'git' | 'search' | 'not_image' | 'image_too_large' | 'secrets' | 'other';

export interface CommandError {
  kind: ErrorKind;
  message: string;
  theirs?: string | null;
  theirsHash?: string | null;
  /** For "secrets": what the save would add to history, values masked. */
  secrets?: SecretFinding[];
}

/** A password, key or token found in a text (the core's `secrets::Finding`). */
export interface SecretFinding { line: number; kind: 'password' | 'private_key' | 'token' | 'url_credentials'; excerpt: string }

export function isCommandError(e: unknown): e is CommandError {
  return typeof e === 'object' && e !== null && 'kind' in e && 'message' in e;
}

/** `opened`: the runbooks opened last in this vault, newest first. */
export interface VaultInfo { root: string; name: string; isDemo: boolean; recent: string[]; opened: string[]; exportDir: string }
/** What an export wrote: its index page, and what it could not export. */
export interface Exported { index: string; pages: number; files: number; skipped: string[]; withSecrets: string[] }
export interface RunbookSummary {
  path: string; title: string; system: string | null; kind: string | null; tags: string[];
  owner: string | null; reviewed: string | null; reviewDue: string | null; overdue: boolean; warning: string | null;
}
export interface RunbookDoc { path: string; text: string; hash: string; blocks: string[]; warning: string | null }
export interface Saved { path: string; hash: string; commit: string | null; created: boolean; warnings: string[]; notCommitted: boolean; linksUpdated: string[] }
/** An image stored in `attachments/`: the commit's outcome, and the link from the runbook. */
export interface Attached extends Saved { link: string }
export interface Filters { system?: string; tag?: string; kind?: string; owner?: string }
export interface Hit {
  path: string; title: string; score: number; snippet: string; line: number | null;
  system: string | null; kind: string | null; tags: string[]; owner: string | null;
}
export interface SearchResults { query: string; total: number; hits: Hit[]; mode: 'strict' | 'loose'; message?: string; elapsedMs: number }
export interface IndexStatus { indexed: number; total: number; running: boolean; message: string | null }
export interface LogEntry { id: string; shortId: string; author: string; email: string; time: number; message: string; paths: string[]; deleted?: boolean }
/** A commit of the vault; `paths` holds the first of its `totalPaths` paths. */
export interface RecentChange extends LogEntry { totalPaths: number }
export interface DeletedRunbook { path: string; title: string; deletedBy: LogEntry; lastRev: string }
/** One problem `check` found (the core's `check::Problem`). */
export interface CheckProblem {
  path: string;
  kind: 'front_matter' | 'unreadable' | 'broken_link' | 'broken_image' | 'broken_anchor' | 'overdue' | 'secret';
  line: number | null;
  message: string;
  /** The link as written (link problems). */
  target?: string;
  /** YYYY-MM-DD (overdue reviews). */
  due?: string;
  /** What was found, its value masked (secrets). */
  secret?: SecretFinding['kind'];
  excerpt?: string;
}
export interface CheckReport { files: number; problems: CheckProblem[] }
export interface LinkingRunbook { path: string; title: string }
/** The runbooks linking to one: the first of `total`. */
export interface Backlinks { total: number; runbooks: LinkingRunbook[] }
export interface BlameLine { line: number; text: string; commit: string; shortId: string; author: string; time: number }
export interface Settings { language: 'auto' | 'ja' | 'en'; theme: 'auto' | 'light' | 'dark'; recent: string[]; lastVault: string | null; systemLanguage: string; /** Page zoom in percent. */ zoom: number }
export interface Draft { path: string; text: string; savedAt: number }

export const api = {
  vaultInfo: () => invoke<VaultInfo>('vault_info'),
  openVault: (path: string, initGit: boolean) => invoke<VaultInfo>('open_vault', { path, initGit }),
  listRunbooks: () => invoke<RunbookSummary[]>('list_runbooks'),
  readRunbook: (path: string) => invoke<RunbookDoc>('read_runbook', { path }),
  renderMarkdown: (path: string, text: string) => invoke<string[]>('render_markdown', { path, text }),
  /** Rejects with kind "secrets" when the text adds passwords or keys, unless `allowSecrets`. */
  saveRunbook: (path: string, text: string, baseHash: string | null, message: string | null = null, allowSecrets = false) =>
    invoke<Saved>('save_runbook', { path, text, baseHash, message, allowSecrets }),
  createRunbook: (title: string, system: string | null, kind: string | null, folder: string | null) =>
    invoke<Saved>('create_runbook', { title, system, kind, folder }),
  renameRunbook: (from: string, to: string) => invoke<Saved>('rename_runbook', { from, to }),
  deleteRunbook: (path: string) => invoke<Saved>('delete_runbook', { path }),
  /** The image's bytes go as the raw body; names in headers, percent-encoded (headers are ASCII). */
  addAttachment: (runbook: string, name: string, bytes: Uint8Array) =>
    invoke<Attached>('add_attachment', bytes, { headers: { 'x-runbook': encodeURIComponent(runbook), 'x-file-name': encodeURIComponent(name) } }),
  /** The system clipboard's image, stored the same way; null when it holds none. */
  pasteClipboardImage: (runbook: string) => invoke<Attached | null>('paste_clipboard_image', { runbook }),
  search: (query: string, filters: Filters, limit: number) => invoke<SearchResults>('search', { query, filters, limit }),
  backlinks: (path: string) => invoke<Backlinks>('backlinks', { path }),
  indexStatus: () => invoke<IndexStatus>('index_status'),
  historyLog: (path: string) => invoke<LogEntry[]>('history_log', { path }),
  /** The last commit that changed `path`; null before its first. */
  lastChange: (path: string) => invoke<LogEntry | null>('last_change', { path }),
  historyShow: (path: string, rev: string) => invoke<string>('history_show', { path, rev }),
  /** `text`: the editor's text, compared with when `toRev` is null (else the file on disk). */
  historyDiff: (path: string, fromRev: string | null, toRev: string | null, text: string | null = null) => invoke<string>('history_diff', { path, fromRev, toRev, text }),
  historyRestore: (path: string, rev: string) => invoke<Saved>('history_restore', { path, rev }),
  vaultLog: () => invoke<RecentChange[]>('vault_log'),
  deletedRunbooks: () => invoke<DeletedRunbook[]>('deleted_runbooks'),
  restoreDeleted: (path: string, rev: string) => invoke<Saved>('restore_deleted', { path, rev }),
  historyBlame: (path: string) => invoke<BlameLine[]>('history_blame', { path }),
  checkVault: () => invoke<CheckReport>('check_vault'),
  exportVault: (dest: string, lang: string) => invoke<Exported>('export_vault', { dest, lang }),
  openExport: () => invoke<void>('open_export'),
  openExternal: (url: string) => invoke<void>('open_external', { url }),
  getSettings: () => invoke<Settings>('get_settings'),
  setSettings: (settings: Settings) => invoke<void>('set_settings', { settings }),
  /** Zooms the page; resolves to the zoom applied (within 50–200). */
  setZoom: (percent: number) => invoke<number>('set_zoom', { percent }),
  /** The system print dialog; the page prints as the open runbook alone (styles.css, @media print). */
  printPage: () => invoke<void>('print_page'),
  runbookOpened: (path: string) => invoke<void>('runbook_opened', { path }),
  saveDraft: (path: string, text: string) => invoke<void>('save_draft', { path, text }),
  listDrafts: () => invoke<Draft[]>('list_drafts'),
  discardDraft: (path: string) => invoke<void>('discard_draft', { path }),
};

export function onIndexProgress(f: (s: IndexStatus) => void): Promise<UnlistenFn> {
  return listen<IndexStatus>('index-progress', (e) => f(e.payload));
}

export function onVaultChanged(f: (paths: string[]) => void): Promise<UnlistenFn> {
  return listen<{ paths: string[] }>('vault-changed', (e) => f(e.payload.paths));
}
