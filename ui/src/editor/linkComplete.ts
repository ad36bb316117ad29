// Completion of links to other runbooks while typing: after `[[` a runbook is picked by its
// title and the whole link is written (`[title](relative/path.md)`); inside `](` the path is
// completed, and after a `#` the heading (of that runbook, or of this one for `](#`). Paths
// are relative to the runbook being edited, as the preview resolves them.
import { autocompletion, type Completion, type CompletionContext, type CompletionResult } from '@codemirror/autocomplete';
import type { Extension } from '@codemirror/state';
import { fragmentOf, linkText, matchTargets, relativeLink, resolveLink, type LinkTarget } from '../links';
import { headingsOf } from '../outline';

export interface LinkSource {
  targets: () => readonly LinkTarget[];
  /** The runbook being edited. */
  current: () => string | null;
  /** The headings of another runbook (its vault path), for links to one of its sections. */
  headings: (path: string) => Promise<string[]>;
}

export function linkCompletion(source: LinkSource): Extension {
  return autocompletion({ override: [(ctx) => completeLink(ctx, source)], icons: false, defaultKeymap: true });
}

export function completeLink(ctx: CompletionContext, source: LinkSource): CompletionResult | null | Promise<CompletionResult | null> {
  const current = source.current();
  if (!current) return null;
  const section = ctx.matchBefore(/\]\([^()\s#]*#[^()\s#]*$/);
  if (section) {
    const hash = section.text.indexOf('#');
    const path = section.text.slice(2, hash);
    const from = section.from + hash + 1;
    const result = (headings: string[]): CompletionResult => ({
      from,
      options: [...new Set(headings)].map((h): Completion => ({ label: h, apply: fragmentOf(h) })),
    });
    if (!path) return result(headingsOf(ctx.state.doc.toString()).map((h) => h.text));
    const target = resolveLink(current, path);
    return target ? source.headings(target).then(result, () => null) : null;
  }
  const wiki = ctx.matchBefore(/\[\[[^\]\n]*$/);
  if (wiki) {
    const query = wiki.text.slice(2);
    return {
      from: wiki.from,
      filter: false,
      options: matchTargets(source.targets(), query, current).map((t): Completion => ({
        label: t.title,
        detail: t.path,
        apply: `[${linkText(t.title)}](${relativeLink(current, t.path)})`,
      })),
    };
  }
  const dest = ctx.matchBefore(/\]\([^()\s]*$/);
  if (dest) {
    const query = dest.text.slice(2).replace(/^(\.\.\/)+|^\.\//, '');
    return {
      from: dest.from + 2,
      filter: false,
      options: matchTargets(source.targets(), query, current).map((t): Completion => ({
        label: relativeLink(current, t.path),
        detail: t.title,
      })),
    };
  }
  return null;
}
