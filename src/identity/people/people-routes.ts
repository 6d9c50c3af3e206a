import type { FastifyInstance } from 'fastify'
import type { ManagementAuth } from '../../platform/auth/index.js'
import type { PeopleService } from './people-service.js'
import type { SourcesService } from './sources/sources-service.js'
import type { SyncService } from './sync/sync-service.js'
import type { PersonStatus } from './types.js'

export type PeopleRoutesDeps = {
  readonly people: Pick<
    PeopleService,
    'list' | 'get' | 'records' | 'offboarding' | 'ambiguities' | 'counts'
  >
  readonly sources: Pick<SourcesService, 'add' | 'list' | 'get'>
  readonly sync: Pick<SyncService, 'syncSource'>
  readonly auth: ManagementAuth
}

type SourceBody = { kind?: string } & Record<string, unknown>
type PeopleQuery = {
  q?: string
  filter?: string
  status?: PersonStatus
  after?: string
  limit?: string
}

/**
 * Sources and people of the caller's workspace (the same shapes as `rollcall source add` and
 * `rollcall sync`): `GET/POST /api/sources`, `GET /api/sources/:id`, `POST /api/sources/:id/sync`,
 * `GET /api/people?q=…&filter=…` (plain text and/or a SCIM filter), `GET /api/people/:id` (with its records and
 * standing `offboarding`), `GET /api/people-ambiguities`,
 * `GET /api/people-counts` (by status).
 */
export async function peopleRoutes(app: FastifyInstance, deps: PeopleRoutesDeps): Promise<void> {
  const read = { scope: 'integrations:read' } as const
  const manage = { scope: 'integrations:manage' } as const

  app.get('/api/sources', async (request) => {
    const { workspace } = await deps.auth.authorize(request, read)
    return { sources: await deps.sources.list(workspace.id) }
  })

  app.get<{ Params: { id: string } }>('/api/sources/:id', async (request) => {
    const { workspace } = await deps.auth.authorize(request, read)
    return deps.sources.get(workspace.id, request.params.id)
  })

  app.post<{ Body: SourceBody }>('/api/sources', async (request, reply) => {
    const { workspace, principal } = await deps.auth.authorize(request, manage)
    const { kind, ...config } = request.body ?? {}
    const source = await deps.sources.add(workspace.id, String(kind ?? ''), config, principal.actor)
    return reply.code(201).send(source)
  })

  app.post<{
    Params: { id: string }
    Body: { mode?: 'auto' | 'full' | 'incremental'; acceptGone?: boolean }
  }>('/api/sources/:id/sync', async (request) => {
    const { workspace, principal } = await deps.auth.authorize(request, manage)
    return deps.sync.syncSource(workspace.id, request.params.id, {
      trigger: 'api',
      actor: principal.actor,
      ...(request.body?.mode ? { mode: request.body.mode } : {}),
      ...(request.body?.acceptGone ? { acceptGone: true } : {}),
    })
  })

  app.get<{ Querystring: PeopleQuery }>('/api/people', async (request) => {
    const { workspace } = await deps.auth.authorize(request, read)
    const { q, filter, status, after, limit } = request.query
    const people = await deps.people.list(workspace.id, {
      ...(typeof q === 'string' && q.trim() ? { q } : {}),
      ...(filter ? { filter } : {}),
      ...(status ? { status } : {}),
      ...(after ? { after } : {}),
      ...(limit ? { limit: Number(limit) } : {}),
    })
    return { people }
  })

  app.get<{ Params: { id: string } }>('/api/people/:id', async (request) => {
    const { workspace } = await deps.auth.authorize(request, read)
    const person = await deps.people.get(workspace.id, request.params.id)
    return {
      ...person,
      records: await deps.people.records(workspace.id, person.id),
      offboarding: await deps.people.offboarding(workspace.id, person.id),
    }
  })

  app.get('/api/people-counts', async (request) => {
    const { workspace } = await deps.auth.authorize(request, read)
    return deps.people.counts(workspace.id)
  })

  app.get('/api/people-ambiguities', async (request) => {
    const { workspace } = await deps.auth.authorize(request, read)
    return { ambiguities: await deps.people.ambiguities(workspace.id) }
  })
}
