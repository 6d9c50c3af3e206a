import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { isAddressAllowed, parseAllowlist } from './ip-allowlist.js'

describe('IP allowlist', () => {
  it('canonicalises IPv4 and IPv6 CIDRs and bare addresses', () => {
    const { cidrs, invalid } = parseAllowlist([
      '10.1.2.3/8',
      '203.0.113.7',
      '2001:DB8:0:0::1/32',
      '::1',
      ' 10.0.0.0/8 ',
    ])
    assert.deepEqual(cidrs, ['10.0.0.0/8', '203.0.113.7/32', '2001:db8::/32', '::1/128'])
    assert.deepEqual(invalid, [])
  })

  it('rejects what is not an address or a prefix', () => {
    const { invalid } = parseAllowlist([
      '10',
      '0x0a.0.0.1',
      '10.0.0.0/33',
      '::/129',
      'a/b/c',
      'host',
    ])
    assert.deepEqual(invalid, ['10', '0x0a.0.0.1', '10.0.0.0/33', '::/129', 'a/b/c', 'host'])
  })

  it('matches addresses, including IPv4-mapped IPv6, and nothing else', () => {
    const { cidrs } = parseAllowlist(['10.0.0.0/8', '2001:db8::/32'])
    assert.equal(isAddressAllowed(cidrs, '10.200.3.4'), true)
    assert.equal(isAddressAllowed(cidrs, '::ffff:10.0.0.9'), true)
    assert.equal(isAddressAllowed(cidrs, '2001:db8:ffff::1'), true)
    assert.equal(isAddressAllowed(cidrs, '11.0.0.1'), false)
    assert.equal(isAddressAllowed(cidrs, '2001:db9::1'), false)
    assert.equal(isAddressAllowed(cidrs, undefined), false)
    assert.equal(isAddressAllowed(cidrs, 'not an ip'), false)
    assert.equal(isAddressAllowed([], '10.0.0.1'), false)
  })
})
