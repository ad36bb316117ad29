// Page zoom (Ctrl+= / Ctrl+- / Ctrl+0, and in Settings): the whole window larger or smaller,
// for a small laptop screen or eyes that want bigger text. The shell zooms the webview and
// remembers the level for the next start.

/** The levels the keys step through, in percent (the shell allows 50–200). */
export const ZOOM_STEPS = [50, 67, 75, 80, 90, 100, 110, 125, 150, 175, 200] as const;

/** The next level from `current` one step in `direction` (+1 larger, -1 smaller), or 100. */
export function nextZoom(current: number, direction: 1 | -1 | 0): number {
  if (direction === 0) return 100;
  if (direction > 0) return ZOOM_STEPS.find((z) => z > current) ?? Math.max(...ZOOM_STEPS);
  return [...ZOOM_STEPS].reverse().find((z) => z < current) ?? Math.min(...ZOOM_STEPS);
}

/** Which way a key with Ctrl (or Cmd) held zooms, or null for a key that does not zoom.
 * "+" is Shift+";" on a Japanese keyboard, so Ctrl+";" zooms in too, as in browsers there. */
export function zoomDirection(key: string): 1 | -1 | 0 | null {
  if (key === '=' || key === '+' || key === ';') return 1;
  if (key === '-') return -1;
  if (key === '0') return 0;
  return null;
}
