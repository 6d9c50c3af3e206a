import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import fc from 'fast-check'
import type { PersonState } from './classify.js'
import { slicesOf } from './engine.js'

const person = (id: string) => ({ person: { id } as PersonState, assigned: new Set<string>() })

describe('slicesOf: a chunk diffed and written in slices', () => {
  it('the slices cover exactly the chunk range, in order, without overlap', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 30 }),
        fc.integer({ min: 1, max: 8 }),
        fc.boolean(),
        (n, size, final) => {
          const ids = Array.from({ length: n }, (_, i) => `p${String(i + 10).padStart(3, '0')}`)
          const upTo = final ? null : (ids.at(-1) ?? 'p999')
          const slices = slicesOf({ desired: ids.map(person), after: 'p000', upTo }, size)
          assert.ok(slices.length >= 1, 'an empty chunk still syncs its range')
          assert.equal(slices[0]?.range.after, 'p000')
          assert.equal(slices.at(-1)?.range.upTo, upTo)
          for (let i = 1; i < slices.length; i++)
            assert.equal(slices[i]?.range.after, slices[i - 1]?.range.upTo)
          for (const slice of slices) {
            assert.ok(slice.desired.length <= size)
            for (const d of slice.desired) {
              assert.ok(d.person.id > slice.range.after)
              if (slice.range.upTo !== null) assert.ok(d.person.id <= slice.range.upTo)
            }
          }
          assert.deepEqual(
            slices.flatMap((s) => s.desired.map((d) => d.person.id)),
            ids,
          )
        },
      ),
    )
  })
})
