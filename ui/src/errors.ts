// Turns a failed command into a localized, visible message. Errors are never swallowed.
import { isCommandError, type ErrorKind } from './api';
import { t, type Key } from './i18n';
import { toast } from './toast';

const KEYS: Record<ErrorKind, Key> = {
  conflict: 'errConflict', not_found: 'errNotFound', invalid_path: 'errInvalidPath', invalid_utf8: 'errInvalidUtf8',
  too_large: 'errTooLarge', binary: 'errBinary', not_git: 'errNotGit', repo_busy: 'errRepoBusy', exists: 'errExists',
  io: 'errIo', git: 'errGit', search: 'errSearch', not_image: 'errNotImage', image_too_large: 'errImageTooLarge', secrets: 'errSecrets', other: 'errOther',
};

export function showError(e: unknown): void {
  if (isCommandError(e)) toast(t(KEYS[e.kind] ?? 'errOther'), 'error', e.message);
  else toast(t('errOther'), 'error', e instanceof Error ? e.message : String(e));
}
