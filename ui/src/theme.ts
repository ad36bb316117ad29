// Light and dark themes through CSS variables; "auto" follows the OS.

let media: MediaQueryList | null = null;

export function applyTheme(setting: 'auto' | 'light' | 'dark'): void {
  const root = document.documentElement;
  media ??= window.matchMedia('(prefers-color-scheme: dark)');
  const resolve = () => root.setAttribute('data-theme', setting === 'auto' ? (media?.matches ? 'dark' : 'light') : setting);
  resolve();
  media.onchange = setting === 'auto' ? resolve : null;
}
