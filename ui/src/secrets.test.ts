import { describe, expect, it } from 'vitest';
import type { SecretFinding } from './api';
import { setLanguage } from './i18n';
import { SHOWN_SECRETS, secretsDialog, secretText } from './secrets';

const found: SecretFinding[] = [
  { line: 12, kind: 'password', excerpt: 'パスワード：We**********' },
  { line: 30, kind: 'private_key', excerpt: '-----BEGIN OPENSSH PRIVATE KEY-----' },
];

const button = (sel: string) => document.querySelector<HTMLButtonElement>(sel);

describe('passwords in a save', () => {
  it('lists what was found with its line, going back by default', async () => {
    setLanguage('ja');
    document.body.innerHTML = '<div id="modals"></div>';
    const answer = secretsDialog(found);
    const rows = [...document.querySelectorAll<HTMLElement>('#secrets-list .secret-item')];
    expect(rows.map((r) => [r.dataset.line, r.querySelector('.secret-kind')?.textContent, r.querySelector('code')?.textContent, r.querySelector('.check-where')?.textContent])).toEqual([
      ['12', 'パスワード', 'パスワード：We**********', '12 行目'],
      ['30', '秘密鍵', '-----BEGIN OPENSSH PRIVATE KEY-----', '30 行目'],
    ]);
    expect(document.activeElement?.id).toBe('secrets-back');
    button('#secrets-back')?.click();
    expect(await answer).toEqual({ save: false, line: 12 });
    expect(document.querySelector('#secrets-dialog')).toBeNull();
  });

  it('goes to the line clicked, saves on "Save anyway", and goes back on Esc', async () => {
    document.body.innerHTML = '<div id="modals"></div>';
    let answer = secretsDialog(found);
    button('#secrets-list .secret-item[data-line="30"]')?.click();
    expect(await answer).toEqual({ save: false, line: 30 });

    answer = secretsDialog(found);
    button('#secrets-save')?.click();
    expect(await answer).toEqual({ save: true });

    answer = secretsDialog(found);
    document.querySelector('#secrets-dialog')?.dispatchEvent(new KeyboardEvent('keydown', { key: 'Escape', bubbles: true }));
    expect(await answer).toEqual({ save: false, line: 12 });
  });

  it('lists the first ones of many and says how many more there are', async () => {
    document.body.innerHTML = '<div id="modals"></div>';
    const many: SecretFinding[] = Array.from({ length: SHOWN_SECRETS + 980 }, (_, i) => ({ line: i + 1, kind: 'password', excerpt: 'PW: Ab******' }));
    const answer = secretsDialog(many);
    expect(document.querySelectorAll('#secrets-list .secret-item').length).toBe(SHOWN_SECRETS);
    expect(document.getElementById('secrets-more')?.textContent).toBe('ほか 980 件');
    button('#secrets-back')?.click();
    expect(await answer).toEqual({ save: false, line: 1 });
  });

  it('names each kind in the UI language', () => {
    setLanguage('en');
    expect(secretText('token', 'AKIA************')).toBe('Access token: AKIA************');
    expect(secretText('url_credentials', 'scan:*********@')).toBe('Password in a URL: scan:*********@');
    setLanguage('ja');
    expect(secretText('private_key', '-----BEGIN RSA PRIVATE KEY-----')).toBe('秘密鍵: -----BEGIN RSA PRIVATE KEY-----');
  });
});
