// The name under which "keep both" saves the user's version next to the original, and how to
// tell such a copy by its name (it keeps the original's title, so the list marks it).

export function conflictCopyPath(path: string, now: Date): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  const stamp = `${now.getFullYear()}${pad(now.getMonth() + 1)}${pad(now.getDate())}-${pad(now.getHours())}${pad(now.getMinutes())}${pad(now.getSeconds())}`;
  const base = path.replace(/\.md$/i, '');
  return `${base}.conflict-${stamp}.md`;
}

/** The original's path when `path` is a copy made by "keep both", else null. */
export function conflictCopyOf(path: string): string | null {
  const m = /^(.*)\.conflict-\d{8}-\d{6}\.md$/i.exec(path);
  return m ? `${m[1]}.md` : null;
}
