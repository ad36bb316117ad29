// Entry point: builds the window, opens the vault's runbooks, and wires the editor, preview,
// search, history, conflicts, drafts and settings together.
import { getCurrentWindow } from '@tauri-apps/api/window';
import { open as openDialog } from '@tauri-apps/plugin-dialog';
import { api, isCommandError, onIndexProgress, onVaultChanged, type Filters, type Hit, type IndexStatus, type RunbookSummary, type Saved, type Settings, type VaultInfo } from './api';
import { attachClipboardImage, attachFiles, type AttachDeps } from './attach';
import { openBacklinks, showBacklinkCount } from './backlinks';
import { openCheck } from './check';
import { conflictDialog } from './conflict';
import { conflictCopyPath } from './conflictName';
import { openDeleted } from './deleted';
import { openExport } from './export';
import { byId, clear, copyText, h } from './dom';
import type { Editor, EditorHooks } from './editor/setup';
import { showError } from './errors';
import { FindBar } from './find';
import { bodyStart, findBlock, readFields, setField, yamlList, yamlScalar } from './frontmatter';
import { termsFromSnippet } from './highlight';
import { closeHistory, historyOpen, openHistory } from './history';
import { language, resolveLanguage, setLanguage, t } from './i18n';
import { openImage } from './imageview';
import { buildLayout, relabel } from './layout';
import { classifyLink } from './links';
import { confirmDialog, formDialog, modalOpen, openModal } from './modal';
import { Navigator, type NavMode } from './navigator';
import { headingElement, headingsOf, openOutline, type Heading } from './outline';
import { codeToCopy, fragmentTarget, Preview, termsTarget } from './preview';
import { openRecent } from './recent';
import { changedLine, reviewLine, reviewNotice } from './review';
import { openPalette } from './search/palette';
import { secretsDialog } from './secrets';
import { applyTheme } from './theme';
import { isoDate } from './time';
import { clearPassingToasts, toast } from './toast';
import { ScrollSync } from './scrollSync';
import { Trail, type Move } from './trail';
import { nextZoom, ZOOM_STEPS, zoomDirection } from './zoom';
import './styles.css';
import '../../src/render/alerts.css';

type View = 'edit' | 'split' | 'preview';

interface Doc { path: string; hash: string; saved: string; text: string; changed: boolean }

const state = {
  doc: null as Doc | null,
  view: 'split' as View,
  settings: { language: 'auto', theme: 'auto', recent: [], lastVault: null, systemLanguage: navigator.language, zoom: 100 } as Settings,
  lastDraft: '',
  vault: { name: '', exportDir: '' },
  /** The runbooks opened last in this vault, newest first (kept in the settings). */
  opened: [] as string[],
  renderTimer: 0,
  syncTimer: 0,
  saving: false,
};

buildLayout(byId('app'));
const nav = new Navigator(byId('nav'), (path) => void openRunbook(path));
const preview = new Preview(byId('preview'));
/** In the split view, the pane the user scrolls takes the other along. */
const scrollSync = new ScrollSync(byId('preview'), () => state.view === 'split');
const findBar = new FindBar(byId('preview'));
byId('workspace').append(findBar.el);
const hooks: EditorHooks = { onChange: () => onTextChange(), onSave: () => void save(), onFiles: (files, pos) => void attachFiles(files, pos, attachDeps), onEmptyPaste: (pos) => void attachClipboardImage(pos, attachDeps), onConvertedPaste: (kind, asText) => toast(t(kind === 'table' ? 'tablePasted' : 'htmlPasted'), 'info', undefined, { label: t('pasteAsText'), run: () => { if (!asText()) toast(t('pasteAsTextTooLate'), 'warn'); } }), links: { targets: () => nav.runbooks(), current: () => state.doc?.path ?? null, headings: async (path) => headingsOf((await api.readRunbook(path)).text).map((h) => h.text) } };
/** CodeMirror (most of the UI's code, ~0.1 s to parse and start) loads once the window is
 * interactive, while the runbook list is read; set before a runbook first shows. */
let editor: Editor | null = null;
let editorLoading: Promise<Editor> | null = null;

function loadEditor(): Promise<Editor> {
  editorLoading ??= import('./editor/setup').then((m) => {
    editor = new m.Editor(byId('editor'), hooks);
    scrollSync.attach(editor.view);
    return editor;
  });
  return editorLoading;
}

const dirty = () => !!state.doc && (state.doc.changed || state.doc.text !== state.doc.saved);

function updateStatus(): void {
  const d = state.doc;
  byId('status-path').textContent = d?.path ?? '';
  const isDirty = dirty();
  const dirtyEl = byId('status-dirty');
  dirtyEl.textContent = d ? (isDirty ? `● ${t('unsaved')}` : t('saved')) : '';
  dirtyEl.className = isDirty ? 'dirty' : '';
  const title = byId('doc-title');
  title.classList.toggle('dirty', isDirty);
  document.title = d ? `${isDirty ? '● ' : ''}${nav.summary(d.path)?.title ?? d.path} — Hikitsugi` : 'Hikitsugi';
}

// ---- opening and showing a runbook ----

async function confirmDiscard(): Promise<boolean> {
  syncText();
  return !dirty() || (await confirmDialog(t('unsavedSwitch'), t('discardChanges')));
}

