// The Ctrl/Cmd+K search palette: results as you type, filters, keyboard navigation.
import { api, type Filters, type Hit, type RunbookSummary } from '../api';
import { compare } from '../collate';
import { h, setSanitizedHtml } from '../dom';
import { t } from '../i18n';
import { conflictCopyOf } from '../conflictName';
import { kindLabel } from '../navigator';
import { openModal } from '../modal';
import { extractFilters, metaLine, Sequencer } from './query';

const DEBOUNCE_MS = 60;

export interface PaletteDeps {
  summaries: () => RunbookSummary[];
  /** The runbooks opened last, newest first: shown before anything is typed. */
  recent: () => Hit[];
  /** Whether the runbook at `path` is past its review date. */
  overdue: (path: string) => boolean;
  open: (hit: Hit) => void;
  error: (e: unknown) => void;
}

let lastQuery = '';

interface Row { el: HTMLElement; title: HTMLElement; overdue: HTMLElement; path: HTMLElement; snippet: HTMLElement; meta: HTMLElement; hit: Hit | null }

/** Opens the palette with the last query, or with `only` selected in the filters and no words
 * (the runbooks of one system or with one tag). */
export function openPalette(deps: PaletteDeps, only?: Filters): void {
  if (document.getElementById('search-palette')) return;
  if (only) lastQuery = '';
  const seq = new Sequencer();
  let hits: Hit[] = [];
  let selected = 0;
  let timer: number | undefined;
  // True from a keystroke until its search has answered: Enter then waits for fresh results.
  let stale = Boolean(lastQuery);

  const input = h('input', { id: 'search-input', type: 'search', placeholder: t('searchPlaceholder'), autocomplete: 'off', spellcheck: 'false', value: lastQuery });
  const values = (pick: (r: RunbookSummary) => (string | null)[]) => [...new Set(deps.summaries().flatMap(pick).filter((v): v is string => !!v))].sort(compare);
  const select = (id: string, label: string, options: [string, string][]) =>
    h('select', { id, 'aria-label': label, class: 'filter' }, h('option', { value: '' }, `${label}: ${t('filterAll')}`), ...options.map(([v, l]) => h('option', { value: v }, l)));
  const system = select('filter-system', t('filterSystem'), values((r) => [r.system]).map((v) => [v, v]));
  const kind = select('filter-kind', t('filterKind'), values((r) => [r.kind]).map((v) => [v, kindLabel(v)]));
  // Tags as the chips under a title show them: "#printer" says what it is in the closed select.
  const tag = select('filter-tag', t('filterTag'), values((r) => r.tags).map((v) => [v, `#${v}`]));
  const owner = select('filter-owner', t('filterOwner'), values((r) => [r.owner]).map((v) => [v, v]));
  const status = h('div', { class: 'search-status', id: 'search-status' });
  const list = h('div', { class: 'search-results', id: 'search-results', role: 'listbox' });

  if (only?.system) system.value = only.system;
  if (only?.tag) tag.value = only.tag;
  const body = h('div', { class: 'palette' }, input, h('div', { class: 'filters' }, system, kind, tag, owner), status, list);
  const modal = openModal('search-palette', t('search'), body);
  modal.root.classList.add('palette-backdrop');

  // Result rows are made once and reused: a row per keystroke made and dropped left thousands
  // of elements waiting for the garbage collector: 13-15 MB more of the web process with every
  // 43 searches.
  const rows: Row[] = [];
  const row = (i: number): Row => {
    const title = h('span', { class: 'hit-title' });
    const overdue = h('span', { class: 'badge overdue hit-overdue', hidden: true }, t('overdue'));
    const path = h('span', { class: 'hit-path' });
    const snippet = h('div', { class: 'hit-snippet' });
    const meta = h('div', { class: 'hit-meta' });
    const el = h('div', { class: 'search-hit', role: 'option',
      onmousemove: () => { if (selected !== i) { selected = i; render(); } },
      onclick: () => choose(i) },
    h('div', { class: 'hit-head' }, title, overdue, path), snippet, meta);
    return { el, title, overdue, path, snippet, meta, hit: null };
  };
  const render = () => {
    hits.forEach((hit, i) => {
      const r = (rows[i] ??= row(i));
      if (r.hit !== hit) {
        r.hit = hit;
        r.el.dataset.path = hit.path;
        r.title.textContent = hit.title;
        r.overdue.hidden = !deps.overdue(hit.path);
        r.path.textContent = hit.path;
        setSanitizedHtml(r.snippet, hit.snippet);
        r.snippet.hidden = !hit.snippet;
        r.meta.textContent = metaLine([conflictCopyOf(hit.path) ? t('conflictCopy') : null, hit.system, hit.kind ? kindLabel(hit.kind) : null, ...hit.tags]);
        r.meta.hidden = !r.meta.textContent;
      }
      r.el.classList.toggle('selected', i === selected);
      r.el.setAttribute('aria-selected', String(i === selected));
      if (list.children[i] !== r.el) list.insertBefore(r.el, list.children[i] ?? null);
    });
    while (list.children.length > hits.length) list.lastElementChild!.remove();
    list.querySelector('.selected')?.scrollIntoView({ block: 'nearest' });
  };

  const run = async () => {
    const typed = input.value;
    lastQuery = typed;
    const parsed = extractFilters(typed);
    const filters: Filters = { ...parsed.filters };
    for (const [key, el] of [['system', system], ['kind', kind], ['tag', tag], ['owner', owner]] as const) if (el.value) filters[key] = el.value;
    const n = seq.next();
    if (!typed.trim() && !Object.keys(filters).length) {
      hits = deps.recent();
      selected = 0;
      stale = false;
      status.textContent = hits.length ? t('recentlyOpened') : '';
      render();
      return;
    }
    try {
      const res = await api.search(typed, filters, 30);
      if (!seq.isLatest(n)) return;
      hits = res.hits;
      selected = 0;
      stale = false;
      const parts = [t('searchCount', { n: res.total }), t('searchTime', { ms: res.elapsedMs.toFixed(1) })];
      if (res.mode === 'loose') parts.push(t('searchLoose'));
      if (res.total === 0) parts.unshift(t('searchNoResults'));
      status.textContent = parts.join(' · ');
      render();
    } catch (e) {
      if (seq.isLatest(n)) deps.error(e);
    }
  };

  const choose = (i: number) => {
    const hit = hits[i];
    if (!hit) return;
    modal.close();
    deps.open(hit);
  };

  input.addEventListener('input', () => {
    stale = true;
    window.clearTimeout(timer);
    timer = window.setTimeout(run, DEBOUNCE_MS);
  });
  for (const el of [system, kind, tag, owner]) el.addEventListener('change', () => void run());
  input.addEventListener('keydown', (e) => {
    if (e.isComposing) return;
    if (e.key === 'ArrowDown') { selected = Math.min(hits.length - 1, selected + 1); render(); e.preventDefault(); }
    else if (e.key === 'ArrowUp') { selected = Math.max(0, selected - 1); render(); e.preventDefault(); }
    else if (e.key === 'Enter') {
      e.preventDefault();
      window.clearTimeout(timer);
      if (stale) void run().then(() => choose(selected));
      else choose(selected);
    }
  });
  input.focus();
  input.select();
  void run();
}
