import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { DECOY_HASH, hashPassword, verifyPassword } from './passwords.js'

describe('password hashing (scrypt)', () => {
  const cheap = { N: 2 ** 14, r: 8, p: 1 }

  it('verifies the right password only, with a fresh salt each time', async () => {
    const first = await hashPassword('correct horse battery', cheap)
    const second = await hashPassword('correct horse battery', cheap)
    assert.match(first, /^scrypt\$16384\$8\$1\$[\w-]{22}\$[\w-]{86}$/)
    assert.notEqual(first, second)
    assert.equal(await verifyPassword('correct horse battery', first), true)
    assert.equal(await verifyPassword('correct horse batterY', first), false)
    assert.equal(await verifyPassword('', first), false)
  })

  it('uses the OWASP parameters by default', async () => {
    assert.match(await hashPassword('correct horse battery'), /^scrypt\$131072\$8\$1\$/)
  })

  it('never matches the decoy, and refuses malformed or abusive hashes', async () => {
    assert.equal(await verifyPassword('anything', DECOY_HASH), false)
    for (const stored of [
      '',
      'plain',
      'scrypt$1$8$1$c2FsdA$a2V5',
      'scrypt$4194304$8$1$c2FsdA$a2V5',
      'bcrypt$x',
    ]) {
      assert.equal(await verifyPassword('anything', stored), false, stored)
    }
  })
})
