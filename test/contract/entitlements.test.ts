import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import fc from 'fast-check'
import {
  type Connector,
  canManageGrants,
  canManageGroups,
  type FetchLike,
} from '../../src/integrations/connectors/index.js'
import {
  addMemberOperation,
  removeMemberOperation,
} from '../../src/integrations/connectors/scim/scim-groups.js'
import { patchBody } from '../../src/integrations/connectors/scim/scim-requests.js'
import { parsePatchRequest } from '../../src/protocol/scim/patch/index.js'
import { unwrap } from '../../src/shared/result.js'
import { startOktaEmulator } from '../emulators/okta.js'
import type { ReadOnlyGroup } from '../emulators/scim-routes.js'
import { type StensulEmulator, startStensulEmulator } from '../emulators/stensul.js'
import { entitlementContract } from './entitlement-contract.js'
import {
  GENEROUS_LIMIT,
  oktaConnectorFor,
  recordingFetch,
  scimConnectorFor,
  uniqueName,
} from './targets.js'

/** Retries wait for nothing: the classes, not the clock, are under test. */
const instant = { sleep: async () => {} }

entitlementContract('Stensul-like emulator: roles as SCIM Groups', async () => {
  const stensul = await startStensulEmulator()
  const { fetch, requests } = recordingFetch()
  const connection = { ...stensul.connection, rateLimit: GENEROUS_LIMIT }
  return {
    connector: scimConnectorFor('stensul', connection, fetch),
    requests,
    kind: 'role',
    seedUsers: async (userNames) => stensul.seed(userNames),
    seedEntitlement: async (displayName, memberIds) => seedRole(stensul, displayName, memberIds),
    close: () => stensul.close(),
  }
})

entitlementContract('Okta emulator: groups', async () => {
  const okta = await startOktaEmulator()
  const { fetch, requests } = recordingFetch()
  return {
    connector: oktaConnectorFor(okta.connection, fetch),
    requests,
    kind: 'group',
    seedUsers: async (logins) => okta.seedUsers(logins),
    seedEntitlement: async (name, memberIds) => okta.seedGroup(name, memberIds),
    close: () => okta.close(),
  }
})

/** A role made in the app's own console: the emulator's roles are a plain array. */
function seedRole(stensul: StensulEmulator, displayName: string, memberIds: readonly string[]) {
  const id = `role-${Math.random().toString(36).slice(2, 10)}`
  const role: ReadOnlyGroup = { id, displayName, memberIds: [...memberIds] }
  ;(stensul.roles as ReadOnlyGroup[]).push(role)
  return id
}

describe('Stensul roles: read-only entitlements, membership through PATCH', () => {
  let stensul: StensulEmulator
  before(async () => {
    stensul = await startStensulEmulator()
  })
  after(() => stensul.close())
  const connect = (profile?: Record<string, unknown>, fetch: FetchLike = recordingFetch().fetch) =>
    scimConnectorFor(
      'stensul',
      { ...stensul.connection, rateLimit: GENEROUS_LIMIT, ...(profile ? { profile } : {}) },
      fetch,
      instant,
    )
  const key = () => `k-${Math.random().toString(36).slice(2)}`

  it('marks Admin privileged and the other roles not, and grants by PATCH of members', async () => {
    const recorded = recordingFetch()
    const connector = connect(undefined, recorded.fetch)
    assert.ok(canManageGrants(connector) && connector.listEntitlements)
    const roles = unwrap(await connector.listEntitlements({})).items
    const admin = roles.find((role) => role.displayName === 'Admin')
    assert.equal(admin?.privileged, true)
    assert.ok(roles.filter((r) => r !== admin).every((role) => !role.privileged))
    const [accountId = ''] = stensul.seed([uniqueName('creator')])
    unwrap(
      await connector.addGrant(
        { entitlementId: 'role-creator', accountId },
        { idempotencyKey: key() },
      ),
    )
    const patch = recorded.requests.find((r) => r.method === 'PATCH')
    assert.deepEqual((patch?.body as { Operations?: unknown } | undefined)?.Operations, [
      { op: 'add', path: 'members', value: [{ value: accountId }] },
    ])
    assert.ok(stensul.roles.find((r) => r.id === 'role-creator')?.memberIds.includes(accountId))
  })

  it('refuses to create a role: no capability, and the app says 501 (permanent) if forced', async () => {
    const connector: Connector = connect()
    assert.equal(canManageGroups(connector), false)
    assert.ok(!connector.manifest.capabilities.includes('manage_groups'))
    // An admin who overrides the profile gets the app's own answer, classified.
    const forced = connect({ groups: 'full' })
    assert.ok(canManageGroups(forced))
    const created = await forced.createGroup(
      { displayName: 'Publisher' },
      { idempotencyKey: key() },
    )
    assert.equal(created.ok ? 'created' : created.error.class, 'permanent')
    assert.equal(created.ok ? 0 : created.error.status, 501)
  })

  it('removes members with a value array where the profile says so (Entra dialect)', async () => {
    const recorded = recordingFetch()
    const connector = connect({ memberRemoval: 'value' }, recorded.fetch)
    assert.ok(canManageGrants(connector))
    const [accountId = ''] = stensul.seed([uniqueName('reviewer')])
    const grant = { entitlementId: 'role-reviewer', accountId }
    unwrap(await connector.addGrant(grant, { idempotencyKey: key() }))
    unwrap(await connector.removeGrant(grant, { idempotencyKey: key() }))
    const patches = recorded.requests.filter((r) => r.method === 'PATCH')
    assert.deepEqual((patches[1]?.body as { Operations?: unknown } | undefined)?.Operations, [
      { op: 'remove', path: 'members', value: [{ value: accountId }] },
    ])
    assert.ok(!stensul.roles.find((r) => r.id === 'role-reviewer')?.memberIds.includes(accountId))
  })
})

