// Unified diff text → rows for the history drawer: Git's header lines dropped, each line with
// its numbers in the old and new version, and, where a line was changed rather than replaced,
// the words that changed (a Japanese paragraph is one line, so a whole-line colour alone does
// not say what changed in it).
import { diffLines, diffWords } from 'diff';
import { h } from './dom';

export type DiffRowKind = 'add' | 'del' | 'hunk' | 'context';

export interface DiffPart {
  text: string;
  changed: boolean;
}

export interface DiffRow {
  kind: DiffRowKind;
  /** The line without its +/-/space marker; for a hunk, empty. */
  text: string;
  /** Line number in the old version (del, context, and where a hunk starts). */
  oldNo?: number;
  /** Line number in the new version (add, context, and where a hunk starts). */
  newNo?: number;
  /** The line in parts, changed words marked: set on a changed line paired with its other
   * version. */
  parts?: DiffPart[];
}

/** Lines longer than this are not compared word by word (the comparison is quadratic). */
const MAX_WORDS_LENGTH = 3000;
/** A pair of lines that both lost and gained text, sharing less than this share of it, were
 * replaced, not edited: marking words would colour nearly all of both. */
const MIN_SHARED = 0.5;

const HUNK = /^@@ -(\d+)(?:,\d+)? \+(\d+)(?:,\d+)? @@/;

export function parseDiff(diff: string): DiffRow[] {
  const rows: DiffRow[] = [];
  let oldNo = 0;
  let newNo = 0;
  let inHunk = false;
  const lines = diff.split('\n');
  if (lines[lines.length - 1] === '') lines.pop();
  for (const line of lines) {
    const hunk = HUNK.exec(line);
    if (hunk) {
      inHunk = true;
      oldNo = Number(hunk[1]);
      newNo = Number(hunk[2]);
      rows.push({ kind: 'hunk', text: '', oldNo, newNo });
    } else if (!inHunk || line.startsWith('\\')) {
      // Git's header lines before the first hunk (the diff is of one file, so there are no
      // others) and "\ No newline at end of file": nothing a reader needs.
    } else if (line.startsWith('+')) {
      rows.push({ kind: 'add', text: line.slice(1), newNo: newNo++ });
    } else if (line.startsWith('-')) {
      rows.push({ kind: 'del', text: line.slice(1), oldNo: oldNo++ });
    } else {
      rows.push({ kind: 'context', text: line.slice(1), oldNo: oldNo++, newNo: newNo++ });
    }
  }
  markChangedWords(rows);
  return rows;
}

let segmenter: Intl.Segmenter | null = null;

/** The words of `before` and `after` that differ, or null when the two lines are too long or
 * too different for that to help. Japanese is split into words by the platform's segmenter. */
export function changedWords(before: string, after: string): [DiffPart[], DiffPart[]] | null {
  if (before.length > MAX_WORDS_LENGTH || after.length > MAX_WORDS_LENGTH) return null;
  segmenter ??= new Intl.Segmenter('ja', { granularity: 'word' });
  const changes = diffWords(before, after, { intlSegmenter: segmenter });
  const old: DiffPart[] = [];
  const now: DiffPart[] = [];
  let shared = 0;
  for (const c of changes) {
    if (!c.added) old.push({ text: c.value, changed: c.removed });
    if (!c.removed) now.push({ text: c.value, changed: c.added });
    if (!c.added && !c.removed) shared += c.value.trim().length;
  }
  // Text only added to a line (or only taken out) is always worth marking.
  const oneSided = !old.some((p) => p.changed) || !now.some((p) => p.changed);
  const longer = Math.max(before.trim().length, after.trim().length);
  if (longer === 0 || (!oneSided && shared / longer < MIN_SHARED)) return null;
  return [old, now];
}

/** Marks the words that changed between the lines of `removed` and `added`, paired in order
 * (a block of edited lines is removed lines followed by their new versions). */
function markPairs(removed: { text: string; parts?: DiffPart[] }[], added: { text: string; parts?: DiffPart[] }[]): void {
  for (let k = 0; k < Math.min(removed.length, added.length); k++) {
    const words = changedWords(removed[k]!.text, added[k]!.text);
    if (words) [removed[k]!.parts, added[k]!.parts] = words;
  }
}

/** Pairs each run of removed lines with the run of added lines right after it, line by line,
 * and marks the words that changed in each pair. */
function markChangedWords(rows: DiffRow[]): void {
  let i = 0;
  while (i < rows.length) {
    if (rows[i]?.kind !== 'del') {
      i++;
      continue;
    }
    let dels = i;
    while (rows[dels]?.kind === 'del') dels++;
    let adds = dels;
    while (rows[adds]?.kind === 'add') adds++;
    markPairs(rows.slice(i, dels), rows.slice(dels, adds));
    i = adds;
  }
}

/** A line's text for display, its changed words (if marked) in `<mark>`. */
export function markedText(line: { text: string; parts?: DiffPart[] }): (Node | string)[] {
  return line.parts ? line.parts.map((p) => (p.changed ? h('mark', {}, p.text) : p.text)) : [line.text || ' '];
}

/** A line of one of two versions shown side by side. */
export interface PaneLine {
  text: string;
  /** Not in the other version (changed or only in this one). */
  changed: boolean;
  parts?: DiffPart[];
}

/** Beyond this many lines changed, the versions are compared as sets of lines instead (a
 * line-by-line comparison of two unrelated megabyte texts would take seconds). */
const MAX_EDIT_LINES = 1000;

function splitLines(value: string): string[] {
  const lines = value.split('\n');
  if (value.endsWith('\n')) lines.pop();
  return lines;
}

/** Two versions of a text, line by line, for side-by-side panes: lines only in one marked,
 * and in a changed line paired with its counterpart, the words that changed. */
export function sideBySide(left: string, right: string): [PaneLine[], PaneLine[]] {
  const changes = diffLines(left, right, { maxEditLength: MAX_EDIT_LINES });
  if (!changes) {
    const [ls, rs] = [left.split('\n'), right.split('\n')];
    const [inLeft, inRight] = [new Set(ls), new Set(rs)];
    return [ls.map((text) => ({ text, changed: !inRight.has(text) })), rs.map((text) => ({ text, changed: !inLeft.has(text) }))];
  }
  const l: PaneLine[] = [];
  const r: PaneLine[] = [];
  for (let i = 0; i < changes.length; i++) {
    const c = changes[i]!;
    if (!c.added && !c.removed) {
      for (const text of splitLines(c.value)) {
        l.push({ text, changed: false });
        r.push({ text, changed: false });
      }
      continue;
    }
    const removed: PaneLine[] = c.removed ? splitLines(c.value).map((text) => ({ text, changed: true })) : [];
    const next = changes[i + 1];
    const addedChange = c.added ? c : next?.added ? (i++, next) : null;
    const added: PaneLine[] = addedChange ? splitLines(addedChange.value).map((text) => ({ text, changed: true })) : [];
    markPairs(removed, added);
    l.push(...removed);
    r.push(...added);
  }
  return [l, r];
}
