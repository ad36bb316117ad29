// Completion of links to other runbooks while typing: after `[[` a runbook is picked by its
// title and the whole link is written (`[title](relative/path.md)`); inside `](` the path is
// completed. Paths are relative to the runbook being edited, as the preview resolves them.
import { autocompletion, type Completion, type CompletionContext, type CompletionResult } from '@codemirror/autocomplete';
import type { Extension } from '@codemirror/state';
import { linkText, matchTargets, relativeLink, type LinkTarget } from '../links';

export interface LinkSource {
  targets: () => readonly LinkTarget[];
  /** The runbook being edited. */
  current: () => string | null;
}

export function linkCompletion(source: LinkSource): Extension {
  return autocompletion({ override: [(ctx) => complete(ctx, source)], icons: false, defaultKeymap: true });
}

function complete(ctx: CompletionContext, source: LinkSource): CompletionResult | null {
  const current = source.current();
  if (!current) return null;
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
