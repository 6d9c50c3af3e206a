import type { FastifyInstance } from 'fastify'

/**
 * Lets a Fastify scope accept HTML form posts (`application/x-www-form-urlencoded`) as a flat
 * object of strings. Registered only inside the plugins that serve forms, so the OAuth endpoints,
 * which read their own bodies, never see a parsed one.
 */
export function acceptFormBodies(app: FastifyInstance): void {
  app.addContentTypeParser(
    'application/x-www-form-urlencoded',
    { parseAs: 'string' },
    (_request, body, done) => {
      done(null, Object.fromEntries(new URLSearchParams(String(body))))
    },
  )
}
