import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import type { Capability } from '../../integrations/connectors/index.js'
import { type App, type GrantRule, resolveCorrelation, resolvePolicy } from '../apps/index.js'
import { type AppRules, compileAppRules } from './app-rules.js'
import type { AccountState, PersonState } from './classify.js'
import type { GrantException, HeldGrants } from './grant-chunk-store.js'
import { groupOverrides, type OverrideInput } from './overrides.js'
import type { Inclusion } from './person-access-words.js'
import { grantReason } from './person-grant-reasons.js'
import { type ActualState, diff } from './plan.js'
import type { GrantTarget, OperationDraft } from './types.js'

const NOW = '2026-06-01T00:00:00.000Z'
const PAST = '2026-05-01T00:00:00.000Z'
const EARLIER = '2026-04-01T00:00:00.000Z'
const FUTURE = '2026-07-01T00:00:00.000Z'
const CAPS: Capability[] = [
  ...['list_accounts', 'create_account', 'update_account', 'deactivate_account'],
  ...['reactivate_account', 'list_entitlements', 'manage_grants'],
] as Capability[]

const target = (id: string): GrantTarget => ({
  ...{ entitlementId: id, remoteId: `r-${id}`, displayName: id },
  ...{ kind: 'role', privileged: false },
})
const rule = (id: string, entitlementId: string): GrantRule => ({
  ...{ id, entitlementId, entitlementName: entitlementId, createdAt: PAST },
})

function rulesOf(grants: GrantRule[], assignment: App['assignment'] = { all: true }): AppRules {
  const app: App = {
    ...{ id: 'app-1', workspaceId: 'w', catalogId: 'sana-labs', name: 'Sana', owner: null },
    ...{ connection: null, assignment, mappings: {}, grants },
    ...{ correlation: resolveCorrelation({}), createdAt: NOW, updatedAt: NOW },
    policy: resolvePolicy({}),
  }
  return compileAppRules(app, CAPS, ['Viewer', 'Editor', 'Admin'].map(target))
}

const person: PersonState = {
  ...{ id: 'ada', userName: 'ada@acme.com', email: 'ada@acme.com', displayName: 'Ada' },
  ...{ status: 'active', goneAt: null, version: 1, updatedAt: NOW },
  resource: { userName: 'ada@acme.com' },
}
const account: AccountState = {
  ...{ id: 'acc-ada', remoteId: 'remote-ada', active: true, inactiveSince: null },
  ...{ attributes: { userName: 'ada@acme.com', emails: [], raw: {} }, fingerprint: 'f1' },
  linkRule: 'userName',
}

function heldOf(live: string[], exceptions: Record<string, GrantException> = {}): HeldGrants {
  return {
    ...{ appId: 'app-1', live: new Map(live.map((id) => [id, PAST])), removed: new Map() },
    exceptions: new Map(Object.entries(exceptions)),
  }
}

let seq = 0
function override(
  effect: 'grant' | 'revoke',
  entitlementId: string | null,
  extra: Partial<OverrideInput> = {},
): OverrideInput {
  seq += 1
  return {
    ...{ id: `ov${seq}`, personId: 'ada', appId: 'app-1', entitlementId, effect },
    ...{ until: effect === 'grant' ? FUTURE : null, reason: 'why not' },
    ...{ sourceType: effect === 'grant' ? 'request' : 'review', sourceId: `src${seq}` },
    createdAt: `2026-05-${String(10 + seq).padStart(2, '0')}T00:00:00.000Z`,
    ...extra,
  }
}

type Case = {
  rules?: AppRules
  assigned?: boolean
  account?: AccountState | null
  held?: HeldGrants
  overrides?: OverrideInput[]
}

