// Reads and edits the YAML front matter of a runbook as text, one key's line at a time, so
// that unknown keys, comments, order and the body stay exactly as the user wrote them (the
// Rust core does the same for `hikitsugi reviewed`).

export interface Block { start: number; end: number; newline: string }

/** The YAML between the opening and closing `---` lines, or null. */
export function findBlock(text: string): Block | null {
  const bom = text.startsWith('\ufeff') ? 1 : 0;
  const rest = text.slice(bom);
  const newline = rest.startsWith('---\r\n') ? '\r\n' : rest.startsWith('---\n') ? '\n' : null;
  if (!newline) return null;
  const start = bom + 3 + newline.length;
  let pos = start;
  while (pos <= text.length) {
    const nl = text.indexOf('\n', pos);
    const lineEnd = nl === -1 ? text.length : nl;
    const line = text.slice(pos, lineEnd).replace(/\r$/, '');
    if (line === '---' || line === '...') return { start, end: pos, newline };
    if (nl === -1) return null;
    pos = nl + 1;
  }
  return null;
}

/** Where the body starts: after the front matter's closing line, or 0 without front matter. */
export function bodyStart(text: string): number {
  const block = findBlock(text);
  if (!block) return 0;
  const nl = text.indexOf('\n', block.end);
  return nl === -1 ? text.length : nl + 1;
}

function lineKey(line: string): string | null {
  if (/^[\s#-]/.test(line)) return null;
  const m = /^["']?([^:"']+)["']?\s*:/.exec(line);
  return m?.[1]?.trim() ?? null;
}

/** Simple top-level `key: value` pairs (flow lists as arrays). Not a YAML parser: it only
 * fills the form; the Rust side reports real YAML errors. */
export function readFields(text: string): Record<string, string | string[]> | null {
  const block = findBlock(text);
  if (!block) return null;
  const out: Record<string, string | string[]> = {};
  const lines = text.slice(block.start, block.end).split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = (lines[i] ?? '').replace(/\r$/, '');
    const key = lineKey(line);
    if (!key) continue;
    let value = line.slice(line.indexOf(':') + 1).replace(/\s+#.*$/, '').trim();
    if (value === '') {
      const items: string[] = [];
      while (i + 1 < lines.length && /^\s*-\s/.test(lines[i + 1] ?? '')) {
        items.push(unquote((lines[++i] ?? '').replace(/^\s*-\s/, '').trim()));
      }
      out[key] = items.length ? items : '';
      continue;
    }
    if (value.startsWith('[') && value.endsWith(']')) {
      out[key] = value.slice(1, -1).split(',').map((s) => unquote(s.trim())).filter(Boolean);
      continue;
    }
    value = unquote(value);
    out[key] = value;
  }
  return out;
}

function unquote(s: string): string {
  if (s.length >= 2 && ((s.startsWith('"') && s.endsWith('"')) || (s.startsWith("'") && s.endsWith("'")))) {
    return s.slice(1, -1).replace(/\\"/g, '"');
  }
  return s;
}

/** A YAML scalar for `value`: quoted when plain YAML would misread it. */
export function yamlScalar(value: string): string {
  if (value === '') return '""';
  if (/^[\w\u3000-\u9fff\uff00-\uffef][\w\s\u3000-\u9fff\uff00-\uffef.\-/()（）・]*$/.test(value) && !/^(true|false|null|yes|no|~)$/i.test(value) && !/\s$/.test(value)) {
    return value;
  }
  return JSON.stringify(value);
}

export function yamlList(items: string[]): string {
  return `[${items.map(yamlScalar).join(', ')}]`;
}

/** `text` with top-level `key` set to the YAML `value` (already formatted). Only that key's
 * line (and its indented continuation lines) change; a missing key is appended to the block;
 * text without front matter gets one. */
export function setField(text: string, key: string, value: string): string {
  const block = findBlock(text);
  if (!block) {
    const bom = text.startsWith('\ufeff') ? '\ufeff' : '';
    return `${bom}---\n${key}: ${value}\n---\n${text.slice(bom.length)}`;
  }
  const nl = block.newline;
  const yaml = text.slice(block.start, block.end);
  const lines = yaml.split('\n');
  if (lines[lines.length - 1] === '') lines.pop();
  const out: string[] = [];
  let replaced = false;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] ?? '';
    if (!replaced && lineKey(line.replace(/\r$/, '')) === key) {
      out.push(`${key}: ${value}${nl === '\r\n' ? '\r' : ''}`);
      replaced = true;
      while (i + 1 < lines.length && /^(\s+\S|-\s|-\r?$)/.test(lines[i + 1] ?? '')) i++;
      continue;
    }
    out.push(line);
  }
  if (!replaced) out.push(`${key}: ${value}${nl === '\r\n' ? '\r' : ''}`);
  return text.slice(0, block.start) + out.join('\n') + '\n' + text.slice(block.end);
}
