// The name under which "keep both" saves the user's version next to the original.

export function conflictCopyPath(path: string, now: Date): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  const stamp = `${now.getFullYear()}${pad(now.getMonth() + 1)}${pad(now.getDate())}-${pad(now.getHours())}${pad(now.getMinutes())}${pad(now.getSeconds())}`;
  const base = path.replace(/\.md$/i, '');
  return `${base}.conflict-${stamp}.md`;
}