/** `move`: opened by Back or Forward, at the place `scroll` the reader had left it. */
type OpenOptions = { line?: number | null; terms?: string[]; fragment?: string | null; move?: Move; scroll?: number };

/** The runbooks read before and after this one (Back and Forward). */
const trail = new Trail();

/** Counts opens: only the latest one shows its runbook (a slow read must not land over a
 * runbook opened after it). */
let opening = 0;

async function openRunbook(path: string, opts: OpenOptions = {}): Promise<void> {
  const ticket = ++opening;
  if (state.doc?.path !== path && !(await confirmDiscard())) return;
  // The text the user has just agreed to lose (none for this same runbook: reopening it never
  // drops its unsaved edits).
  const agreed = state.doc && state.doc.path !== path ? { doc: state.doc, text: state.doc.text } : null;
  try {
    const [doc, ed] = await Promise.all([api.readRunbook(path), loadEditor()]);
    if (ticket !== opening) return;
    syncText();
    const current = state.doc;
    if (current && dirty() && !(agreed?.doc === current && agreed.text === current.text)) {
      // Unsaved edits the user has not agreed to lose: this runbook's own (a second click on
      // it, a search hit in it), or typed while the other runbook was read.
      if (current.path === doc.path) return goTo(current, opts);
      if (!(await confirmDiscard()) || ticket !== opening) return;
    }
    const reopened = current?.path === doc.path;
    if (current && !reopened) trail.left({ path: current.path, scroll: byId('preview').scrollTop }, opts.move);
    showTrail();
    if (!reopened) noteOpened(doc.path);
    const opened = (state.doc = { path: doc.path, hash: doc.hash, saved: doc.text, text: doc.text, changed: false });
    state.lastDraft = doc.text;
    ed.load(doc.text);
    byId('empty').hidden = true;
    byId('doc').hidden = false;
    byId('doc-title').textContent = nav.summary(doc.path)?.title ?? doc.path;
    byId('doc-path').textContent = doc.path;
    showReview();
    const warning = byId('doc-warning');
    warning.hidden = !doc.warning;
    warning.textContent = doc.warning ? `⚠ ${doc.warning}` : '';
    warning.title = doc.warning ?? '';
    scrollSync.reset();
    if (!reopened) byId('preview').scrollTop = 0;
    void preview.show(doc.blocks, target(opened, opts)).then(() => {
      if (opts.scroll && state.doc === opened) byId('preview').scrollTop = opts.scroll;
    });
    refreshForm();
    nav.setCurrent(doc.path);
    updateStatus();
    if (!reopened) void showBacklinkCount(doc.path);
    void showLastChange(doc.path);
    if (opts.line) ed.gotoLine(opts.line);
    if (historyOpen()) void showHistory();
  } catch (e) {
    // A runbook gone since it was read (deleted or moved outside the app) leaves the trail.
    if (opts.move && isCommandError(e) && e.kind === 'not_found') {
      trail.removed(path);
      showTrail();
    }
    showError(e);
  }
}

/** Remembers `path` as the runbook opened last (the palette lists these before anything is
 * typed). Losing this note costs nothing, so a failure to keep it is only logged. */
function noteOpened(path: string): void {
  state.opened = [path, ...state.opened.filter((p) => p !== path)].slice(0, 20);
  api.runbookOpened(path).catch((e) => console.warn('runbook_opened', e));
}

/** Back or Forward to the runbook read before or after this one. */
function move(to: Move): void {
  let place = trail.peek(to);
  // Places next to each other can name the open runbook once another runbook between them is gone.
  for (; place && place.path === state.doc?.path; place = trail.peek(to)) trail.drop(to);
  showTrail();
  if (place) void openRunbook(place.path, { move: to, scroll: place.scroll });
}

function showTrail(): void {
  byId<HTMLButtonElement>('back-button').disabled = !trail.canGoBack;
  byId<HTMLButtonElement>('forward-button').disabled = !trail.canGoForward;
}

/** Where in the preview of `d` to scroll: a search match or a link's fragment. */
function target(d: Doc, opts: OpenOptions) {
  const scroll = (block: ScrollLogicalPosition) => (el: HTMLElement) => {
    if (state.doc === d) el.scrollIntoView({ block });
  };
  return opts.terms?.length ? termsTarget(opts.terms, scroll('center')) : opts.fragment ? fragmentTarget(opts.fragment, scroll('start')) : null;
}

/** Goes to `opts` in the open runbook `d` as it is being edited, keeping its text. */
async function goTo(d: Doc, opts: OpenOptions): Promise<void> {
  scrollSync.reset();
  if (opts.line) editor?.gotoLine(opts.line);
  const where = target(d, opts);
  if (!where) return;
  try {
    const blocks = await api.renderMarkdown(d.path, d.text);
    if (state.doc === d) void preview.show(blocks, where);
  } catch (e) {
    showError(e);
  }
}

function scrollToFragment(id: string): void {
  const target = document.getElementById(id);
  if (target && byId('preview').contains(target)) target.scrollIntoView({ block: 'start' });
}

function schedulePreview(): void {
  window.clearTimeout(state.renderTimer);
  const d = state.doc;
  if (!d || state.view === 'edit') return;
  const delay = d.text.length > 300_000 ? 600 : 150;
  state.renderTimer = window.setTimeout(async () => {
    if (editor?.composing) return schedulePreview();
    const current = state.doc;
    if (!current) return;
    try {
      const blocks = await api.renderMarkdown(current.path, current.text);
      if (state.doc === current) await preview.show(blocks);
      if (state.doc === current) scrollSync.redrawn();
    } catch (e) {
      showError(e);
    }
  }, delay);
}

