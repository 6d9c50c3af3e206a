import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import fc from 'fast-check'
import type { Capability } from '../../integrations/connectors/index.js'
import { type App, type GrantRule, resolveCorrelation, resolvePolicy } from '../apps/index.js'
import { type AppRules, compileAppRules } from './app-rules.js'
import type { AccountState, PersonState, UnlinkedAccount } from './classify.js'
import type { GrantException, HeldGrants } from './grant-chunk-store.js'
import { type ActualState, type DesiredPerson, diff, diffUnlinked } from './plan.js'
import type { GrantTarget, OperationDraft } from './types.js'

const NOW = '2026-06-01T00:00:00.000Z'
const PAST = '2026-05-01T00:00:00.000Z'
const FUTURE = '2026-07-01T00:00:00.000Z'
const CAPS: Capability[] = [
  'list_accounts',
  'create_account',
  'update_account',
  'deactivate_account',
  'reactivate_account',
  'list_entitlements',
  'manage_grants',
]

const target = (id: string, privileged = false): GrantTarget => ({
  entitlementId: id,
  remoteId: `r-${id}`,
  displayName: id,
  kind: 'role',
  privileged,
})
const ENTITLEMENTS = [target('Viewer'), target('Editor'), target('Sales'), target('Admin', true)]

const rule = (id: string, entitlementId: string, extra: Partial<GrantRule> = {}): GrantRule => ({
  id,
  entitlementId,
  entitlementName: entitlementId,
  createdAt: PAST,
  ...extra,
})

function rulesOf(
  grants: GrantRule[],
  options: {
    caps?: Capability[]
    policy?: Record<string, unknown>
    entitlements?: GrantTarget[]
  } = {},
): AppRules {
  const app: App = {
    id: 'app-1',
    workspaceId: 'w',
    catalogId: 'sana-labs',
    name: 'Sana',
    owner: null,
    connection: null,
    assignment: { all: true },
    mappings: {},
    grants,
    correlation: resolveCorrelation({}),
    createdAt: NOW,
    updatedAt: NOW,
    policy: resolvePolicy(options.policy ?? {}),
  }
  return compileAppRules(app, options.caps ?? CAPS, options.entitlements ?? ENTITLEMENTS)
}

function personOf(id: string, status: PersonState['status'] = 'active'): PersonState {
  const email = `${id}@acme.com`
  return {
    ...{ id, userName: email, email, displayName: id, status, goneAt: null, version: 1 },
    ...{ updatedAt: NOW, resource: { userName: email } },
  }
}

const accountOf = (id: string, active = true): AccountState => ({
  ...{ id: `acc-${id}`, remoteId: `remote-${id}`, active, inactiveSince: active ? null : PAST },
  ...{ attributes: { userName: `${id}@acme.com`, emails: [], raw: {} }, fingerprint: 'f1' },
  linkRule: 'userName',
})

function heldOf(
  live: string[],
  extra: { removed?: Record<string, string>; exceptions?: Record<string, GrantException> } = {},
): HeldGrants {
  return {
    appId: 'app-1',
    live: new Map(live.map((id) => [id, PAST])),
    removed: new Map(Object.entries(extra.removed ?? {})),
    exceptions: new Map(Object.entries(extra.exceptions ?? {})),
  }
}

type Case = {
  assigned?: boolean
  selected?: string[]
  account?: AccountState | null
  held?: HeldGrants
  status?: PersonState['status']
}

function run(rules: AppRules, c: Case = {}) {
  const person = personOf('ada', c.status)
  const account = c.account === null ? undefined : (c.account ?? accountOf('ada'))
  const desired: DesiredPerson[] = [
    {
      person,
      assigned: new Set(c.assigned === false ? [] : ['app-1']),
      grantRules: new Set(c.selected ?? []),
    },
  ]
  const actual: ActualState = {
    accounts: new Map(account ? [[person.id, new Map([['app-1', account]])]] : []),
    ambiguous: new Map(),
    grants: new Map(account && c.held ? [[account.id, c.held]] : []),
  }
  return diff(desired, actual, [rules], { now: NOW })
}

const grantOps = (ops: readonly OperationDraft[]) =>
  ops.filter((op) => op.kind === 'add_grant' || op.kind === 'remove_grant')
const opLines = (ops: readonly OperationDraft[]) =>
  grantOps(ops)
    .map(
      (op) => `${op.kind} ${'entitlement' in op.payload ? op.payload.entitlement.displayName : ''}`,
    )
    .sort()

