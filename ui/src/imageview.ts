// An image of the preview at full size. A screenshot of an error dialog is often too small to
// read in the split view; a click shows it fitted to the window, a click on it shows it at its
// actual size (scrolling), and Esc closes it.
import { h } from './dom';
import { t } from './i18n';
import { openModal } from './modal';

export function openImage(img: HTMLImageElement): void {
  const full = h('img', { src: img.currentSrc || img.src, alt: img.alt, class: 'image-full', title: t('imageToggle') });
  // Focused, so that Esc closes it and the arrow keys scroll it, also after a click on the image.
  const frame = h('div', { class: 'image-frame', id: 'image-frame', tabindex: '-1' }, full);
  full.addEventListener('click', () => {
    frame.classList.toggle('actual-size');
    frame.focus();
  });
  openModal('image-viewer', img.alt || t('imageTitle'), h('div', {}, frame, h('p', { class: 'muted image-hint' }, t('imageHint'))));
  frame.focus();
}
