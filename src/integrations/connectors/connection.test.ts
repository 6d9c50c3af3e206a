import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { inspect } from 'node:util'
import { fixedClock } from '../../shared/clock.js'
import { createSecretBox } from '../../shared/crypto/secret-box.js'
import {
  authenticatorFor,
  baseConnectionSchema,
  describeConnection,
  openConnection,
  sealConnection,
} from './connection.js'

const box = createSecretBox('a-test-key-that-is-long-enough-for-the-box')
const TOKEN = 'sk_live_very_secret_token_123'
const bearer = {
  baseUrl: 'https://acme.sana.test/scim/v2',
  auth: { type: 'bearer' as const, token: TOKEN },
}

describe('connection config', () => {
  it('accepts the five auth blocks of DESIGN and refuses anything else', () => {
    const auths = [
      { type: 'bearer', token: 't' },
      {
        type: 'oauth2_client_credentials',
        tokenUrl: 'https://x.test/token',
        clientId: 'c',
        clientSecret: 's',
        scope: 'scim',
      },
      { type: 'api_key', header: 'X-Api-Key', value: 'v' },
      { type: 'basic', username: 'u', password: 'p' },
      { type: 'okta_api_token', orgUrl: 'https://acme.okta.com', token: 't' },
    ]
    for (const auth of auths) {
      assert.equal(
        baseConnectionSchema.safeParse({ baseUrl: 'https://x.test', auth }).success,
        true,
        auth.type,
      )
    }
    for (const auth of [
      { type: 'bearer' },
      { type: 'cookie', value: 'x' },
      { type: 'bearer', token: 't', extra: 1 },
    ]) {
      assert.equal(
        baseConnectionSchema.safeParse({ baseUrl: 'https://x.test', auth }).success,
        false,
      )
    }
  })

  it('sends credentials over https only, or plain http to this machine', () => {
    const ok = (baseUrl: string) => baseConnectionSchema.safeParse({ ...bearer, baseUrl }).success
    assert.equal(ok('https://acme.sana.test/scim'), true)
    assert.equal(ok('http://127.0.0.1:9100/scim/v2'), true)
    assert.equal(ok('http://localhost:9100/scim/v2'), true)
    assert.equal(ok('http://acme.sana.test/scim'), false)
    assert.equal(ok('ftp://acme.sana.test/scim'), false)
    assert.equal(ok('javascript:alert(1)'), false)
  })
})

describe('sealed connections', () => {
  it('stores the secret as ciphertext, bound to its app', () => {
    const sealed = sealConnection(bearer, box, 'app-1')
    assert.ok(!JSON.stringify(sealed).includes(TOKEN))
    const opened = openConnection(sealed, box, 'app-1')
    assert.equal(opened.auth.type === 'bearer' && opened.auth.token.reveal(), TOKEN)
    // The ciphertext of one app does not open as another's.
    const stolen = openConnection(sealed, box, 'app-2')
    assert.throws(() => stolen.auth.type === 'bearer' && stolen.auth.token.reveal())
  })

  it('never prints the opened secret', () => {
    const opened = openConnection(sealConnection(bearer, box, 'app-1'), box, 'app-1')
    for (const text of [
      JSON.stringify(opened),
      inspect(opened, { depth: 5 }),
      `${opened.auth.type === 'bearer' ? opened.auth.token : ''}`,
    ]) {
      assert.ok(!text.includes(TOKEN), text)
    }
  })

  it('describes a connection without its secret', () => {
    const described = describeConnection(sealConnection(bearer, box, 'app-1'))
    assert.deepEqual(described, { baseUrl: bearer.baseUrl, auth: { type: 'bearer' } })
    const basic = describeConnection({
      baseUrl: 'https://x.test',
      auth: { type: 'basic', username: 'u', password: 'p' },
    })
    assert.deepEqual(basic.auth, { type: 'basic', username: 'u' })
  })

  it('builds the authenticate hook of each auth type', async () => {
    const open = (auth: Parameters<typeof sealConnection>[0]['auth']) =>
      openConnection(sealConnection({ baseUrl: 'https://x.test', auth }, box, 'a'), box, 'a').auth
    const deps = { fetch: globalThis.fetch, clock: fixedClock() }
    const headers = async (auth: Parameters<typeof open>[0]) => {
      const result = await authenticatorFor(open(auth), deps).headers()
      assert.ok(result.ok)
      return result.value
    }
    assert.deepEqual(await headers({ type: 'bearer', token: 'tok' }), {
      authorization: 'Bearer tok',
    })
    assert.deepEqual(await headers({ type: 'api_key', header: 'X-Api-Key', value: 'k' }), {
      'x-api-key': 'k',
    })
    assert.deepEqual(
      await headers({ type: 'okta_api_token', orgUrl: 'https://o.test', token: 't' }),
      { authorization: 'SSWS t' },
    )
    assert.deepEqual(await headers({ type: 'basic', username: 'u', password: 'p' }), {
      authorization: `Basic ${Buffer.from('u:p').toString('base64')}`,
    })
  })
})
