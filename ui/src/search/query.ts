// Search-box helpers: pulling `system:` style filters out of the typed text (to show them as
// chips), and dropping responses that arrive after a newer query was sent.

export interface ParsedFilters { text: string; filters: Record<string, string> }

const FIELDS: Record<string, string> = { system: 'system', sys: 'system', tag: 'tag', tags: 'tag', owner: 'owner', kind: 'kind', 'システム': 'system', 'タグ': 'tag', '担当': 'owner', '種類': 'kind' };

export function extractFilters(query: string): ParsedFilters {
  const filters: Record<string, string> = {};
  const rest: string[] = [];
  for (const token of query.split(/[\s\u3000]+/).filter(Boolean)) {
    const m = /^([^:：]+)[:：](.+)$/.exec(token);
    const field = m ? FIELDS[(m[1] ?? '').toLowerCase()] : undefined;
    if (m && field) filters[field] = (m[2] ?? '').replace(/^"|"$/g, '');
    else rest.push(token);
  }
  return { text: rest.join(' '), filters };
}

/** Hands out increasing numbers; `isLatest(n)` tells whether a response is still wanted. */
export class Sequencer {
  private last = 0;
  next(): number {
    return ++this.last;
  }
  isLatest(n: number): boolean {
    return n === this.last;
  }
}

/** A result's labels (system, kind, tags) as one line, each word once: a runbook whose system
 * is セキュリティ and that is also tagged セキュリティ (or ＶＰＮ and vpn) shows it once, as
 * written first. */
export function metaLine(words: (string | null | undefined)[]): string {
  const seen = new Set<string>();
  const out: string[] = [];
  for (const w of words) {
    const word = w?.trim();
    if (!word) continue;
    const key = word.normalize('NFKC').toLowerCase();
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(word);
  }
  return out.join(' · ');
}
