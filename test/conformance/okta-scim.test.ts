import assert from 'node:assert/strict'
import { readFileSync } from 'node:fs'
import { after, before, it } from 'node:test'
import { eachDialect } from '../helpers/dialects.js'
import { scimClient } from '../helpers/scim-client.js'
import { startServer, type TestServer } from '../helpers/server.js'
import { type RunscopeExport, replayRunscope } from './runscope-replayer.js'
import { suiteFile } from './suite-files.js'

/**
 * Okta's "SCIM 2.0 SPEC Test" (the Runscope export Okta asks OIN submitters to pass), replayed
 * unchanged against a live server whose directory uses the `okta` profile. The export lives beside
 * the repository (../shared/conformance), or vendored in test/fixtures/conformance (suite-files.ts).
 * @see https://developer.okta.com/docs/guides/scim-provisioning-integration-prepare/main/#test-your-scim-api
 */
const EXPORT_PATH = suiteFile('okta-scim-spec-test.json')

const spec = JSON.parse(readFileSync(EXPORT_PATH, 'utf8')) as RunscopeExport
const requestSteps = spec.steps.filter((s) => s.step_type === 'request' && !s.skipped)
const PLANNED = {
  requests: requestSteps.length,
  assertions: requestSteps.reduce((sum, s) => sum + (s.assertions ?? []).length, 0),
}

/**
 * The initial variables and what Okta's "Initial Script Spec" generates, with the example values
 * from Okta's guide (fixed, so a run is reproducible; every run starts from an empty directory).
 */
const OKTA_VARIABLES = {
  InvalidUserEmail: 'abcdefgh@example.com',
  UserIdThatDoesNotExist: '010101001010101011001010101011',
  randomGivenName: 'Runscope300',
  randomFamilyName: 'Hfluaklab151',
  randomEmail: 'Runscope300Hfluaklab151@example.com',
  randomUsername: 'Runscope300Hfluaklab151@example.com',
  randomUsernameCaps: 'RUNSCOPE300HFLUAKLAB151@example.com',
}

eachDialect('Okta SCIM 2.0 SPEC Test (Runscope export)', (database) => {
  let server: TestServer

  before(async () => {
    server = await startServer(database, { profile: 'okta' })
    // Okta's guide: "Create at least one user in your SCIM server before running the test suite";
    // the first steps read Resources[0].name.givenName, .familyName and .emails[0].value.
    const seeded = await scimClient(server.scimUrl, server.directory.token).post('/Users', {
      schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'],
      userName: 'test.user@okta.local',
      name: { givenName: 'Test', familyName: 'User' },
      emails: [{ primary: true, value: 'test.user@okta.local', type: 'work' }],
      active: true,
    })
    assert.equal(seeded.status, 201, seeded.text)
  })
  after(() => server?.close())

  it('passes every request step and every assertion', async (t) => {
    const report = await replayRunscope(spec, {
      variables: {
        SCIMBaseURL: server.scimUrl,
        auth: `Bearer ${server.directory.token}`,
        ...OKTA_VARIABLES,
      },
    })
    const slowest = Math.max(...report.steps.map((s) => s.responseTimeMs ?? 0))
    const summary =
      `${spec.name}: ${report.requests}/${PLANNED.requests} requests, ` +
      `${report.assertions.total}/${PLANNED.assertions} assertions (${report.assertions.failed} failed), ` +
      `${report.scripts.total} scripts (${report.scripts.failed} failed), slowest response ${slowest} ms ` +
      '(local server: the response_time assertion is real but says little about production)'
    t.diagnostic(summary)
    if (report.failures.length > 0) assert.fail(`${summary}\n${report.failures.join('\n')}`)
    assert.equal(report.requests, PLANNED.requests, summary)
    assert.equal(report.assertions.total, PLANNED.assertions, summary)
    assert.equal(report.assertions.failed, 0, summary)
    assert.equal(report.scripts.failed, 0, summary)
  })
})
