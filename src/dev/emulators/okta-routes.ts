import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { compileSearch } from './okta-search.js'
import {
  groupJson,
  isFailure,
  type OktaFailure,
  type OktaGroupRecord,
  type OktaState,
  type OktaUserRecord,
  userJson,
} from './okta-state.js'

type Query = Record<string, string | undefined>
type Req = FastifyRequest<{ Querystring: Query; Params: Record<string, string> }>

export type OktaRouteOptions = {
  state: OktaState
  base: () => string
  /** The 1-based page of user listings that answers 500 while set (a mid-list failure). */
  failingPage: () => number | undefined
}

/** Okta's error body (developer.okta.com/docs/reference/error-codes). */
export function oktaError(reply: FastifyReply, failure: OktaFailure) {
  return reply.code(failure.status).send({
    errorCode: failure.errorCode,
    errorSummary: failure.errorSummary,
    errorLink: failure.errorCode,
    errorId: `oae${Math.random().toString(36).slice(2, 12)}`,
    errorCauses: failure.errorCode === 'E0000001' ? [{ errorSummary: failure.errorSummary }] : [],
  })
}

const NOT_FOUND: OktaFailure = {
  status: 404,
  errorCode: 'E0000007',
  errorSummary: 'Not found: Resource not found',
}

/**
 * Paging as Okta does it: `limit` (at most 200), `after` = an opaque cursor (here the last id of
 * the previous page), and `Link` headers for `self` and `next` (RFC 8288).
 */
function pageOf<T extends { id: string }>(
  request: Req,
  reply: FastifyReply,
  all: readonly T[],
  base: string,
): { items: T[]; index: number } {
  const limit = Math.max(1, Math.min(Number(request.query.limit ?? 200) || 200, 200))
  const sorted = [...all].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))
  const after = request.query.after
  const start = after ? sorted.findIndex((item) => item.id > after) : 0
  const from = start < 0 ? sorted.length : start
  const items = sorted.slice(from, from + limit)
  const self = new URL(request.url, base)
  const links = [`<${self.toString()}>; rel="self"`]
  const last = items.at(-1)
  if (last && from + limit < sorted.length) {
    const next = new URL(self)
    next.searchParams.set('after', last.id)
    next.searchParams.set('limit', String(limit))
    links.push(`<${next.toString()}>; rel="next"`)
  }
  reply.header('link', links.join(', '))
  return { items, index: Math.floor(from / limit) + 1 }
}

function selectUsers(state: OktaState, query: Query): OktaUserRecord[] | undefined {
  const expression = query.search ?? query.filter
  const all = [...state.users.values()]
  if (!expression) {
    // List all users leaves DEPROVISIONED out (developer.okta.com/docs/reference/user-query).
    const q = query.q?.toLowerCase()
    return all.filter(
      (u) =>
        u.status !== 'DEPROVISIONED' &&
        (!q ||
          ['firstName', 'lastName', 'email'].some((k) =>
            u.profile[k]?.toLowerCase().startsWith(q),
          )),
    )
  }
  const compiled = compileSearch(expression)
  if (!compiled.ok) return undefined
  return all.filter((u) => compiled.match({ ...u, profile: u.profile }))
}

const INVALID_SEARCH: OktaFailure = {
  status: 400,
  errorCode: 'E0000031',
  errorSummary: 'Invalid search criteria.',
}

