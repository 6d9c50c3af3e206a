import type { FastifyInstance } from 'fastify'
import { z } from 'zod'
import type { ManagementAuth } from '../../platform/auth/index.js'
import { parseOrThrow } from '../../shared/validation.js'
import { ENTITLEMENT_KINDS, type EntitlementReads } from './entitlement-views.js'
import { graphErrors } from './graph-errors.js'

export type EntitlementRoutesDeps = {
  readonly entitlements: EntitlementReads
  readonly auth: ManagementAuth
}

const listQuery = z
  .object({
    kind: z.enum(ENTITLEMENT_KINDS).optional(),
    q: z.string().max(200).optional(),
    /** `removed`: removed entitlements too. */
    include: z.enum(['removed']).optional(),
  })
  .strict()

type AppParams = { Params: { id: string } }
type EntitlementParams = { Params: { id: string; entitlementId: string } }

/**
 * An app's entitlements, read only (`integrations:read`): `GET /api/apps/:id/entitlements
 * ?kind=&q=&include=removed` (with member counts) and `GET /api/apps/:id/entitlements/
 * :entitlementId/grants` (who holds one). The workspace is the credential's.
 */
export async function entitlementRoutes(
  app: FastifyInstance,
  deps: EntitlementRoutesDeps,
): Promise<void> {
  const read = { scope: 'integrations:read' } as const

  app.get<AppParams>('/api/apps/:id/entitlements', async (request) => {
    const { workspace } = await deps.auth.authorize(request, read)
    const query = parseOrThrow(listQuery, request.query ?? {}, (problems) =>
      graphErrors.error('GRAPH_REQUEST_INVALID', `Invalid query: ${problems.join('; ')}`, {
        problems,
      }),
    )
    const items = await deps.entitlements.list(workspace.id, request.params.id, {
      ...(query.kind ? { kind: query.kind } : {}),
      ...(query.q ? { q: query.q } : {}),
      includeRemoved: query.include === 'removed',
    })
    return { items }
  })

  app.get<EntitlementParams>(
    '/api/apps/:id/entitlements/:entitlementId/grants',
    async (request) => {
      const { workspace } = await deps.auth.authorize(request, read)
      const { id, entitlementId } = request.params
      return deps.entitlements.holders(workspace.id, id, entitlementId)
    },
  )
}
