import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import fc from 'fast-check'
import type { Capability } from '../../integrations/connectors/index.js'
import { type App, resolveCorrelation, resolvePolicy } from '../apps/index.js'
import { toAccountRecord } from '../graph/index.js'
import { type AppRules, compileAppRules } from './app-rules.js'
import type { AccountState, PersonState, UnlinkedAccount } from './classify.js'
import { classifyPair, classifyUnlinked } from './classify.js'
import { type ActualState, type DesiredPerson, diff } from './plan.js'

const NOW = '2026-06-01T00:00:00.000Z'
const DAY = 86_400_000
const SANA: Capability[] = [
  'list_accounts',
  'create_account',
  'update_account',
  'deactivate_account',
]
const FULL: Capability[] = [...SANA, 'reactivate_account', 'delete_account']
const MANUAL: Capability[] = ['list_accounts', 'create_tasks']

type AppOverrides = Partial<Omit<App, 'policy'>> & { policy?: Record<string, unknown> }

function appOf(overrides: AppOverrides = {}): App {
  const { policy, ...rest } = overrides
  return {
    id: 'app-1',
    workspaceId: 'w',
    catalogId: 'sana-labs',
    name: 'Sana',
    owner: null,
    connection: null,
    assignment: { all: true },
    mappings: {},
    grants: [],
    correlation: resolveCorrelation({}),
    createdAt: NOW,
    updatedAt: NOW,
    ...rest,
    policy: resolvePolicy(policy ?? {}),
  }
}

const rulesOf = (caps: Capability[], overrides: AppOverrides = {}): AppRules =>
  compileAppRules(appOf(overrides), caps)

function personOf(id: string, overrides: Partial<PersonState> = {}): PersonState {
  const email = `${id}@acme.com`
  return {
    id,
    userName: email,
    email,
    displayName: `Person ${id}`,
    status: 'active',
    goneAt: null,
    version: 1,
    updatedAt: NOW,
    resource: {
      userName: email,
      displayName: `Person ${id}`,
      name: { givenName: 'P', familyName: id },
      emails: [{ value: email, primary: true }],
      title: 'Engineer',
    },
    ...overrides,
  }
}

function accountOf(id: string, overrides: Partial<AccountState> & { title?: string } = {}) {
  const { title, ...rest } = overrides
  const record = toAccountRecord({
    id: `remote-${id}`,
    userName: `${id}@acme.com`,
    emails: [{ value: `${id}@acme.com`, primary: true }],
    active: true,
    raw: { title: title ?? 'Engineer' },
  })
  return {
    id: `acc-${id}`,
    remoteId: record.remoteId,
    active: true,
    inactiveSince: null,
    attributes: record.attributes,
    fingerprint: record.fingerprint,
    linkRule: 'userName',
    ...rest,
  } satisfies AccountState
}

const pair = (
  rules: AppRules,
  person: PersonState,
  account: AccountState | undefined,
  extra: { assigned?: boolean; ambiguous?: string[]; offboard?: boolean; now?: string } = {},
) =>
  classifyPair(
    {
      person,
      account,
      assigned: extra.assigned ?? true,
      ambiguousAccounts: extra.ambiguous ?? [],
      offboard: extra.offboard ?? false,
    },
    rules,
    extra.now ?? NOW,
  )

