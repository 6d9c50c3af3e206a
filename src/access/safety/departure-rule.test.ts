import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import fc from 'fast-check'
import { burstReason, DEFAULT_DEPARTURE_THRESHOLDS as defaults } from './departure-rule.js'

const tally = (departures: number, population: number) => ({
  sourceName: 'Entra ID',
  departures,
  population,
})

describe('the mass-departure rule', () => {
  it('lets one leaver through, even from a tiny source', () => {
    assert.equal(burstReason(tally(1, 3), defaults), undefined)
  })

  it('trips on more than 10% of the source', () => {
    assert.equal(burstReason(tally(6, 60), defaults), undefined)
    const reason = burstReason(tally(7, 60), defaults)
    assert.match(reason ?? '', /Entra ID said 7 of 60 \(12%\) people left within 15 minutes/)
  })

  it('trips on more than 25 people whatever the share', () => {
    assert.equal(burstReason(tally(25, 100_000), defaults), undefined)
    assert.ok(burstReason(tally(26, 100_000), defaults))
  })

  it('counts only when the population is unknown', () => {
    assert.equal(burstReason(tally(20, 0), defaults), undefined)
    assert.ok(burstReason(tally(26, 0), defaults))
  })

  it('never trips below two departures, and trips for every count beyond both limits', () => {
    fc.assert(
      fc.property(fc.nat(10_000), fc.nat(10_000), (departures, population) => {
        const reason = burstReason(tally(departures, population), defaults)
        if (departures < 2) assert.equal(reason, undefined)
        if (departures > 25) assert.ok(reason)
      }),
    )
  })
})
