import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import fc from 'fast-check'
import {
  CORRELATION_RULES,
  type Correlation,
  type CorrelationRule,
  resolveCorrelation,
} from '../apps/index.js'
import type { AccountKeys } from './account-record.js'
import {
  type Decision,
  decide,
  emailVariants,
  type RuleLookup,
  settleConflicts,
} from './correlation.js'

/** A person as correlation sees them: the lower-cased keys the people index serves. */
type PersonKeys = {
  readonly id: string
  readonly externalId?: string
  readonly userName: string
  readonly primaryEmail?: string
  readonly emails: readonly string[]
  readonly employeeNumber?: string
}

/**
 * The lookup correlate-accounts.ts builds from its batch queries, over an in-memory directory:
 * an account's key values for the rule (emails with their domain aliases) against each person's.
 */
function directory(people: readonly PersonKeys[], correlation: Correlation): RuleLookup {
  const personValues = (rule: CorrelationRule, p: PersonKeys): string[] => {
    switch (rule) {
      case 'externalId':
        return p.externalId ? [p.externalId] : []
      case 'userName':
        return [p.userName]
      case 'primaryEmail':
        return p.primaryEmail ? [p.primaryEmail] : []
      case 'email':
        return [...p.emails]
      case 'employeeNumber':
        return p.employeeNumber ? [p.employeeNumber] : []
    }
  }
  const accountValues = (rule: CorrelationRule, keys: AccountKeys): string[] => {
    switch (rule) {
      case 'externalId':
        return keys.externalId ? [keys.externalId] : []
      case 'userName':
        return [keys.userName]
      case 'primaryEmail':
        return keys.primaryEmail ? emailVariants(keys.primaryEmail, correlation) : []
      case 'email':
        return keys.emails.flatMap((e) => emailVariants(e, correlation))
      case 'employeeNumber':
        return keys.employeeNumber ? [keys.employeeNumber] : []
    }
  }
  return (rule, keys) => {
    const wanted = new Set(accountValues(rule, keys))
    return new Set(
      people.filter((p) => personValues(rule, p).some((v) => wanted.has(v))).map((p) => p.id),
    )
  }
}

const DEFAULT = resolveCorrelation({})
const account = (keys: Partial<AccountKeys> & { userName: string }): AccountKeys => ({
  emails: [],
  ...keys,
})

const ADA: PersonKeys = {
  id: 'p-ada',
  externalId: 'hr-1',
  userName: 'ada@acme.com',
  primaryEmail: 'ada@acme.com',
  emails: ['ada@acme.com', 'ada.personal@mail.org'],
  employeeNumber: 'E1',
}
const GRACE: PersonKeys = {
  id: 'p-grace',
  externalId: 'hr-2',
  userName: 'grace@acme.com',
  primaryEmail: 'grace@acme.com',
  emails: ['grace@acme.com', 'shared@acme.com'],
  employeeNumber: 'E2',
}
const HEDY: PersonKeys = {
  id: 'p-hedy',
  userName: 'hedy@acme.com',
  primaryEmail: 'hedy@acme.com',
  emails: ['hedy@acme.com', 'shared@acme.com'],
  employeeNumber: 'E2',
}
const PEOPLE = [ADA, GRACE, HEDY]

