import assert from 'node:assert/strict'
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { after, before, describe, it } from 'node:test'
import {
  checkSupported,
  type RunscopeAssertion,
  type RunscopeExport,
  type RunscopeStep,
  readProperty,
  replayRunscope,
} from './runscope-replayer.js'

/** The replayer must fail where Runscope fails, or the Okta suite could pass vacuously. */
describe('Runscope replayer', () => {
  let server: Server
  let baseUrl: string
  const seen: { method: string; url: string; auth: string | undefined; body: string }[] = []

  before(async () => {
    server = createServer((request, response) => {
      let body = ''
      request.on('data', (chunk) => {
        body += chunk
      })
      request.on('end', () => {
        seen.push({
          method: request.method ?? '',
          url: request.url ?? '',
          auth: request.headers.authorization,
          body,
        })
        if (request.url === '/text') {
          response.writeHead(200, { 'content-type': 'text/plain' }).end('not json')
          return
        }
        response.writeHead(request.method === 'POST' ? 201 : 200, {
          'content-type': 'application/json',
        })
        response.end(
          JSON.stringify({
            schemas: ['urn:ietf:params:scim:api:messages:2.0:ListResponse'],
            totalResults: 1,
            itemsPerPage: '1',
            Resources: [{ id: 'abc', active: true, name: { givenName: 'Ann' }, emails: [] }],
          }),
        )
      })
    })
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
    baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  })
  after(() => new Promise<void>((resolve) => server.close(() => resolve())))

  const step = (overrides: Partial<RunscopeStep>): RunscopeStep => ({
    step_type: 'request',
    note: 'a step',
    method: 'GET',
    url: '{{base}}/Users',
    headers: { Authorization: ['{{auth}}'] },
    assertions: [],
    variables: [],
    scripts: [],
    ...overrides,
  })
  const replay = (steps: RunscopeStep[]) =>
    replayRunscope({ steps }, { variables: { base: baseUrl, auth: 'Bearer t0k3n' } })
  const outcomes = async (assertions: RunscopeAssertion[]) =>
    (await replay([step({ assertions })])).steps[0]?.checks.map((c) => c.passed)

  it('substitutes variables in url, headers and body, and skips pauses', async () => {
    seen.length = 0
    const report = await replay([
      { step_type: 'pause', duration: 5 },
      step({ method: 'POST', body: '{"userName":"{{auth}}"}' }),
    ])
    assert.equal(report.requests, 1)
    assert.deepEqual(seen, [
      { method: 'POST', url: '/Users', auth: 'Bearer t0k3n', body: '{"userName":"Bearer t0k3n"}' },
    ])
  })

  it('evaluates each comparison both ways', async () => {
    const json = (property: string, comparison: string, value: string | null = null) =>
      ({ source: 'response_json', property, comparison, value }) as const
    assert.deepEqual(
      await outcomes([
        { source: 'response_status', comparison: 'equal_number', value: '200' },
        { source: 'response_status', comparison: 'equal_number', value: '201' },
        json('Resources[0].active', 'equal', 'true'),
        json('Resources[0].active', 'equal', 'false'),
        json('totalResults', 'equal', '1'),
        json('Resources[0].name.givenName', 'not_empty'),
        json('Resources[0].emails', 'not_empty'),
        json('Resources[0].emails[0].value', 'not_empty'),
        json('schemas', 'has_value', 'urn:ietf:params:scim:api:messages:2.0:ListResponse'),
        json('schemas', 'has_value', 'ListResponse'),
        json('schemas', 'contains', 'ListResponse'),
        json('Resources[0].id', 'contains', 'x'),
        json('totalResults', 'is_a_number'),
        json('itemsPerPage', 'is_a_number'),
        { source: 'response_time', comparison: 'is_less_than', value: '60000' },
        { source: 'response_time', comparison: 'is_less_than', value: '0' },
      ]),
      [
        true,
        false,
        true,
        false,
        true,
        true,
        false,
        false,
        true,
        false,
        true,
        false,
        true,
        false,
        true,
        false,
      ],
    )
  })

  it('fails JSON assertions on a body that is not JSON, and reports the body', async () => {
    const report = await replay([
      step({
        url: '{{base}}/text',
        assertions: [{ source: 'response_json', property: 'id', comparison: 'not_empty' }],
      }),
    ])
    assert.equal(report.assertions.failed, 1)
    assert.match(report.failures[0] ?? '', /not JSON[\s\S]*body: not json/)
  })

  it('carries extracted variables to later steps and fails a step whose variable is missing', async () => {
    seen.length = 0
    const report = await replay([
      step({
        variables: [
          { source: 'response_json', name: 'userId', property: 'Resources[0].id' },
          { source: 'response_json', name: 'missing', property: 'Resources[1].id' },
        ],
      }),
      step({ url: '{{base}}/Users/{{userId}}' }),
      step({ url: '{{base}}/Users/{{missing}}' }),
    ])
    assert.deepEqual(
      seen.map((s) => s.url),
      ['/Users', '/Users/abc'],
    )
    assert.equal(report.failures.length, 2, report.failures.join('\n'))
    assert.match(report.failures[0] ?? '', /variable missing/)
    assert.match(report.failures[1] ?? '', /Variable 'missing' was not defined/)
  })

  it('runs post-response scripts and fails those that throw', async () => {
    const report = await replay([
      step({
        scripts: ['var data = JSON.parse(response.body); assert.ok(data.totalResults === 1)'],
      }),
      step({ scripts: ['assert.ok(JSON.parse(response.body).totalResults === 2, "two")'] }),
      step({ scripts: ['assert.isArray([])'] }),
    ])
    assert.deepEqual(report.scripts, { total: 3, failed: 2 })
  })

  it('refuses, before any request, what it does not implement', () => {
    const variables = { variables: { base: baseUrl, auth: 'x' } }
    const exportWith = (overrides: Partial<RunscopeStep>): RunscopeExport => ({
      steps: [step(overrides)],
    })
    assert.throws(
      () =>
        checkSupported(
          exportWith({ assertions: [{ source: 'response_json', comparison: 'matches_regex' }] }),
          variables,
        ),
      /unknown comparison 'matches_regex'/,
    )
    assert.throws(
      () =>
        checkSupported(
          exportWith({ assertions: [{ source: 'response_header', comparison: 'equal' }] }),
          variables,
        ),
      /unknown assertion source 'response_header'/,
    )
    assert.throws(
      () => checkSupported(exportWith({ url: '{{base}}/{{nobody}}' }), variables),
      /'\{\{nobody\}\}' is never defined/,
    )
    assert.throws(
      () => checkSupported({ steps: [{ step_type: 'condition' }] }, variables),
      /unsupported step_type/,
    )
    assert.throws(
      () => checkSupported(exportWith({ auth: { auth_type: 'basic' } }), variables),
      /'auth' block/,
    )
  })

  it('reads Runscope property paths', () => {
    const body = { Resources: [{ name: { familyName: 'F' }, emails: [{ value: 'e' }] }] }
    assert.equal(readProperty(body, 'Resources[0].name.familyName'), 'F')
    assert.equal(readProperty(body, 'Resources[0].emails[0].value'), 'e')
    assert.equal(readProperty(body, 'Resources[1].id'), undefined)
    assert.equal(readProperty(body, 'Resources[0].name.familyName.x'), undefined)
  })
})
