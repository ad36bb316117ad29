import { describe, expect, it } from 'vitest';
import type { RunbookSummary } from './api';
import { t } from './i18n';
import { Navigator, ROW_PX } from './navigator';

const runbook = (path: string, title: string, more: Partial<RunbookSummary> = {}): RunbookSummary => ({
  path, title, system: null, kind: null, tags: [], owner: null, reviewed: null, reviewDue: null, overdue: false, warning: null, ...more,
});

const rows = (host: HTMLElement) => [...host.children].filter((el) => !el.classList.contains('nav-spacer')).map((el) => (el.classList.contains('nav-item') ? (el as HTMLElement).dataset.path : `[${el.querySelector('.nav-folder-name')?.textContent} ${el.querySelector('.count')?.textContent}]`));

describe('navigator', () => {
  it('draws folders with counts and titles in Japanese order', () => {
    const host = document.createElement('div');
    const nav = new Navigator(host, () => {});
    nav.setItems([
      runbook('servers/nas.md', 'NAS の再起動'),
      runbook('servers/backup.md', 'バックアップ'),
      runbook('servers/ad.md', 'アカウント作成'),
      runbook('network/vpn.md', 'VPN'),
      runbook('README.md', 'はじめに'),
    ]);
    expect(rows(host)).toEqual(['README.md', '[network 1]', 'network/vpn.md', '[servers 3]', 'servers/nas.md', 'servers/ad.md', 'servers/backup.md']);
  });

  it('moves through the tree with the keyboard, opening and closing folders', () => {
    const host = document.body.appendChild(document.createElement('div'));
    const opened: string[] = [];
    const nav = new Navigator(host, (p) => opened.push(p));
    const bulk = Array.from({ length: 450 }, (_, i) => runbook(`bulk/${String(i).padStart(3, '0')}.md`, `手順 ${i}`));
    nav.setItems([runbook('README.md', 'はじめに'), ...bulk, runbook('servers/nas.md', 'NAS'), runbook('servers/ad.md', 'AD')]);
    const focused = () => {
      const el = document.activeElement as HTMLElement;
      return el.dataset.path ?? `[${el.querySelector('.nav-folder-name')?.textContent}]`;
    };
    const key = (k: string) => document.activeElement!.dispatchEvent(new KeyboardEvent('keydown', { key: k, bubbles: true, cancelable: true }));
    (host.querySelector('[data-path="README.md"]') as HTMLElement).focus();
    key('ArrowDown');
    expect(focused()).toBe('[bulk]');
    key('ArrowDown');
    expect(focused()).toBe('[servers]');
    // → opens the folder and stays on it; → again goes in; ← goes back up to it, ← closes it.
    key('ArrowRight');
    expect(rows(host)).toEqual(['README.md', '[bulk 450]', '[servers 2]', 'servers/ad.md', 'servers/nas.md']);
    expect(focused()).toBe('[servers]');
    expect(host.querySelector('[data-row="2"]')?.getAttribute('aria-expanded')).toBe('true');
    key('ArrowRight');
    expect(focused()).toBe('servers/ad.md');
    key('End');
    expect(focused()).toBe('servers/nas.md');
    key('Enter');
    expect(opened).toEqual(['servers/nas.md']);
    key('ArrowLeft');
    expect(focused()).toBe('[servers]');
    key('ArrowLeft');
    expect(rows(host)).toEqual(['README.md', '[bulk 450]', '[servers 2]']);
    expect(focused()).toBe('[servers]');
    // Space opens a folder too; Home goes to the top; ↑ there stays.
    key('ArrowUp');
    key(' ');
    expect(host.querySelector('[data-row="1"]')?.getAttribute('aria-expanded')).toBe('true');
    expect(host.querySelector<HTMLElement>('[data-row="2"]')?.dataset.path).toBe('bulk/000.md');
    expect(focused()).toBe('[bulk]');
    // The last row, far below the rows drawn, is drawn when reached.
    key('End');
    expect(focused()).toBe('[servers]');
    expect(host.querySelector('[data-row="451"]')).not.toBeNull();
    key('Home');
    key('ArrowUp');
    expect(focused()).toBe('README.md');
    host.remove();
  });

  it('marks a copy kept by "keep both", which has the same title as its original', () => {
    const host = document.createElement('div');
    const nav = new Navigator(host, () => {});
    nav.setItems([runbook('network/wifi.md', '社内 Wi-Fi'), runbook('network/wifi.conflict-20261202-074000.md', '社内 Wi-Fi')]);
    const badge = (path: string) => host.querySelector(`[data-path="${path}"] .badge.copy`);
    expect(badge('network/wifi.md')).toBeNull();
    expect(badge('network/wifi.conflict-20261202-074000.md')?.textContent).toBe(t('conflictCopy'));
    expect(badge('network/wifi.conflict-20261202-074000.md')?.getAttribute('title')).toBe(t('conflictCopyOf', { path: 'network/wifi.md' }));
  });

  it('marks the open runbook without redrawing, and opens closed folders for it', () => {
    const host = document.createElement('div');
    const opened: string[] = [];
    const nav = new Navigator(host, (p) => opened.push(p));
    // More than a small vault holds: folders start closed.
    const items = Array.from({ length: 450 }, (_, i) => runbook(`bulk/${String(i).padStart(3, '0')}.md`, `手順 ${i}`));
    nav.setItems([...items, runbook('servers/nas.md', 'NAS'), runbook('servers/ad.md', 'AD')]);
    expect(rows(host)).toEqual(['[bulk 450]', '[servers 2]']);

    nav.setCurrent('servers/nas.md');
    expect(rows(host)).toEqual(['[bulk 450]', '[servers 2]', 'servers/ad.md', 'servers/nas.md']);
    const drawn = [...host.children];
    expect(host.querySelector('.current')?.getAttribute('data-path')).toBe('servers/nas.md');

    nav.setCurrent('servers/ad.md');
    expect([...host.children]).toEqual(drawn);
    expect([...host.querySelectorAll('.current')].map((el) => el.getAttribute('data-path'))).toEqual(['servers/ad.md']);

    (host.querySelector('[data-path="servers/nas.md"]') as HTMLElement).click();
    expect(opened).toEqual(['servers/nas.md']);
    expect(nav.summary('servers/ad.md')?.title).toBe('AD');
  });

  it('groups by tag with the untagged last, a runbook under each of its tags', () => {
    const host = document.createElement('div');
    const nav = new Navigator(host, () => {});
    nav.setItems([
      runbook('a.md', 'VPN 接続', { tags: ['vpn', 'ネットワーク'] }),
      runbook('b.md', 'プリンター', { tags: [] }),
      runbook('c.md', 'Wi-Fi', { tags: ['ネットワーク'] }),
    ]);
    nav.setMode('tag');
    expect(rows(host)).toEqual(['[vpn 1]', 'a.md', '[ネットワーク 2]', 'a.md', 'c.md', `[${t('ungrouped')} 1]`, 'b.md']);
    nav.setCurrent('a.md');
    expect([...host.querySelectorAll('.current')].map((el) => el.getAttribute('data-path'))).toEqual(['a.md', 'a.md']);
  });

  it('draws only the rows near the visible part of a long folder, and scrolls to the open runbook', () => {
    const host = document.createElement('div');
    const nav = new Navigator(host, () => {});
    const items = Array.from({ length: 2000 }, (_, i) => runbook(`man/${String(i).padStart(4, '0')}.md`, `コマンド ${String(i).padStart(4, '0')}`));
    nav.setItems(items);
    nav.setCurrent('man/0000.md');
    const drawnPaths = () => [...host.querySelectorAll('.nav-item')].map((el) => el.getAttribute('data-path'));
    expect(drawnPaths().length).toBeLessThan(250);
    expect(drawnPaths()[0]).toBe('man/0000.md');
    // The spacers keep the full height, so the scroll bar is right.
    const height = [...host.children].reduce((sum, el) => sum + (el.classList.contains('nav-spacer') ? parseFloat((el as HTMLElement).style.height) : ROW_PX), 0);
    expect(height).toBe(2001 * ROW_PX);

    // Opening a runbook far down (from search) scrolls the list to it and draws it current.
    nav.setCurrent('man/1500.md');
    expect(host.scrollTop).toBeGreaterThan(1400 * ROW_PX);
    expect(host.querySelector('.current')?.getAttribute('data-path')).toBe('man/1500.md');
    expect(drawnPaths()).not.toContain('man/0000.md');

    // Scrolling back draws the top again.
    host.scrollTop = 0;
    host.dispatchEvent(new Event('scroll'));
    expect(drawnPaths()[0]).toBe('man/0000.md');
    expect(host.querySelector('.current')).toBeNull();
  });
});
