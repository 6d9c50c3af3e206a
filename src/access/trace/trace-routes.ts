import type { FastifyInstance } from 'fastify'
import { z } from 'zod'
import type { ManagementAuth } from '../../platform/auth/index.js'
import { parseOrThrow } from '../../shared/validation.js'
import type { OnDemand } from './on-demand.js'
import { traceErrors } from './trace-errors.js'
import { decodeCursor } from './trace-merge.js'
import type { PersonTrace, TraceQuery } from './trace-service.js'

export type TraceRoutesDeps = {
  readonly trace: PersonTrace
  readonly onDemand: OnDemand
  readonly auth: ManagementAuth
}

const MAX_LIMIT = 200

const traceQuery = z
  .object({
    app: z.string().trim().min(1).max(200).optional(),
    since: z
      .string()
      .refine((s) => !Number.isNaN(Date.parse(s)), 'not a date or time (ISO-8601)')
      .transform((s) => new Date(s).toISOString())
      .optional(),
    cursor: z.string().min(1).optional(),
    limit: z.coerce.number().int().min(1).max(MAX_LIMIT).default(50),
  })
  .strict()

const onDemandBody = z
  .object({
    apps: z.array(z.string().trim().min(1).max(200)).min(1).max(100).optional(),
    dryRun: z.boolean().default(false),
  })
  .strict()

/**
 * `GET /api/people/:id/trace?app=&since=&cursor=&limit=` (`integrations:read`): the person's
 * trace, newest first. `POST /api/people/:id/provision-on-demand` with `{"apps"?, "dryRun"?}`
 * (`integrations:manage`): reconcile and apply just this person now; 202 with the run id (200
 * for a dry run). `GET /api/people/:id/provision-on-demand/:runId` (`integrations:read`): where
 * each step stands. Another workspace's person is a 404, like an unknown one.
 */
export async function traceRoutes(app: FastifyInstance, deps: TraceRoutesDeps): Promise<void> {
  app.get<{ Params: { id: string } }>('/api/people/:id/trace', async (request) => {
    const { workspace } = await deps.auth.authorize(request, { scope: 'integrations:read' })
    const query = parseTraceQuery(request.query)
    return deps.trace.of(workspace.id, request.params.id, query)
  })

  app.post<{ Params: { id: string } }>(
    '/api/people/:id/provision-on-demand',
    async (request, reply) => {
      const { workspace, principal } = await deps.auth.authorize(request, {
        scope: 'integrations:manage',
      })
      const body = parseOrThrow(onDemandBody, request.body ?? {}, (problems) =>
        traceErrors.error('ON_DEMAND_REQUEST_INVALID', `Invalid body: ${problems.join('; ')}`, {
          problems,
        }),
      )
      const report = await deps.onDemand.run(workspace.id, request.params.id, {
        ...{ actor: principal.actor, trigger: 'api', dryRun: body.dryRun },
        ...(body.apps ? { apps: body.apps } : {}),
      })
      return reply.code(body.dryRun ? 200 : 202).send(report)
    },
  )

  app.get<{ Params: { id: string; runId: string } }>(
    '/api/people/:id/provision-on-demand/:runId',
    async (request) => {
      const { workspace } = await deps.auth.authorize(request, { scope: 'integrations:read' })
      return deps.onDemand.status(workspace.id, request.params.id, request.params.runId)
    },
  )
}

/** The query string of a trace page; a cursor this API did not hand out is a 400. */
function parseTraceQuery(raw: unknown): TraceQuery {
  const parsed = parseOrThrow(traceQuery, raw ?? {}, (problems) =>
    traceErrors.error('TRACE_QUERY_INVALID', `Invalid query: ${problems.join('; ')}`, {
      problems,
    }),
  )
  const before = parsed.cursor === undefined ? undefined : decodeCursor(parsed.cursor)
  if (parsed.cursor !== undefined && !before)
    throw traceErrors.error(
      'TRACE_QUERY_INVALID',
      'The cursor is not one this API handed out; start again without it.',
    )
  return {
    limit: parsed.limit,
    ...(parsed.app ? { app: parsed.app } : {}),
    ...(parsed.since ? { since: parsed.since } : {}),
    ...(before ? { before } : {}),
  }
}
