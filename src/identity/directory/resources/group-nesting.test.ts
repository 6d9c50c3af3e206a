import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import fc from 'fast-check'
import {
  MAX_GROUP_NESTING_DEPTH,
  type NestingEdge,
  type Reached,
  reachable,
  walkNesting,
} from './group-nesting.js'

/** Memberships as `[member, group]` pairs; ids starting with `g` are groups. */
type Pairs = readonly (readonly [string, string])[]

/** The upward walk over an in-memory membership table, counting the queries it makes. */
async function walkUp(pairs: Pairs, start: readonly string[], maxDepth?: number) {
  let queries = 0
  const graph = await walkNesting(
    start,
    async (ids) => {
      queries++
      return pairs
        .filter(([member]) => ids.includes(member))
        .map(([member, group]): NestingEdge => ({ from: member, to: group, isGroup: true }))
    },
    maxDepth,
  )
  return { graph, queries }
}

const depths = (found: readonly Reached[]) =>
  Object.fromEntries(
    [...found].sort((a, b) => (a.id < b.id ? -1 : 1)).map((r) => [r.id, r.depth] as const),
  )

describe('nested group flattening', () => {
  it('follows three levels, one query per level for every user together', async () => {
    const pairs: Pairs = [
      ['alice', 'g-team'],
      ['bob', 'g-team'],
      ['g-team', 'g-dept'],
      ['g-dept', 'g-company'],
    ]
    const { graph, queries } = await walkUp(pairs, ['alice', 'bob'])
    assert.deepEqual(depths(reachable('alice', graph)), {
      'g-company': 3,
      'g-dept': 2,
      'g-team': 1,
    })
    assert.deepEqual(depths(reachable('bob', graph)), { 'g-company': 3, 'g-dept': 2, 'g-team': 1 })
    assert.equal(queries, 4, 'three levels found, the fourth query finds nothing above')
  })

  it('ends a cycle and lists each group once', async () => {
    const pairs: Pairs = [
      ['alice', 'g-a'],
      ['g-a', 'g-b'],
      ['g-b', 'g-a'],
    ]
    const { graph, queries } = await walkUp(pairs, ['alice'])
    assert.deepEqual(depths(reachable('alice', graph)), { 'g-a': 1, 'g-b': 2 })
    assert.ok(queries <= 3)
  })

  it('stops at the depth limit', async () => {
    const chain: [string, string][] = [['alice', 'g-1']]
    for (let level = 1; level < MAX_GROUP_NESTING_DEPTH + 3; level++)
      chain.push([`g-${level}`, `g-${level + 1}`])
    const { graph, queries } = await walkUp(chain, ['alice'])
    const found = reachable('alice', graph)
    assert.equal(found.length, MAX_GROUP_NESTING_DEPTH)
    assert.equal(Math.max(...found.map((r) => r.depth)), MAX_GROUP_NESTING_DEPTH)
    assert.ok(!found.some((r) => r.id === `g-${MAX_GROUP_NESTING_DEPTH + 1}`))
    assert.equal(queries, MAX_GROUP_NESTING_DEPTH)
  })

  it('counts a group held directly and through a nested group as direct', async () => {
    const pairs: Pairs = [
      ['alice', 'g-eng'],
      ['alice', 'g-platform'],
      ['g-platform', 'g-eng'],
    ]
    const { graph } = await walkUp(pairs, ['alice'])
    assert.deepEqual(depths(reachable('alice', graph)), { 'g-eng': 1, 'g-platform': 1 })
  })

  it('finds, for any graph, every group at its shortest distance within the bound', async () => {
    const node = fc.constantFrom('u1', 'u2', 'u3', 'g1', 'g2', 'g3', 'g4', 'g5', 'g6')
    const group = fc.constantFrom('g1', 'g2', 'g3', 'g4', 'g5', 'g6')
    const pairs = fc.array(fc.tuple(node, group), { maxLength: 25 })
    await fc.assert(
      fc.asyncProperty(pairs, fc.integer({ min: 1, max: 5 }), async (edges, maxDepth) => {
        const table = edges.filter(([member, parent]) => member !== parent)
        const users = ['u1', 'u2', 'u3']
        const { graph } = await walkUp(table, users, maxDepth)
        for (const user of users)
          assert.deepEqual(
            depths(reachable(user, graph, maxDepth)),
            shortest(table, user, maxDepth),
          )
      }),
    )
  })
})

/** The reference: breadth-first over the whole table, no shared state between users. */
function shortest(pairs: Pairs, from: string, maxDepth: number): Record<string, number> {
  const distance = new Map<string, number>()
  let frontier = [from]
  for (let depth = 1; depth <= maxDepth; depth++) {
    const next = pairs
      .filter(([member, group]) => frontier.includes(member) && !distance.has(group))
      .map(([, group]) => group)
    for (const group of next) if (!distance.has(group) && group !== from) distance.set(group, depth)
    frontier = [...new Set(next)]
  }
  return Object.fromEntries([...distance].sort(([a], [b]) => (a < b ? -1 : 1)))
}
