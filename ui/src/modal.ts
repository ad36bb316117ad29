// Modal dialogs: confirm and a small form. Keyboard: Enter confirms, Esc cancels.
import { h, byId } from './dom';
import { t } from './i18n';

/** Whether a dialog is up: keys meant for the page behind it wait. */
export function modalOpen(): boolean {
  return !!document.querySelector('.modal-backdrop');
}

export function openModal(id: string, title: string, body: Node, onClose?: () => void): { root: HTMLElement; close: () => void } {
  const host = byId('modals');
  const close = () => {
    root.remove();
    onClose?.();
  };
  const root = h('div', { class: 'modal-backdrop', id },
    h('div', { class: 'modal', role: 'dialog', 'aria-modal': 'true', 'aria-label': title },
      h('div', { class: 'modal-head' }, h('h2', {}, title), h('button', { class: 'icon-button modal-close', title: t('close'), 'aria-label': t('close'), onclick: () => close() }, '×')),
      body));
  root.addEventListener('keydown', (e) => {
    if (e.key === 'Escape' && !e.isComposing) {
      e.stopPropagation();
      close();
    }
  });
  root.addEventListener('mousedown', (e) => {
    if (e.target === root) close();
  });
  host.append(root);
  return { root, close };
}

/** A dialog listing what `load` returns: "Loading…" until it does, then one node per item
 * from `row` (or `empty`), the first button focused. If `load` fails, the dialog closes and
 * the error goes to `error`. */
export async function listDialog<T>(opts: {
  id: string; title: string; intro?: Node; empty: string;
  load: () => Promise<T[]>; row: (item: T, close: () => void) => Node; error: (e: unknown) => void;
}): Promise<void> {
  const list = h('div', { class: `${opts.id}-list`, id: `${opts.id}-list` }, h('p', { class: 'muted' }, t('loading')));
  const modal = openModal(`${opts.id}-dialog`, opts.title, h('div', {}, opts.intro ?? null, list));
  let items: T[];
  try {
    items = await opts.load();
  } catch (e) {
    modal.close();
    opts.error(e);
    return;
  }
  list.replaceChildren(...(items.length ? items.map((item) => opts.row(item, modal.close)) : [h('p', { class: 'muted', id: `${opts.id}-empty` }, opts.empty)]));
  list.querySelector<HTMLButtonElement>('button')?.focus();
}

export function confirmDialog(message: string, okLabel = t('ok')): Promise<boolean> {
  return new Promise((resolve) => {
    let answered = false;
    const ok = h('button', { class: 'primary', id: 'confirm-ok' }, okLabel);
    const cancel = h('button', { id: 'confirm-cancel' }, t('cancel'));
    const m = openModal('confirm-dialog', t('appName'), h('div', {}, h('p', { class: 'confirm-text' }, message), h('div', { class: 'modal-actions' }, cancel, ok)), () => {
      if (!answered) resolve(false);
    });
    ok.addEventListener('click', () => { answered = true; m.close(); resolve(true); });
    cancel.addEventListener('click', () => { answered = true; m.close(); resolve(false); });
    ok.focus();
  });
}

export interface Field { name: string; label: string; value?: string; options?: [string, string][]; required?: boolean }

export function formDialog(id: string, title: string, fields: Field[], submitLabel: string): Promise<Record<string, string> | null> {
  return new Promise((resolve) => {
    let answered = false;
    const inputs = new Map<string, HTMLInputElement | HTMLSelectElement>();
    const rows = fields.map((f) => {
      const input = f.options
        ? h('select', { name: f.name, id: `${id}-${f.name}` }, ...f.options.map(([v, l]) => h('option', { value: v, selected: v === f.value }, l)))
        : h('input', { name: f.name, id: `${id}-${f.name}`, value: f.value ?? '', required: f.required, autocomplete: 'off' });
      inputs.set(f.name, input);
      return h('label', { class: 'form-row' }, h('span', {}, f.label), input);
    });
    const submit = h('button', { class: 'primary', type: 'submit', id: `${id}-submit` }, submitLabel);
    const form = h('form', { class: 'form' }, ...rows, h('div', { class: 'modal-actions' }, submit));
    const m = openModal(id, title, form, () => {
      if (!answered) resolve(null);
    });
    form.addEventListener('submit', (e) => {
      e.preventDefault();
      const values: Record<string, string> = {};
      for (const [name, input] of inputs) values[name] = input.value.trim();
      if (fields.some((f) => f.required && !values[f.name])) return;
      answered = true;
      m.close();
      resolve(values);
    });
    [...inputs.values()][0]?.focus();
  });
}