/** Per keystroke only a flag is set; the text is read, compared and rendered at most every
 * SYNC_MS (a 1 MB runbook must type without lag). */
const SYNC_MS = 120;

function onTextChange(): void {
  const d = state.doc;
  if (!d) return;
  if (!d.changed) {
    d.changed = true;
    updateStatus();
  }
  window.clearTimeout(state.syncTimer);
  state.syncTimer = window.setTimeout(syncText, SYNC_MS);
}

/** Brings `state.doc.text` up to date with the editor. Call before using the text. */
function syncText(): void {
  window.clearTimeout(state.syncTimer);
  const d = state.doc;
  if (!d || !d.changed || !editor) return;
  d.text = editor.text();
  d.changed = false;
  updateStatus();
  schedulePreview();
  if (!isFormFocused()) refreshForm();
}

// ---- front matter form ----

const FM_FIELDS = ['title', 'system', 'kind', 'tags', 'owner', 'reviewed', 'review_every'] as const;

function isFormFocused(): boolean {
  return byId('fm-form').contains(document.activeElement);
}

function refreshForm(): void {
  const text = state.doc?.text ?? '';
  const fields = findBlock(text) || !text.startsWith('---') ? readFields(text) ?? {} : null;
  byId('fm-malformed').hidden = fields !== null;
  for (const name of FM_FIELDS) {
    const el = byId<HTMLInputElement | HTMLSelectElement>(`fm-${name}`);
    const v = fields?.[name];
    el.value = Array.isArray(v) ? v.join(', ') : v ?? '';
    el.disabled = fields === null;
  }
}

function applyFormField(name: (typeof FM_FIELDS)[number], raw: string): void {
  syncText();
  const d = state.doc;
  if (!d) return;
  const value = name === 'tags' ? yamlList(raw.split(/[,、]/).map((s) => s.trim()).filter(Boolean)) : name === 'reviewed' ? raw || '""' : yamlScalar(raw);
  const next = setField(d.text, name, value);
  if (next !== d.text && !editor?.replace(next)) toast(t('loading'), 'warn');
}

for (const name of FM_FIELDS) {
  byId(`fm-${name}`).addEventListener('change', (e) => applyFormField(name, (e.target as HTMLInputElement).value.trim()));
}
byId('fm-reviewed-today').addEventListener('click', () => {
  applyFormField('reviewed', isoDate(new Date()));
  refreshForm();
});

// ---- saving and conflicts ----

async function save(): Promise<boolean> {
  syncText();
  const d = state.doc;
  if (!d || state.saving) return false;
  state.saving = true;
  const text = d.text;
  try {
    const saved = await saveAsking(d.path, text, d.hash);
    if (!saved) return false;
    afterSave(d, text, saved.hash, saved.commit, saved.notCommitted, saved.warnings);
    return true;
  } catch (e) {
    if (isCommandError(e) && e.kind === 'conflict') return resolveConflict(e.theirs ?? null, e.theirsHash ?? null);
    showError(e);
    return false;
  } finally {
    state.saving = false;
  }
}

/** Saves `text`, first asking when the save would put passwords or keys into history. Null
 * when the user went back to fix the text (the editor is then at the line). */
async function saveAsking(path: string, text: string, baseHash: string | null): Promise<Saved | null> {
  try {
    return await api.saveRunbook(path, text, baseHash);
  } catch (e) {
    if (!isCommandError(e) || e.kind !== 'secrets' || !e.secrets?.length) throw e;
    const choice = await secretsDialog(e.secrets);
    if (!choice.save) {
      if (state.doc?.path === path) editor?.gotoLine(choice.line);
      editor?.focus();
      return null;
    }
    return api.saveRunbook(path, text, baseHash, null, true);
  }
}

function afterSave(d: Doc, text: string, hash: string, commit: string | null, notCommitted: boolean, warnings: string[]): void {
  d.saved = text;
  d.hash = hash;
  state.lastDraft = text;
  byId('status-commit').textContent = commit ? commit.slice(0, 8) : '';
  if (commit && state.doc === d) void showLastChange(d.path);
  if (notCommitted) toast(t('notCommitted'), 'warn', warnings.join('\n'));
  else toast(commit ? t('savedCommit', { id: commit.slice(0, 8) }) : t('savedNoChange'));
  updateStatus();
  void refreshList();
  if (historyOpen()) void showHistory();
}

async function resolveConflict(theirs: string | null, theirsHash: string | null): Promise<boolean> {
  const d = state.doc;
  if (!d) return false;
  const choice = await conflictDialog(d.text, theirs);
  if (!choice) return false;
  try {
    if (choice === 'mine') {
      const saved = await saveAsking(d.path, d.text, theirsHash);
      if (!saved) return false;
      afterSave(d, d.text, saved.hash, saved.commit, saved.notCommitted, saved.warnings);
      return true;
    }
    if (choice === 'both') {
      const copy = conflictCopyPath(d.path, new Date());
      // The user's own text, as it was asked about when it was first saved.
      await api.saveRunbook(copy, d.text, null, `Keep both versions of ${d.path}`, true);
      toast(t('keptBoth', { path: copy }));
    }
    d.saved = d.text;
    if (theirs === null) {
      state.doc = null;
      byId('doc').hidden = true;
      byId('empty').hidden = false;
      await refreshList();
      return true;
    }
    await openRunbook(d.path);
    await refreshList();
    return true;
  } catch (e) {
    showError(e);
    return false;
  }
}

