import type { FastifyInstance } from 'fastify'
import { z } from 'zod'
import type { ManagementAuth } from '../../platform/auth/index.js'
import type { Db } from '../../platform/store/index.js'
import type { Clock } from '../../shared/clock.js'
import { parseOrThrow } from '../../shared/validation.js'
import { accessErrors } from './access-errors.js'
import { listWindows } from './residual-windows.js'

export type AccessRoutesDeps = {
  readonly db: Db
  readonly clock: Clock
  readonly auth: ManagementAuth
}

const query = z
  .object({
    app: z.string().min(1).max(64).optional(),
    person: z.string().min(1).max(64).optional(),
    status: z.enum(['open', 'closed', 'all']).default('all'),
    limit: z.coerce.number().int().min(1).max(5000).default(500),
  })
  .strict()

/**
 * `GET /api/residual-windows?app=&person=&status=open|closed|all&limit=` (`integrations:read`):
 * per account, from the person leaving to the account verified gone (open ones count up to
 * now), with a per-app summary (average, p95, maximum, longest open) for the dashboard.
 */
export async function accessRoutes(app: FastifyInstance, deps: AccessRoutesDeps): Promise<void> {
  app.get('/api/residual-windows', async (request, reply) => {
    const { workspace } = await deps.auth.authorize(request, { scope: 'integrations:read' })
    const parsed = parseOrThrow(query, request.query ?? {}, (problems) =>
      accessErrors.error('RESIDUAL_QUERY_INVALID', `Invalid query: ${problems.join('; ')}`, {
        problems,
      }),
    )
    reply.header('cache-control', 'no-store')
    return listWindows(deps.db, deps.clock, {
      workspaceId: workspace.id,
      status: parsed.status,
      limit: parsed.limit,
      ...(parsed.app ? { appId: parsed.app } : {}),
      ...(parsed.person ? { personId: parsed.person } : {}),
    })
  })
}
