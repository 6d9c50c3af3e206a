import type { FastifyInstance } from 'fastify'
import type { ManagementAuth } from '../../platform/auth/index.js'
import { graphErrors } from './graph-errors.js'
import type { GraphService } from './graph-service.js'
import type { LinkState } from './types.js'

export type GraphRoutesDeps = {
  readonly graph: Pick<
    GraphService,
    'accounts' | 'account' | 'candidates' | 'link' | 'unlink' | 'refreshApp' | 'changes'
  >
  readonly auth: ManagementAuth
}

const STATES: readonly string[] = ['linked', 'orphan', 'ambiguous'] satisfies LinkState[]

type AccountsQuery = {
  app?: string
  state?: LinkState
  person?: string
  after?: string
  limit?: string
}

/**
 * The identity graph of the caller's workspace: `GET /api/accounts`, `GET /api/accounts/:id`
 * (with an ambiguous account's candidates), `POST /api/accounts/:id/link` `{"person"}` and
 * `/unlink` `{"automatic"?}`, `POST /api/apps/:id/refresh`, `GET /api/apps/:id/changes`.
 */
export async function graphRoutes(app: FastifyInstance, deps: GraphRoutesDeps): Promise<void> {
  const read = { scope: 'integrations:read' } as const
  const manage = { scope: 'integrations:manage' } as const

  app.get<{ Querystring: AccountsQuery }>('/api/accounts', async (request) => {
    const { workspace } = await deps.auth.authorize(request, read)
    const { app: appId, state, person, after, limit } = request.query
    if (state !== undefined && !STATES.includes(state))
      throw graphErrors.error('GRAPH_REQUEST_INVALID', `state is one of ${STATES.join(', ')}.`)
    const accounts = await deps.graph.accounts(workspace.id, {
      limit: Math.max(1, Math.min(Number(limit ?? 100) || 100, 1000)),
      ...(appId ? { appId } : {}),
      ...(state ? { linkState: state } : {}),
      ...(person ? { personId: person } : {}),
      ...(after ? { after } : {}),
    })
    return { accounts }
  })

  app.get<{ Params: { id: string } }>('/api/accounts/:id', async (request) => {
    const { workspace } = await deps.auth.authorize(request, read)
    const account = await deps.graph.account(workspace.id, request.params.id)
    return { ...account, candidates: await deps.graph.candidates(workspace.id, account.id) }
  })

  app.post<{ Params: { id: string }; Body: { person?: string } }>(
    '/api/accounts/:id/link',
    async (request) => {
      const { workspace, principal } = await deps.auth.authorize(request, manage)
      const person = request.body?.person
      if (typeof person !== 'string' || person.trim() === '')
        throw graphErrors.error('GRAPH_REQUEST_INVALID', 'person is the person id or email.')
      return deps.graph.link(workspace.id, request.params.id, person, principal.actor)
    },
  )

  app.post<{ Params: { id: string }; Body: { automatic?: boolean } }>(
    '/api/accounts/:id/unlink',
    async (request) => {
      const { workspace, principal } = await deps.auth.authorize(request, manage)
      const automatic = request.body?.automatic === true
      return deps.graph.unlink(workspace.id, request.params.id, principal.actor, automatic)
    },
  )

  app.post<{ Params: { id: string }; Body: { acceptGone?: boolean } }>(
    '/api/apps/:id/refresh',
    async (request) => {
      const { workspace, principal } = await deps.auth.authorize(request, manage)
      return deps.graph.refreshApp(workspace.id, request.params.id, {
        trigger: 'api',
        actor: principal.actor,
        ...(request.body?.acceptGone ? { acceptGone: true } : {}),
      })
    },
  )

  app.get<{ Params: { id: string }; Querystring: { snapshot?: string } }>(
    '/api/apps/:id/changes',
    async (request) => {
      const { workspace } = await deps.auth.authorize(request, read)
      return deps.graph.changes(workspace.id, request.params.id, request.query.snapshot)
    },
  )
}