export function registerUserRoutes(app: FastifyInstance, options: OktaRouteOptions): void {
  const { state, base } = options
  const find = (request: Req) => state.findUser(request.params.id ?? '')

  app.get('/api/v1/users', async (request: Req, reply) => {
    const users = selectUsers(state, request.query)
    if (!users) return oktaError(reply, INVALID_SEARCH)
    const page = pageOf(request, reply, users, base())
    if (options.failingPage() === page.index) {
      return oktaError(reply, {
        status: 500,
        errorCode: 'E0000009',
        errorSummary: 'Internal Server Error',
      })
    }
    return page.items.map((u) => userJson(u, base()))
  })

  app.post('/api/v1/users', async (request: Req, reply) => {
    const body = request.body as { profile?: Record<string, string> } | undefined
    const profile = body?.profile ?? {}
    const missing = ['login', 'email', 'firstName', 'lastName'].filter((k) => !profile[k])
    if (missing.length > 0) {
      return oktaError(reply, {
        status: 400,
        errorCode: 'E0000001',
        errorSummary: `Api validation failed: ${missing.join(', ')}`,
      })
    }
    const created = state.createUser(profile, request.query.activate !== 'false')
    if (isFailure(created)) return oktaError(reply, created)
    return reply.code(200).send(userJson(created, base()))
  })

  app.get('/api/v1/users/:id', async (request: Req, reply) => {
    const user = find(request)
    return user ? userJson(user, base()) : oktaError(reply, NOT_FOUND)
  })

  app.post('/api/v1/users/:id', async (request: Req, reply) => {
    const user = find(request)
    if (!user) return oktaError(reply, NOT_FOUND)
    const body = request.body as { profile?: Record<string, string> } | undefined
    state.updateProfile(user, body?.profile ?? {})
    return userJson(user, base())
  })

  app.delete('/api/v1/users/:id', async (request: Req, reply) => {
    const user = find(request)
    if (!user) return oktaError(reply, NOT_FOUND)
    // The first DELETE of a user that is not deprovisioned deactivates it; the next deletes.
    if (user.status !== 'DEPROVISIONED') state.setStatus(user, 'DEPROVISIONED')
    else state.deleteUser(user)
    return reply.code(204).send()
  })

  app.post('/api/v1/users/:id/lifecycle/:operation', async (request: Req, reply) => {
    const user = find(request)
    if (!user) return oktaError(reply, NOT_FOUND)
    const failure = state.transition(user, request.params.operation ?? '')
    if (failure) return oktaError(reply, failure)
    return reply.code(200).send({})
  })

  app.get('/api/v1/users/:id/groups', async (request: Req, reply) => {
    const user = find(request)
    if (!user) return oktaError(reply, NOT_FOUND)
    const groups = [...state.groups.values()].filter((g) => g.members.has(user.id))
    return pageOf(request, reply, groups, base()).items.map((g) => groupJson(g, base()))
  })
}

export function registerGroupRoutes(app: FastifyInstance, options: OktaRouteOptions): void {
  const { state, base } = options
  const find = (request: Req): OktaGroupRecord | undefined =>
    state.groups.get(request.params.id ?? '')

  app.get('/api/v1/groups', async (request: Req, reply) => {
    const expression = request.query.search ?? request.query.filter
    let groups = [...state.groups.values()]
    if (expression) {
      const compiled = compileSearch(expression)
      if (!compiled.ok) return oktaError(reply, INVALID_SEARCH)
      groups = groups.filter((g) => compiled.match({ ...g, members: undefined }))
    }
    return pageOf(request, reply, groups, base()).items.map((g) => groupJson(g, base()))
  })

  app.post('/api/v1/groups', async (request: Req, reply) => {
    const body = request.body as { profile?: { name?: string; description?: string } } | undefined
    if (!body?.profile?.name) {
      return oktaError(reply, {
        status: 400,
        errorCode: 'E0000001',
        errorSummary: 'Api validation failed: name',
      })
    }
    const created = state.createGroup({ ...body.profile, name: body.profile.name })
    return isFailure(created) ? oktaError(reply, created) : groupJson(created, base())
  })

  app.get('/api/v1/groups/:id', async (request: Req, reply) => {
    const group = find(request)
    return group ? groupJson(group, base()) : oktaError(reply, NOT_FOUND)
  })

  app.put('/api/v1/groups/:id', async (request: Req, reply) => {
    const group = find(request)
    if (!group) return oktaError(reply, NOT_FOUND)
    const body = request.body as { profile?: { name?: string; description?: string } } | undefined
    group.profile = {
      ...group.profile,
      ...body?.profile,
      name: body?.profile?.name ?? group.profile.name,
    }
    group.lastUpdated = state.stamp()
    return groupJson(group, base())
  })

  app.get('/api/v1/groups/:id/users', async (request: Req, reply) => {
    const group = find(request)
    if (!group) return oktaError(reply, NOT_FOUND)
    const members = [...group.members].flatMap((id) => {
      const user = state.users.get(id)
      return user ? [user] : []
    })
    return pageOf(request, reply, members, base()).items.map((u) => userJson(u, base()))
  })

  for (const method of ['PUT', 'DELETE'] as const) {
    app.route({
      method,
      url: '/api/v1/groups/:id/users/:userId',
      handler: async (request: Req, reply) => {
        const group = find(request)
        const user = state.users.get(request.params.userId ?? '')
        if (!group || !user) return oktaError(reply, NOT_FOUND)
        state.setMember(group, user.id, method === 'PUT')
        return reply.code(204).send()
      },
    })
  }
}
