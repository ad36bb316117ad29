// The sidebar: runbooks as a folder tree, or grouped by system / kind / tag / owner. Shows
// titles, review-due badges and front matter warnings. Folders and groups list their children
// only when open (large vaults start collapsed), and only the rows near the visible part of
// the list are in the DOM: a folder of 2,000 runbooks draws a few hundred rows.
import type { RunbookSummary } from './api';
import { sortedBy } from './collate';
import { h, clear } from './dom';
import { t, type Key } from './i18n';
import { conflictCopyOf } from './conflictName';

export type NavMode = 'tree' | 'system' | 'kind' | 'tag' | 'owner';

/** A row of the list: a folder or group header, or a runbook. */
type Row =
  | { kind: 'header'; key: string; label: string; count: number; depth: number }
  | { kind: 'item'; runbook: RunbookSummary; depth: number };

/** Every row is this tall (styles.css gives both kinds this height). */
export const ROW_PX = 26;
/** Rows drawn above and below the visible ones. */
const OVERSCAN = 150;

/** A folder of the tree. `files` is sorted by title, and `subfolders` (its folders by name)
 * filled in, the first time it is drawn. */
interface Folder { name: string; path: string; folders: Map<string, Folder>; files: RunbookSummary[]; count: number; subfolders: Folder[] | null }

const KIND_KEYS: Record<string, Key> = {
  procedure: 'kindProcedure', system: 'kindSystem', incident: 'kindIncident', contact: 'kindContact', policy: 'kindPolicy', note: 'kindNote',
};

export function kindLabel(kind: string | null): string {
  const key = kind ? KIND_KEYS[kind] : undefined;
  return key ? t(key) : kind ?? t('ungrouped');
}

export class Navigator {
  private items: RunbookSummary[] = [];
  private open = new Set<string>();
  private current: string | null = null;
  /** The tree and the groups of each mode, built from `items` when first needed. */
  private built: { tree?: Folder; groups: Map<NavMode, [string, RunbookSummary[]][]> } = { groups: new Map() };
  /** Every row of the list as it is now, and the range of them in the DOM. */
  private rows: Row[] = [];
  private painted = { first: 0, last: 0 };
  /** The rows drawn for each runbook (one per group it is in). */
  private drawn = new Map<string, HTMLElement[]>();
  mode: NavMode = 'tree';

  constructor(private host: HTMLElement, private onOpen: (path: string) => void) {
    host.addEventListener('scroll', () => this.paint());
    host.addEventListener('keydown', (e) => this.onKey(e));
  }

  /** The keys of a tree: ↑ ↓ Home End move, → opens a folder or enters it, ← closes it or
   * goes to the folder above, Enter and Space open a runbook or open and close a folder (a
   * folder keeps the focus: see `toggle`). */
  private onKey(e: KeyboardEvent): void {
    const el = (e.target as HTMLElement).closest<HTMLElement>('[data-row]');
    if (!el || e.altKey || e.ctrlKey || e.metaKey || e.isComposing) return;
    const i = Number(el.dataset.row);
    const row = this.rows[i];
    if (!row) return;
    const isOpen = row.kind === 'header' && this.open.has(row.key);
    let to: number | null = null;
    switch (e.key) {
      case 'ArrowDown': to = i + 1; break;
      case 'ArrowUp': to = i - 1; break;
      case 'Home': to = 0; break;
      case 'End': to = this.rows.length - 1; break;
      case 'ArrowRight':
        if (row.kind === 'header' && !isOpen) this.toggle(row.key);
        else if (row.kind === 'header') to = i + 1;
        break;
      case 'ArrowLeft':
        if (isOpen && row.kind === 'header') {
          this.toggle(row.key);
        } else {
          // The folder or group this row is in.
          for (let j = i - 1; j >= 0 && to === null; j--) {
            const up = this.rows[j]!;
            if (up.kind === 'header' && up.depth < row.depth) to = j;
          }
        }
        break;
      case 'Enter':
      case ' ':
        if (row.kind === 'item') this.onOpen(row.runbook.path);
        else this.toggle(row.key);
        break;
      default:
        return;
    }
    e.preventDefault();
    if (to !== null) this.focusRow(Math.max(0, Math.min(this.rows.length - 1, to)));
  }

  /** Focuses the `i`-th row, scrolling it into view (and drawing it, if it was not). */
  private focusRow(i: number): void {
    const { top, height } = this.viewport();
    if (i * ROW_PX < top) this.host.scrollTop = i * ROW_PX;
    else if ((i + 1) * ROW_PX > top + height) this.host.scrollTop = (i + 1) * ROW_PX - height;
    this.paint();
    this.host.querySelector<HTMLElement>(`[data-row="${i}"]`)?.focus({ preventScroll: true });
  }

