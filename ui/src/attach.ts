// Images pasted or dropped into the editor: each is stored in the vault's attachments/ by the
// core (which checks that it is an image) and a Markdown image link to it goes where it was put.
import { api, type Attached } from './api';
import type { Mark } from './editor/setup';
import { t } from './i18n';
import { linkText } from './links';

/** The core's limit too (render::MAX_INLINE_IMAGE_BYTES): checked here first so that a huge
 * file is never read into memory only to be refused. */
export const MAX_IMAGE_BYTES = 8 * 1024 * 1024;

/** The image's alternative text: its file name without the extension, unless that is a
 * generic name ("image.png" is what every pasted screenshot is called). */
export function altFor(fileName: string): string {
  const stem = fileName.replace(/\.[^.]*$/, '').trim();
  return !stem || /^(image|img|clipboard|pasted|unknown|blob)$/i.test(stem) ? t('imageAlt') : linkText(stem);
}

/** The text to insert between `before` and `after` (up to two characters each side): the image
 * links as a paragraph of their own, so that they never join a list item or a sentence. */
export function imageText(links: { alt: string; link: string }[], before: string, after: string): string {
  const body = links.map(({ alt, link }) => `![${alt}](${link})`).join('\n');
  const lead = before === '' || before === '\n' || before.endsWith('\n\n') ? '' : before.endsWith('\n') ? '\n' : '\n\n';
  const tail = after === '' ? '\n' : after.startsWith('\n\n') ? '' : after.startsWith('\n') ? '\n' : '\n\n';
  return `${lead}${body}${tail}`;
}

export interface AttachDeps {
  runbook: () => string | null;
  /** Puts the text at `at` in the editor (where the files were pasted or dropped, moved with
   * the edits since); false when that text is no longer open. */
  insert: (at: Mark, text: (before: string, after: string) => string) => boolean;
  done: (stored: Attached[]) => void;
  error: (e: unknown) => void;
}

/** Stores `files` one by one; those stored before a failure keep their links. */
export async function attachFiles(files: File[], pos: Mark, deps: AttachDeps): Promise<void> {
  const runbook = deps.runbook();
  if (!runbook || !files.length) return;
  const stored: { attached: Attached; alt: string }[] = [];
  let failure: unknown = null;
  for (const file of files) {
    if (file.size > MAX_IMAGE_BYTES) {
      failure = { kind: 'image_too_large', message: `${file.name}: ${file.size} bytes` };
      break;
    }
    try {
      const bytes = new Uint8Array(await file.arrayBuffer());
      stored.push({ attached: await api.addAttachment(runbook, file.name, bytes), alt: altFor(file.name) });
    } catch (e) {
      failure = e;
      break;
    }
  }
  finish(stored, failure, pos, deps);
}

/** A paste the page got no data for (an image-only clipboard on Linux): the app reads the
 * clipboard's image itself. Nothing happens when it holds none. */
export async function attachClipboardImage(pos: Mark, deps: AttachDeps): Promise<void> {
  const runbook = deps.runbook();
  if (!runbook) return;
  try {
    const attached = await api.pasteClipboardImage(runbook);
    finish(attached ? [{ attached, alt: t('imageAlt') }] : [], null, pos, deps);
  } catch (e) {
    finish([], e, pos, deps);
  }
}

function finish(stored: { attached: Attached; alt: string }[], failure: unknown, pos: Mark, deps: AttachDeps): void {
  if (stored.length) {
    const links = stored.map(({ attached, alt }) => ({ alt, link: attached.link }));
    deps.insert(pos, (before, after) => imageText(links, before, after));
    deps.done(stored.map(({ attached }) => attached));
  }
  if (failure) deps.error(failure);
}
