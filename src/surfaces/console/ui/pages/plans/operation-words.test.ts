import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import type { GrantTarget, Operation, PlanSummary } from '../../api/types.js'
import { describeCounts, grantName, operationSentence, operationWords } from './operation-words.js'

const apps = new Map([
  ['app-stensul', 'Stensul'],
  ['app-okta', 'Okta'],
])
const describeOperation = (op: Operation, names: ReadonlyMap<string, string>) =>
  operationSentence(op, names.get(op.appId) ?? op.appId)

const editors: GrantTarget = {
  entitlementId: 'e1',
  remoteId: 'role-editors',
  displayName: 'Editors',
  kind: 'role',
  privileged: false,
}
const admin: GrantTarget = {
  ...editors,
  entitlementId: 'e2',
  displayName: 'Admin',
  privileged: true,
}
const sales: GrantTarget = { ...editors, entitlementId: 'e3', displayName: 'sales', kind: 'group' }

function op(fields: Partial<Operation> & Pick<Operation, 'kind' | 'payload'>): Operation {
  return {
    id: 'op-1',
    planId: 'plan-1',
    position: 0,
    appId: 'app-stensul',
    capability: 'manage_grants',
    findingKind: 'missing_grant',
    personId: 'p1',
    personEmail: 'alice@acme.com',
    accountId: 'a1',
    remoteId: 'r1',
    status: 'planned',
    holdReason: null,
    decidedBy: null,
    decidedAt: null,
    ...fields,
  }
}

describe('plan words: grant operations', () => {
  it('says whom a grant operation adds to or removes from which entitlement', () => {
    const add = op({ kind: 'add_grant', payload: { kind: 'add_grant', entitlement: editors } })
    assert.equal(describeOperation(add, apps), 'Add alice@acme.com to role Editors in Stensul')
    const remove = op({
      kind: 'remove_grant',
      appId: 'app-okta',
      personEmail: 'bob@acme.com',
      payload: { kind: 'remove_grant', entitlement: sales },
    })
    assert.equal(describeOperation(remove, apps), 'Remove bob@acme.com from group sales in Okta')
  })

  it('marks privileged entitlements', () => {
    assert.equal(grantName(admin), 'role Admin (privileged)')
    const remove = op({
      kind: 'remove_grant',
      payload: { kind: 'remove_grant', entitlement: admin },
    })
    assert.equal(operationWords(remove).target, 'from role Admin (privileged)')
  })

  it('lists the grants a create carries, and those a deactivation removes first', () => {
    const create = op({ kind: 'create', payload: { kind: 'create', grants: [editors, sales] } })
    assert.equal(
      describeOperation(create, apps),
      'Create alice@acme.com in Stensul, with role Editors and group sales',
    )
    const leave = op({ kind: 'deactivate', payload: { kind: 'deactivate', grants: [admin] } })
    assert.equal(
      describeOperation(leave, apps),
      'Deactivate alice@acme.com in Stensul, removing role Admin (privileged) first',
    )
    const plain = op({ kind: 'deactivate', payload: { kind: 'deactivate' } })
    assert.equal(describeOperation(plain, apps), 'Deactivate alice@acme.com in Stensul')
  })

  it('counts grant operations in words', () => {
    const plan = { counts: { create: 2, add_grant: 3, remove_grant: 1, held: 1 } } as unknown
    assert.equal(describeCounts(plan as PlanSummary), '2 create, 3 add grant, 1 remove grant')
  })
})
