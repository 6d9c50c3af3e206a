import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import type { Finding, Operation } from '../../access/reconcile/index.js'
import { describeFinding } from './finding-words.js'
import { operationLine } from './operation-words.js'

const apps = new Map([['app-1', 'Stensul']])
const editors = {
  entitlementId: 'e1',
  remoteId: 'role-editors',
  displayName: 'Editors',
  kind: 'role' as const,
  privileged: false,
}
const admin = { ...editors, entitlementId: 'e2', displayName: 'Admin', privileged: true }

function op(fields: Pick<Operation, 'kind' | 'payload'> & Partial<Operation>): Operation {
  return {
    id: 'op-1',
    planId: 'plan-1',
    position: 0,
    status: 'planned',
    holdReason: null,
    decidedBy: null,
    decidedAt: null,
    appId: 'app-1',
    capability: 'manage_grants',
    findingKind: 'missing_grant',
    personId: 'p1',
    personEmail: 'alice@acme.com',
    accountId: 'a1',
    remoteId: 'r1',
    idempotencyKey: 'k',
    ...fields,
  }
}

describe('CLI plan lines: grant operations', () => {
  it('names the entitlement of a grant operation, privileged ones marked', () => {
    const add = op({ kind: 'add_grant', payload: { kind: 'add_grant', entitlement: editors } })
    assert.equal(
      operationLine(add, apps),
      'add_grant  alice@acme.com to role Editors in Stensul — automated; planned',
    )
    const remove = op({
      kind: 'remove_grant',
      status: 'held',
      payload: { kind: 'remove_grant', entitlement: admin },
    })
    assert.equal(
      operationLine(remove, apps),
      'remove_grant alice@acme.com from role Admin (privileged) in Stensul — automated; needs approval',
    )
  })

  it('lists the grants an account operation carries', () => {
    const account = { userName: 'alice@acme.com', emails: [{ value: 'alice@acme.com' }] }
    const create = op({
      kind: 'create',
      payload: { kind: 'create', account, grants: [editors] },
    })
    assert.match(operationLine(create, apps), /in Stensul, with role Editors — automated/)
    const leave = op({ kind: 'deactivate', payload: { kind: 'deactivate', grants: [admin] } })
    assert.match(operationLine(leave, apps), /, removing role Admin \(privileged\) first —/)
  })
})

describe('CLI finding lines: grant findings', () => {
  const finding = (kind: Finding['kind'], evidence: Record<string, unknown>): Finding => ({
    appId: 'app-1',
    kind,
    subjectKey: 'p1',
    personId: 'p1',
    personEmail: 'alice@acme.com',
    accountId: 'a1',
    evidence,
    since: '2026-12-01T00:00:00.000Z',
    lastSeenAt: '2026-12-01T00:00:00.000Z',
  })
  const names = { app: 'Stensul', person: 'Alice <alice@acme.com>' }
  const entitlement = { displayName: 'Admin', kind: 'role' }

  it('says what is wrong with each kind of grant finding', () => {
    assert.match(
      describeFinding(finding('missing_grant', { entitlement, rule: 'everyone' }), names),
      /granted by everyone: role Admin, the account lacks it/,
    )
    assert.match(
      describeFinding(finding('excess_grant', { entitlement }), names),
      /holds role Admin, which no rule grants and no exception keeps/,
    )
    assert.match(
      describeFinding(finding('privileged_grant', { entitlement }), names),
      /holds role Admin, privileged, outside any rule/,
    )
    assert.match(
      describeFinding(finding('residual_grant', {}), names),
      /holds a role or group on an account that should go/,
    )
  })
})
