import { Readable } from 'node:stream'
import type { FastifyInstance, FastifyReply } from 'fastify'
import { z } from 'zod'
import type { Clock } from '../../shared/clock.js'
import { parseOrThrow } from '../../shared/validation.js'
import type { ManagementAuth } from '../auth/index.js'
import type { Db } from '../store/index.js'
import { auditErrors } from './audit-errors.js'
import { type AuditNames, exportAuditEntries } from './audit-export.js'
import { type AuditQuery, streamAuditEntries } from './audit-query.js'
import { listAuditEntries } from './audit-store.js'

export type AuditRoutesDeps = {
  readonly db: Db
  readonly auth: ManagementAuth
  readonly clock: Clock
  /** Names of the workspace's actors and apps, for exports (the composition root supplies them). */
  readonly names?: (workspaceId: string) => Promise<AuditNames>
}

const instant = z
  .union([z.iso.datetime({ offset: true }), z.iso.date()])
  .transform((value) => new Date(value).toISOString())
const text = z.string().trim().min(1).max(256)

const auditQuery = z
  .object({
    action: text.optional(),
    targetType: text.optional(),
    targetId: text.optional(),
    from: instant.optional(),
    to: instant.optional(),
    order: z.enum(['asc', 'desc']).default('desc'),
    cursor: z.string().max(64).optional(),
    limit: z.coerce.number().int().min(1).max(500).default(50),
    format: z.enum(['csv', 'json']).optional(),
  })
  .strict()

type ParsedQuery = z.infer<typeof auditQuery>

/**
 * The audit trail of the caller's workspace (`audit:read`): `GET /api/audit` pages newest first
 * (`cursor` = the previous page's `nextCursor`); `format=csv|json` streams every matching entry,
 * oldest first, as a download. Filters: `action`, `targetType`, `targetId`, `from` (inclusive)
 * and `to` (exclusive), ISO-8601 instants or dates (midnight UTC).
 */
export async function auditRoutes(app: FastifyInstance, deps: AuditRoutesDeps): Promise<void> {
  app.get('/api/audit', async (request, reply) => {
    const { workspace } = await deps.auth.authorize(request, { scope: 'audit:read' })
    const query = parseOrThrow(auditQuery, request.query ?? {}, (problems) =>
      auditErrors.error('AUDIT_QUERY_INVALID', `Invalid audit query: ${problems.join('; ')}`, {
        problems,
      }),
    )
    const filter = filterOf(workspace.id, query)
    if (query.format) {
      const names = deps.names ? await deps.names(workspace.id) : undefined
      return sendExport(reply, deps, { filter, workspace, format: query.format, names })
    }
    const entries = await listAuditEntries(deps.db, {
      ...filter,
      order: query.order,
      limit: query.limit,
      ...(query.cursor ? { [query.order === 'desc' ? 'before' : 'after']: query.cursor } : {}),
    })
    const last = entries.at(-1)
    reply.header('cache-control', 'no-store')
    return { entries, nextCursor: entries.length === query.limit && last ? last.id : null }
  })
}

function filterOf(workspaceId: string, query: ParsedQuery): AuditQuery {
  const { action, targetType, targetId, from, to } = query
  return {
    workspaceId,
    ...(action ? { action } : {}),
    ...(targetType ? { targetType } : {}),
    ...(targetId ? { targetId } : {}),
    ...(from ? { from } : {}),
    ...(to ? { to } : {}),
  }
}

function sendExport(
  reply: FastifyReply,
  deps: AuditRoutesDeps,
  input: {
    filter: AuditQuery
    workspace: { slug: string }
    format: 'csv' | 'json'
    names: AuditNames | undefined
  },
) {
  const day = deps.clock.now().toISOString().slice(0, 10)
  const name = `rollcall-audit-${input.workspace.slug.replace(/[^\w-]/g, '_')}-${day}.${input.format}`
  const chunks = exportAuditEntries(
    streamAuditEntries(deps.db, input.filter),
    input.format,
    input.names,
  )
  return reply
    .header('cache-control', 'no-store')
    .header('content-disposition', `attachment; filename="${name}"`)
    .type(input.format === 'csv' ? 'text/csv; charset=utf-8' : 'application/json; charset=utf-8')
    .send(Readable.from(chunks))
}