async function onOutsideChange(paths: string[]): Promise<void> {
  syncText();
  await refreshList();
  const d = state.doc;
  if (!d || !paths.includes(d.path)) return;
  let disk: { text: string; hash: string } | null = null;
  try {
    disk = await api.readRunbook(d.path);
  } catch (e) {
    if (!(isCommandError(e) && e.kind === 'not_found')) return showError(e);
  }
  if (disk && disk.hash === d.hash) return;
  if (!dirty()) {
    if (disk) {
      await openRunbook(d.path);
      toast(t('reloaded'));
    }
    return;
  }
  await resolveConflict(disk?.text ?? null, disk?.hash ?? null);
}

// ---- list, index status, drafts ----

/** Who changed the open runbook last and when, under its title (after a save too). */
let lastChangeAsked = 0;
async function showLastChange(path: string): Promise<void> {
  const ticket = ++lastChangeAsked;
  const el = byId('doc-changed');
  // Another runbook's line is not left under this one's title while it is looked up.
  if (el.dataset.path !== path) el.textContent = '';
  const last = await api.lastChange(path).catch(() => null);
  if (ticket !== lastChangeAsked || state.doc?.path !== path) return;
  const { text, title } = changedLine(last);
  el.dataset.path = path;
  el.textContent = text;
  el.title = title;
}

/** The open runbook's system and tags under its title, from the list as the review line is:
 * each opens the palette on the runbooks that share it. */
function showChips(summary: RunbookSummary | undefined): void {
  const tags = byId('doc-tags');
  clear(tags);
  const chip = (text: string, title: string, only: Filters) => h('button', { type: 'button', class: 'chip', title, onclick: () => search(only) }, text);
  if (summary?.system) tags.append(chip(summary.system, t('chipSystem', { v: summary.system }), { system: summary.system }));
  for (const tag of summary?.tags ?? []) tags.append(chip(`#${tag}`, t('chipTag', { v: tag }), { tag }));
}

/** Says beside the title when the open runbook is past its review date (from the list, so a
 * saved "reviewed:" takes it away once the list is read again). */
function showReview(): void {
  const summary = state.doc ? nav.summary(state.doc.path) : undefined;
  byId('doc-meta').textContent = reviewLine(summary);
  showChips(summary);
  const notice = reviewNotice(summary, new Date());
  const el = byId('doc-review');
  el.hidden = !notice;
  el.textContent = notice?.text ?? '';
  el.title = notice?.detail ?? '';
}

async function refreshList(): Promise<void> {
  try {
    nav.setItems(await api.listRunbooks());
    if (state.doc) byId('doc-title').textContent = nav.summary(state.doc.path)?.title ?? state.doc.path;
    showReview();
    // Other runbooks may have gained or lost a link to this one.
    void showBacklinkCount(state.doc?.path ?? null);
  } catch (e) {
    showError(e);
  }
}

let indexing = false;

function showIndexStatus(s: IndexStatus): void {
  // Once a (background) indexing run ends, the index knows every runbook's links.
  if (indexing && !s.running) void showBacklinkCount(state.doc?.path ?? null);
  indexing = s.running;
  const el = byId('status-index');
  // Running with nothing counted yet: the index is being compared with the files (on a large
  // vault that waits until the runbook list has been read).
  const progress = s.total === 0 ? t('indexChecking') : t('indexing', { done: s.indexed.toLocaleString(), total: s.total.toLocaleString() });
  el.textContent = s.running ? progress : s.message ? t('indexRebuilt', { reason: s.message }) : '';
  el.classList.toggle('busy', s.running);
}

async function checkDrafts(): Promise<void> {
  const banner = byId('drafts-banner');
  const drafts = await api.listDrafts().catch(() => []);
  clear(banner);
  banner.hidden = drafts.length === 0;
  if (!drafts.length) return;
  banner.append(h('div', { class: 'drafts-title' }, t('draftsFound')));
  for (const d of drafts) {
    const row = h('div', { class: 'draft', 'data-path': d.path },
      h('span', { class: 'draft-path' }, nav.summary(d.path)?.title ?? d.path),
      h('button', { class: 'small draft-restore', onclick: async () => {
        await openRunbook(d.path);
        if (state.doc?.path === d.path) editor?.replace(d.text);
        row.remove();
        if (!banner.querySelector('.draft')) banner.hidden = true;
      } }, t('draftRestore')),
      h('button', { class: 'small draft-discard', onclick: async () => {
        await api.discardDraft(d.path).catch(showError);
        row.remove();
        if (!banner.querySelector('.draft')) banner.hidden = true;
      } }, t('draftDiscard')));
    banner.append(row);
  }
}

window.setInterval(() => {
  syncText();
  const d = state.doc;
  if (d && dirty() && d.text !== state.lastDraft) {
    state.lastDraft = d.text;
    api.saveDraft(d.path, d.text).catch(showError);
  }
}, 2000);

// ---- views, links, history, dialogs ----

