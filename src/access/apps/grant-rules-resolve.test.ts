import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import fc from 'fast-check'
import type { GrantRule } from './grant-rules.js'
import {
  type EntitlementChoice,
  type GrantRulesContext,
  resolveEntitlementRef,
  resolveGrantRules,
} from './grant-rules-resolve.js'

const NOW = new Date('2026-12-08T10:00:00.000Z')

function entitlement(
  id: string,
  displayName: string,
  extra: Partial<EntitlementChoice> = {},
): EntitlementChoice {
  return {
    id,
    remoteId: `r-${id}`,
    displayName,
    kind: 'role',
    privileged: false,
    removedAt: null,
    ...extra,
  }
}

const ENTITLEMENTS = [
  entitlement('e1', 'Editors'),
  entitlement('e2', 'Admins', { kind: 'group', remoteId: '42' }),
  entitlement('e3', 'Old', { removedAt: '2026-12-01T00:00:00.000Z' }),
  entitlement('e4', 'Twin'),
  entitlement('e5', 'twin'),
  entitlement('e6', 'Seat', { kind: 'license' }),
  entitlement('e7', 'Editors', { removedAt: '2026-11-01T00:00:00.000Z' }),
]

function context(extra: Partial<GrantRulesContext> = {}): GrantRulesContext {
  let next = 0
  return {
    appName: 'Docs',
    entitlements: ENTITLEMENTS,
    grantChanges: (kind) => (kind === 'license' ? 'none' : 'api'),
    managesGrants: true,
    now: NOW,
    existing: [],
    newId: () => `rule-${++next}`,
    ...extra,
  }
}

describe('resolveEntitlementRef', () => {
  it('finds by our id, then the app’s id, then the exact name ignoring case (live ones)', () => {
    const found = (ref: string) => {
      const result = resolveEntitlementRef(ref, ENTITLEMENTS)
      return result.ok ? result.value.id : result.message
    }
    assert.equal(found('e1'), 'e1')
    assert.equal(found('42'), 'e2')
    assert.equal(found('r-e6'), 'e6')
    assert.equal(found('EDITORS'), 'e1', 'the live Editors, not the removed one')
    assert.equal(found('admins'), 'e2')
  })

  it('refuses unknown, removed and ambiguous names with what it found', () => {
    const message = (ref: string) => {
      const result = resolveEntitlementRef(ref, ENTITLEMENTS)
      assert.equal(result.ok, false, ref)
      return result.ok ? '' : result.message
    }
    assert.match(message('Nobody'), /no entitlement 'Nobody'/)
    assert.match(message('old'), /'Old' \(e3\) was removed/)
    assert.match(message('e7'), /'Editors' \(e7\) was removed/)
    assert.match(message('twin'), /names 2 entitlements \(e4, e5\); use an id/)
  })

  it('an id always finds its entitlement, whatever the names (property)', () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(fc.string({ minLength: 1, maxLength: 6 }), { minLength: 1, maxLength: 8 }),
        fc.array(fc.constantFrom('A', 'a', 'B'), { minLength: 8, maxLength: 8 }),
        (ids, names) => {
          const all = ids.map((id, i) => entitlement(`ent_${id}`, names[i] ?? 'A'))
          for (const e of all) {
            const result = resolveEntitlementRef(e.id, all)
            assert.ok(result.ok && result.value.id === e.id)
          }
        },
      ),
    )
  })
})

describe('resolveGrantRules', () => {
  it('stores each rule with the resolved id, the name then, and a new id', () => {
    const result = resolveGrantRules(
      [
        { entitlement: 'editors', reason: 'everyone edits' },
        { entitlement: '42', filter: 'department eq "IT"', until: '2027-01-01T00:00:00+01:00' },
      ],
      context(),
    )
    assert.ok(result.ok)
    assert.deepEqual(result.rules, [
      {
        id: 'rule-1',
        entitlementId: 'e1',
        entitlementName: 'Editors',
        reason: 'everyone edits',
        createdAt: NOW.toISOString(),
      },
      {
        id: 'rule-2',
        entitlementId: 'e2',
        entitlementName: 'Admins',
        filter: 'department eq "IT"',
        until: '2026-12-31T23:00:00.000Z',
        createdAt: NOW.toISOString(),
      },
    ])
  })

  it('keeps the id and creation time of a rule saved again unchanged (entitlement, filter, until)', () => {
    const existing: GrantRule[] = [
      {
        id: 'kept',
        entitlementId: 'e1',
        entitlementName: 'Editors',
        filter: 'title eq "x"',
        createdAt: '2026-01-01T00:00:00.000Z',
      },
    ]
    const again = resolveGrantRules(
      [{ entitlement: 'e1', filter: 'title eq "x"', reason: 'new words' }],
      context({ existing }),
    )
    assert.ok(again.ok)
    assert.equal(again.rules[0]?.id, 'kept')
    assert.equal(again.rules[0]?.createdAt, '2026-01-01T00:00:00.000Z')
    const changed = resolveGrantRules(
      [{ entitlement: 'e1', filter: 'title eq "y"' }],
      context({ existing }),
    )
    assert.ok(changed.ok)
    assert.equal(changed.rules[0]?.id, 'rule-1')
  })

  it('names every bad rule by its index', () => {
    const result = resolveGrantRules(
      [
        { entitlement: 'Nobody' },
        { entitlement: 'Seat' },
        { entitlement: 'Editors', until: NOW.toISOString() },
        { entitlement: 'Editors' },
        { entitlement: 'e1' },
      ],
      context(),
    )
    assert.equal(result.ok, false)
    const problems = result.ok ? [] : result.problems
    assert.equal(problems.length, 4, problems.join('\n'))
    assert.match(problems[0] ?? '', /^grants\[0\]\.entitlement: no entitlement 'Nobody'/)
    assert.match(problems[1] ?? '', /^grants\[1\]\.entitlement: 'Seat' is a license .*read-only/)
    assert.match(problems[2] ?? '', /^grants\[2\]\.until: .* is not in the future/)
    assert.match(problems[3] ?? '', /^grants\[4\]: grants\[3\] already grants 'Editors'/)
  })

  it('reports a removed entitlement', () => {
    const result = resolveGrantRules([{ entitlement: 'Old' }], context())
    assert.ok(
      !result.ok && /grants\[0\]\.entitlement: .*was removed/.test(result.problems[0] ?? ''),
    )
  })

  it('refuses any rule on an app whose connector cannot change grants; an empty list is fine', () => {
    const result = resolveGrantRules([{ entitlement: 'e1' }], context({ managesGrants: false }))
    assert.ok(!result.ok && /no manage_grants capability/.test(result.problems[0] ?? ''))
    assert.deepEqual(resolveGrantRules([], context({ managesGrants: false })), {
      ok: true,
      rules: [],
    })
  })

  it('allows a kind the catalog says nothing about (only a stated "none" is read-only)', () => {
    const result = resolveGrantRules(
      [{ entitlement: 'e1' }],
      context({ grantChanges: () => undefined }),
    )
    assert.ok(result.ok)
  })
})
