import { describe, expect, it } from 'vitest';
import { resolveLanguage, setLanguage, t, tables } from './i18n';

describe('i18n', () => {
  it('has every key in both languages, none empty', () => {
    const ja = Object.keys(tables.ja).sort();
    expect(Object.keys(tables.en).sort()).toEqual(ja);
    for (const lang of ['ja', 'en'] as const) for (const k of ja) expect(tables[lang][k as keyof typeof tables.ja].length).toBeGreaterThan(0);
  });

  it('uses the same placeholders in both languages', () => {
    for (const k of Object.keys(tables.ja) as (keyof typeof tables.ja)[]) {
      const names = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
      expect(names(tables.en[k]), k).toEqual(names(tables.ja[k]));
    }
  });

  it('fills parameters and follows the system language on auto', () => {
    setLanguage('ja');
    expect(t('indexing', { done: '1,234', total: '20,000' })).toBe('索引作成中 1,234 / 20,000');
    setLanguage('en');
    expect(t('searchCount', { n: 3 })).toBe('3 results');
    expect(resolveLanguage('auto', 'ja-JP')).toBe('ja');
    expect(resolveLanguage('auto', 'en-US')).toBe('en');
    expect(resolveLanguage('ja', 'en-US')).toBe('ja');
    // The titles of alerts (> [!WARNING]) in the preview come from the table through CSS.
    expect(document.documentElement.style.getPropertyValue('--hk-alert-warning')).toBe('"Warning"');
    setLanguage('ja');
    expect(document.documentElement.style.getPropertyValue('--hk-alert-warning')).toBe('"警告"');
  });
});
