import { describe, expect, it } from 'vitest';
import { setLanguage } from './i18n';
import { openImage } from './imageview';

describe('image viewer', () => {
  it('shows the image with its alt text as the title, switches to actual size on a click, and closes on Esc', () => {
    setLanguage('ja');
    document.body.innerHTML = '<div id="modals"></div><img id="shot" src="data:image/png;base64,iVBORw0KGgo=" alt="エラー画面">';
    openImage(document.getElementById('shot') as HTMLImageElement);
    const full = document.querySelector<HTMLImageElement>('#image-viewer img.image-full');
    expect(full?.getAttribute('src')).toBe('data:image/png;base64,iVBORw0KGgo=');
    expect(document.querySelector('#image-viewer h2')?.textContent).toBe('エラー画面');
    const frame = document.getElementById('image-frame');
    expect(document.activeElement).toBe(frame);
    full?.click();
    expect(frame?.classList.contains('actual-size')).toBe(true);
    expect(document.activeElement).toBe(frame);
    full?.click();
    expect(frame?.classList.contains('actual-size')).toBe(false);
    frame?.dispatchEvent(new KeyboardEvent('keydown', { key: 'Escape', bubbles: true }));
    expect(document.getElementById('image-viewer')).toBeNull();
  });

  it('names an image without alt text "画像"', () => {
    document.body.innerHTML = '<div id="modals"></div><img id="shot" src="data:image/png;base64,iVBORw0KGgo=">';
    openImage(document.getElementById('shot') as HTMLImageElement);
    expect(document.querySelector('#image-viewer h2')?.textContent).toBe('画像');
  });
});