describe('classifyPair: finding types and their evidence', () => {
  const rules = rulesOf(SANA, {
    assignment: { filter: 'title eq "Engineer"' },
    mappings: { title: 'title' },
  })

  it('in sync: entitled with a matching active account, or not entitled with none', () => {
    assert.equal(pair(rules, personOf('ada'), accountOf('ada')).class, 'in_sync')
    assert.equal(pair(rules, personOf('ada'), undefined, { assigned: false }).class, 'none')
    assert.equal(pair(rules, personOf('ada', { status: 'gone' }), undefined).class, 'none')
  })

  it('missing: an entitled person without an account gets a create with the mapped values', () => {
    const outcome = pair(rules, personOf('ada'), undefined)
    assert.equal(outcome.class, 'missing')
    assert.deepEqual(outcome.finding?.evidence, {
      rule: 'filter: title eq "Engineer"',
      person: { userName: 'ada@acme.com', email: 'ada@acme.com', status: 'active' },
    })
    assert.equal(outcome.operation?.kind, 'create')
    assert.deepEqual(outcome.operation?.payload, {
      kind: 'create',
      account: {
        userName: 'ada@acme.com',
        emails: [{ value: 'ada@acme.com', primary: true, type: 'work' }],
        name: { givenName: 'P', familyName: 'ada' },
        attributes: { title: 'Engineer' },
      },
    })
  })

  it('missing: an inactive account of an entitled person is reactivated (by update on Sana)', () => {
    const since = '2026-05-01T00:00:00.000Z'
    const outcome = pair(
      rules,
      personOf('ada'),
      accountOf('ada', { active: false, inactiveSince: since }),
    )
    assert.equal(outcome.class, 'missing')
    assert.equal(outcome.finding?.evidence.inactiveSince, since)
    assert.equal(outcome.operation?.kind, 'reactivate')
    assert.equal(outcome.operation?.capability, 'update_account')
  })

  it('drifted: only the changed attributes, with mapping, expected and actual', () => {
    const outcome = pair(rules, personOf('ada'), accountOf('ada', { title: 'Intern' }))
    assert.equal(outcome.class, 'drifted')
    assert.deepEqual(outcome.finding?.evidence, {
      attributes: [
        { attribute: 'title', mapping: 'title', expected: 'Engineer', actual: 'Intern' },
      ],
    })
    assert.deepEqual(outcome.operation?.payload, {
      kind: 'update',
      changes: { attributes: { title: 'Engineer' } },
    })
  })

  it('residual: left, inactive, unassigned or offboarding, with the reason and the policy', () => {
    const reasons: Array<[PersonState, { assigned?: boolean; offboard?: boolean }, string]> = [
      [personOf('ada', { status: 'gone', goneAt: NOW }), {}, 'person_gone'],
      [personOf('ada', { status: 'inactive' }), {}, 'person_inactive'],
      [personOf('ada'), { assigned: false }, 'unassigned'],
      [personOf('ada'), { offboard: true }, 'offboarding'],
    ]
    for (const [person, extra, reason] of reasons) {
      const outcome = pair(rules, person, accountOf('ada'), extra)
      assert.equal(outcome.class, 'residual', reason)
      assert.equal(outcome.finding?.evidence.reason, reason)
      assert.equal(outcome.finding?.evidence.rule, 'filter: title eq "Engineer"')
      assert.equal(outcome.finding?.evidence.policy, 'deactivate')
      assert.equal(outcome.operation?.kind, 'deactivate')
    }
    const gone = pair(rules, personOf('ada', { status: 'gone', goneAt: NOW }), accountOf('ada'))
    assert.deepEqual(gone.finding?.evidence.person, {
      userName: 'ada@acme.com',
      email: 'ada@acme.com',
      status: 'gone',
      goneAt: NOW,
    })
  })

  it('ambiguous: an entitled person named by an unlinked account gets no create', () => {
    const outcome = pair(rules, personOf('ada'), undefined, { ambiguous: ['acc-x'] })
    assert.equal(outcome.class, 'ambiguous')
    assert.deepEqual(outcome.finding?.evidence.accounts, ['acc-x'])
    assert.equal(outcome.operation, undefined)
  })

  it('orphan and ambiguous accounts: evidence with the rules tried and the candidates', () => {
    const base = accountOf('zed')
    const unlinked = (
      linkState: 'orphan' | 'ambiguous',
      candidates: UnlinkedAccount['candidates'],
    ) =>
      ({
        ...base,
        linkState,
        userName: 'zed@acme.com',
        email: 'zed@acme.com',
        firstSeenAt: NOW,
        candidates,
      }) satisfies UnlinkedAccount
    const orphan = classifyUnlinked(unlinked('orphan', []), rules)
    assert.equal(orphan.class, 'orphan')
    assert.equal(orphan.finding?.subjectKey, 'account:acc-zed')
    assert.deepEqual(orphan.finding?.evidence.rulesTried, [
      'externalId',
      'userName',
      'primaryEmail',
      'email',
      'employeeNumber',
    ])
    assert.equal(orphan.operation, undefined, 'orphans are reported by default')
    const deactivating = rulesOf(SANA, { policy: { orphans: 'deactivate' } })
    assert.equal(
      classifyUnlinked(unlinked('orphan', []), deactivating).operation?.kind,
      'deactivate',
    )
    const two = [
      { personId: 'p1', rule: 'email' as const },
      { personId: 'p2', rule: 'email' as const },
    ]
    const ambiguous = classifyUnlinked(unlinked('ambiguous', two), rules)
    assert.equal(ambiguous.class, 'ambiguous')
    assert.deepEqual(ambiguous.finding?.evidence.candidates, two)
    assert.equal(ambiguous.finding?.evidence.reason, 'matches 2 people')
    assert.equal(ambiguous.operation, undefined)
  })
})

