import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { loadConfig } from './load.js'

describe('loadConfig', () => {
  it('applies defaults: port 8080, SQLite under ./data, public URL from the port', () => {
    const loaded = loadConfig({ env: {}, file: false, cwd: '/srv/rollcall' })
    assert.ok(loaded.ok)
    assert.equal(loaded.value.server.port, 8080)
    assert.equal(loaded.value.database.url, 'sqlite:/srv/rollcall/data/rollcall.db')
    assert.equal(loaded.value.database.dialect, 'sqlite')
    assert.equal(loaded.value.server.publicUrl, 'http://127.0.0.1:8080')
    assert.ok(Object.isFrozen(loaded.value.server))
  })

  it('reads the environment: PORT, ROLLCALL_DATA_DIR, DATABASE_URL, ROLLCALL_SECRET_KEY', () => {
    const loaded = loadConfig({
      env: {
        PORT: '9090',
        ROLLCALL_DATA_DIR: '/var/lib/rc',
        DATABASE_URL: 'postgres://u@h/db',
        ROLLCALL_SECRET_KEY: 's'.repeat(32),
        ROLLCALL_TRUST_PROXY: 'false',
      },
      file: false,
    })
    assert.ok(loaded.ok)
    assert.equal(loaded.value.server.port, 9090)
    assert.equal(loaded.value.dataDir, '/var/lib/rc')
    assert.equal(loaded.value.database.dialect, 'postgres')
    assert.equal(loaded.value.server.trustProxy, false)
  })

  it('lets flags override the environment', () => {
    const loaded = loadConfig({
      env: { PORT: '9090' },
      file: false,
      overrides: { 'server.port': '7070' },
    })
    assert.ok(loaded.ok)
    assert.equal(loaded.value.server.port, 7070)
  })

  it('lists every bad key at once, with where it came from', () => {
    const loaded = loadConfig({
      env: {
        PORT: 'eighty',
        DATABASE_URL: 'mysql://x',
        ROLLCALL_SECRET_KEY: 'short',
        ROLLCALL_LOG_LEVEL: 'loud',
        ROLLCALL_TRUST_PROXY: 'perhaps',
      },
      file: false,
    })
    assert.ok(!loaded.ok)
    const text = loaded.error.message
    for (const expected of [
      'server.port (from env PORT)',
      'database.url (from env DATABASE_URL)',
      'secretKey (from env ROLLCALL_SECRET_KEY)',
      'log.level (from env ROLLCALL_LOG_LEVEL)',
      'server.trustProxy',
    ]) {
      assert.ok(text.includes(expected), `missing ${expected} in:\n${text}`)
    }
    assert.equal(loaded.error.problems.length, 5)
  })

  it('reports unknown keys and unreadable files', () => {
    const unknown = loadConfig({ env: {}, file: false, overrides: { 'server.prot': 1 } })
    assert.ok(!unknown.ok)
    assert.match(unknown.error.message, /unknown key\(s\): server\.prot/)
    const missing = loadConfig({ env: {}, file: '/nonexistent/rollcall.config.json' })
    assert.ok(!missing.ok)
    assert.match(missing.error.message, /nonexistent/)
  })
})
