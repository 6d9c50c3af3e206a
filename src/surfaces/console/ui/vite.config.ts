import { fileURLToPath } from 'node:url'
import react from '@vitejs/plugin-react'
import { defineConfig } from 'vite'

const here = (relative: string) => fileURLToPath(new URL(relative, import.meta.url))

/** The hub the dev server (`npm run dev:console`) forwards API calls to. */
const HUB = 'http://127.0.0.1:8080'

/**
 * The console's build: `npm run build` writes `dist/web`, which the hub serves at /console.
 * Everything is bundled (no CDN, no web fonts); nothing is fetched while building.
 */
export default defineConfig({
  root: here('.'),
  base: '/console/',
  plugins: [react()],
  clearScreen: false,
  build: {
    outDir: here('../../../../dist/web'),
    emptyOutDir: true,
    target: 'es2022',
    reportCompressedSize: false,
  },
  server: {
    proxy: Object.fromEntries(['/api', '/auth', '/saml', '/oauth', '/scim'].map((p) => [p, HUB])),
  },
})
