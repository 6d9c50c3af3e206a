import assert from 'node:assert/strict'
import { readFileSync } from 'node:fs'
import path from 'node:path'
import { describe, it } from 'node:test'
import { configSchema } from '../../src/platform/config/index.js'

const DOC = readFileSync(path.resolve(import.meta.dirname, '../../docs/config.md'), 'utf8')

/** docs/config.md shows each setting's real default: on/off settings included (issue 13 §3). */
describe('docs/config.md defaults', () => {
  it('prints the default of every on/off setting, e.g. that automatic offboarding is on', () => {
    const resolved = configSchema.parse({}) as Record<string, unknown>
    const flags: Array<[string, boolean]> = []
    const walk = (value: unknown, prefix: string) => {
      for (const [key, inner] of Object.entries(value as Record<string, unknown>)) {
        const name = prefix ? `${prefix}.${key}` : key
        if (typeof inner === 'boolean') flags.push([name, inner])
        else if (typeof inner === 'object' && inner !== null) walk(inner, name)
      }
    }
    walk(resolved, '')
    assert.ok(flags.some(([name]) => name === 'lifecycle.autoOffboard'))
    for (const [name, value] of flags) {
      const row = DOC.split('\n').find((line) => line.startsWith(`| \`${name}\` |`))
      assert.ok(row, `docs/config.md lists ${name}`)
      assert.match(row, new RegExp(`\\| boolean \\| \`${value}\` \\|`), row)
    }
  })
})
