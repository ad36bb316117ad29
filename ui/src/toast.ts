// Short messages at the bottom of the window; errors stay until clicked.
import { h, byId } from './dom';

export function toast(message: string, kind: 'info' | 'error' | 'warn' = 'info', detail?: string): void {
  const host = byId('toast');
  const el = h('div', { class: `toast toast-${kind}`, role: kind === 'error' ? 'alert' : 'status' }, h('div', { class: 'toast-msg' }, message), detail ? h('div', { class: 'toast-detail' }, detail) : null);
  el.addEventListener('click', () => el.remove());
  host.append(el);
  if (kind !== 'error') setTimeout(() => el.remove(), kind === 'warn' ? 8000 : 3500);
}

/** Removes the passing messages (not errors, which wait to be read): after a language switch
 * they would stay up in the old language for their last seconds. */
export function clearPassingToasts(): void {
  for (const el of byId('toast').querySelectorAll('.toast-info, .toast-warn')) el.remove();
}
