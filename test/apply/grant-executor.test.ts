import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { createOperationExecutor } from '../../src/access/apply/index.js'
import type { Operation, OperationPayload } from '../../src/access/reconcile/index.js'
import {
  type CanManageGrants,
  type Connector,
  ConnectorError,
  canManageGrants,
} from '../../src/integrations/connectors/index.js'
import { ok, unwrap } from '../../src/shared/result.js'
import {
  GENEROUS_LIMIT,
  oktaConnectorFor,
  recordingFetch,
  scimConnectorFor,
  uniqueName,
} from '../contract/targets.js'
import { type OktaEmulator, startOktaEmulator } from '../emulators/okta.js'
import { type StensulEmulator, startStensulEmulator } from '../emulators/stensul.js'

type Grant = Extract<OperationPayload, { kind: 'add_grant' | 'remove_grant' }>['entitlement']

/** What a test needs of an emulated app: its connector, its people, its roles and its log. */
type Target = {
  readonly connector: Connector
  /** Accounts made in the app's console; returns their ids. */
  seedUser(login: string): string
  /** An entitlement (a role, a group) as a plan names it. */
  entitlement(name: string): Grant
  /** Whether the account holds the entitlement now. */
  holds(remoteId: string, accountId: string): boolean
  isActive(accountId: string): boolean
  /** Membership changes the app made, as `add|remove <group> <user>` lines. */
  changes(): string[]
  close(): Promise<void>
}

let sequence = 0

function operation(
  payload: OperationPayload,
  fields: Partial<Operation> = {},
): Operation & { idempotencyKey: string } {
  sequence += 1
  const kind = payload.kind
  return {
    id: `op-${sequence}`,
    planId: 'plan-1',
    position: sequence,
    status: 'running',
    holdReason: null,
    decidedBy: null,
    decidedAt: null,
    appId: 'app-1',
    kind,
    capability:
      kind === 'add_grant' || kind === 'remove_grant' ? 'manage_grants' : 'create_account',
    findingKind: 'missing_grant',
    personId: 'person-1',
    personEmail: 'alice@acme.test',
    accountId: 'account-1',
    remoteId: null,
    payload,
    idempotencyKey: `key-${sequence}-${Math.random().toString(36).slice(2)}`,
    ...fields,
  }
}

const executorOf = (connector: Connector) => createOperationExecutor(async () => ok(connector))

function stensulTarget(stensul: StensulEmulator): Target {
  const connection = { ...stensul.connection, rateLimit: GENEROUS_LIMIT }
  return {
    connector: scimConnectorFor('stensul', connection, recordingFetch().fetch),
    seedUser: (login) => stensul.seed([login])[0] ?? '',
    entitlement: (name) => {
      const role = stensul.roles.find((r) => r.displayName === name)
      if (!role) throw new Error(`no role ${name}`)
      return {
        entitlementId: `ent-${role.id}`,
        remoteId: role.id,
        displayName: name,
        kind: 'role',
        privileged: name === 'Admin',
      }
    },
    holds: (remoteId, accountId) =>
      stensul.roles.find((r) => r.id === remoteId)?.memberIds.includes(accountId) ?? false,
    isActive: (accountId) => stensul.state.users.get(accountId)?.resource.active !== false,
    changes: () => stensul.state.memberChanges.map((c) => `${c.change} ${c.groupId} ${c.userId}`),
    close: () => stensul.close(),
  }
}

function oktaTarget(okta: OktaEmulator): Target {
  const groups = new Map<string, string>()
  return {
    connector: oktaConnectorFor(okta.connection, recordingFetch().fetch),
    seedUser: (login) => okta.seedUsers([login])[0] ?? '',
    entitlement: (name) => {
      let id = groups.get(name)
      if (!id) {
        id = okta.seedGroup(name)
        groups.set(name, id)
      }
      return {
        entitlementId: `ent-${id}`,
        remoteId: id,
        displayName: name,
        kind: 'group',
        privileged: false,
      }
    },
    holds: (remoteId, accountId) =>
      okta.state.groups.get(remoteId)?.members.has(accountId) ?? false,
    // A reactivated Okta user is PROVISIONED (pending its activation), not deactivated.
    isActive: (accountId) =>
      !['DEPROVISIONED', 'SUSPENDED'].includes(okta.state.users.get(accountId)?.status ?? ''),
    changes: () =>
      okta.state.memberChanges
        .filter((c) => [...groups.values()].includes(c.groupId))
        .map((c) => `${c.change} ${c.groupId} ${c.userId}`),
    close: () => okta.close(),
  }
}

