import type { FastifyInstance } from 'fastify'
import { z } from 'zod'
import type { ManagementAuth } from '../../platform/auth/index.js'
import { parseOrThrow } from '../../shared/validation.js'
import type { DepartureGate } from '../safety/index.js'
import { safetyErrors } from '../safety/index.js'
import { type DepartureDecisionDeps, decideBurst } from './departure-decisions.js'

export type DepartureRoutesDeps = DepartureDecisionDeps & {
  readonly gate: Pick<DepartureGate, 'decide' | 'get' | 'list' | 'people'>
  readonly auth: ManagementAuth
}

const listQuery = z.object({ status: z.enum(['open', 'approved', 'rejected']).optional() }).strict()
const decisionBody = z.object({ reason: z.string().trim().min(1).max(2000) }).strict()

/**
 * The departure gate's bursts (issue 13): `GET /api/departure-bursts[?status=open]` (the
 * console's banner), `GET /api/departure-bursts/:id` (with the people it holds), and
 * `POST /api/departure-bursts/:id/approve|reject` with `{"reason"}` (workspace admins: the
 * `integrations:manage` scope), deciding every operation the burst holds at once.
 */
export async function departureRoutes(
  app: FastifyInstance,
  deps: DepartureRoutesDeps,
): Promise<void> {
  app.get('/api/departure-bursts', async (request) => {
    const { workspace } = await deps.auth.authorize(request, { scope: 'integrations:read' })
    const query = parseOrThrow(listQuery, request.query ?? {}, (problems) =>
      safetyErrors.error('DEPARTURE_DECISION_INVALID', `Invalid query: ${problems.join('; ')}`),
    )
    return { bursts: await deps.gate.list(workspace.id, query.status) }
  })

  app.get<{ Params: { id: string } }>('/api/departure-bursts/:id', async (request) => {
    const { workspace } = await deps.auth.authorize(request, { scope: 'integrations:read' })
    const burst = await deps.gate.get(workspace.id, request.params.id)
    return { ...burst, people: await deps.gate.people(workspace.id, burst) }
  })

  for (const [verb, status] of [
    ['approve', 'approved'],
    ['reject', 'rejected'],
  ] as const) {
    app.post<{ Params: { id: string } }>(`/api/departure-bursts/:id/${verb}`, async (request) => {
      const { workspace, principal } = await deps.auth.authorize(request, {
        scope: 'integrations:manage',
      })
      const body = parseOrThrow(decisionBody, request.body ?? {}, () =>
        safetyErrors.error('DEPARTURE_DECISION_INVALID'),
      )
      return decideBurst(deps, {
        ...{ workspaceId: workspace.id, burstId: request.params.id, status },
        ...{ actor: principal.actor, reason: body.reason },
      })
    })
  }
}