function run(c: Case) {
  const acc = c.account === null ? undefined : (c.account ?? account)
  const actual: ActualState = {
    accounts: new Map(acc ? [['ada', new Map([['app-1', acc]])]] : []),
    ambiguous: new Map(),
    grants: new Map(acc && c.held ? [[acc.id, c.held]] : []),
    overrides: groupOverrides(c.overrides ?? [], NOW),
  }
  const assigned = new Set(c.assigned === false ? [] : ['app-1'])
  return diff([{ person, assigned }], actual, [c.rules ?? rulesOf([])], { now: NOW })
}

const opLines = (ops: readonly OperationDraft[]) =>
  ops
    .map((op) => {
      const p = op.payload
      const what =
        'entitlement' in p
          ? p.entitlement.displayName
          : 'grants' in p && p.grants
            ? `[${p.grants.map((g) => g.displayName).join(',')}]`
            : ''
      return `${op.kind} ${what}`.trim()
    })
    .sort()

describe('access overrides: requests and reviews outrank the rules (issue 18)', () => {
  it('an active request grant: the entitlement is desired until its until, evidence names it', () => {
    const grant = override('grant', 'Editor')
    const result = run({ held: heldOf([]), overrides: [grant] })
    assert.deepEqual(opLines(result.operations), ['add_grant Editor'])
    const [finding] = result.findings
    assert.equal(finding?.kind, 'missing_grant')
    assert.deepEqual(finding?.evidence.request, {
      ...{ id: grant.sourceId, type: 'request', override: grant.id, until: FUTURE },
    })
    assert.deepEqual(run({ held: heldOf(['Editor']), overrides: [grant] }).operations, [])
  })

  it('a new account brings the requested grant with its create', () => {
    const result = run({ account: null, overrides: [override('grant', 'Editor')] })
    assert.deepEqual(opLines(result.operations), ['create [Editor]'])
  })

  it('an expired request: its grant is excess with the request named, and never re-added', () => {
    const grant = override('grant', 'Editor', { until: PAST })
    const held = run({ held: heldOf(['Editor']), overrides: [grant] })
    assert.deepEqual(opLines(held.operations), ['remove_grant Editor'])
    const [finding] = held.findings
    assert.equal(
      finding?.evidence.reason,
      `the request ${grant.sourceId} granted it until ${PAST}: expired`,
    )
    assert.deepEqual(run({ held: heldOf([]), overrides: [grant] }).operations, [])
    assert.deepEqual(run({ account: null, overrides: [grant] }).operations, [
      ...run({ account: null }).operations,
    ])
  })

  it('an expired request that a rule still grants: the rule keeps it', () => {
    const rules = rulesOf([rule('gr1', 'Editor')])
    const grant = override('grant', 'Editor', { until: PAST })
    assert.deepEqual(run({ rules, held: heldOf(['Editor']), overrides: [grant] }).findings, [])
  })

  it('a review revoke removes a rule-granted grant, plans no add, and outranks an exception', () => {
    const rules = rulesOf([rule('gr1', 'Editor'), rule('gr2', 'Viewer')])
    const revoke = override('revoke', 'Editor', { reason: 'not needed' })
    const exception = { id: 'x1', reason: 'kept', expiresAt: FUTURE }
    const held = run({
      rules,
      held: heldOf(['Editor', 'Viewer'], { Editor: exception }),
      overrides: [revoke],
    })
    assert.deepEqual(opLines(held.operations), ['remove_grant Editor'])
    const [finding] = held.findings
    assert.equal(finding?.evidence.reason, `revoked by the review ${revoke.sourceId}: not needed`)
    assert.deepEqual(finding?.evidence.revoked, {
      ...{ id: revoke.sourceId, type: 'review', override: revoke.id },
      ...{ reason: 'not needed', at: revoke.createdAt },
    })
    const gone = run({ rules, held: heldOf(['Viewer']), overrides: [revoke] })
    assert.deepEqual(gone.operations, [], 'no missing_grant for a revoked entitlement')
    assert.deepEqual(gone.findings, [])
    const created = run({ rules, account: null, overrides: [revoke] })
    assert.deepEqual(opLines(created.operations), ['create [Viewer]'])
  })

  it('the newest active override decides: a request approved after a revoke grants again', () => {
    const revoke = override('revoke', 'Editor', { createdAt: EARLIER })
    const grant = override('grant', 'Editor', { createdAt: PAST })
    const result = run({ held: heldOf([]), overrides: [grant, revoke] })
    assert.deepEqual(opLines(result.operations), ['add_grant Editor'])
    const reversed = run({
      held: heldOf(['Editor']),
      overrides: [
        { ...grant, createdAt: EARLIER },
        { ...revoke, createdAt: PAST },
      ],
    })
    assert.deepEqual(opLines(reversed.operations), ['remove_grant Editor'])
  })

  it('an account request assigns a person the rule leaves out, with birthright grants', () => {
    const rules = rulesOf([rule('gr1', 'Viewer')], { people: [] })
    const grant = override('grant', null)
    const created = run({ rules, account: null, assigned: false, overrides: [grant] })
    assert.deepEqual(opLines(created.operations), ['create [Viewer]'])
    assert.equal(
      (created.findings[0]?.evidence.request as { id?: string } | undefined)?.id,
      grant.sourceId,
    )
    const expired = { ...grant, until: PAST }
    const residual = run({ rules, assigned: false, overrides: [expired] })
    assert.deepEqual(opLines(residual.operations), ['deactivate'])
    assert.equal(residual.findings[0]?.evidence.reason, 'request_expired')
  })

  it('an account revoke: the person is not assigned whatever the rule says, no create', () => {
    const revoke = override('revoke', null)
    const residual = run({ overrides: [revoke] })
    assert.deepEqual(opLines(residual.operations), ['deactivate'])
    const [finding] = residual.findings
    assert.equal(finding?.evidence.reason, 'revoked')
    assert.equal((finding?.evidence.revoked as { id?: string } | undefined)?.id, revoke.sourceId)
    assert.deepEqual(run({ account: null, overrides: [revoke] }).operations, [])
  })

  it('a revoke with an until that passed no longer counts', () => {
    const revoke = override('revoke', 'Editor', { until: PAST })
    const rules = rulesOf([rule('gr1', 'Editor')])
    assert.deepEqual(run({ rules, held: heldOf(['Editor']), overrides: [revoke] }).findings, [])
  })
})

