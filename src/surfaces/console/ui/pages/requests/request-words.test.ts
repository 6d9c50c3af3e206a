import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { durationWords } from './request-words.js'

describe('access request words', () => {
  it('says durations in words, and leaves ISO ones as written', () => {
    assert.equal(durationWords('7d'), '7 days')
    assert.equal(durationWords('1d'), '1 day')
    assert.equal(durationWords('12h'), '12 hours')
    assert.equal(durationWords('P7D'), 'P7D')
  })
})
