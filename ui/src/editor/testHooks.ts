// For the editor's unit tests: hooks that do nothing, and the layout jsdom lacks (CodeMirror
// measures ranges after it draws; jsdom lays nothing out, so they are empty rectangles).
import type { EditorHooks } from './setup';

Range.prototype.getClientRects ??= () => ({ length: 0, item: () => null, [Symbol.iterator]: [][Symbol.iterator] }) as unknown as DOMRectList;
Range.prototype.getBoundingClientRect ??= () => new DOMRect();

export const quietHooks: EditorHooks = {
  onChange: () => {},
  onSave: () => {},
  onFiles: () => {},
  onEmptyPaste: () => {},
  onConvertedPaste: () => {},
  links: { targets: () => [], current: () => null, headings: async () => [] },
};