const TARGETS: ReadonlyArray<readonly [string, () => Promise<Target>]> = [
  ['Stensul (roles as SCIM Groups)', async () => stensulTarget(await startStensulEmulator())],
  ['Okta (groups)', async () => oktaTarget(await startOktaEmulator())],
]

for (const [name, start] of TARGETS) {
  describe(`executor: grant operations through ${name}`, () => {
    let t: Target
    before(async () => {
      t = await start()
    })
    after(() => t.close())

    it('adds a grant once: the repeat of the same operation is already_exists', async () => {
      const accountId = t.seedUser(uniqueName('add'))
      const entitlement = t.entitlement('Reviewer')
      const op = operation({ kind: 'add_grant', entitlement }, { remoteId: accountId })
      const first = unwrap(await executorOf(t.connector).apply(op, {}))
      assert.deepEqual(first, { remoteId: accountId, entitlementId: entitlement.entitlementId })
      assert.ok(t.holds(entitlement.remoteId, accountId))
      const again = unwrap(await executorOf(t.connector).apply(op, {}))
      assert.equal(again.marker, 'already_exists')
      const mine = t.changes().filter((line) => line.endsWith(accountId))
      assert.deepEqual(mine, [`add ${entitlement.remoteId} ${accountId}`])
    })

    it('removes a grant once: the repeat is already_gone', async () => {
      const accountId = t.seedUser(uniqueName('remove'))
      const entitlement = t.entitlement('Creator')
      const add = operation({ kind: 'add_grant', entitlement }, { remoteId: accountId })
      unwrap(await executorOf(t.connector).apply(add, {}))
      const op = operation({ kind: 'remove_grant', entitlement }, { remoteId: accountId })
      const first = unwrap(await executorOf(t.connector).apply(op, {}))
      assert.equal(first.marker, undefined)
      assert.ok(!t.holds(entitlement.remoteId, accountId))
      const again = unwrap(await executorOf(t.connector).apply(op, {}))
      assert.equal(again.marker, 'already_gone')
      const mine = t.changes().filter((line) => line.endsWith(accountId))
      assert.deepEqual(mine, [
        `add ${entitlement.remoteId} ${accountId}`,
        `remove ${entitlement.remoteId} ${accountId}`,
      ])
    })

    it('creates an account with its grants; the repeated job adopts it and adds nothing twice', async () => {
      const login = uniqueName('create')
      const grants = [t.entitlement('Reviewer'), t.entitlement('Creator')]
      const op = operation({ kind: 'create', account: newAccount(login), grants })
      const first = unwrap(await executorOf(t.connector).apply(op, {}))
      const accountId = first.remoteId ?? ''
      assert.ok(accountId)
      assert.deepEqual(
        first.grants?.map((g) => [g.entitlementId, g.marker ?? 'added']),
        grants.map((g) => [g.entitlementId, 'added']),
      )
      for (const g of grants) assert.ok(t.holds(g.remoteId, accountId), g.displayName)
      const again = unwrap(await executorOf(t.connector).apply(op, {}))
      assert.equal(again.marker, 'already_exists')
      assert.equal(again.remoteId, accountId)
      assert.deepEqual(
        again.grants?.map((g) => g.marker),
        ['already_exists', 'already_exists'],
      )
      assert.deepEqual(
        t.changes().filter((line) => line.endsWith(accountId)),
        grants.map((g) => `add ${g.remoteId} ${accountId}`),
      )
    })

    it('a grant that fails after the create fails the job retryably; the retry converges', async () => {
      const login = uniqueName('flaky')
      const grants = [t.entitlement('Reviewer'), t.entitlement('Creator')]
      const op = operation({ kind: 'create', account: newAccount(login), grants })
      const flaky = failingSecondGrant(t.connector)
      const first = await executorOf(flaky).apply(op, {})
      assert.equal(first.ok ? 'ok' : first.error.class, 'transient')
      const retried = unwrap(await executorOf(flaky).apply(op, {}))
      const accountId = retried.remoteId ?? ''
      assert.equal(retried.marker, 'already_exists', 'the retry adopts the account')
      assert.deepEqual(
        retried.grants?.map((g) => g.marker ?? 'added'),
        ['already_exists', 'added'],
      )
      assert.deepEqual(
        t.changes().filter((line) => line.endsWith(accountId)),
        grants.map((g) => `add ${g.remoteId} ${accountId}`),
      )
    })

    it('a deactivation removes its grants first, then the account; a repeat changes nothing', async () => {
      const accountId = t.seedUser(uniqueName('leaver'))
      const grants = [t.entitlement('Reviewer'), t.entitlement('Creator')]
      for (const entitlement of grants)
        unwrap(
          await executorOf(t.connector).apply(
            operation({ kind: 'add_grant', entitlement }, { remoteId: accountId }),
            {},
          ),
        )
      const op = operation({ kind: 'deactivate', grants }, { remoteId: accountId })
      const first = unwrap(await executorOf(t.connector).apply(op, {}))
      assert.equal(first.remoteId, accountId)
      assert.deepEqual(
        first.grants?.map((g) => g.marker ?? 'removed'),
        ['removed', 'removed'],
      )
      assert.equal(t.isActive(accountId), false)
      for (const g of grants) assert.ok(!t.holds(g.remoteId, accountId), g.displayName)
      const again = unwrap(await executorOf(t.connector).apply(op, {}))
      assert.deepEqual(
        again.grants?.map((g) => g.marker),
        ['already_gone', 'already_gone'],
      )
      assert.deepEqual(
        t.changes().filter((line) => line.endsWith(accountId)),
        [
          ...grants.map((g) => `add ${g.remoteId} ${accountId}`),
          ...grants.map((g) => `remove ${g.remoteId} ${accountId}`),
        ],
      )
    })

    it('a reactivation wakes the account, then adds the grants it carries', async () => {
      const accountId = t.seedUser(uniqueName('returner'))
      unwrap(
        await executorOf(t.connector).apply(
          operation({ kind: 'deactivate' }, { remoteId: accountId }),
          {},
        ),
      )
      assert.equal(t.isActive(accountId), false)
      const grants = [t.entitlement('Reviewer')]
      const op = operation({ kind: 'reactivate', grants }, { remoteId: accountId })
      const first = unwrap(await executorOf(t.connector).apply(op, {}))
      assert.equal(t.isActive(accountId), true)
      assert.deepEqual(
        first.grants?.map((g) => g.marker ?? 'added'),
        ['added'],
      )
      const again = unwrap(await executorOf(t.connector).apply(op, {}))
      assert.deepEqual(
        again.grants?.map((g) => g.marker),
        ['already_exists'],
      )
      assert.deepEqual(
        t.changes().filter((line) => line.endsWith(accountId)),
        grants.map((g) => `add ${g.remoteId} ${accountId}`),
      )
    })
  })
}

