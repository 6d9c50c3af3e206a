import assert from 'node:assert/strict'
import { type ChildProcess, spawnSync } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { after, before, describe, it } from 'node:test'
import Database from 'better-sqlite3'
import { parse } from 'csv-parse/sync'
import { freePort } from '../helpers/server.js'
import { BIN, hubEnv, startServe } from './serve-process.js'

const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/
const OS_USER = os.userInfo().username

type Run = { status: number | null; stdout: string; stderr: string }

/**
 * The first screens a newcomer meets in the CLI (issues 13 §3 and 19): usage errors exit 2 and
 * say what exists; apps, people and workspaces by name; decisions with a reason and the operator
 * in the audit trail; findings in words; a refused token explained; the secret key in words.
 */
describe('rollcall first screens', () => {
  let root: string
  let dataDir: string
  let port: number
  const servers: ChildProcess[] = []
  const cli = (args: string[], env: Record<string, string> = {}): Run => {
    const result = spawnSync(process.execPath, [BIN, ...args], {
      encoding: 'utf8',
      env: { ...hubEnv(dataDir, port), ...env },
    })
    return { status: result.status, stdout: result.stdout, stderr: result.stderr }
  }
  const ok = (...args: string[]): string => {
    const run = cli(args)
    assert.equal(run.status, 0, `${args.join(' ')}\n${run.stderr}${run.stdout}`)
    return run.stdout
  }
  const json = (...args: string[]) => JSON.parse(ok(...args, '--json'))
  const usage = (args: string[], message: RegExp) => {
    const run = cli(args)
    assert.equal(run.status, 2, `${args.join(' ')} is a usage error\n${run.stderr}${run.stdout}`)
    assert.match(run.stderr, message)
  }
  const write = (name: string, text: string) => {
    const file = path.join(root, name)
    writeFileSync(file, text)
    return file
  }
  let firstRun: Run

  before(() => {
    root = mkdtempSync(path.join(os.tmpdir(), 'rollcall-first-screens-'))
    dataDir = path.join(root, 'data')
    port = 1 // replaced below; nothing listens on port 1, so the token check finds no server
    firstRun = cli(['workspace', 'create', 'acme'])
    const people = write(
      'people.csv',
      'email,display name,groups\nada@acme.test,Ada Lovelace,Eng\nalan@acme.test,Alan Turing,Eng\nkim@acme.test,Kim Ops,Ops\n',
    )
    json(
      'source',
      'add',
      'csv',
      '--config-file',
      write('csv.json', JSON.stringify({ file: people })),
    )
    const app = {
      catalogId: 'samepage',
      name: 'Samepage',
      owner: 'it@acme.test',
      assignment: { filter: 'groups.display eq "Eng"' },
      policy: { approve: ['task'] },
    }
    json('app', 'connect', '--config-file', write('app.json', JSON.stringify(app)))
    json('user', 'create', '--email', 'grace@acme.test', '--role', 'admin')
    json('sync')
    json('reconcile')
  })
  after(() => {
    for (const server of servers) server.kill('SIGKILL')
    rmSync(root, { recursive: true, force: true })
  })

  it('says on stderr, in words, that it made a secret key: once, and no JSON log line', () => {
    assert.equal(firstRun.status, 0, firstRun.stderr)
    assert.match(firstRun.stderr, /created a secret key in .*secret\.key\. It encrypts/)
    assert.doesNotMatch(firstRun.stderr, /^\{/m)
    assert.doesNotMatch(cli(['workspace', 'list']).stderr, /secret key/)
  })

  it('lists findings with app and person names first and the evidence in words', () => {
    const text = ok('findings', '--kind', 'missing')
    const lines = text.trim().split('\n')
    assert.equal(lines.length, 2, text)
    assert.match(
      text,
      /^missing +Ada Lovelace <ada@acme\.test> in Samepage: assigned \(filter: groups\.display eq "Eng"\) but has no account; since \d{4}-\d{2}-\d{2}/m,
    )
    assert.ok(!/[{}]/.test(text), 'no raw JSON on a line')
    assert.doesNotMatch(text, UUID, 'names, not ids')
    const page = json('findings', '--kind', 'missing')
    assert.equal(page.findings[0].evidence.rule, 'filter: groups.display eq "Eng"')
  })

  it('takes apps and people by name, email or id; one that matches nothing is a usage error', () => {
    const byId = json('findings').findings
    const appId = byId[0].appId
    assert.deepEqual(json('findings', '--app', 'Samepage').findings, byId)
    assert.deepEqual(json('findings', '--app', 'samepage').findings, byId)
    assert.deepEqual(json('findings', '--app', appId).findings, byId)
    const ada = json('findings', '--person', 'Ada Lovelace').findings
    assert.deepEqual(
      ada.map((f: { personEmail: string }) => f.personEmail),
      ['ada@acme.test'],
    )
    assert.deepEqual(json('findings', '--person', 'ada@acme.test').findings, ada)
    usage(['findings', '--app', 'Sana'], /No app 'Sana'\. Apps here: Samepage\./)
    usage(['findings', '--person', 'Nobody'], /No person 'Nobody'/)
    usage(['plan', '--app', 'Sana'], /No app 'Sana'/)
    usage(['tasks', 'list', '--app', 'Sana'], /No app 'Sana'/)
    usage(['graph', 'accounts', '--app', 'Sana'], /No app 'Sana'/)
    usage(['reconcile', '--app', 'Sana'], /No app 'Sana'/)
    usage(['offboard', 'nobody@acme.test'], /No person 'nobody@acme\.test'/)
  })

  it('exits 2 for every usage error: commander, missing options, unknown values', () => {
    usage(['findings', '--kind', 'gone'], /--kind must be one of missing, drifted/)
    usage(['findings', '--bogus'], /unknown option '--bogus'/)
    usage(['tasks', 'list', '--status', 'closed'], /--status must be one of open, done, verified/)
    usage(['graph', 'accounts', '--state', 'lost'], /--state must be one of/)
    usage(['findings', '--workspace', 'nope'], /No workspace 'nope'\. Workspaces here: acme\./)
    usage(['lifecycle', 'status', '01234567-89ab-7def-8123-456789abcdef'], /No plan/)
    usage(['plan', 'approve', 'some-plan', '--all'], /required option '--reason <text>'/)
    usage(['tasks', 'complete', 'some-task'], /required option '--evidence <text>'/)
  })

  it('plan approve takes a reason, says what it approved, and records the operator', () => {
    const plan = json('plan')
    const [first] = plan.held
    const text = ok(
      ...['plan', 'approve', plan.id, '--op', first.operationId],
      ...['--reason', 'Ada starts Monday', '--as', 'grace@acme.test'],
    )
    assert.match(
      text,
      new RegExp(
        `^Approved 1 operation\\(s\\) of plan ${plan.id}, by ${OS_USER} as grace@acme\\.test: “Ada starts Monday”\\.`,
      ),
    )
    assert.match(
      text,
      /task +\S+@acme\.test in Samepage — manual: a task \(create_account\); approved/,
    )
    assert.doesNotMatch(text, /Nothing was changed/)
    usage(
      ['plan', 'reject', plan.id, '--all', '--reason', 'no', '--as', 'stranger@acme.test'],
      /--as stranger@acme\.test: no such member of this workspace \(members: grace@acme\.test\)/,
    )
    usage(['plan', 'reject', plan.id, '--all', '--reason', '  '], /--reason must say why/)
    const rejected = json('plan', 'reject', plan.id, '--all', '--reason', 'not this week')
    assert.equal(rejected.decided.length, 1)
    const trail = audit(
      "select actor_type, actor_id, after from audit_log where action like 'plan.operations_%' order by id",
    )
    assert.deepEqual(
      trail.map((row) => [row.actor_type, row.actor_id, JSON.parse(row.after).reason]),
      [
        ['cli', `${OS_USER} as grace@acme.test`, 'Ada starts Monday'],
        ['cli', OS_USER, 'not this week'],
      ],
    )
  })

  it('tasks complete needs evidence and records it with the operator', () => {
    const plan = json('plan', '--app', 'Samepage')
    json('plan', 'approve', plan.id, '--all', '--reason', 'both start Monday')
    json('apply', plan.id, '--wait')
    const [task] = json('tasks', 'list', '--app', 'Samepage', '--status', 'open').tasks
    usage(['tasks', 'complete', task.id, '--evidence', ' '], /--evidence must say what was done/)
    const text = ok(
      'tasks',
      'complete',
      task.id,
      '--evidence',
      'added in Members',
      '--as',
      'grace@acme.test',
    )
    assert.match(text, new RegExp(`by ${OS_USER} as grace@acme\\.test: “added in Members”`))
    const [row] = audit(
      `select actor_type, actor_id, after from audit_log where action = 'task.completed' and target_id = '${task.id}'`,
    )
    assert.equal(row?.actor_id, `${OS_USER} as grace@acme.test`)
    assert.equal(JSON.parse(row?.after ?? '{}').evidence, 'added in Members')
  })

  it('lifecycle status finds the plan’s workspace by itself, even beside another workspace', () => {
    const report = json('offboard', 'Alan Turing', '--apply', '--wait')
    assert.equal(report.person.email, 'alan@acme.test')
    ok('workspace', 'create', 'other')
    const status = json('lifecycle', 'status', report.planId)
    assert.equal(status.planId, report.planId)
    ok('plan', 'show', report.planId)
    usage(['findings'], /--workspace <slug> is required: acme, other\./)
  })

  it('the audit CSV names actors and apps; a token this server knows gets no warning', async () => {
    port = await freePort()
    await startServer(dataDir)
    const created = cli([
      'token',
      'create',
      '--workspace',
      'acme',
      '--scopes',
      'audit:read',
      '--json',
    ])
    assert.equal(created.status, 0, created.stderr)
    assert.doesNotMatch(created.stderr, /refused|No server answers/)
    const { token } = JSON.parse(created.stdout)
    const reply = await fetch(`http://127.0.0.1:${port}/api/audit?format=csv`, {
      headers: { authorization: `Bearer ${token}` },
    })
    assert.equal(reply.status, 200)
    const rows = parse(await reply.text(), { columns: true }) as Array<Record<string, string>>
    const approved = rows.find((r) => r.action === 'plan.operations_approved')
    assert.equal(approved?.actor_name, `${OS_USER} as grace@acme.test (CLI)`)
    assert.equal(rows.find((r) => r.action === 'task.opened')?.app_name, 'Samepage')
    assert.equal(rows.find((r) => r.action === 'app.connected')?.app_name, 'Samepage')
  })

  it('a token the server on its URL refuses: says which URL and data dir, and what to do', async () => {
    const otherPort = await freePort()
    await startServer(path.join(root, 'elsewhere'), otherPort)
    const run = cli(['directory', 'create', '--workspace', 'acme'], { PORT: String(otherPort) })
    assert.equal(run.status, 0, run.stderr)
    assert.match(
      run.stderr,
      new RegExp(`The server at http://127\\.0\\.0\\.1:${otherPort} refused this token`),
    )
    assert.ok(run.stderr.includes(dataDir), run.stderr)
    assert.match(run.stderr, /rollcall demo.*stop it with Ctrl-C, then `npm start`/s)
  })

  async function startServer(dir: string, serverPort = port): Promise<void> {
    servers.push(await startServe(dir, serverPort))
  }

  function audit(sql: string): Array<{ actor_type: string; actor_id: string; after: string }> {
    const db = new Database(path.join(dataDir, 'rollcall.db'), { readonly: true })
    try {
      return db.prepare(sql).all() as Array<{ actor_type: string; actor_id: string; after: string }>
    } finally {
      db.close()
    }
  }
})