describe('grants: desired against held', () => {
  it('a birthright rule: a missing grant with its rule, one add_grant through manage_grants', () => {
    const result = run(rulesOf([rule('gr1', 'Viewer')]), { held: heldOf([]) })
    const [finding] = result.findings
    assert.equal(finding?.kind, 'missing_grant')
    assert.equal(finding?.subjectKey, 'grant:acc-ada:Viewer')
    assert.equal(finding?.personId, 'ada', 'the people-range sync closes it')
    assert.deepEqual(finding?.evidence, {
      entitlement: {
        id: 'Viewer',
        remoteId: 'r-Viewer',
        name: 'Viewer',
        kind: 'role',
        privileged: false,
      },
      rule: { id: 'gr1', text: 'Viewer (everyone assigned)', selects: 'everyone assigned' },
    })
    const [op] = result.operations
    assert.equal(op?.kind, 'add_grant')
    assert.equal(op?.capability, 'manage_grants')
    assert.deepEqual(op?.payload, { kind: 'add_grant', entitlement: target('Viewer') })
    assert.equal(result.counts.get('app-1')?.missing_grant, 1)
  })

  it('held and granted: in sync, nothing planned', () => {
    const result = run(rulesOf([rule('gr1', 'Viewer')]), { held: heldOf(['Viewer']) })
    assert.deepEqual(result.findings, [])
    assert.deepEqual(result.operations, [])
  })

  it('a mover: the filter rule that selects them now adds, the one that no longer does removes', () => {
    const rules = rulesOf([
      rule('gr-sales', 'Sales', { filter: 'department eq "Sales"' }),
      rule('gr-eng', 'Editor', { filter: 'department eq "Engineering"' }),
    ])
    const result = run(rules, { selected: ['gr-eng'], held: heldOf(['Sales']) })
    assert.deepEqual(opLines(result.operations), ['add_grant Editor', 'remove_grant Sales'])
    const excess = result.findings.find((f) => f.kind === 'excess_grant')
    assert.equal(excess?.evidence.reason, 'no grant rule grants it and no exception keeps it')
  })

  it('an active exception keeps an excess grant: no finding, no operation', () => {
    const exception = { id: 'x1', reason: 'covering for Bob', expiresAt: FUTURE }
    const result = run(rulesOf([]), {
      held: heldOf(['Sales'], { exceptions: { Sales: exception } }),
    })
    assert.deepEqual(result.findings, [])
    assert.deepEqual(result.operations, [])
  })

  it('a time-bound rule past its until: the grant is excess (expired at …), never added again', () => {
    const rules = rulesOf([rule('gr1', 'Editor', { until: PAST })])
    const held = run(rules, { held: heldOf(['Editor']) })
    assert.deepEqual(opLines(held.operations), ['remove_grant Editor'])
    const [finding] = held.findings
    assert.equal(
      finding?.evidence.reason,
      `the rule gr1 granted it until ${PAST}: expired at ${PAST}`,
    )
    assert.deepEqual(finding?.evidence.expired, {
      rule: {
        id: 'gr1',
        text: `Editor (everyone assigned, until ${PAST})`,
        selects: `everyone assigned, until ${PAST}`,
      },
      at: PAST,
    })
    assert.deepEqual(run(rules, { held: heldOf([]) }).operations, [], 'not re-granted')
    const created = run(rules, { account: null }).operations[0]
    assert.equal(created?.kind, 'create')
    assert.equal('grants' in (created?.payload ?? {}), false, 'a new account does not get it')
    const later = rulesOf([rule('gr1', 'Editor', { until: FUTURE })])
    assert.deepEqual(opLines(run(later, { held: heldOf([]) }).operations), ['add_grant Editor'])
  })

  it('a privileged excess grant: privileged_grant, its removal waits for approval', () => {
    const result = run(rulesOf([]), { held: heldOf(['Admin']) })
    assert.equal(result.findings[0]?.kind, 'privileged_grant')
    assert.match(result.operations[0]?.needsApproval ?? '', /removing the privileged role Admin/)
    const plain = run(rulesOf([]), { held: heldOf(['Sales']) })
    assert.equal(plain.operations[0]?.needsApproval, undefined)
  })

  it('policy.approve may name add_grant and remove_grant', () => {
    const rules = rulesOf([rule('gr1', 'Viewer')], { policy: { approve: ['add_grant'] } })
    assert.match(run(rules, { held: heldOf([]) }).operations[0]?.needsApproval ?? '', /add_grant/)
  })

  it('a rule whose entitlement the app no longer lists is inert', () => {
    const rules = rulesOf([rule('gr1', 'Gone')])
    assert.equal(rules.grantRules[0]?.target, undefined)
    assert.deepEqual(run(rules, { held: heldOf([]) }).operations, [])
  })

  it('an app that cannot change grants: findings say blocked, no operation', () => {
    const rules = rulesOf([rule('gr1', 'Viewer')], {
      caps: CAPS.filter((c) => c !== 'manage_grants'),
    })
    const result = run(rules, { held: heldOf(['Sales']) })
    assert.deepEqual(result.operations, [])
    assert.deepEqual(
      result.findings.map((f) => [f.kind, f.evidence.blocked]),
      [
        ['missing_grant', 'the app’s connector cannot change this grant'],
        ['excess_grant', 'the app’s connector cannot change this grant'],
      ],
    )
  })
})

