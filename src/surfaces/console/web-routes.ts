import path from 'node:path'
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import type { Logger } from '../../shared/logger.js'
import { type ConsoleBuildState, consoleBuildState, consolePaths } from './console-build.js'
import { missingBuildPage } from './missing-build-page.js'
import { findStaticFile, type StaticFile } from './static-files.js'

export type WebRoutesDeps = {
  /** The built console (`dist/web`); tests point it elsewhere. */
  readonly distDir?: string
  /** Tells whether the build is missing or stale, once, at start. */
  readonly buildState?: () => ConsoleBuildState
  readonly log: Logger
}

/** The console's base path; Vite builds with the same `base`. */
export const CONSOLE_BASE = '/console'

/**
 * Everything the console needs from the server side: the page is a single-page app, so only
 * policy lives here. Content-hashed files under `assets/` are cached for a year; `index.html` is
 * revalidated on every load, so a new build reaches browsers at once. The CSP allows nothing but
 * this origin: the bundle carries every script, style and font it uses.
 */
const CONSOLE_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "font-src 'self'",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ')

const IMMUTABLE = 'public, max-age=31536000, immutable'

/**
 * The web console at `/console` (STYLE §4.1 `web/`): static files of the Vite build with their
 * media types and caching, the SPA fallback (any other path under /console is the app's route),
 * and `/` → `/console`. Without a build, /console answers 503 with a page saying to run
 * `npm run build`; the rest of the hub is unaffected.
 */
export async function webRoutes(app: FastifyInstance, deps: WebRoutesDeps): Promise<void> {
  const distDir = deps.distDir ?? consolePaths().dist
  warnAboutBuild(deps)

  app.get('/', async (_request, reply) => reply.redirect(CONSOLE_BASE, 302))

  const serveApp = async (request: FastifyRequest, reply: FastifyReply) => {
    const relative = (request.params as { '*'?: string })['*'] ?? ''
    if (relative.startsWith('assets/')) return serveAsset(request, reply, distDir, relative)
    const file = relative === '' ? undefined : await findStaticFile(distDir, relative)
    if (file && path.basename(relative) !== 'index.html') {
      return sendFile(request, reply, file, 'public, max-age=3600')
    }
    const index = await findStaticFile(distDir, 'index.html')
    if (!index) return sendMissingBuild(reply)
    return sendFile(request, reply, index, 'no-cache')
  }
  app.get(CONSOLE_BASE, serveApp)
  app.get(`${CONSOLE_BASE}/*`, serveApp)
}

async function serveAsset(
  request: FastifyRequest,
  reply: FastifyReply,
  distDir: string,
  relative: string,
) {
  const file = await findStaticFile(distDir, relative)
  if (!file) {
    // A missing hashed asset is a 404, never the app's HTML under a script's URL.
    return reply
      .code(404)
      .header('cache-control', 'no-store')
      .send({ error: { code: 'NOT_FOUND', message: `No console asset ${relative}.` } })
  }
  return sendFile(request, reply, file, IMMUTABLE)
}

function sendFile(
  request: FastifyRequest,
  reply: FastifyReply,
  file: StaticFile,
  cacheControl: string,
) {
  securityHeaders(reply, CONSOLE_CSP)
  reply.header('cache-control', cacheControl).header('etag', file.etag)
  if (request.headers['if-none-match'] === file.etag) return reply.code(304).send()
  return reply.type(file.contentType).header('content-length', file.size).send(file.open())
}

function sendMissingBuild(reply: FastifyReply) {
  securityHeaders(reply, "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'")
  return reply
    .code(503)
    .header('cache-control', 'no-store')
    .type('text/html; charset=utf-8')
    .send(missingBuildPage())
}

function securityHeaders(reply: FastifyReply, csp: string): void {
  reply
    .header('content-security-policy', csp)
    .header('x-content-type-options', 'nosniff')
    .header('referrer-policy', 'same-origin')
    .header('x-frame-options', 'DENY')
}

function warnAboutBuild(deps: WebRoutesDeps): void {
  const state = (deps.buildState ?? (() => consoleBuildState(consolePaths())))()
  if (state === 'missing') {
    deps.log.warn('the web console is not built: /console asks for `npm run build`')
  } else if (state === 'stale') {
    deps.log.warn('the web console build is older than its sources: run `npm run build`')
  }
}
