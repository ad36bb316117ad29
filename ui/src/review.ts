// A runbook past its review date, said where it is read: beside its title and on its search
// results. A successor under pressure must know before acting that the steps may be stale.
import type { LogEntry, RunbookSummary } from './api';
import { t } from './i18n';
import { daysSince, isoDate } from './time';

export interface ReviewNotice { text: string; detail: string }

/** How long ago a review was due (`due`, YYYY-MM-DD), in the UI language. */
export function overdueBy(due: string, now: Date): string {
  const days = daysSince(due, now);
  return days === 1 ? t('overdueDay') : t('overdueDays', { n: days.toLocaleString() });
}

/** Who keeps `r` current and when it was last checked, for the line under its title (the
 * overdue notice beside it says the rest). */
export function reviewLine(r: Pick<RunbookSummary, 'overdue' | 'reviewDue' | 'reviewed' | 'owner'> | undefined): string {
  if (!r) return '';
  const parts = [
    r.owner ? t('reviewOwner', { owner: r.owner }) : null,
    r.reviewed ? t('reviewLast', { date: r.reviewed }) : t('reviewNever'),
    r.reviewDue && !r.overdue ? t('reviewNext', { due: r.reviewDue }) : null,
  ];
  return parts.filter(Boolean).join(' · ');
}

/** Who changed a runbook last and when (its last commit), beside the review line: the file may
 * have been changed since its last review, or reviewed without a change. */
export function changedLine(last: Pick<LogEntry, 'time' | 'author' | 'shortId' | 'message'> | null): { text: string; title: string } {
  if (!last) return { text: '', title: '' };
  return {
    text: t('docChanged', { date: isoDate(new Date(last.time * 1000)), author: last.author }),
    title: t('docChangedTitle', { id: last.shortId, message: last.message }),
  };
}

/** The notice for `r`, or null when its review is not overdue. */
export function reviewNotice(r: Pick<RunbookSummary, 'overdue' | 'reviewDue' | 'reviewed' | 'owner'> | undefined, now: Date): ReviewNotice | null {
  if (!r?.overdue || !r.reviewDue) return null;
  const detail = [t('reviewStale'), r.reviewed ? t('reviewLast', { date: r.reviewed }) : null, r.owner ? t('reviewOwner', { owner: r.owner }) : null];
  return {
    text: t('reviewDueBadge', { due: r.reviewDue, ago: overdueBy(r.reviewDue, now) }),
    detail: detail.filter(Boolean).join('\n'),
  };
}