describe('grants: bundled with the account', () => {
  it('a new account carries its desired grants in the create (one step, one approval)', () => {
    const rules = rulesOf([rule('gr1', 'Viewer'), rule('gr2', 'Sales', { filter: 'x eq "y"' })])
    const result = run(rules, { account: null, selected: ['gr2'] })
    assert.equal(result.operations.length, 1)
    const payload = result.operations[0]?.payload
    assert.deepEqual(payload?.kind === 'create' ? payload.grants : undefined, [
      target('Sales'),
      target('Viewer'),
    ])
    assert.deepEqual(result.findings[0]?.evidence.grants, ['Sales', 'Viewer'])
  })

  it('a reactivation carries the desired grants not held; excess ones get their removal', () => {
    const rules = rulesOf([rule('gr1', 'Viewer'), rule('gr2', 'Editor')])
    const result = run(rules, {
      account: accountOf('ada', false),
      held: heldOf(['Viewer', 'Sales']),
    })
    const reactivate = result.operations.find((op) => op.kind === 'reactivate')
    assert.deepEqual(
      reactivate?.payload.kind === 'reactivate' ? reactivate.payload.grants : undefined,
      [target('Editor')],
    )
    assert.deepEqual(opLines(result.operations), ['remove_grant Sales'])
  })

  it('a residual account: one residual_grant per grant, the deactivation removes them first', () => {
    const result = run(rulesOf([rule('gr1', 'Viewer')]), {
      assigned: false,
      held: heldOf(['Viewer', 'Admin']),
    })
    assert.deepEqual(grantOps(result.operations), [], 'no separate grant operations')
    const deactivate = result.operations[0]
    assert.equal(deactivate?.kind, 'deactivate')
    assert.deepEqual(
      deactivate?.payload.kind === 'deactivate' ? deactivate.payload.grants : undefined,
      [target('Admin', true), target('Viewer')],
    )
    assert.equal(deactivate?.needsApproval, undefined, 'a leaving person is not held for it')
    assert.deepEqual(
      result.findings.map((f) => [f.kind, f.subjectKey, f.evidence.removedWith]).sort(),
      [
        ['residual', 'ada', undefined],
        ['residual_grant', 'grant:acc-ada:Admin', 'deactivate'],
        ['residual_grant', 'grant:acc-ada:Viewer', 'deactivate'],
      ],
    )
  })

  it('a deactivated account left as it is: its grants are not findings', () => {
    const result = run(rulesOf([]), {
      assigned: false,
      account: accountOf('ada', false),
      held: heldOf(['Viewer']),
    })
    assert.deepEqual(result.findings, [])
  })

  it('an orphan: residual_grant findings; the orphan policy’s deactivation lists the grants', () => {
    const orphan: UnlinkedAccount = {
      ...accountOf('zed'),
      ...{ linkState: 'orphan', userName: 'zed', email: null, firstSeenAt: PAST, candidates: [] },
    }
    const grants = new Map([[orphan.id, { ...heldOf(['Sales']) }]])
    const kept = diffUnlinked([orphan], rulesOf([]), grants)
    assert.deepEqual(kept.operations, [])
    assert.deepEqual(
      kept.findings.map((f) => [f.kind, f.subjectKey, f.personId]),
      [
        ['orphan', 'account:acc-zed', null],
        ['residual_grant', 'grant:acc-zed:Sales', null],
      ],
    )
    const policy = { orphans: 'deactivate' }
    const [op] = diffUnlinked([orphan], rulesOf([], { policy }), grants).operations
    assert.deepEqual(op?.payload, { kind: 'deactivate', grants: [target('Sales')] })
  })
})