function setView(view: View): void {
  state.view = view;
  const ws = byId('workspace');
  ws.className = `workspace view-${view}`;
  for (const b of byId('mode-toggle').querySelectorAll<HTMLElement>('button')) b.classList.toggle('active', b.dataset.view === view);
  if (view !== 'edit') schedulePreview();
  else findBar.close();
  if (view !== 'preview') editor?.focus();
}

byId('mode-toggle').addEventListener('click', (e) => {
  const v = (e.target as HTMLElement).dataset.view as View | undefined;
  if (v) setView(v);
});

byId('preview').addEventListener('click', (e) => {
  const copy = (e.target as HTMLElement).closest('button.copy-code');
  if (copy) {
    const text = codeToCopy(copy);
    if (text !== null) copyText(text).then(() => toast(t('codeCopied')), showError);
    return;
  }
  const box = (e.target as HTMLElement).closest<HTMLElement>('.task-box[data-hk-task]');
  if (box) {
    toggleTask(Number(box.dataset.hkTask));
    return;
  }
  const a = (e.target as HTMLElement).closest('a');
  const img = (e.target as HTMLElement).closest('img');
  if (img && !a) {
    openImage(img);
    return;
  }
  if (!a) return;
  e.preventDefault();
  const action = classifyLink(a.getAttribute('href'), a.dataset.hkPath ?? null, a.dataset.hkFragment ?? null);
  if (action.kind === 'internal') {
    if (action.path && action.path !== state.doc?.path) void openRunbook(action.path, { fragment: action.fragment });
    else if (action.fragment) scrollToFragment(action.fragment);
  } else if (action.kind === 'external') {
    api.openExternal(action.url).then(() => toast(t('linkOpened')), showError);
  } else {
    toast(t('linkBlocked'), 'warn', action.href);
  }
});

byId('preview').addEventListener('mouseover', (e) => {
  const box = (e.target as HTMLElement).closest<HTMLElement>('.task-box[data-hk-task]');
  if (box) box.title = t('taskHint');
});

/** A click on a task box in the preview ticks it (or clears it) in the text, as an edit to save. */
function toggleTask(n: number): void {
  if (!state.doc || !editor || editor.composing) return;
  syncText();
  const count = byId('preview').querySelectorAll('.task-box[data-hk-task]').length;
  if (!editor.toggleTask(n, count, bodyStart(state.doc.text))) toast(t('taskNotFound'), 'warn');
}

/** Shows `heading` of the open runbook: its line in the editor, its heading in the preview. */
function goToHeading(heading: Heading, index: number, all: Heading[]): void {
  scrollSync.reset();
  if (state.view !== 'preview') {
    editor?.gotoLine(heading.line);
    editor?.focus();
  }
  if (state.view !== 'edit') headingElement(byId('preview'), all, index)?.scrollIntoView({ block: 'start' });
}

function outline(): void {
  if (!state.doc) return;
  const text = () => {
    syncText();
    return state.doc?.text ?? '';
  };
  void openOutline({ text, go: goToHeading, error: showError });
}

function showHistory(): Promise<void> {
  return openHistory({
    path: () => state.doc?.path ?? null,
    text: (path) => {
      syncText();
      return state.doc?.path === path ? state.doc.text : null;
    },
    beforeRestore: async () => !dirty() || (await save()),
    restored: async (commit) => {
      if (state.doc) await openRunbook(state.doc.path);
      toast(t('restored', { id: commit?.slice(0, 8) ?? '' }));
    },
    error: showError,
  });
}

function search(only?: Filters): void {
  openPalette({
    summaries: () => nav.all(),
    recent: () => state.opened.filter((p) => p !== state.doc?.path).flatMap((p) => {
      const r = nav.summary(p);
      return r ? [{ path: r.path, title: r.title, score: 0, snippet: '', line: null, system: r.system, kind: r.kind, tags: r.tags, owner: r.owner }] : [];
    }).slice(0, 10),
    overdue: (path) => !!nav.summary(path)?.overdue,
    open: (hit: Hit) => void openRunbook(hit.path, { line: hit.line, terms: termsFromSnippet(hit.snippet) }).then(() => {
      if (state.view === 'edit') setView('split');
    }),
    error: showError,
  }, only);
}

async function newRunbook(): Promise<void> {
  const kinds: [string, string][] = [['procedure', t('kindProcedure')], ['system', t('kindSystem')], ['incident', t('kindIncident')], ['contact', t('kindContact')], ['policy', t('kindPolicy')], ['note', t('kindNote')]];
  const folder = state.doc?.path.includes('/') ? state.doc.path.slice(0, state.doc.path.lastIndexOf('/')) : '';
  const v = await formDialog('new-dialog', t('newTitle'), [
    { name: 'title', label: t('fmTitle'), required: true },
    { name: 'system', label: t('fmSystem') },
    { name: 'kind', label: t('fmKind'), options: kinds, value: 'procedure' },
    { name: 'folder', label: t('newFolder'), value: folder },
  ], t('create'));
  if (!v || !(await confirmDiscard())) return;
  try {
    const saved = await api.createRunbook(v.title ?? '', v.system || null, v.kind || null, v.folder || null);
    if (state.doc) state.doc.saved = state.doc.text;
    await refreshList();
    await openRunbook(saved.path);
    setView('split');
  } catch (e) {
    showError(e);
  }
}

