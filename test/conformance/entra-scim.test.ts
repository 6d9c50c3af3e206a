import assert from 'node:assert/strict'
import { readFileSync } from 'node:fs'
import { after, before, it } from 'node:test'
import type { NewmanVariable } from 'newman'
import { eachDialect } from '../helpers/dialects.js'
import { startServer, type TestServer } from '../helpers/server.js'
import { planFolder, runPostmanFolder } from './postman-runner.js'
import { suiteFile } from './suite-files.js'

/**
 * Microsoft's SCIM test collection for Entra ID provisioning (AzureAD/SCIMReferenceCode), run
 * unchanged with newman against a live server whose directory uses the `entra` profile. The
 * collection lives beside the repository (../shared/conformance), or vendored in test/fixtures/conformance (suite-files.ts).
 */
const COLLECTION_PATH = suiteFile('entra-scim-tests.postman_collection.json')

/** In this order, each from the state the previous one left ("Get Token" targets Microsoft's sample). */
const FOLDERS = [
  'Endpoint tests',
  'User tests',
  'Group tests',
  'ComplexAttribute tests',
  'User tests with garbage',
  'Group tests with garbage',
  'Teardown garbage',
] as const

const collection: unknown = JSON.parse(readFileSync(COLLECTION_PATH, 'utf8'))

eachDialect('Entra ID SCIM test collection (newman)', (database) => {
  let server: TestServer
  // The folders share one environment: ids stored by one folder's scripts are used by later ones.
  let environment: NewmanVariable[] = []

  before(async () => {
    server = await startServer(database, { profile: 'entra' })
    const port = new URL(server.url).port
    environment = [
      { key: 'Protocol', value: 'http' },
      { key: 'Server', value: '127.0.0.1' },
      { key: 'Port', value: `:${port}` },
      { key: 'Api', value: 'scim/v2' },
      // Every request authenticates with `auth: bearer {{token}}`.
      { key: 'token', value: server.directory.token },
    ]
  })
  after(() => server?.close())

  for (const folder of FOLDERS) {
    it(`passes "${folder}": every request and every assertion`, async (t) => {
      const plan = planFolder(collection, folder)
      const run = await runPostmanFolder(collection, folder, environment)
      environment = run.environment
      const summary =
        `${folder}: ${run.requests.total}/${plan.requests} requests (${run.requests.failed} failed), ` +
        `${run.assertions.total}/${plan.assertions} assertions (${run.assertions.failed} failed), ` +
        `${run.scriptErrors} script errors`
      t.diagnostic(summary)
      if (run.problems.length > 0) assert.fail(`${summary}\n${run.problems.join('\n')}`)
      assert.equal(run.requests.failed, 0, summary)
      assert.equal(run.assertions.failed, 0, summary)
      assert.equal(run.scriptErrors, 0, summary)
      // A script that throws skips its later pm.test calls: every planned request and assertion ran.
      assert.equal(run.requests.total, plan.requests, summary)
      assert.equal(run.assertions.total, plan.assertions, summary)
    })
  }
})
