import assert from 'node:assert/strict'
import { existsSync, readFileSync } from 'node:fs'
import path from 'node:path'
import { describe, it } from 'node:test'
import { SHARED_DIRECTORIES, VENDORED_DIRECTORY } from './suite-files.js'

const FILES = [
  'entra-scim-tests.postman_collection.json',
  'entra-scim-tests.LICENSE',
  'okta-scim-spec-test.json',
]

describe('vendored conformance suites', () => {
  it('are byte-for-byte copies of the shared originals', () => {
    const shared = SHARED_DIRECTORIES.find((dir) => existsSync(path.join(dir, FILES[0] as string)))
    for (const name of FILES) {
      const copy = readFileSync(path.join(VENDORED_DIRECTORY, name))
      assert.ok(copy.length > 0, `${name} is vendored`)
      if (shared)
        assert.ok(
          copy.equals(readFileSync(path.join(shared, name))),
          `${name} differs from ${shared}`,
        )
    }
  })
})