async function renameRunbook(): Promise<void> {
  const d = state.doc;
  if (!d) return;
  if (dirty() && !(await save())) return;
  const v = await formDialog('rename-dialog', t('rename'), [{ name: 'to', label: t('renameTo'), value: d.path, required: true }], t('rename'));
  if (!v?.to || v.to === d.path) return;
  try {
    const saved = await api.renameRunbook(d.path, v.to);
    trail.renamed(d.path, saved.path);
    state.doc = null;
    await refreshList();
    await openRunbook(saved.path);
    const others = saved.linksUpdated.filter((p) => p !== saved.path);
    const titles = others.map((p) => nav.summary(p)?.title ?? p).join(language() === 'ja' ? '、' : ', ');
    toast(others.length ? t('renamedLinks', { n: String(others.length) }) : t('renamed'), 'info', titles || undefined);
  } catch (e) {
    showError(e);
  }
}

async function deleteRunbook(): Promise<void> {
  const d = state.doc;
  if (!d) return;
  if (!(await confirmDialog(t('deleteConfirm', { title: nav.summary(d.path)?.title ?? d.path }), t('delete')))) return;
  // Unsaved edits are saved first, so that restoring the runbook brings back what was on screen
  // (the core commits what is on disk before it deletes).
  syncText();
  if (dirty() && (!(await save()) || dirty() || state.doc !== d)) return;
  try {
    const saved = await api.deleteRunbook(d.path);
    state.doc = null;
    trail.removed(d.path);
    showTrail();
    byId('doc').hidden = true;
    byId('empty').hidden = false;
    closeHistory();
    await refreshList();
    updateStatus();
    // Undo brings back the version before the deletion commit (none when that commit failed).
    const commit = saved.commit;
    toast(t('deleted'), 'info', undefined, commit ? { label: t('undo'), run: () => void restoreDeleted(saved.path, `${commit}~1`) } : undefined);
  } catch (e) {
    showError(e);
  }
}

async function restoreDeleted(path: string, rev: string): Promise<void> {
  try {
    const saved = await api.restoreDeleted(path, rev);
    await deletedRestored(saved.path);
  } catch (e) {
    showError(e);
  }
}

async function deletedRestored(path: string): Promise<void> {
  await refreshList();
  await openRunbook(path);
  toast(t('restoredDeleted', { title: nav.summary(path)?.title ?? path }));
}

async function openFolder(path?: string): Promise<void> {
  const chosen = path ?? (await openDialog({ directory: true, multiple: false }));
  if (typeof chosen !== 'string' || !(await confirmDiscard())) return;
  try {
    let info;
    try {
      info = await api.openVault(chosen, false);
    } catch (e) {
      if (!(isCommandError(e) && e.kind === 'not_git') || !(await confirmDialog(t('gitInitAsk')))) throw e;
      info = await api.openVault(chosen, true);
    }
    state.doc = null;
    trail.clear();
    showTrail();
    byId('doc').hidden = true;
    byId('empty').hidden = false;
    closeHistory();
    showVault(info);
    await refreshList();
    await checkDrafts();
    updateStatus();
  } catch (e) {
    showError(e);
  }
}

function showVault({ name, isDemo, recent, opened, exportDir }: VaultInfo): void {
  state.vault = { name, exportDir };
  state.opened = opened;
  byId('vault-name').textContent = name;
  byId('demo-badge').hidden = !isDemo;
  const sel = byId<HTMLSelectElement>('recent-select');
  clear(sel);
  // The first option is the select's label, relabelled when the language changes.
  sel.append(h('option', { value: '', 'data-i18n': 'recentVaults' }, t('recentVaults')), ...recent.map((r) => h('option', { value: r }, r)));
}

byId<HTMLSelectElement>('recent-select').addEventListener('change', (e) => {
  const sel = e.target as HTMLSelectElement;
  const v = sel.value;
  sel.value = '';
  if (v) void openFolder(v);
});

function applySettings(s: Settings): void {
  state.settings = s;
  const lang = resolveLanguage(s.language, s.systemLanguage || navigator.language);
  if (lang !== language()) clearPassingToasts();
  setLanguage(lang);
  applyTheme(s.theme);
  relabel(document);
  editor?.relabel();
  findBar.relabel();
  void showBacklinkCount(state.doc?.path ?? null);
  nav.render();
  updateStatus();
  showReview();
}

function settingsDialog(): void {
  const lang = h('select', { id: 'lang-select' }, ...([['auto', t('langAuto')], ['ja', '日本語'], ['en', 'English']] as const).map(([v, l]) => h('option', { value: v, selected: state.settings.language === v }, l)));
  const theme = h('select', { id: 'theme-select' }, ...([['auto', t('themeAuto')], ['light', t('themeLight')], ['dark', t('themeDark')]] as const).map(([v, l]) => h('option', { value: v, selected: state.settings.theme === v }, l)));
  const change = () => {
    const next: Settings = { ...state.settings, language: lang.value as Settings['language'], theme: theme.value as Settings['theme'] };
    applySettings(next);
    api.setSettings(next).catch(showError);
  };
  const zoom = h('select', { id: 'zoom-select' }, ...ZOOM_STEPS.map((z) => h('option', { value: String(z), selected: state.settings.zoom === z }, `${z}%`)));
  lang.addEventListener('change', change);
  theme.addEventListener('change', change);
  zoom.addEventListener('change', () => void zoomTo(Number(zoom.value), false));
  openModal('settings-dialog', t('settings'), h('div', { class: 'form' },
    h('label', { class: 'form-row' }, h('span', {}, t('language')), lang),
    h('label', { class: 'form-row' }, h('span', {}, t('theme')), theme),
    h('label', { class: 'form-row' }, h('span', {}, t('zoom')), zoom)));
}

