import assert from 'node:assert/strict'
import { spawnSync } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { after, before, describe, it } from 'node:test'

const BIN = path.resolve(import.meta.dirname, '../../bin/rollcall.js')

/** `rollcall reconcile`, `findings`, `plan [--app] [--person] --json`, `plan approve|reject`. */
describe('rollcall reconcile / findings / plan', () => {
  let dataDir: string
  const cli = (...args: string[]) =>
    spawnSync(process.execPath, [BIN, ...args], {
      encoding: 'utf8',
      env: {
        ...process.env,
        ROLLCALL_DATA_DIR: dataDir,
        ROLLCALL_LOG_LEVEL: 'warn',
        DATABASE_URL: '',
      },
    })
  const json = (...args: string[]) => {
    const result = cli(...args, '--json')
    assert.equal(result.status, 0, result.stderr + result.stdout)
    const lines = result.stdout.trim().split('\n')
    assert.equal(lines.length, 1, `one JSON object on stdout, got: ${result.stdout}`)
    return JSON.parse(lines[0] as string)
  }
  const write = (name: string, value: unknown) => {
    const file = path.join(dataDir, name)
    writeFileSync(file, typeof value === 'string' ? value : JSON.stringify(value))
    return file
  }
  let appId: string

  before(() => {
    dataDir = mkdtempSync(path.join(os.tmpdir(), 'rollcall-reconcile-cli-'))
    json('workspace', 'create', 'acme')
    const csv = write(
      'people.csv',
      'email,groups\nada@acme.test,Eng\nalan@acme.test,Eng\nkim@acme.test,Ops\n',
    )
    json(
      'source',
      'add',
      'csv',
      '--workspace',
      'acme',
      '--config-file',
      write('csv.json', { file: csv }),
    )
    appId = json(
      'app',
      'connect',
      '--workspace',
      'acme',
      '--config-file',
      write('app.json', {
        catalogId: 'samepage',
        name: 'Samepage',
        owner: 'it@acme.test',
        assignment: { filter: 'groups.display eq "Eng"' },
        policy: { approve: ['task'] },
      }),
    ).id
    json('sync', '--workspace', 'acme')
  })
  after(() => rmSync(dataDir, { recursive: true, force: true }))

  it('reconciles and lists the findings with their evidence', () => {
    const report = json('reconcile', '--workspace', 'acme')
    assert.equal(report.apps[0].counts.missing, 2)
    const page = json('findings', '--workspace', 'acme', '--kind', 'missing')
    assert.deepEqual(page.findings.map((f: { personEmail: string }) => f.personEmail).sort(), [
      'ada@acme.test',
      'alan@acme.test',
    ])
    assert.equal(page.findings[0].evidence.rule, 'filter: groups.display eq "Eng"')
    assert.ok(page.findings[0].since)
    const text = cli('reconcile', '--workspace', 'acme')
    assert.equal(text.status, 0, text.stderr)
    assert.match(text.stdout, /Samepage: 2 entitled, 0 accounts — 0 in sync, 2 missing/)
    const bad = cli('findings', '--workspace', 'acme', '--kind', 'bogus', '--json')
    assert.equal(bad.status, 2, 'an unknown value is a usage error')
    assert.match(bad.stderr + bad.stdout, /--kind must be one of/)
  })

  it('plan --json has the DESIGN shape; --app and --person narrow it', () => {
    const plan = json('plan', '--workspace', 'acme')
    for (const key of ['id', 'operations', 'held']) assert.ok(key in plan, key)
    const [op] = plan.operations
    for (const key of ['id', 'appId', 'kind', 'personEmail', 'accountId', 'status'])
      assert.ok(key in op, key)
    assert.deepEqual(
      plan.operations.map((o: { kind: string; status: string; task: string }) => [
        o.kind,
        o.task,
        o.status,
      ]),
      [
        ['task', 'create_account', 'held'],
        ['task', 'create_account', 'held'],
      ],
    )
    assert.deepEqual(Object.keys(plan.held[0]).sort(), ['operationId', 'reason'])
    assert.match(plan.held[0].reason, /Samepage's policy: \w+ operations wait for approval/)
    const one = json('plan', '--workspace', 'acme', '--app', appId, '--person', 'ada@acme.test')
    assert.deepEqual(
      one.operations.map((o: { personEmail: string }) => o.personEmail),
      ['ada@acme.test'],
    )
    const unknown = cli('plan', '--workspace', 'acme', '--person', 'nobody@acme.test', '--json')
    assert.equal(unknown.status, 2)
    assert.match(unknown.stderr + unknown.stdout, /No person/)
  })

  it('plan approve --op and plan reject --all decide held operations', () => {
    const plan = json('plan', '--workspace', 'acme')
    const [first] = plan.held
    const approved = json(
      'plan',
      'approve',
      plan.id,
      '--workspace',
      'acme',
      '--op',
      first.operationId,
      '--reason',
      'Ada starts Monday',
    )
    assert.equal(approved.held.length, 1)
    assert.equal(
      approved.operations.find((o: { id: string }) => o.id === first.operationId).status,
      'approved',
    )
    const rejected = json('plan', 'reject', plan.id, '--all', '--reason', 'not yet')
    assert.deepEqual(rejected.held, [])
    assert.deepEqual(rejected.operations.map((o: { status: string }) => o.status).sort(), [
      'approved',
      'rejected',
    ])
    const usage = cli('plan', 'approve', plan.id, '--workspace', 'acme', '--reason', 'x')
    assert.equal(usage.status, 2)
    assert.match(usage.stderr, /--op <id…> or --all/)
  })
})
