// The sidebar: runbooks as a folder tree, or grouped by system / kind / tag / owner. Shows
// titles, review-due badges and front matter warnings. Folders and groups render their
// children only when open, so 20,000 runbooks stay fast (large vaults start collapsed).
import type { RunbookSummary } from './api';
import { h, clear } from './dom';
import { t, type Key } from './i18n';

export type NavMode = 'tree' | 'system' | 'kind' | 'tag' | 'owner';

interface Folder { name: string; path: string; folders: Map<string, Folder>; files: RunbookSummary[] }

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
  mode: NavMode = 'tree';

  constructor(private host: HTMLElement, private onOpen: (path: string) => void) {}

  setItems(items: RunbookSummary[]): void {
    const first = this.items.length === 0;
    const known = new Set(this.items.map((i) => i.path));
    this.items = items;
    // Runbooks that appeared since the last listing (created here or elsewhere) are shown.
    if (!first) for (const i of items) if (!known.has(i.path)) this.openAncestors(i.path);
    if (first && items.length <= 400) {
      for (const i of items) {
        const parts = i.path.split('/');
        for (let k = 1; k < parts.length; k++) this.open.add(`tree:${parts.slice(0, k).join('/')}`);
      }
      for (const mode of ['system', 'kind', 'tag', 'owner']) for (const g of this.groups(mode as NavMode).keys()) this.open.add(`${mode}:${g}`);
    }
    this.render();
  }

  setCurrent(path: string | null): void {
    this.current = path;
    if (path) this.openAncestors(path);
    this.render();
  }

  private openAncestors(path: string): void {
    const parts = path.split('/');
    for (let k = 1; k < parts.length; k++) this.open.add(`tree:${parts.slice(0, k).join('/')}`);
  }

  setMode(mode: NavMode): void {
    this.mode = mode;
    this.render();
  }

  summary(path: string): RunbookSummary | undefined {
    return this.items.find((i) => i.path === path);
  }

  all(): RunbookSummary[] {
    return this.items;
  }

  private item(r: RunbookSummary, depth: number): HTMLElement {
    return h('div', {
      class: `nav-item${r.path === this.current ? ' current' : ''}`,
      'data-path': r.path,
      title: r.path,
      role: 'treeitem',
      tabindex: '0',
      style: `padding-left: ${0.6 + depth * 0.9}rem`,
      onclick: () => this.onOpen(r.path),
      onkeydown: (e: Event) => {
        if ((e as KeyboardEvent).key === 'Enter') this.onOpen(r.path);
      },
    },
    h('span', { class: 'nav-title' }, r.title),
    r.overdue ? h('span', { class: 'badge overdue', title: `${t('overdue')}: ${r.reviewDue ?? ''}` }, t('overdue')) : null,
    r.warning ? h('span', { class: 'badge warn', title: r.warning }, '⚠') : null);
  }

  private toggle(key: string): void {
    if (this.open.has(key)) this.open.delete(key);
    else this.open.add(key);
    this.render();
  }

  private header(key: string, label: string, count: number, depth: number): HTMLElement {
    const isOpen = this.open.has(key);
    return h('div', { class: 'nav-folder', role: 'button', tabindex: '0', 'aria-expanded': String(isOpen), style: `padding-left: ${0.4 + depth * 0.9}rem`, onclick: () => this.toggle(key) },
      h('span', { class: 'caret' }, isOpen ? '▾' : '▸'), h('span', { class: 'nav-folder-name' }, label), h('span', { class: 'count' }, String(count)));
  }

  private tree(): Folder {
    const root: Folder = { name: '', path: '', folders: new Map(), files: [] };
    for (const r of this.items) {
      const parts = r.path.split('/');
      let f = root;
      for (let k = 0; k < parts.length - 1; k++) {
        const name = parts[k] ?? '';
        let next = f.folders.get(name);
        if (!next) {
          next = { name, path: parts.slice(0, k + 1).join('/'), folders: new Map(), files: [] };
          f.folders.set(name, next);
        }
        f = next;
      }
      f.files.push(r);
    }
    return root;
  }

  private count(f: Folder): number {
    let n = f.files.length;
    for (const c of f.folders.values()) n += this.count(c);
    return n;
  }

  private renderFolder(f: Folder, depth: number, out: HTMLElement[]): void {
    const folders = [...f.folders.values()].sort((a, b) => a.name.localeCompare(b.name));
    const files = [...f.files].sort((a, b) => a.title.localeCompare(b.title, 'ja'));
    for (const r of files) out.push(this.item(r, depth));
    for (const c of folders) {
      const key = `tree:${c.path}`;
      out.push(this.header(key, c.name, this.count(c), depth));
      if (this.open.has(key)) this.renderFolder(c, depth + 1, out);
    }
  }

  private groups(mode: NavMode): Map<string, RunbookSummary[]> {
    const groups = new Map<string, RunbookSummary[]>();
    const add = (g: string, r: RunbookSummary) => {
      const list = groups.get(g) ?? [];
      list.push(r);
      groups.set(g, list);
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
    return groups;
  }

  render(): void {
    const out: HTMLElement[] = [];
    if (this.mode === 'tree') {
      this.renderFolder(this.tree(), 0, out);
    } else {
      const groups = [...this.groups(this.mode).entries()].sort(([a], [b]) => (a === '' ? 1 : b === '' ? -1 : a.localeCompare(b, 'ja')));
      for (const [g, list] of groups) {
        const key = `${this.mode}:${g}`;
        const label = g === '' ? t('ungrouped') : this.mode === 'kind' ? kindLabel(g) : g;
        out.push(this.header(key, label, list.length, 0));
        if (this.open.has(key)) for (const r of [...list].sort((a, b) => a.title.localeCompare(b.title, 'ja'))) out.push(this.item(r, 1));
      }
    }
    clear(this.host);
    this.host.append(...out);
  }
}
