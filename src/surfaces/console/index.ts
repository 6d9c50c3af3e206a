/**
 * The web console (STYLE §4.1 `web/`): the server side (`web-routes.ts`: static files, caching,
 * the SPA fallback, the page shown when the build is missing) and the client bundle in `ui/`
 * (React + Vite), which imports nothing of the server.
 */

/**
 * Whether `dist/web` is missing, stale or fresh against the sources, by a hash of the inputs:
 * `npm start`, `npm test` and CI build first when it is not fresh.
 * @example if (consoleBuildState(consolePaths()) !== 'fresh') await build()
 */
export {
  type ConsoleBuildState,
  type ConsolePaths,
  consoleBuildState,
  consoleInputsHash,
  consolePaths,
} from './console-build.js'
/** `/console` and `/` → `/console`; mounted by the composition root. */
export { CONSOLE_BASE, type WebRoutesDeps, webRoutes } from './web-routes.js'