  setItems(items: RunbookSummary[]): void {
    const first = this.items.length === 0;
    const known = new Set(this.items.map((i) => i.path));
    this.items = items;
    this.built = { groups: new Map() };
    // Runbooks that appeared since the last listing (created here or elsewhere) are shown.
    if (!first) for (const i of items) if (!known.has(i.path)) this.openAncestors(i.path);
    if (first && items.length <= 400) {
      for (const i of items) this.openAncestors(i.path);
      for (const mode of ['system', 'kind', 'tag', 'owner'] as const) for (const [g] of this.groups(mode)) this.open.add(`${mode}:${g}`);
    }
    this.render();
  }

  /** Marks the open runbook, opening its folders and scrolling it into view. */
  setCurrent(path: string | null): void {
    for (const el of this.current ? this.drawn.get(this.current) ?? [] : []) el.classList.remove('current');
    this.current = path;
    if (path && this.openAncestors(path) && this.mode === 'tree') this.render();
    else for (const el of path ? this.drawn.get(path) ?? [] : []) el.classList.add('current');
    const at = this.rows.findIndex((r) => r.kind === 'item' && r.runbook.path === path);
    if (at < 0) return;
    const { top, height } = this.viewport();
    if (at * ROW_PX < top || (at + 1) * ROW_PX > top + height) {
      this.host.scrollTop = Math.max(0, at * ROW_PX - height / 2);
      this.paint();
    }
  }

  /** Opens the folders above `path`; whether any was closed. */
  private openAncestors(path: string): boolean {
    const parts = path.split('/');
    let opened = false;
    for (let k = 1; k < parts.length; k++) {
      const key = `tree:${parts.slice(0, k).join('/')}`;
      if (!this.open.has(key)) {
        this.open.add(key);
        opened = true;
      }
    }
    return opened;
  }

  setMode(mode: NavMode): void {
    this.mode = mode;
    this.render();
  }

  /** Every runbook listed, in the vault's order. */
  runbooks(): readonly RunbookSummary[] {
    return this.items;
  }

  summary(path: string): RunbookSummary | undefined {
    return this.items.find((i) => i.path === path);
  }

  all(): RunbookSummary[] {
    return this.items;
  }

  private item(r: RunbookSummary, depth: number): HTMLElement {
    const copyOf = conflictCopyOf(r.path);
    const row = h('div', {
      class: `nav-item${r.path === this.current ? ' current' : ''}`,
      'data-path': r.path,
      title: r.path,
      role: 'treeitem',
      'aria-level': depth + 1,
      tabindex: '0',
      style: `padding-left: ${0.6 + depth * 0.9}rem`,
      onclick: () => this.onOpen(r.path),
    },
    h('span', { class: 'nav-title' }, r.title),
    r.overdue ? h('span', { class: 'badge overdue', title: `${t('overdue')}: ${r.reviewDue ?? ''}` }, t('overdue')) : null,
    copyOf ? h('span', { class: 'badge copy', title: t('conflictCopyOf', { path: copyOf }) }, t('conflictCopy')) : null,
    r.warning ? h('span', { class: 'badge warn', title: r.warning }, '⚠') : null);
    const rows = this.drawn.get(r.path);
    if (rows) rows.push(row);
    else this.drawn.set(r.path, [row]);
    return row;
  }

  private toggle(key: string): void {
    if (this.open.has(key)) this.open.delete(key);
    else this.open.add(key);
    // The row is drawn anew: it keeps the focus a click or a key gave it.
    const focused = this.host.contains(document.activeElement);
    this.render();
    const at = this.rows.findIndex((r) => r.kind === 'header' && r.key === key);
    if (focused && at >= 0) this.focusRow(at);
  }

  private header(key: string, label: string, count: number, depth: number): HTMLElement {
    const isOpen = this.open.has(key);
    return h('div', { class: 'nav-folder', role: 'treeitem', 'aria-level': depth + 1, tabindex: '0', 'aria-expanded': String(isOpen), style: `padding-left: ${0.4 + depth * 0.9}rem`, onclick: () => this.toggle(key) },
      h('span', { class: 'caret' }, isOpen ? '▾' : '▸'), h('span', { class: 'nav-folder-name' }, label), h('span', { class: 'count' }, String(count)));
  }