describe('grant calls through faults: classified into the closed classes', () => {
  let stensul: StensulEmulator
  before(async () => {
    stensul = await startStensulEmulator()
  })
  after(() => stensul.close())
  const key = () => `k-${Math.random().toString(36).slice(2)}`

  /** The real fetch, or one that gives up after `ms` as the client's per-attempt timeout would. */
  const withTimeout =
    (ms: number): FetchLike =>
    (url, init) =>
      Promise.race([
        globalThis.fetch(url, init),
        new Promise<Response>((_, reject) =>
          setTimeout(() => reject(new DOMException('timed out', 'TimeoutError')), ms),
        ),
      ])

  const grantOnce = async (fetch: FetchLike = globalThis.fetch) => {
    const [accountId = ''] = stensul.seed([uniqueName('fault')])
    const connector = scimConnectorFor(
      'stensul',
      { ...stensul.connection, rateLimit: GENEROUS_LIMIT },
      fetch,
      instant,
    )
    assert.ok(canManageGrants(connector) && connector.listEntitlements)
    // Warm up the token and discovery before the faults start.
    unwrap(await connector.listEntitlements({}))
    return { connector, grant: { entitlementId: 'role-admin', accountId } }
  }

  it('429 with Retry-After: rate_limited, with the wait the app asked for', async () => {
    const { connector, grant } = await grantOnce()
    stensul.faults.set({ rateLimitRate: 1 })
    try {
      const result = await connector.addGrant(grant, { idempotencyKey: key() })
      assert.equal(result.ok ? 'ok' : result.error.class, 'rate_limited')
      assert.equal(result.ok ? 0 : result.error.retryAfterMs, 1000)
      assert.equal(result.ok ? false : result.error.retryable, true)
    } finally {
      stensul.faults.set({})
    }
  })

  it('500s: transient (retryable), and nothing granted', async () => {
    const { connector, grant } = await grantOnce()
    stensul.faults.set({ errorRate: 1 })
    try {
      const result = await connector.addGrant(grant, { idempotencyKey: key() })
      assert.equal(result.ok ? 'ok' : result.error.class, 'transient')
    } finally {
      stensul.faults.set({})
    }
    assert.ok(
      !stensul.roles.find((r) => r.id === 'role-admin')?.memberIds.includes(grant.accountId),
    )
  })

  it('a timeout: transient with the timeout code; a later call with the same key succeeds', async () => {
    const { connector, grant } = await grantOnce(withTimeout(100))
    stensul.faults.set({ slowRate: 1, slowMs: 300 })
    const idempotencyKey = key()
    try {
      const result = await connector.removeGrant(grant, { idempotencyKey })
      assert.equal(result.ok ? 'ok' : result.error.class, 'transient')
      assert.equal(result.ok ? '' : result.error.code, 'CONNECTOR_TIMEOUT')
    } finally {
      stensul.faults.set({})
    }
    const retried = unwrap(await connector.removeGrant(grant, { idempotencyKey }))
    assert.equal(retried.marker, 'already_gone')
  })
})

describe('SCIM member PATCH bodies (property)', () => {
  const id = fc.string({ minLength: 1, maxLength: 40 })
  const profile = fc.record({
    patchOpCase: fc.constantFrom('lowercase' as const, 'capitalized' as const),
    patchStyle: fc.constantFrom('path' as const, 'value' as const),
    memberRemoval: fc.constantFrom('filter' as const, 'value' as const),
  })

  it('are valid RFC 7644 PatchOps that name exactly the member, in every dialect', () => {
    fc.assert(
      fc.property(id, profile, fc.boolean(), (accountId, dialect, adding) => {
        const operation = adding
          ? addMemberOperation(accountId)
          : removeMemberOperation(accountId, dialect.memberRemoval)
        const body = JSON.parse(JSON.stringify(patchBody([operation], dialect)))
        const parsed = parsePatchRequest(body)
        assert.ok(parsed.ok, parsed.ok ? '' : parsed.error.detail)
        const [op] = parsed.value
        assert.equal(parsed.value.length, 1)
        assert.equal(op?.op, adding ? 'add' : 'remove')
        assert.equal(op?.path?.attrPath.name, 'members')
        if (!adding && dialect.memberRemoval === 'filter') {
          const filter = op?.path?.valueFilter
          assert.ok(filter?.kind === 'compare' && filter.value === accountId)
          assert.equal(op?.value, undefined)
        } else {
          assert.deepEqual(op?.value, [{ value: accountId }])
        }
      }),
      { numRuns: 300 },
    )
  })
})
