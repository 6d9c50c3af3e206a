import type { FastifyInstance } from 'fastify'
import { z } from 'zod'
import { parseOrThrow } from '../../shared/validation.js'
import type { ManagementAuth } from '../auth/index.js'
import type { Db } from '../store/index.js'
import { cursorOf, parseCursor, parseTypes, toWireEvent } from './event-cursor.js'
import { listEvents } from './event-query-store.js'
import { eventErrors } from './events-errors.js'

export type EventsRoutesDeps = { readonly db: Db; readonly auth: ManagementAuth }

const query = z
  .object({
    after: z.string().max(40).optional(),
    limit: z.coerce.number().int().min(1).max(1000).default(100),
    type: z.string().max(2000).optional(),
  })
  .strict()

/**
 * `GET /api/events?after=<cursor>&limit=&type=a.b,c.*` (`integrations:read`): the workspace's
 * events in commit order after the cursor. `nextCursor` is where the next call starts; it stays
 * put when nothing new came, so a poller can always pass back what it got.
 */
export async function eventsRoutes(app: FastifyInstance, deps: EventsRoutesDeps): Promise<void> {
  app.get('/api/events', async (request, reply) => {
    const { workspace } = await deps.auth.authorize(request, { scope: 'integrations:read' })
    const parsed = parseOrThrow(query, request.query ?? {}, (problems) =>
      eventErrors.error('EVENTS_QUERY_INVALID', `Invalid query: ${problems.join('; ')}`, {
        problems,
      }),
    )
    const types = parseTypes(parsed.type)
    if (!types)
      throw eventErrors.error('EVENTS_QUERY_INVALID', 'type: names such as task.opened or task.*')
    const after = await parseCursor(deps.db, parsed.after)
    const rows = await listEvents(deps.db, {
      workspaceId: workspace.id,
      afterSeq: after,
      limit: parsed.limit + 1,
      types,
    })
    const page = rows.slice(0, parsed.limit)
    reply.header('cache-control', 'no-store')
    return {
      events: page.map(toWireEvent),
      nextCursor: cursorOf(page.at(-1)?.seq ?? after),
      hasMore: rows.length > parsed.limit,
    }
  })
}
