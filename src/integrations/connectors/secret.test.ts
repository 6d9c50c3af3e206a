import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { inspect } from 'node:util'
import { createSecretBox } from '../../shared/crypto/secret-box.js'
import { createLogger } from '../../shared/logger.js'
import { Secret } from './secret.js'

const VALUE = 'tok_live_do_not_print_me'

describe('Secret', () => {
  it('reveals its value only when asked', () => {
    assert.equal(Secret.of(VALUE).reveal(), VALUE)
  })

  it('prints as [redacted] through JSON, strings and inspect', () => {
    const secret = Secret.of(VALUE)
    const config = { baseUrl: 'https://x.example', auth: { token: secret } }
    assert.ok(!JSON.stringify(config).includes(VALUE))
    assert.ok(!`${secret}`.includes(VALUE))
    assert.ok(!inspect(config, { depth: 5 }).includes(VALUE))
  })

  it('stays redacted in a log line even under a key pino does not censor', () => {
    const lines: string[] = []
    const log = createLogger({ level: 'info' }, { write: (line: string) => void lines.push(line) })
    log.info({ connection: { apiKey: Secret.of(VALUE) } }, 'connection loaded')
    assert.equal(lines.length, 1)
    assert.ok(!lines[0]?.includes(VALUE), lines[0])
    assert.ok(lines[0]?.includes('[redacted]'), lines[0])
  })

  it('decrypts a sealed secret on each reveal, with its associated data', () => {
    const box = createSecretBox('test-key-material-of-enough-length')
    const sealed = box.seal(VALUE, 'connection:c1')
    const secret = Secret.sealed(box, sealed, 'connection:c1')
    assert.equal(secret.reveal(), VALUE)
    assert.throws(() => Secret.sealed(box, sealed, 'connection:other').reveal())
  })
})
