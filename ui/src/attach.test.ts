import { describe, expect, it } from 'vitest';
import { altFor, attachFiles, imageText, MAX_IMAGE_BYTES } from './attach';
import { setLanguage } from './i18n';

describe('pasted and dropped images', () => {
  it('describes an image by its file name, or as an image when the name says nothing', () => {
    setLanguage('ja');
    expect(altFor('プリンタのエラー画面.png')).toBe('プリンタのエラー画面');
    expect(altFor('image.png')).toBe('画像');
    expect(altFor('')).toBe('画像');
    expect(altFor('a[1]\\b.jpg')).toBe('a1b');
    setLanguage('en');
    expect(altFor('Image.PNG')).toBe('Image');
  });

  it('puts image links in a paragraph of their own', () => {
    const one = [{ alt: '図', link: '../attachments/a.png' }];
    const img = '![図](../attachments/a.png)';
    expect(imageText(one, '', '')).toBe(`${img}\n`);
    expect(imageText(one, '\n', '')).toBe(`${img}\n`);
    // After a list item or a sentence, and before the next line: blank lines between.
    expect(imageText(one, '）\n', '')).toBe(`\n${img}\n`);
    expect(imageText(one, '。', '\n次')).toBe(`\n\n${img}\n`);
    expect(imageText(one, '\n\n', '次の')).toBe(`${img}\n\n`);
    expect(imageText(one, 'a\n', '\n\n')).toBe(`\n${img}`);
    expect(imageText([...one, { alt: '二', link: 'attachments/b.png' }], '\n\n', '')).toBe(`${img}\n![二](attachments/b.png)\n`);
  });

  it('refuses a file over the limit before reading it, and inserts nothing', async () => {
    const big = { name: 'huge.png', size: MAX_IMAGE_BYTES + 1, arrayBuffer: () => Promise.reject(new Error('must not be read')) } as unknown as File;
    const inserted: string[] = [];
    const errors: unknown[] = [];
    await attachFiles([big], { pos: 0, valid: true }, { runbook: () => 'a.md', insert: (_, make) => inserted.push(make('', '')) > 0, done: () => inserted.push('done'), error: (e) => errors.push(e) });
    expect(inserted).toEqual([]);
    expect(errors).toEqual([{ kind: 'image_too_large', message: `huge.png: ${MAX_IMAGE_BYTES + 1} bytes` }]);
  });

  it('does nothing without an open runbook', async () => {
    const errors: unknown[] = [];
    await attachFiles([{ name: 'a.png', size: 1 } as File], { pos: 0, valid: true }, { runbook: () => null, insert: () => errors.push('insert') > 0, done: () => errors.push('done'), error: (e) => errors.push(e) });
    expect(errors).toEqual([]);
  });
});
