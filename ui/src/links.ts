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
