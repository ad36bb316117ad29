// Back and forward through the runbooks read, as in a browser: a successor follows links from
// the start page into a runbook and wants to be back where they were, at the same place.

/** A place the reader was: a runbook and how far down its preview they had read. */
export interface Place {
  path: string;
  scroll: number;
}

export type Move = 'back' | 'forward';

/** Places kept each way; older ones are dropped. */
export const TRAIL_MAX = 100;

export class Trail {
  private back: Place[] = [];
  private forward: Place[] = [];

  get canGoBack(): boolean {
    return this.back.length > 0;
  }

  get canGoForward(): boolean {
    return this.forward.length > 0;
  }

  /** Where `move` goes, without going there (the runbook may not open). */
  peek(move: Move): Place | null {
    const stack = move === 'back' ? this.back : this.forward;
    return stack[stack.length - 1] ?? null;
  }

  /** Drops the next place `move` would go to (the runbook already open). */
  drop(move: Move): void {
    (move === 'back' ? this.back : this.forward).pop();
  }

  /** Records leaving `from` for another runbook: by `move`, or (none) a new way that drops
   * the places ahead, as a browser does. */
  left(from: Place, move?: Move): void {
    if (move) {
      const [taken, other] = move === 'back' ? [this.back, this.forward] : [this.forward, this.back];
      taken.pop();
      push(other, from);
    } else {
      push(this.back, from);
      this.forward = [];
    }
  }

  /** A runbook renamed: its places follow it. */
  renamed(from: string, to: string): void {
    for (const p of [...this.back, ...this.forward]) if (p.path === from) p.path = to;
  }

  /** A runbook gone: its places are dropped, and so are the repeats that leaves side by side. */
  removed(path: string): void {
    this.back = squeeze(this.back.filter((p) => p.path !== path));
    this.forward = squeeze(this.forward.filter((p) => p.path !== path));
  }

  clear(): void {
    this.back = [];
    this.forward = [];
  }
}

function push(stack: Place[], p: Place): void {
  const top = stack[stack.length - 1];
  if (top?.path === p.path) top.scroll = p.scroll;
  else stack.push({ ...p });
  if (stack.length > TRAIL_MAX) stack.shift();
}

function squeeze(stack: Place[]): Place[] {
  return stack.filter((p, i) => i === 0 || stack[i - 1]!.path !== p.path);
}