describe('correlation: decide in rule order', () => {
  const lookup = directory(PEOPLE, DEFAULT)

  it('externalId first: it wins over a userName that names someone else', () => {
    const decision = decide(
      account({ externalId: 'hr-2', userName: 'ada@acme.com' }),
      DEFAULT.rules,
      lookup,
    )
    assert.deepEqual(decision, { kind: 'linked', personId: 'p-grace', rule: 'externalId' })
  })

  it('then userName, then the primary email, then any email, then the employee number', () => {
    const cases: Array<[AccountKeys, string, CorrelationRule]> = [
      [account({ userName: 'ada@acme.com' }), 'p-ada', 'userName'],
      [account({ userName: 'a.l', primaryEmail: 'grace@acme.com' }), 'p-grace', 'primaryEmail'],
      [account({ userName: 'al', emails: ['x@y.org', 'ada.personal@mail.org'] }), 'p-ada', 'email'],
      [account({ userName: 'legacy-1', employeeNumber: 'E1' }), 'p-ada', 'employeeNumber'],
    ]
    for (const [keys, personId, rule] of cases)
      assert.deepEqual(decide(keys, DEFAULT.rules, lookup), { kind: 'linked', personId, rule })
  })

  it('an unknown externalId does not stop the later rules', () => {
    const keys = account({ externalId: 'hr-unknown', userName: 'hedy@acme.com' })
    assert.deepEqual(decide(keys, DEFAULT.rules, lookup), {
      kind: 'linked',
      personId: 'p-hedy',
      rule: 'userName',
    })
  })

  it('nobody matching any rule is an orphan', () => {
    const keys = account({ userName: 'zed', emails: ['zed@elsewhere.org'], employeeNumber: 'E9' })
    assert.deepEqual(decide(keys, DEFAULT.rules, lookup), { kind: 'orphan' })
    assert.deepEqual(decide(account({ userName: 'ada@acme.com' }), [], lookup), {
      kind: 'orphan',
    })
  })

  it('two people fitting the first rule that finds anyone is ambiguous, never linked', () => {
    const shared = decide(
      account({ userName: 's', emails: ['shared@acme.com'] }),
      DEFAULT.rules,
      lookup,
    )
    assert.deepEqual(shared, {
      kind: 'ambiguous',
      candidates: [
        { personId: 'p-grace', rule: 'email' },
        { personId: 'p-hedy', rule: 'email' },
      ],
      reason: 'the email rule matches 2 people',
    })
    // A later rule that would single one of them out does not break the tie.
    const keys = account({ userName: 's', emails: ['shared@acme.com'], externalId: undefined })
    const withLater = decide(keys, ['email', 'employeeNumber', 'externalId'], lookup)
    assert.equal(withLater.kind, 'ambiguous')
  })

  it('a custom per-app order: employee number before userName decides differently', () => {
    // The account's userName is Ada's, its employee number Grace's.
    const keys = account({ userName: 'ada@acme.com', employeeNumber: 'E1x' })
    const custom = resolveCorrelation({ rules: ['employeeNumber', 'userName'] })
    assert.equal(decide(keys, custom.rules, lookup).kind, 'linked')
    const mixed = account({ userName: 'ada@acme.com', employeeNumber: 'E2' })
    assert.deepEqual(decide(mixed, DEFAULT.rules, lookup), {
      kind: 'linked',
      personId: 'p-ada',
      rule: 'userName',
    })
    // E2 is Grace's and Hedy's: with employeeNumber first, the account is ambiguous.
    assert.equal(decide(mixed, custom.rules, lookup).kind, 'ambiguous')
    // A rule the app leaves out is never tried.
    const onlyExternal = resolveCorrelation({ rules: ['externalId'] })
    assert.deepEqual(decide(mixed, onlyExternal.rules, lookup), { kind: 'orphan' })
  })

  it('a primary email under an alias domain finds the person of the canonical domain', () => {
    const aliased = resolveCorrelation({ domainAliases: { 'acme.io': 'acme.com' } })
    const keys = account({ userName: 'ada', primaryEmail: 'ada@acme.io', emails: ['ada@acme.io'] })
    assert.deepEqual(decide(keys, DEFAULT.rules, directory(PEOPLE, DEFAULT)), { kind: 'orphan' })
    assert.deepEqual(decide(keys, aliased.rules, directory(PEOPLE, aliased)), {
      kind: 'linked',
      personId: 'p-ada',
      rule: 'primaryEmail',
    })
  })
})

describe('correlation: emailVariants', () => {
  const aliases = resolveCorrelation({
    domainAliases: { 'acme.io': 'acme.com', 'acme.co.uk': 'acme.com' },
  })

  it('an alias address also stands for the canonical domain and its other aliases', () => {
    assert.deepEqual(emailVariants('alice@acme.io', aliases).sort(), [
      'alice@acme.co.uk',
      'alice@acme.com',
      'alice@acme.io',
    ])
    assert.deepEqual(emailVariants('alice@acme.com', aliases).sort(), [
      'alice@acme.co.uk',
      'alice@acme.com',
      'alice@acme.io',
    ])
  })

  it('other domains, no aliases, or no domain at all: the address alone', () => {
    assert.deepEqual(emailVariants('bob@other.org', aliases), ['bob@other.org'])
    assert.deepEqual(emailVariants('bob@acme.io', DEFAULT), ['bob@acme.io'])
    assert.deepEqual(emailVariants('bob', aliases), ['bob'])
    assert.deepEqual(emailVariants('@acme.io', aliases), ['@acme.io'])
  })

  it('keeps the local part (the last @ splits, as in a quoted local part)', () => {
    assert.deepEqual(emailVariants('"a@b"@acme.io', aliases).sort(), [
      '"a@b"@acme.co.uk',
      '"a@b"@acme.com',
      '"a@b"@acme.io',
    ])
  })

  it('a chain of aliases (acme.io → acme.net → acme.com) is one family of domains', () => {
    const chain = resolveCorrelation({
      domainAliases: { 'acme.io': 'acme.net', 'acme.net': 'acme.com' },
    })
    const family = ['ada@acme.com', 'ada@acme.io', 'ada@acme.net']
    for (const email of family) assert.deepEqual(emailVariants(email, chain).sort(), family)
  })
})

const domainArb = fc.constantFrom('acme.com', 'acme.io', 'acme.net', 'other.org', 'corp.dev')
const localArb = fc.constantFrom('ada', 'grace', 'hedy', 'x.y', 'a+tag')
const aliasesArb = fc.dictionary(domainArb, domainArb, { maxKeys: 4 })

