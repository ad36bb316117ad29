// Short messages at the bottom of the window; errors stay until clicked.
import { h, byId } from './dom';

/** A button in a message ("Undo"): runs once, and the message goes. */
export interface ToastAction { label: string; run: () => void }

type Kind = 'info' | 'error' | 'warn';

/** Puts a message up, until it is removed. */
function show(message: string, kind: Kind, button: HTMLElement | null = null, detail?: string): HTMLElement {
  const el = h('div', { class: `toast toast-${kind}`, role: kind === 'error' ? 'alert' : 'status' }, h('div', { class: 'toast-msg' }, message, button), detail ? h('div', { class: 'toast-detail' }, detail) : null);
  byId('toast').append(el);
  return el;
}

export function toast(message: string, kind: Kind = 'info', detail?: string, action?: ToastAction): void {
  const button = action ? h('button', { class: 'small toast-action' }, action.label) : null;
  const el = show(message, kind, button, detail);
  button?.addEventListener('click', () => action?.run());
  el.addEventListener('click', () => el.remove());
  // A message with a button stays long enough to reach it.
  if (kind !== 'error') setTimeout(() => el.remove(), kind === 'warn' || action ? 8000 : 3500);
}

/** A message about work in progress: up until the returned function is called. */
export function progressToast(message: string): () => void {
  const el = show(message, 'info');
  return () => el.remove();
}

/** Removes the passing messages (not errors, which wait to be read): after a language switch
 * they would stay up in the old language for their last seconds. */
export function clearPassingToasts(): void {
  for (const el of byId('toast').querySelectorAll('.toast-info, .toast-warn')) el.remove();
}
