import assert from 'node:assert/strict'
import path from 'node:path'
import { after, before, it } from 'node:test'
import { eachDialect, type TestStore } from '../../test/helpers/dialects.js'
import { type SeededGraph, seedGraph } from './graph-fixture.js'
import { runChild } from './reconcile-benchmarks.js'
import {
  accountOf,
  ENTITLEMENT_NAMES,
  expectedClasses,
  expectedGrantClasses,
  hasOrphan,
  holdsGrant,
} from './synthetic.js'

// A smoke test of the reconciliation benchmark at a tiny scale: the seeders, the measured child
// in its three modes, and what reconciliation finds in the synthetic graph. Figures (time, RSS)
// are only checked to be there: no timing is ever asserted in a test.

const PEOPLE = 400
const APPS = 10

eachDialect('reconciliation benchmark (smoke)', (database) => {
  let store: TestStore
  let graph: SeededGraph

  before(async () => {
    store = await database.open()
    const url = store.url
    const fixture = await seedGraph({
      url,
      ...(store.schema ? { schema: store.schema } : {}),
      dataDir: path.dirname(url.replace(/^sqlite:/, '')),
      people: PEOPLE,
      apps: APPS,
    })
    graph = {
      ...fixture,
      dialect: database.dialect,
      url,
      ...(store.schema ? { schema: store.schema } : {}),
      seededNow: true,
    }
  })

  after(() => store.close())

  /** Every class reconciliation must count: the accounts' and the grants'. */
  const expected = () => ({
    ...expectedClasses(PEOPLE, APPS),
    ambiguous: 0,
    ...expectedGrantClasses(PEOPLE, APPS),
  })

  /** Grants of the active linked accounts, by synthetic.ts's formula (~5 per account). */
  function heldGrants(): number {
    let grants = 0
    for (let g = 1; g <= PEOPLE; g++) {
      for (let a = 0; a < APPS; a++) {
        const shape = accountOf(g, a)
        if (shape.kind !== 'account' || !shape.active) continue
        for (let k = 0; k < ENTITLEMENT_NAMES.length; k++) if (holdsGrant(g, a, k)) grants += 1
      }
    }
    return grants
  }

  it('seeds the synthetic graph: every person, and the accounts synthetic.ts describes', () => {
    assert.equal(graph.people, PEOPLE)
    assert.equal(graph.appIds.length, APPS)
    let accounts = 0
    for (let g = 1; g <= PEOPLE; g++) {
      for (let a = 0; a < APPS; a++) {
        if (accountOf(g, a).kind === 'account') accounts += 1
        if (hasOrphan(g, a)) accounts += 1
      }
    }
    assert.equal(graph.accounts, accounts)
    // The graph gives reconciliation every kind of work, not just pairs in sync.
    const expected = expectedClasses(PEOPLE, APPS)
    for (const kind of ['missing', 'drifted', 'residual', 'orphan'] as const)
      assert.ok(expected[kind] > 0, kind)
  })

  it('floor: reads every person, account and grant once', async () => {
    const result = await runChild(graph, 'floor')
    assert.equal(result.rows, PEOPLE + graph.accounts + heldGrants())
    assert.ok(result.ms > 0 && result.maxRssMb > 0)
  })

  it('plan: classifies every pair as synthetic.ts says, and plans a held dry run', async () => {
    const result = await runChild(graph, 'plan')
    assert.deepEqual({ ...result.classes }, expected())
    assert.ok(result.plan)
    // Residual deactivations are ~27% of an app's accounts: far over the safety threshold.
    assert.equal(result.plan.status, 'held')
    assert.equal(result.plan.counts.deactivate, expectedClasses(PEOPLE, APPS).residual)
  })

  it('findings: the same classes without a plan', async () => {
    const result = await runChild(graph, 'findings')
    assert.deepEqual({ ...result.classes }, expected())
    assert.equal(result.plan, undefined)
  })
})