describe('per-app policy', () => {
  const gone = personOf('ada', { status: 'gone', goneAt: NOW })
  const inactiveFor = (days: number) =>
    accountOf('ada', {
      active: false,
      inactiveSince: new Date(Date.parse(NOW) - days * DAY).toISOString(),
    })

  it('deactivate: an active account is deactivated, an inactive one is left alone', () => {
    const rules = rulesOf(FULL, { policy: { deprovision: 'deactivate' } })
    assert.equal(pair(rules, gone, accountOf('ada')).operation?.kind, 'deactivate')
    assert.equal(pair(rules, gone, inactiveFor(400)).class, 'in_sync')
  })

  it('delete: accounts are deleted, and deletes wait for approval by default', () => {
    const rules = rulesOf(FULL, { policy: { deprovision: 'delete' } })
    const active = pair(rules, gone, accountOf('ada'))
    assert.equal(active.operation?.kind, 'delete')
    assert.match(active.operation?.needsApproval ?? '', /delete operations wait for approval/)
    assert.equal(pair(rules, gone, inactiveFor(1)).operation?.kind, 'delete')
    const noApproval = rulesOf(FULL, { policy: { deprovision: 'delete', approve: [] } })
    assert.equal(pair(noApproval, gone, accountOf('ada')).operation?.needsApproval, undefined)
  })

  it('deactivate then delete after N days', () => {
    const rules = rulesOf(FULL, {
      policy: { deprovision: 'deactivate_then_delete', deleteAfterDays: 30 },
    })
    const first = pair(rules, gone, accountOf('ada'))
    assert.equal(first.operation?.kind, 'deactivate')
    assert.equal(first.finding?.evidence.deleteAfterDays, 30)
    assert.equal(pair(rules, gone, inactiveFor(29)).class, 'in_sync')
    const due = pair(rules, gone, inactiveFor(30))
    assert.equal(due.class, 'residual')
    assert.equal(due.operation?.kind, 'delete')
  })

  it('an app that cannot delete falls back to deactivation', () => {
    const rules = rulesOf(SANA, { policy: { deprovision: 'delete' } })
    assert.equal(rules.deprovision, 'deactivate')
    assert.equal(pair(rules, gone, accountOf('ada')).operation?.kind, 'deactivate')
  })

  it('an app without an API gets tasks with instructions, for its owner', () => {
    const rules = rulesOf(MANUAL, { catalogId: 'samepage', name: 'Samepage', owner: 'it@acme.com' })
    const create = pair(rules, personOf('ada'), undefined).operation
    assert.equal(create?.kind, 'task')
    assert.equal(create?.capability, 'create_tasks')
    assert.equal(create?.payload.kind, 'task')
    if (create?.payload.kind !== 'task') return
    assert.equal(create.payload.action, 'create_account')
    assert.deepEqual(create.payload.person, { email: 'ada@acme.com', displayName: 'Person ada' })
    assert.match(create.payload.instructions, /ada@acme\.com/)
    const leave = pair(rules, gone, accountOf('ada')).operation
    assert.equal(leave?.payload.kind === 'task' && leave.payload.action, 'deactivate_account')
  })

  it('an app that cannot do something says so in the finding, and plans nothing', () => {
    const rules = rulesOf(['list_accounts'])
    const outcome = pair(rules, personOf('ada'), undefined)
    assert.equal(outcome.class, 'missing')
    assert.equal(outcome.operation, undefined)
    assert.match(String(outcome.finding?.evidence.blocked), /cannot/)
  })
})