/** Zooms the window to `percent` (remembered for the next start); a message says so if `say`. */
async function zoomTo(percent: number, say = true): Promise<void> {
  try {
    state.settings.zoom = await api.setZoom(percent);
    if (say) toast(t('zoomLevel', { n: state.settings.zoom }));
  } catch (e) {
    showError(e);
  }
}

/** Images pasted or dropped into the editor: stored in attachments/ (one commit each), linked
 * where they were put; the preview shows them once the text changes. */
const attachDeps: AttachDeps = {
  runbook: () => state.doc?.path ?? null,
  // Another runbook opened meanwhile: the image is stored, and the message says where.
  insert: (at, make) => editor?.insertAt(at, make) ?? false,
  done: (stored) => {
    const warnings = stored.flatMap((a) => a.warnings);
    toast(t('imageAttached', { path: stored.map((a) => a.path).join(', ') }), warnings.length ? 'warn' : 'info', warnings.join('\n') || undefined);
  },
  error: showError,
};

// Files dropped on the preview go in at the editor's cursor, as if dropped there; anywhere
// else they are refused (the webview would open a dropped file in place of the app).
const dropsOnPreview = (e: DragEvent) => e.target instanceof Element && !!e.target.closest('#preview') && !!state.doc && !!editor;
for (const type of ['dragover', 'drop'] as const) {
  window.addEventListener(type, (e) => {
    if (!e.dataTransfer?.types.includes('Files')) return;
    e.preventDefault();
    const toPreview = dropsOnPreview(e);
    if (!toPreview && !(e.target instanceof Element && e.target.closest('#editor'))) e.dataTransfer.dropEffect = 'none';
    if (type === 'drop' && toPreview && editor) void attachFiles(Array.from(e.dataTransfer.files), editor.markCursor(), attachDeps);
  });
}

/** Prints the open runbook as it is on screen, unsaved edits included: its preview is brought
 * up to date and drawn whole first, and the paper says when it was printed and which version
 * of the file it shows. */
async function printRunbook(): Promise<void> {
  syncText();
  const d = state.doc;
  if (!d || modalOpen()) return;
  try {
    const blocks = await api.renderMarkdown(d.path, d.text);
    if (state.doc !== d) return;
    await preview.show(blocks);
    // A runbook that starts with its title as a heading has it printed once.
    const heading = byId('preview').querySelector('h1')?.textContent?.trim();
    byId('doc').classList.toggle('print-titled', heading === byId('doc-title').textContent?.trim());
    const last = dirty() ? null : await api.lastChange(d.path).catch(() => null);
    const date = isoDate(new Date());
    byId('print-stamp').textContent = last
      ? t('printStamp', { date, path: d.path, changed: changedLine(last).text, commit: last.shortId })
      : t('printStampUnsaved', { date, path: d.path });
    await api.printPage();
  } catch (e) {
    showError(e);
  }
}

function helpPanel(): void {
  const rows: [string, string][] = [['Ctrl+K', t('scSearch')], ['Ctrl+F', t('scFind')], ['Alt+← / Alt+→', t('scBackForward')], ['↑ ↓ ← →', t('scTree')], ['Ctrl+S', t('scSave')], ['Ctrl+P', t('scPrint')], ['Ctrl+N', t('scNew')], ['Ctrl+E', t('scToggle')], ['Ctrl+H', t('scHistory')], ['Ctrl+Shift+O', t('scOutline')], ['Ctrl+B / Ctrl+I', t('scEmphasis')], ['Ctrl+V', t('scImage')], ['Ctrl+Shift+V', t('scPastePlain')], ['[[', t('scLink')], ['Ctrl+= / Ctrl+-', t('scZoom')], ['Ctrl+0', t('scZoomReset')], ['F1', t('scHelp')], ['Esc', t('scClose')]];
  const m = openModal('help-panel', t('shortcuts'), h('table', { class: 'shortcuts' }, ...rows.map(([k, d]) => h('tr', {}, h('td', {}, h('kbd', {}, k)), h('td', {}, d)))));
  m.root.querySelector<HTMLElement>('.modal-close')?.focus();
}

