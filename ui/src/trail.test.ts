import { describe, expect, it } from 'vitest';
import { Trail, TRAIL_MAX } from './trail';

const at = (path: string, scroll = 0) => ({ path, scroll });

describe('back and forward', () => {
  it('goes back and forward like a browser, to the place the reader left', () => {
    const trail = new Trail();
    expect(trail.canGoBack).toBe(false);
    trail.left(at('start-here.md', 120)); // start → vpn
    trail.left(at('network/vpn.md', 800)); // vpn → vendors
    expect(trail.peek('back')).toEqual(at('network/vpn.md', 800));
    // Back to vpn, leaving vendors.
    trail.left(at('contacts/vendors.md', 40), 'back');
    expect(trail.peek('back')).toEqual(at('start-here.md', 120));
    expect(trail.peek('forward')).toEqual(at('contacts/vendors.md', 40));
    // Back again to start, then forward to vpn.
    trail.left(at('network/vpn.md', 500), 'back');
    expect(trail.canGoBack).toBe(false);
    trail.left(at('start-here.md', 0), 'forward');
    expect(trail.peek('back')).toEqual(at('start-here.md', 0));
    expect(trail.peek('forward')).toEqual(at('contacts/vendors.md', 40));
    // A new way from here drops what was ahead.
    trail.left(at('network/vpn.md', 500));
    expect(trail.canGoForward).toBe(false);
    expect(trail.peek('back')).toEqual(at('network/vpn.md', 500));
  });

  it('follows renames, forgets deleted runbooks and keeps no repeats side by side', () => {
    const trail = new Trail();
    for (const p of ['a.md', 'b.md', 'a.md', 'c.md']) trail.left(at(p));
    trail.renamed('c.md', 'z/c.md');
    expect(trail.peek('back')).toEqual(at('z/c.md'));
    trail.removed('z/c.md');
    trail.removed('b.md');
    // a, b, a without b is a, a: one place.
    expect(trail.peek('back')).toEqual(at('a.md'));
    trail.drop('back');
    expect(trail.canGoBack).toBe(false);
  });

  it('keeps the latest places only', () => {
    const trail = new Trail();
    for (let i = 0; i < TRAIL_MAX + 20; i++) trail.left(at(`r${i}.md`));
    let n = 0;
    for (; trail.canGoBack; n++) trail.drop('back');
    expect(n).toBe(TRAIL_MAX);
  });
});