describe('diff (property): a state against itself, one operation per account', () => {
  const rules = [
    rulesOf(SANA, { id: 'a1', mappings: { title: 'title' } }),
    rulesOf(FULL, { id: 'a2', name: 'Full', policy: { deprovision: 'delete' } }),
    rulesOf(MANUAL, { id: 'a3', name: 'Samepage', catalogId: 'samepage', owner: 'it@acme.com' }),
  ]
  const world = fc.array(
    fc.record({
      status: fc.constantFrom('active', 'inactive', 'gone'),
      title: fc.constantFrom('Engineer', 'Sales'),
      apps: fc.subarray(['a1', 'a2', 'a3']),
      accounts: fc.subarray(['a1', 'a2', 'a3']),
      accountTitle: fc.constantFrom('Engineer', 'Sales'),
      accountActive: fc.boolean(),
    }),
    { maxLength: 12 },
  )

  it('never plans two operations for one account or one (person, app)', () => {
    fc.assert(
      fc.property(world, (spec) => {
        const desired: DesiredPerson[] = []
        const accounts = new Map<string, Map<string, AccountState>>()
        spec.forEach((p, i) => {
          const id = `p${String(i).padStart(3, '0')}`
          const person = personOf(id, { status: p.status as PersonState['status'] })
          desired.push({
            person: { ...person, resource: { ...person.resource, title: p.title } },
            assigned: new Set(p.apps),
          })
          accounts.set(
            id,
            new Map(
              p.accounts.map((appId) => [
                appId,
                {
                  ...accountOf(`${id}-${appId}`, {
                    title: p.accountTitle,
                    active: p.accountActive,
                    inactiveSince: p.accountActive ? null : NOW,
                  }),
                },
              ]),
            ),
          )
        })
        const actual: ActualState = { accounts, ambiguous: new Map() }
        const result = diff(desired, actual, rules, { now: NOW })
        const byAccount = result.operations.flatMap((op) => (op.accountId ? [op.accountId] : []))
        assert.equal(new Set(byAccount).size, byAccount.length)
        const byPair = result.operations.map((op) => `${op.appId}|${op.personId}`)
        assert.equal(new Set(byPair).size, byPair.length)
        const keys = result.operations.map((op) => op.idempotencyKey)
        assert.equal(new Set(keys).size, keys.length)
      }),
    )
  })

  it('the desired state as actual: no findings, no operations', () => {
    fc.assert(
      fc.property(world, (spec) => {
        const desired: DesiredPerson[] = spec.map((p, i) => {
          const person = personOf(`p${i}`, { status: p.status as PersonState['status'] })
          return {
            person: { ...person, resource: { ...person.resource, title: p.title } },
            assigned: new Set(p.apps),
          }
        })
        // What the desired state says each app should hold: entitled people have an active
        // account carrying their mapped values; nobody else has one.
        const accounts = new Map<string, Map<string, AccountState>>()
        for (const { person, assigned } of desired) {
          if (person.status !== 'active') continue
          const title = String(person.resource.title)
          accounts.set(
            person.id,
            new Map([...assigned].map((appId) => [appId, accountOf(person.id, { title })])),
          )
        }
        const result = diff(desired, { accounts, ambiguous: new Map() }, rules, { now: NOW })
        assert.deepEqual(result.findings, [])
        assert.deepEqual(result.operations, [])
      }),
    )
  })
})