describe('correlation: properties', () => {
  it('emailVariants: symmetric (addresses of one family have the same variants), and include the address', () => {
    fc.assert(
      fc.property(aliasesArb, localArb, domainArb, domainArb, (domainAliases, local, d1, d2) => {
        const correlation = resolveCorrelation({ domainAliases })
        const a = emailVariants(`${local}@${d1}`, correlation).sort()
        const b = emailVariants(`${local}@${d2}`, correlation).sort()
        assert.ok(a.includes(`${local}@${d1}`))
        assert.equal(new Set(a).size, a.length, 'no duplicates')
        if (a.includes(`${local}@${d2}`)) assert.deepEqual(b, a)
        else assert.ok(!b.includes(`${local}@${d1}`))
      }),
    )
  })

  const ids = ['p1', 'p2', 'p3', 'p4']
  const foundArb = fc.subarray(ids)
  const rulesArb = fc.shuffledSubarray([...CORRELATION_RULES], { minLength: 1 })
  /** What each rule finds, given as arrays (so the order a lookup returns them in varies). */
  const tableArb = fc.record(
    Object.fromEntries(CORRELATION_RULES.map((r) => [r, foundArb])) as Record<
      CorrelationRule,
      typeof foundArb
    >,
  )
  const keys = account({ userName: 'u' })
  const lookupOf =
    (table: Record<CorrelationRule, string[]>, permute = false): RuleLookup =>
    (rule) =>
      new Set(permute ? [...table[rule]].reverse() : table[rule])

  it('decide is deterministic and independent of the order people are found in', () => {
    fc.assert(
      fc.property(tableArb, rulesArb, (table, rules) => {
        const one = decide(keys, rules, lookupOf(table))
        assert.deepEqual(decide(keys, rules, lookupOf(table)), one)
        assert.deepEqual(decide(keys, rules, lookupOf(table, true)), one)
      }),
    )
  })

  it('the first rule that finds anyone decides; a unique match there wins whatever the later rules find', () => {
    fc.assert(
      fc.property(tableArb, rulesArb, (table, rules) => {
        const decision = decide(keys, rules, lookupOf(table))
        const first = rules.find((r) => table[r].length > 0)
        if (first === undefined) return assert.deepEqual(decision, { kind: 'orphan' })
        const found = [...table[first]].sort()
        if (found.length === 1)
          return assert.deepEqual(decision, { kind: 'linked', personId: found[0], rule: first })
        assert.equal(decision.kind, 'ambiguous', 'two people fitting is never a link')
        assert.deepEqual(
          decision.kind === 'ambiguous' ? decision.candidates : [],
          found.map((personId) => ({ personId, rule: first })),
        )
      }),
    )
  })

  it('settleConflicts: a person ends up with at most one linked account per app', () => {
    const decisionArb: fc.Arbitrary<Decision> = fc.oneof(
      fc.record({
        kind: fc.constant('linked' as const),
        personId: fc.constantFrom(...ids),
        rule: fc.constantFrom(...CORRELATION_RULES),
      }),
      fc.constant({ kind: 'orphan' as const }),
    )
    const batchArb = fc.dictionary(fc.constantFrom('a1', 'a2', 'a3', 'a4', 'a5'), decisionArb)
    const heldArb = fc.dictionary(fc.constantFrom(...ids), fc.constantFrom('a1', 'old-1', 'old-2'))
    fc.assert(
      fc.property(batchArb, heldArb, (batch, held) => {
        const settled = settleConflicts(
          new Map(Object.entries(batch)),
          new Map(Object.entries(held)),
        )
        const linked = [...settled].flatMap(([accountId, d]) =>
          d.kind === 'linked' ? [[d.personId, accountId] as const] : [],
        )
        const people = linked.map(([personId]) => personId)
        assert.equal(new Set(people).size, people.length, 'one account per person')
        for (const [personId, accountId] of linked) {
          const holder = held[personId]
          assert.ok(holder === undefined || holder === accountId, 'not taken by another account')
        }
        for (const [accountId, d] of settled) {
          const before = batch[accountId]
          if (before?.kind !== 'linked') assert.deepEqual(d, before, 'only links are settled')
        }
      }),
    )
  })

  it('settleConflicts: explains why a match was not linked', () => {
    const linked = (personId: string): Decision => ({ kind: 'linked', personId, rule: 'email' })
    const settled = settleConflicts(
      new Map([
        ['a1', linked('p1')],
        ['a2', linked('p1')],
        ['a3', linked('p2')],
        ['a4', linked('p3')],
      ]),
      new Map([
        ['p2', 'old'],
        ['p3', 'a4'],
      ]),
    )
    const reason = (id: string) => {
      const d = settled.get(id)
      return d?.kind === 'ambiguous' ? d.reason : d?.kind
    }
    assert.equal(reason('a1'), '2 accounts in this app match the same person')
    assert.equal(reason('a2'), '2 accounts in this app match the same person')
    assert.equal(reason('a3'), 'the matching person already has another account in this app')
    assert.equal(reason('a4'), 'linked', 'the account the person already holds stays theirs')
  })
})