describe('executor: grant operations an app cannot carry out', () => {
  let stensul: StensulEmulator
  before(async () => {
    stensul = await startStensulEmulator()
  })
  after(() => stensul.close())

  it('a create with grants on a connector without grant powers creates nothing', async () => {
    const target = stensulTarget(stensul)
    const { addGrant: _a, removeGrant: _r, ...rest } = bound(target.connector)
    const plain = rest as unknown as Connector
    assert.equal(canManageGrants(plain), false)
    const login = uniqueName('refused')
    const op = operation({
      kind: 'create',
      account: newAccount(login),
      grants: [target.entitlement('Reviewer')],
    })
    const result = await executorOf(plain).apply(op, {})
    assert.equal(result.ok ? 'ok' : result.error.class, 'permanent')
    assert.ok(!stensul.state.creations.includes(login.toLowerCase()), 'no account was created')
  })

  it('a grant operation without the app account id is refused, not guessed', async () => {
    const target = stensulTarget(stensul)
    const op = operation({ kind: 'add_grant', entitlement: target.entitlement('Admin') })
    const result = await executorOf(target.connector).apply(op, {})
    assert.equal(result.ok ? 'ok' : result.error.class, 'permanent')
  })
})

function newAccount(login: string) {
  const [given = 'Given'] = login.split('@')
  return {
    userName: login,
    emails: [{ value: login, primary: true }],
    name: { givenName: given, familyName: 'Tester' },
  }
}

/** The connector's methods bound to it, as a plain object a test can take methods from. */
function bound(connector: Connector): Record<string, unknown> {
  const record = connector as unknown as Record<string, unknown>
  const out: Record<string, unknown> = { manifest: connector.manifest }
  const names = new Set<string>()
  for (let o: object | null = connector; o && o !== Object.prototype; o = Object.getPrototypeOf(o))
    for (const key of Object.getOwnPropertyNames(o)) names.add(key)
  for (const key of names) {
    const value = record[key]
    if (typeof value === 'function' && key !== 'constructor') out[key] = value.bind(connector)
  }
  return out
}

/** The connector, except that its second `addGrant` call answers a 503 without doing it. */
function failingSecondGrant(connector: Connector): Connector {
  const methods = bound(connector)
  const add = methods.addGrant as CanManageGrants['addGrant']
  let calls = 0
  return {
    ...methods,
    addGrant: async (...args: Parameters<typeof add>) => {
      calls += 1
      if (calls === 2)
        return {
          ok: false,
          error: new ConnectorError({ class: 'transient', message: 'Service unavailable' }),
        }
      return add(...args)
    },
  } as unknown as Connector
}
