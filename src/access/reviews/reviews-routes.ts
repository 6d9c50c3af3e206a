import { Readable } from 'node:stream'
import type { FastifyInstance } from 'fastify'
import type { ManagementAuth } from '../../platform/auth/index.js'
import type { ReportFormat } from './review-report.js'
import { reviewErrors } from './reviews-errors.js'
import type { ReviewsService } from './reviews-service.js'

export type ReviewsRoutesDeps = {
  readonly reviews: ReviewsService
  readonly auth: ManagementAuth
}

type ReviewParams = { Params: { id: string } }
type Body = Record<string, unknown>

const CONTENT_TYPES: Record<ReportFormat, string> = {
  json: 'application/json; charset=utf-8',
  csv: 'text/csv; charset=utf-8',
  html: 'text/html; charset=utf-8',
}

/**
 * `/api/reviews`: creating and closing a campaign needs `integrations:manage`; reading one, its
 * items (`?reviewer=me` is a member's queue) and its report `integrations:read`; deciding needs
 * `integrations:read` and being the item's reviewer (or an admin), never about one's own access.
 */
export async function reviewsRoutes(app: FastifyInstance, deps: ReviewsRoutesDeps): Promise<void> {
  const read = (request: Parameters<ManagementAuth['authorize']>[0]) =>
    deps.auth.authorize(request, { scope: 'integrations:read' })
  const manage = (request: Parameters<ManagementAuth['authorize']>[0]) =>
    deps.auth.authorize(request, { scope: 'integrations:manage' })

  app.post('/api/reviews', async (request, reply) => {
    const { principal, workspace } = await manage(request)
    const created = await deps.reviews.create(workspace.id, request.body ?? {}, principal.actor)
    return reply.code(201).send(created)
  })

  app.get<{ Querystring: { status?: string } }>('/api/reviews', async (request) => {
    const { workspace } = await read(request)
    return { reviews: await deps.reviews.list(workspace.id, request.query.status) }
  })

  app.get<ReviewParams>('/api/reviews/:id', async (request) => {
    const { workspace } = await read(request)
    return deps.reviews.get(workspace.id, request.params.id)
  })

  app.get<ReviewParams & { Querystring: Record<string, string> }>(
    '/api/reviews/:id/items',
    async (request) => {
      const { principal, workspace } = await read(request)
      return deps.reviews.items(workspace.id, request.params.id, request.query, principal)
    },
  )

  app.get<{ Params: { id: string; itemId: string } }>(
    '/api/reviews/:id/items/:itemId',
    async (request) => {
      const { workspace } = await read(request)
      return deps.reviews.item(workspace.id, request.params.id, request.params.itemId)
    },
  )

  app.post<{ Params: { id: string; itemId: string }; Body: Body }>(
    '/api/reviews/:id/items/:itemId/decision',
    async (request) => {
      const { principal, workspace } = await read(request)
      const body = { ...bodyOf(request.body), items: [request.params.itemId] }
      await deps.reviews.decide(workspace.id, request.params.id, body, principal)
      return deps.reviews.item(workspace.id, request.params.id, request.params.itemId)
    },
  )

  app.post<ReviewParams & { Body: Body }>('/api/reviews/:id/decisions', async (request) => {
    const { principal, workspace } = await read(request)
    return deps.reviews.decide(workspace.id, request.params.id, bodyOf(request.body), principal)
  })

  app.post<ReviewParams & { Body: Body }>('/api/reviews/:id/decisions/bulk', async (request) => {
    const { principal, workspace } = await read(request)
    return deps.reviews.decideBulk(workspace.id, request.params.id, bodyOf(request.body), principal)
  })

  app.post<ReviewParams>('/api/reviews/:id/close', async (request) => {
    const { principal, workspace } = await manage(request)
    return deps.reviews.close(workspace.id, request.params.id, principal.actor)
  })

  app.get<ReviewParams & { Querystring: { format?: string } }>(
    '/api/reviews/:id/report',
    async (request, reply) => {
      const { workspace } = await read(request)
      const format = (request.query.format ?? 'json') as ReportFormat
      if (!(format in CONTENT_TYPES))
        throw reviewErrors.error('REVIEW_INVALID', 'format is json, csv or html.')
      // Read the campaign first so an unknown id is a 404 before the stream starts.
      await deps.reviews.get(workspace.id, request.params.id)
      const chunks = deps.reviews.report(workspace.id, request.params.id, format)
      reply.header('content-type', CONTENT_TYPES[format])
      if (format === 'csv')
        reply.header(
          'content-disposition',
          `attachment; filename="review-${request.params.id}.csv"`,
        )
      return reply.send(Readable.from(chunks))
    },
  )
}

function bodyOf(body: unknown): Body {
  if (typeof body !== 'object' || body === null || Array.isArray(body))
    throw reviewErrors.error('REVIEW_DECISION_INVALID', 'The body is a JSON object.')
  return body as Body
}