describe('grantReason with access overrides', () => {
  const inclusion: Inclusion = {
    ...{ appName: 'Sana', assignmentText: 'everyone', assigned: true },
    ...{ status: 'active', offboarded: false },
  }
  const base = {
    ...{ appName: 'Sana', entitlementId: 'Editor', rules: [rule('gr1', 'Editor')] },
    ...{ selected: new Set<string>(), inclusion, exception: undefined, now: NOW },
  }
  const pair = (rows: OverrideInput[]) => groupOverrides(rows, NOW).get('ada')?.get('app-1')

  it('revoked by a review outranks the rule; a request explains what no rule grants', () => {
    const revoke = override('revoke', 'Editor', { reason: 'left the project' })
    const revoked = grantReason({ ...base, overrides: pair([revoke]) })
    assert.equal(revoked.kind, 'revoked')
    assert.match(revoked.words, /^Revoked by the review src\d+: left the project/)
    const grant = override('grant', 'Editor')
    const requested = grantReason({ ...base, rules: [], overrides: pair([grant]) })
    assert.equal(requested.kind, 'request')
    assert.equal(requested.words, `Granted by the request ${grant.sourceId}, until ${FUTURE}`)
    assert.equal(grantReason({ ...base, overrides: pair([grant]) }).kind, 'rule')
    const expired = grantReason({
      ...base,
      rules: [],
      overrides: pair([{ ...grant, until: PAST }]),
    })
    assert.equal(expired.kind, 'none')
    assert.match(expired.words, /^The request src\d+ granted it until .*: expired/)
  })
})
