import { describe, expect, it } from 'vitest';
import { CompletionContext, type CompletionResult } from '@codemirror/autocomplete';
import { EditorState } from '@codemirror/state';
import { completeLink, type LinkSource } from './linkComplete';
import { fragmentOf, resolveLink } from '../links';

const source = (asked: string[] = []): LinkSource => ({
  targets: () => [{ path: 'printers/mfp-paper-jam.md', title: '複合機の紙詰まり対応' }],
  current: () => 'network/vpn.md',
  headings: async (path) => {
    asked.push(path);
    return path === 'printers/mfp-paper-jam.md' ? ['紙詰まりの場所', 'ハマ事務機への連絡', 'Step 2: Call (vendor)'] : [];
  },
});

/** What completion offers with the cursor at the end of `text`, and what each option writes. */
async function offered(text: string, src = source()): Promise<{ from: number; options: [string, string][] } | null> {
  const state = EditorState.create({ doc: text });
  const result = (await completeLink(new CompletionContext(state, text.length, true), src)) as CompletionResult | null;
  return result && { from: result.from, options: result.options.map((o) => [o.label, String(o.apply ?? o.label)]) };
}

describe('links to a section', () => {
  it('resolves a relative link the way the preview does', () => {
    expect(resolveLink('network/vpn.md', '../printers/mfp-paper-jam.md')).toBe('printers/mfp-paper-jam.md');
    expect(resolveLink('network/vpn.md', './wifi.md')).toBe('network/wifi.md');
    expect(resolveLink('a.md', 'sub/%E6%89%8B%E9%A0%86%20A.md')).toBe('sub/手順 A.md');
    expect(resolveLink('a.md', '../outside.md')).toBeNull();
  });

  it('writes a heading as the fragment the core makes of it', () => {
    expect(fragmentOf('紙詰まりの場所')).toBe('紙詰まりの場所');
    expect(fragmentOf('Step 2: Call (vendor)')).toBe('step-2-call-vendor');
    expect(fragmentOf('  手順 A ')).toBe('手順-a');
    expect(fragmentOf('!!!')).toBe('section');
  });

  it('offers the headings of the linked runbook after #, and of this one after ](#', async () => {
    const asked: string[] = [];
    const other = await offered('詳しくは [場所](../printers/mfp-paper-jam.md#紙', source(asked));
    expect(asked).toEqual(['printers/mfp-paper-jam.md']);
    expect(other?.from).toBe('詳しくは [場所](../printers/mfp-paper-jam.md#'.length);
    expect(other?.options).toEqual([['紙詰まりの場所', '紙詰まりの場所'], ['ハマ事務機への連絡', 'ハマ事務機への連絡'], ['Step 2: Call (vendor)', 'step-2-call-vendor']]);
    const here = await offered('# VPN\n\n## 接続できない時\n\n[上へ](#');
    expect(here?.options).toEqual([['VPN', 'vpn'], ['接続できない時', '接続できない時']]);
    // A path leaving the vault offers nothing; a path without # still completes paths.
    expect(await offered('[x](../../x.md#')).toBeNull();
    expect((await offered('[x](../printers/mf'))?.options[0]).toEqual(['../printers/mfp-paper-jam.md', '../printers/mfp-paper-jam.md']);
  });
});
