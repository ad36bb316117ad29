// Classifies a link clicked in the preview: open inside the app, in the system browser, or
// not at all. Anything that is not plainly http(s) or internal is blocked.

export type LinkAction =
  | { kind: 'internal'; path: string | null; fragment: string | null }
  | { kind: 'external'; url: string }
  | { kind: 'blocked'; href: string };

export function classifyLink(href: string | null, hkPath: string | null, hkFragment: string | null): LinkAction {
  if (hkPath || hkFragment) return { kind: 'internal', path: hkPath || null, fragment: hkFragment || null };
  const raw = href ?? '';
  // Browsers ignore leading spaces and control characters in URLs: so do we before checking.
  // eslint-disable-next-line no-control-regex
  const cleaned = raw.replace(/[\u0000-\u0020]/g, '').toLowerCase();
  if (/^https?:\/\//.test(cleaned) && !/[\s\u0000-\u001f]/.test(raw.trim())) return { kind: 'external', url: raw.trim() };
  return { kind: 'blocked', href: raw };
}

/** A link from the runbook `from` to the vault file `target` (both vault-relative), as the
 * core writes one (`relink::link_to`): relative to `from`'s folder, with the characters that
 * would end or break a Markdown link destination percent-encoded. */
export function relativeLink(from: string, target: string): string {
  const dir = from.split('/').slice(0, -1);
  const parts = target.split('/');
  let common = 0;
  while (common < dir.length && common < parts.length - 1 && dir[common] === parts[common]) common++;
  return linkDestination([...Array<string>(dir.length - common).fill('..'), ...parts.slice(common)].join('/'));
}

/** `url` as a Markdown link destination: the characters that would end or break one
 * percent-encoded (spaces, parentheses, angle brackets, control characters). */
export function linkDestination(url: string): string {
  // eslint-disable-next-line no-control-regex
  return url.replace(/[\u0000-\u001f\u007f %()<>]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`);
}

/** The vault file a relative link `rel` written in the runbook `from` points to (its path
 * percent-decoded, `.` and `..` resolved), or null when it leaves the vault. */
export function resolveLink(from: string, rel: string): string | null {
  const out = from.split('/').slice(0, -1);
  let decoded: string;
  try {
    decoded = decodeURIComponent(rel);
  } catch {
    decoded = rel;
  }
  for (const part of decoded.split('/')) {
    if (part === '..') {
      if (!out.length) return null;
      out.pop();
    } else if (part && part !== '.') {
      out.push(part);
    }
  }
  return out.length ? out.join('/') : null;
}

/** A heading as a link's `#fragment`: what the core makes of a heading for its id
 * (`render::slugify`: letters, digits, `_` and `-` kept in lower case, spaces as one `-`). */
export function fragmentOf(heading: string): string {
  let out = '';
  for (const c of heading.trim()) {
    if (/[\p{L}\p{N}_-]/u.test(c)) out += c.toLowerCase();
    else if (/\s/u.test(c) && !out.endsWith('-')) out += '-';
  }
  return out.replace(/^-+|-+$/g, '') || 'section';
}

/** `text` as the visible part of a link or image (`[…]`): without the brackets and
 * backslashes that would end or escape it. */
export function linkText(text: string): string {
  return text.replace(/[[\]\\]/g, '');
}

export interface LinkTarget { path: string; title: string }

/** The runbooks offered while a link is typed: those whose title or path holds `query`
 * (case, width and kana variants folded by NFKC), titles that start with it first, then
 * titles that hold it, then paths; at most `limit` (the first in the vault's order when more
 * match equally), sorted by title within each group, and never `self`. */
export function matchTargets(targets: readonly LinkTarget[], query: string, self: string | null, limit = 50): LinkTarget[] {
  const q = fold(query);
  const keys = foldedKeys(targets);
  const groups: LinkTarget[][] = [[], [], [], []];
  targets.forEach((t, i) => {
    if (t.path === self) return;
    const [title, path] = keys[i] ?? ['', ''];
    const group = groups[!q ? 3 : title.startsWith(q) ? 0 : title.includes(q) ? 1 : path.includes(q) ? 2 : -1];
    if (group && group.length < limit) group.push(t);
  });
  const byTitle = (a: LinkTarget, b: LinkTarget) => a.title.localeCompare(b.title, 'ja');
  return groups.flatMap((g) => g.sort(byTitle)).slice(0, limit);
}

/** Folded titles and paths, once per list (a 20,000-runbook vault is matched on every key). */
const folded = new WeakMap<readonly LinkTarget[], [string, string][]>();

function foldedKeys(targets: readonly LinkTarget[]): [string, string][] {
  let keys = folded.get(targets);
  if (!keys || keys.length !== targets.length) {
    keys = targets.map((t) => [fold(t.title), fold(t.path)]);
    folded.set(targets, keys);
  }
  return keys;
}

function fold(s: string): string {
  return s.normalize('NFKC').toLowerCase();
}
