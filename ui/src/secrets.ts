// Passwords and keys in a runbook: the question before a save puts them into Git history, and
// their names in the check list. The core finds them (src/secrets.rs) and masks their values.
import type { SecretFinding } from './api';
import { h } from './dom';
import { t, type Key } from './i18n';
import { openModal } from './modal';

const KIND_LABEL: Record<SecretFinding['kind'], Key> = {
  password: 'secretPassword', private_key: 'secretPrivateKey', token: 'secretToken', url_credentials: 'secretUrl',
};

/** What one finding is, in the UI's language: "パスワード: パスワード：We****". */
export function secretText(kind: SecretFinding['kind'], excerpt: string): string {
  return t('checkSecret', { what: t(KIND_LABEL[kind]), excerpt });
}

/** The user's answer: save anyway, or go back to a line to fix it (the first finding's when
 * the dialog is closed without a choice). */
export type SecretsChoice = { save: true } | { save: false; line: number };

/** Findings listed in the dialog; a pasted dump can hold thousands. */
export const SHOWN_SECRETS = 20;

/** Asks before a save adds `found` to history. Going back is the default (Enter, Esc). */
export function secretsDialog(found: SecretFinding[]): Promise<SecretsChoice> {
  return new Promise((resolve) => {
    let answer: SecretsChoice = { save: false, line: found[0]?.line ?? 1 };
    const rows = found.slice(0, SHOWN_SECRETS).map((f) =>
      h('button', { class: 'link-button check-item secret-item', 'data-line': String(f.line), onclick: () => { answer = { save: false, line: f.line }; m.close(); } },
        h('span', { class: 'check-title' }, h('span', { class: 'secret-kind' }, t(KIND_LABEL[f.kind])), h('code', {}, f.excerpt)),
        h('span', { class: 'check-where' }, t('checkLine', { line: f.line }))));
    const back = h('button', { class: 'primary', id: 'secrets-back' }, t('secretsGoBack'));
    const save = h('button', { id: 'secrets-save' }, t('secretsSaveAnyway'));
    const m = openModal('secrets-dialog', t('secretsTitle'),
      h('div', { class: 'secrets-body' },
        h('p', { class: 'confirm-text' }, t('secretsIntro')),
        h('div', { class: 'check-list', id: 'secrets-list' }, ...rows,
          found.length > SHOWN_SECRETS ? h('p', { class: 'muted check-more', id: 'secrets-more' }, t('secretsMore', { n: (found.length - SHOWN_SECRETS).toLocaleString() })) : null),
        h('div', { class: 'modal-actions' }, save, back)),
      () => resolve(answer));
    back.addEventListener('click', () => m.close());
    save.addEventListener('click', () => { answer = { save: true }; m.close(); });
    back.focus();
  });
}
