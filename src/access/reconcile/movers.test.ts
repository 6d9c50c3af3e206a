import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { grantSubjectKey } from './grant-operations.js'
import { moversOf } from './movers.js'
import type { FindingDraft, GrantTarget, OperationDraft } from './types.js'

const target = (name: string, kind: GrantTarget['kind'] = 'role'): GrantTarget => ({
  ...{ entitlementId: `ent-${name}`, remoteId: name, displayName: name, kind },
  privileged: false,
})

function op(
  appId: string,
  kind: 'add_grant' | 'remove_grant',
  entitlement: GrantTarget,
  person = 'p1',
) {
  return {
    ...{
      appId,
      kind,
      capability: 'manage_grants',
      findingKind: kind === 'add_grant' ? 'missing_grant' : 'excess_grant',
    },
    ...{
      personId: person,
      personEmail: `${person}@acme.com`,
      accountId: `acc-${appId}-${person}`,
      remoteId: 'r',
    },
    ...{
      payload: { kind, entitlement },
      idempotencyKey: `${appId}-${kind}-${entitlement.entitlementId}`,
    },
  } satisfies OperationDraft
}

function ruleFinding(o: OperationDraft, selects: string): FindingDraft {
  const entitlementId = 'entitlement' in o.payload ? o.payload.entitlement.entitlementId : ''
  return {
    ...{ appId: o.appId, kind: 'missing_grant', personId: o.personId, accountId: o.accountId },
    subjectKey: grantSubjectKey(o, entitlementId),
    evidence: { rule: { id: 'r1', text: 'x', selects } },
  }
}

const NAMES = new Map([
  ['stensul', 'Stensul'],
  ['okta', 'Okta'],
])

describe('moversOf: one explained diff per person whose grants move', () => {
  it('leaves and joins across apps, with the rule that grants each join', () => {
    const join = op('stensul', 'add_grant', target('Eng-Editor'))
    const ops = [
      op('stensul', 'remove_grant', target('Sales-Editor')),
      op('okta', 'remove_grant', target('sales', 'group')),
      join,
    ]
    const [mover, ...rest] = moversOf(
      ops,
      [ruleFinding(join, 'department eq "Engineering"')],
      NAMES,
    )
    assert.deepEqual(rest, [])
    assert.equal(
      mover?.words,
      'p1@acme.com leaves: group sales in Okta, role Sales-Editor in Stensul; joins: role Eng-Editor in Stensul (rule: department eq "Engineering")',
    )
    assert.equal(mover?.joins[0]?.rule, 'department eq "Engineering"')
  })

  it('one grant added in one app is not a move; grants in two apps are', () => {
    assert.deepEqual(moversOf([op('okta', 'add_grant', target('a'))], [], NAMES), [])
    const two = moversOf(
      [op('okta', 'add_grant', target('a')), op('stensul', 'add_grant', target('b'))],
      [],
      NAMES,
    )
    assert.equal(two[0]?.words, 'p1@acme.com joins: role a in Okta, role b in Stensul')
  })
})
