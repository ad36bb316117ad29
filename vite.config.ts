import { defineConfig } from 'vite';

// The frontend lives in ui/ and is built into dist/, which the Tauri shell embeds.
export default defineConfig({
  root: 'ui',
  base: './',
  build: {
    outDir: '../dist',
    emptyOutDir: true,
    target: 'safari15',
    // One script file, no inline scripts: the webview's CSP allows only 'self'.
    modulePreload: { polyfill: false },
    chunkSizeWarningLimit: 1200,
  },
  clearScreen: false,
});