  private tree(): Folder {
    if (this.built.tree) return this.built.tree;
    const folder = (name: string, path: string): Folder => ({ name, path, folders: new Map(), files: [], count: 0, subfolders: null });
    const root = folder('', '');
    for (const r of this.items) {
      const parts = r.path.split('/');
      let f = root;
      f.count++;
      for (let k = 0; k < parts.length - 1; k++) {
        const name = parts[k] ?? '';
        let next = f.folders.get(name);
        if (!next) {
          next = folder(name, f.path ? `${f.path}/${name}` : name);
          f.folders.set(name, next);
        }
        f = next;
        f.count++;
      }
      f.files.push(r);
    }
    this.built.tree = root;
    return root;
  }

  private folderRows(f: Folder, depth: number, out: Row[]): void {
    if (!f.subfolders) {
      f.files = sortedBy(f.files, (r) => r.title);
      f.subfolders = sortedBy(f.folders.values(), (c) => c.name);
    }
    for (const runbook of f.files) out.push({ kind: 'item', runbook, depth });
    for (const c of f.subfolders) {
      const key = `tree:${c.path}`;
      out.push({ kind: 'header', key, label: c.name, count: c.count, depth });
      if (this.open.has(key)) this.folderRows(c, depth + 1, out);
    }
  }

  /** The groups of a mode, sorted by name (the ungrouped last), each sorted by title. */
  private groups(mode: Exclude<NavMode, 'tree'>): [string, RunbookSummary[]][] {
    const cached = this.built.groups.get(mode);
    if (cached) return cached;
    const groups = new Map<string, RunbookSummary[]>();
    const add = (g: string, r: RunbookSummary) => {
      const list = groups.get(g);
      if (list) list.push(r);
      else groups.set(g, [r]);
    };
    for (const r of this.items) {
      if (mode === 'tag') {
        if (r.tags.length === 0) add('', r);
        for (const tag of r.tags) add(tag, r);
      } else {
        const v = mode === 'system' ? r.system : mode === 'kind' ? r.kind : r.owner;
        add(v ?? '', r);
      }
    }
    const named = sortedBy([...groups].filter(([g]) => g !== ''), ([g]) => g);
    const ungrouped = groups.get('');
    const sorted: [string, RunbookSummary[]][] = [...named, ...(ungrouped ? [['', ungrouped] as [string, RunbookSummary[]]] : [])]
      .map(([g, list]) => [g, sortedBy(list, (r) => r.title)]);
    this.built.groups.set(mode, sorted);
    return sorted;
  }

  /** Rebuilds the list of rows (after a change of items, mode or open folders) and draws it. */
  render(): void {
    const rows: Row[] = [];
    if (this.mode === 'tree') {
      this.folderRows(this.tree(), 0, rows);
    } else {
      for (const [g, list] of this.groups(this.mode)) {
        const key = `${this.mode}:${g}`;
        const label = g === '' ? t('ungrouped') : this.mode === 'kind' ? kindLabel(g) : g;
        rows.push({ kind: 'header', key, label, count: list.length, depth: 0 });
        if (this.open.has(key)) for (const runbook of list) rows.push({ kind: 'item', runbook, depth: 1 });
      }
    }
    this.rows = rows;
    this.paint(true);
  }

  private viewport(): { top: number; height: number } {
    // Before layout (and in tests) the list has no height yet: assume a tall window.
    return { top: this.host.scrollTop, height: this.host.clientHeight || 1200 };
  }

  /** Draws the rows around the visible ones, unless those drawn already cover them. */
  private paint(force = false): void {
    const { top, height } = this.viewport();
    const visible = { first: Math.floor(top / ROW_PX), last: Math.ceil((top + height) / ROW_PX) };
    const { first, last } = this.painted;
    const covered = visible.first >= first && Math.min(visible.last, this.rows.length) <= last;
    if (!force && covered) return;
    const from = Math.max(0, visible.first - OVERSCAN);
    const to = Math.min(this.rows.length, visible.last + OVERSCAN);
    this.painted = { first: from, last: to };
    this.drawn.clear();
    const out: HTMLElement[] = [];
    if (from > 0) out.push(this.spacer(from));
    for (const row of this.rows.slice(from, to)) {
      const el = row.kind === 'item' ? this.item(row.runbook, row.depth) : this.header(row.key, row.label, row.count, row.depth);
      el.dataset.row = String(from + out.length - (from > 0 ? 1 : 0));
      out.push(el);
    }
    if (to < this.rows.length) out.push(this.spacer(this.rows.length - to));
    clear(this.host);
    this.host.append(...out);
  }

  /** Stands in for `rows` rows that are not drawn. */
  private spacer(rows: number): HTMLElement {
    return h('div', { class: 'nav-spacer', 'aria-hidden': 'true', style: `height: ${rows * ROW_PX}px` });
  }
}
