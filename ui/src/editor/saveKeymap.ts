// Ctrl/Cmd+S inside the editor saves (and never types an "s").
import { keymap } from '@codemirror/view';
import type { Extension } from '@codemirror/state';

export function saveKeymap(onSave: () => void): Extension {
  return keymap.of([{ key: 'Mod-s', preventDefault: true, run: () => { onSave(); return true; } }]);
}