describe('grants: idempotency keys', () => {
  it('the same intent gives the same key; a grant removed since is a new intent', () => {
    const rules = rulesOf([rule('gr1', 'Viewer')])
    const key = () => run(rules, { held: heldOf([]) }).operations[0]?.idempotencyKey
    assert.equal(key(), key())
    const again = run(rules, { held: heldOf([], { removed: { Viewer: NOW } }) })
    assert.notEqual(again.operations[0]?.idempotencyKey, key())
  })
})

/** Random apps, rules, selections and holdings for the properties. */
const scenario: fc.Arbitrary<Scenario> = fc.record({
  rules: fc.array(
    fc.record({
      entitlement: fc.constantFrom('Viewer', 'Editor', 'Sales', 'Admin', 'Gone'),
      filtered: fc.boolean(),
      until: fc.constantFrom(undefined, PAST, FUTURE),
    }),
    { maxLength: 6 },
  ),
  selected: fc.array(fc.boolean(), { minLength: 6, maxLength: 6 }),
  held: fc.subarray(['Viewer', 'Editor', 'Sales', 'Admin']),
  excepted: fc.subarray(['Viewer', 'Editor', 'Sales', 'Admin']),
  account: fc.constantFrom('active', 'inactive', 'none'),
  assigned: fc.boolean(),
})

type Scenario = {
  rules: Array<{ entitlement: string; filtered: boolean; until: string | undefined }>
  selected: boolean[]
  held: string[]
  excepted: string[]
  account: 'active' | 'inactive' | 'none'
  assigned: boolean
}

function build(s: Scenario) {
  const grantRules = s.rules.map((r, i) =>
    rule(`gr${i}`, r.entitlement, {
      ...(r.filtered ? { filter: 'department eq "X"' } : {}),
      ...(r.until ? { until: r.until } : {}),
    }),
  )
  const selected = grantRules.filter((_, i) => s.selected[i]).map((r) => r.id)
  const exceptions = Object.fromEntries(
    s.excepted.map((id) => [id, { id: `x-${id}`, reason: 'r', expiresAt: FUTURE }]),
  )
  return { rules: rulesOf(grantRules), selected, exceptions, grantRules }
}

/** What the rules grant, by the rules' own words (the oracle). */
function granted(s: Scenario, grantRules: GrantRule[], selected: string[]) {
  const ids = new Set<string>()
  for (const r of grantRules) {
    if (r.entitlementId === 'Gone') continue
    if (r.filter !== undefined && !selected.includes(r.id)) continue
    if (r.until !== undefined && Date.parse(r.until) <= Date.parse(NOW)) continue
    ids.add(r.entitlementId)
  }
  return s.assigned ? ids : new Set<string>()
}

const accountFor = (s: Scenario) =>
  s.account === 'none' ? null : accountOf('ada', s.account === 'active')

describe('grants: properties', () => {
  it('a state reconciled against itself (held = desired) gives no grant operations', () => {
    fc.assert(
      fc.property(scenario, (s) => {
        const { rules, selected, grantRules } = build(s)
        const desired = [...granted({ ...s, assigned: true }, grantRules, selected)]
        const result = run(rules, { selected, held: heldOf(desired), account: accountOf('ada') })
        assert.deepEqual(grantOps(result.operations), [])
        assert.deepEqual(
          result.findings.filter((f) => f.kind !== 'drifted'),
          [],
        )
      }),
    )
  })

  it('never two operations for one grant, and an expired rule never adds', () => {
    fc.assert(
      fc.property(scenario, (s) => {
        const { rules, selected, exceptions, grantRules } = build(s)
        const result = run(rules, {
          selected,
          assigned: s.assigned,
          account: accountFor(s),
          held: heldOf(s.held, { exceptions }),
        })
        const touched: string[] = []
        for (const op of result.operations) {
          const p = op.payload
          if (p.kind === 'add_grant' || p.kind === 'remove_grant')
            touched.push(p.entitlement.entitlementId)
          else if ('grants' in p) touched.push(...(p.grants ?? []).map((g) => g.entitlementId))
        }
        assert.equal(new Set(touched).size, touched.length, JSON.stringify(touched))
        const wanted = granted(s, grantRules, selected)
        const added = result.operations.flatMap((op) => {
          const p = op.payload
          if (p.kind === 'add_grant') return [p.entitlement.entitlementId]
          return p.kind === 'create' || p.kind === 'reactivate'
            ? (p.grants ?? []).map((g) => g.entitlementId)
            : []
        })
        for (const id of added) assert.ok(wanted.has(id), `added ${id}, which no live rule grants`)
        const keys = result.operations.map((op) => op.idempotencyKey)
        assert.equal(new Set(keys).size, keys.length)
      }),
    )
  })
})
