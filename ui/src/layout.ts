// The static skeleton of the window. Texts carry data-i18n keys so a language switch can
// relabel them in place (see `relabel`).
import { h } from './dom';
import { t, type Key } from './i18n';

function label(key: Key): Record<string, string> {
  return { 'data-i18n': key };
}

function button(id: string, key: Key, extra: Record<string, string> = {}): HTMLButtonElement {
  return h('button', { id, ...label(key), ...extra }, t(key));
}

export function buildLayout(root: HTMLElement): void {
  const kindOptions: [string, Key][] = [['procedure', 'kindProcedure'], ['system', 'kindSystem'], ['incident', 'kindIncident'], ['contact', 'kindContact'], ['policy', 'kindPolicy'], ['note', 'kindNote']];
  const fmInput = (name: string, key: Key, type = 'text') =>
    h('label', { class: 'fm-field' }, h('span', label(key), t(key)), h('input', { id: `fm-${name}`, name, type, autocomplete: 'off' }));
  root.append(
    h('header', { class: 'topbar' },
      h('div', { class: 'brand' }, h('span', { id: 'app-title' }, '引き継ぎ'), h('span', { id: 'vault-name', class: 'vault-name' }), h('span', { id: 'demo-badge', class: 'badge demo', hidden: true, ...label('demo') }, t('demo'))),
      h('button', { id: 'search-button', class: 'search-button' }, h('span', label('search'), t('search')), h('kbd', {}, 'Ctrl+K')),
      h('div', { class: 'top-actions' },
        button('new-button', 'newRunbook'),
        button('open-folder-button', 'openFolder'),
        h('select', { id: 'recent-select', 'aria-label': t('recentVaults'), class: 'recent' }),
        button('settings-button', 'settings'),
        button('help-button', 'help'))),
    h('div', { class: 'body' },
      h('aside', { class: 'sidebar' },
        h('div', { class: 'nav-modes', role: 'tablist' },
          h('button', { 'data-mode': 'tree', class: 'active', ...label('navTree') }, t('navTree')),
          h('button', { 'data-mode': 'system', ...label('filterSystem') }, t('filterSystem')),
          h('button', { 'data-mode': 'kind', ...label('filterKind') }, t('filterKind')),
          h('button', { 'data-mode': 'tag', ...label('filterTag') }, t('filterTag')),
          h('button', { 'data-mode': 'owner', ...label('filterOwner') }, t('filterOwner'))),
        h('div', { id: 'drafts-banner', class: 'drafts', hidden: true }),
        h('nav', { id: 'nav', class: 'nav', role: 'tree' }),
        h('div', { class: 'sidebar-foot' }, button('check-button', 'vaultCheck', { class: 'link-button' }), button('recent-button', 'recentChanges', { class: 'link-button' }), button('deleted-button', 'deletedButton', { class: 'link-button' }), button('export-button', 'exportVault', { class: 'link-button' }))),
      h('main', { class: 'main' },
        h('div', { id: 'empty', class: 'empty', ...label('noRunbook') }, t('noRunbook')),
        h('div', { id: 'doc', class: 'doc', hidden: true },
          h('div', { class: 'doc-head' },
            h('div', { class: 'doc-trail', role: 'group' },
              h('button', { id: 'back-button', type: 'button', class: 'icon-button', disabled: true, 'data-i18n-title': 'back', title: t('back'), 'aria-label': t('back') }, '←'),
              h('button', { id: 'forward-button', type: 'button', class: 'icon-button', disabled: true, 'data-i18n-title': 'forward', title: t('forward'), 'aria-label': t('forward') }, '→')),
            h('div', { class: 'doc-titles' }, h('h1', { id: 'doc-title' }),
              h('div', { class: 'doc-subline' }, h('span', { id: 'doc-path', class: 'doc-path' }), h('span', { id: 'doc-changed', class: 'doc-meta' }), h('span', { id: 'doc-meta', class: 'doc-meta' }), h('span', { id: 'doc-tags', class: 'doc-tags' }), h('button', { id: 'doc-review', class: 'badge overdue doc-review', type: 'button', hidden: true }))),
            h('span', { id: 'doc-warning', class: 'badge warn', hidden: true }),
            // Printed only: when, what and which version the paper shows.
            h('p', { id: 'print-stamp', class: 'print-stamp' }),
            h('div', { class: 'doc-actions' },
              h('div', { id: 'mode-toggle', class: 'segmented', role: 'group' },
                h('button', { 'data-view': 'edit', ...label('edit') }, t('edit')),
                h('button', { 'data-view': 'split', ...label('split') }, t('split')),
                h('button', { 'data-view': 'preview', ...label('preview') }, t('preview'))),
              button('history-button', 'history'),
              button('print-button', 'print'),
              button('rename-button', 'rename'),
              button('delete-button', 'delete', { class: 'danger' }),
              button('save-button', 'save', { class: 'primary' }))),
          h('div', { class: 'doc-sub' },
          h('details', { id: 'fm-panel', class: 'fm-panel' },
            h('summary', label('fmShow'), t('fmShow')),
            h('div', { id: 'fm-malformed', class: 'fm-malformed', hidden: true, ...label('fmMalformed') }, t('fmMalformed')),
            h('form', { id: 'fm-form', class: 'fm-form' },
              fmInput('title', 'fmTitle'),
              fmInput('system', 'fmSystem'),
              h('label', { class: 'fm-field' }, h('span', label('fmKind'), t('fmKind')),
                h('select', { id: 'fm-kind', name: 'kind' }, h('option', { value: '' }, '—'), ...kindOptions.map(([v, k]) => h('option', { value: v, ...label(k) }, t(k))))),
              fmInput('tags', 'fmTags'),
              fmInput('owner', 'fmOwner'),
              fmInput('reviewed', 'fmReviewed', 'date'),
              fmInput('review_every', 'fmReviewEvery'),
              h('button', { id: 'fm-reviewed-today', type: 'button', ...label('fmReviewedToday') }, t('fmReviewedToday')))),
            h('div', { class: 'doc-links' },
              button('outline-button', 'outline', { class: 'link-button', title: 'Ctrl+Shift+O' }),
              h('button', { id: 'backlinks-button', class: 'link-button' }, t('backlinks')))),
          h('div', { id: 'workspace', class: 'workspace view-split' },
            h('div', { id: 'editor', class: 'editor' }),
            h('article', { id: 'preview', class: 'preview markdown-body' })))),
      h('aside', { id: 'history-drawer', class: 'drawer', hidden: true })),
    h('footer', { class: 'statusbar' },
      h('span', { id: 'status-path' }), h('span', { id: 'status-dirty' }), h('span', { id: 'status-commit' }), h('span', { id: 'status-index', class: 'right' })),
    h('div', { id: 'toast', class: 'toasts', 'aria-live': 'polite' }),
    h('div', { id: 'modals' }));
}

/** Re-applies the current language to every element with a data-i18n key. */
export function relabel(root: ParentNode): void {
  for (const el of root.querySelectorAll<HTMLElement>('[data-i18n]')) {
    el.textContent = t(el.dataset.i18n as Key);
  }
  for (const el of root.querySelectorAll<HTMLElement>('[data-i18n-title]')) {
    el.title = t(el.dataset.i18nTitle as Key);
    el.setAttribute('aria-label', el.title);
  }
}
