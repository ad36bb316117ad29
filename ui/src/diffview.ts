// Unified diff text → classified lines for colouring.

export type DiffLineKind = 'add' | 'del' | 'hunk' | 'meta' | 'context';

export function classifyDiffLine(line: string): DiffLineKind {
  if (line.startsWith('+++') || line.startsWith('---') || line.startsWith('diff ') || line.startsWith('index ')) return 'meta';
  if (line.startsWith('@@')) return 'hunk';
  if (line.startsWith('+')) return 'add';
  if (line.startsWith('-')) return 'del';
  return 'context';
}

export function diffLines(diff: string): { kind: DiffLineKind; text: string }[] {
  return diff.split('\n').filter((l, i, all) => !(l === '' && i === all.length - 1)).map((text) => ({ kind: classifyDiffLine(text), text }));
}