byId('search-button').addEventListener('click', () => search());
byId('new-button').addEventListener('click', () => void newRunbook());
byId('open-folder-button').addEventListener('click', () => void openFolder());
byId('settings-button').addEventListener('click', settingsDialog);
byId('help-button').addEventListener('click', helpPanel);
byId('save-button').addEventListener('click', () => void save());
byId('back-button').addEventListener('click', () => move('back'));
byId('forward-button').addEventListener('click', () => move('forward'));
// A mouse's back and forward buttons.
window.addEventListener('mouseup', (e) => {
  if ((e.button !== 3 && e.button !== 4) || modalOpen()) return;
  e.preventDefault();
  move(e.button === 3 ? 'back' : 'forward');
});
byId('history-button').addEventListener('click', () => (historyOpen() ? closeHistory() : void showHistory()));
byId('print-button').addEventListener('click', () => void printRunbook());
byId('rename-button').addEventListener('click', () => void renameRunbook());
byId('delete-button').addEventListener('click', () => void deleteRunbook());
byId('outline-button').addEventListener('click', outline);
byId('backlinks-button').addEventListener('click', () => {
  if (state.doc) void openBacklinks(state.doc.path, { open: (path) => void openRunbook(path), error: showError });
});
byId('recent-button').addEventListener('click', () => void openRecent({ title: (path) => nav.summary(path)?.title ?? null, open: (path) => void openRunbook(path), error: showError }));
/** Shows the front matter fields, where "Mark reviewed today" is. */
const showFields = () => { byId<HTMLDetailsElement>('fm-panel').open = true; };
byId('doc-review').addEventListener('click', showFields);
byId('check-button').addEventListener('click', () => void openCheck({
  title: (path) => nav.summary(path)?.title ?? null,
  open: (path, line, review) => void openRunbook(path, { line }).then(() => {
    if (review && state.doc?.path === path) showFields();
  }),
  error: showError,
}));
byId('export-button').addEventListener('click', () => openExport({ defaultDir: () => state.vault.exportDir, vaultName: () => state.vault.name, error: showError }));
byId('deleted-button').addEventListener('click', () => void openDeleted({ restored: (path) => deletedRestored(path), error: showError }));
for (const b of document.querySelectorAll<HTMLElement>('.nav-modes button')) {
  b.addEventListener('click', () => {
    for (const o of document.querySelectorAll('.nav-modes button')) o.classList.toggle('active', o === b);
    nav.setMode(b.dataset.mode as NavMode);
  });
}

window.addEventListener('keydown', (e) => {
  if (e.isComposing) return;
  const mod = e.ctrlKey || e.metaKey;
  const key = e.key.toLowerCase();
  const zoom = mod && !e.altKey ? zoomDirection(e.key) : null;
  if (mod && key === 'k') { e.preventDefault(); search(); }
  else if (mod && key === 's') { e.preventDefault(); void save(); }
  else if (mod && key === 'p' && !e.shiftKey && !e.altKey) { e.preventDefault(); void printRunbook(); }
  else if (mod && key === 'n') { e.preventDefault(); void newRunbook(); }
  else if (zoom !== null) { e.preventDefault(); void zoomTo(nextZoom(state.settings.zoom, zoom)); }
  else if (mod && key === 'e') { e.preventDefault(); setView(state.view === 'edit' ? 'preview' : state.view === 'preview' ? 'split' : 'edit'); }
  else if (mod && e.shiftKey && key === 'o') { e.preventDefault(); outline(); }
  else if (mod && key === 'f' && !e.altKey && !e.shiftKey) {
    // In the editor, CodeMirror's own find and replace panel has taken the key already.
    if (e.defaultPrevented || !state.doc || modalOpen()) return;
    e.preventDefault();
    if (state.view === 'edit') editor?.find();
    else findBar.open();
  }
  else if (e.altKey && !mod && !e.shiftKey && (e.key === 'ArrowLeft' || e.key === 'ArrowRight')) {
    // In the editor, CodeMirror moves the cursor by syntax with these keys.
    if (e.defaultPrevented || modalOpen()) return;
    e.preventDefault();
    move(e.key === 'ArrowLeft' ? 'back' : 'forward');
  }
  else if (mod && key === 'h') { e.preventDefault(); if (historyOpen()) closeHistory(); else void showHistory(); }
  else if (e.key === 'F1') { e.preventDefault(); helpPanel(); }
  else if (e.key === 'Escape' && historyOpen() && !modalOpen()) closeHistory();
});

// ---- start ----

async function start(): Promise<void> {
  // Asked for together: each round trip to the shell costs a few milliseconds of launch.
  const [settings, info, status] = await Promise.allSettled([api.getSettings(), api.vaultInfo(), api.indexStatus()]);
  if (settings.status === 'fulfilled') {
    applySettings(settings.value);
  } else {
    applySettings(state.settings);
    showError(settings.reason);
  }
  void onIndexProgress(showIndexStatus);
  // One at a time: a file written in two bursts is reported twice, and the second report must
  // find the first one's conflict answered, not open a second dialog over it.
  let outside = Promise.resolve();
  void onVaultChanged((paths) => {
    outside = outside.then(() => onOutsideChange(paths)).catch(showError);
  });
  void getCurrentWindow().onCloseRequested(async (event) => {
    syncText();
    if (dirty() && !(await confirmDialog(t('unsavedClose'), t('closeWithoutSaving')))) event.preventDefault();
  });
  if (info.status === 'fulfilled') {
    showVault(info.value);
    if (status.status === 'fulfilled') showIndexStatus(status.value);
    else showError(status.reason);
  } else {
    showError(info.reason);
  }
  setView('split');
  // Interactive now: search works while the list of a large vault is still being read.
  document.body.dataset.ready = 'true';
  // When, in milliseconds since the epoch (the app benchmark compares it with the process start).
  document.body.dataset.readyAt = String(Math.round(performance.timeOrigin + performance.now()));
  // Errors show when a runbook opens, which waits for the same promise.
  loadEditor().catch(() => undefined);
  byId('nav').textContent = t('loading');
  await refreshList();
  await checkDrafts();
  // The runbook open when the app was last closed, else the vault's start page.
  const first = [...state.opened, 'start-here.md'].find((p) => nav.summary(p));
  if (first && !state.doc) await openRunbook(first);
  document.body.dataset.listed = 'true';
}

void start();
