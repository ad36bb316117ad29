// Relative dates in the UI language ("3 日前", "3 days ago"), and days since a date.
import type { Lang } from './i18n';

const units: [number, Intl.RelativeTimeFormatUnit][] = [
  [60, 'second'], [60, 'minute'], [24, 'hour'], [30, 'day'], [12, 'month'], [Infinity, 'year'],
];

export function relativeTime(unixSeconds: number, nowMs: number, lang: Lang): string {
  let delta = Math.round(unixSeconds - nowMs / 1000);
  const fmt = new Intl.RelativeTimeFormat(lang, { numeric: 'auto' });
  for (const [size, unit] of units) {
    if (Math.abs(delta) < size) return fmt.format(delta, unit);
    delta = Math.round(delta / size);
  }
  return fmt.format(delta, 'year');
}

export function absoluteTime(unixSeconds: number, lang: Lang): string {
  return new Date(unixSeconds * 1000).toLocaleString(lang === 'ja' ? 'ja-JP' : 'en-GB', { dateStyle: 'medium', timeStyle: 'short' });
}

/** Whole days from `date` (YYYY-MM-DD) to the local date of `now`; 0 for anything else. */
export function daysSince(date: string, now: Date): number {
  const [y, m, d] = date.split('-').map(Number);
  if (!y || !m || !d) return 0;
  return Math.round((Date.UTC(now.getFullYear(), now.getMonth(), now.getDate()) - Date.UTC(y, m - 1, d)) / 86_400_000);
}

/** `d` as YYYY-MM-DD in local time (front matter dates, the print stamp). */
export function isoDate(d: Date): string {
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
}
