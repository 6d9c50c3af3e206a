import assert from 'node:assert/strict'
import { spawn, spawnSync } from 'node:child_process'
import { once } from 'node:events'
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { createInterface } from 'node:readline'
import { after, before, describe, it } from 'node:test'
import { startSanaEmulator } from '../emulators/sana.js'

const BIN = path.resolve(import.meta.dirname, '../../bin/rollcall.js')
const TOKEN = 'sana_cli_secret_token_0123456789'

/** DESIGN's contracts for `catalog list|show`, `app connect` and `tasks`: one JSON object each. */
describe('rollcall catalog, app and tasks commands', () => {
  let dataDir: string
  const cli = (...args: string[]) => {
    const env = {
      ...process.env,
      ROLLCALL_DATA_DIR: dataDir,
      ROLLCALL_LOG_LEVEL: 'warn',
      DATABASE_URL: '',
    }
    const result = spawnSync(process.execPath, [BIN, ...args], { env, encoding: 'utf8' })
    return { code: result.status, stdout: result.stdout, stderr: result.stderr }
  }
  const json = (...args: string[]) => {
    const result = cli(...args, '--json')
    assert.equal(result.code, 0, result.stderr + result.stdout)
    const lines = result.stdout.trim().split('\n')
    assert.equal(lines.length, 1, `one JSON object on stdout, got: ${result.stdout}`)
    return JSON.parse(lines[0] as string)
  }
  const jsonAsync = async (...args: string[]) => {
    const env = {
      ...process.env,
      ROLLCALL_DATA_DIR: dataDir,
      ROLLCALL_LOG_LEVEL: 'warn',
      DATABASE_URL: '',
    }
    const child = spawn(process.execPath, [BIN, ...args, '--json'], {
      env,
      stdio: ['ignore', 'pipe', 'inherit'],
    })
    let stdout = ''
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString('utf8')
    })
    const [code] = (await once(child, 'exit')) as [number]
    assert.equal(code, 0, stdout)
    return JSON.parse(stdout.trim())
  }
  const file = (name: string, content: unknown) => {
    const target = path.join(dataDir, name)
    writeFileSync(target, JSON.stringify(content))
    return target
  }

  before(() => {
    dataDir = mkdtempSync(path.join(os.tmpdir(), 'rollcall-cli-apps-'))
  })
  after(() => rmSync(dataDir, { recursive: true, force: true }))

  it('lists and shows the catalog, seed apps first', () => {
    const { apps } = json('catalog', 'list')
    assert.deepEqual(
      apps.slice(0, 6).map((a: { id: string }) => a.id),
      ['sana-labs', 'samepage', 'stensul', 'okta', 'workspace-platform', 'scim-generic'],
    )
    assert.equal(json('catalog', 'show', 'stensul').deletion.semantics, 'soft')
    const missing = cli('catalog', 'show', 'nope', '--json')
    assert.equal(missing.code, 2, 'a name that matches nothing is a usage error')
    assert.equal(JSON.parse(missing.stdout).error.code, 'CATALOG_NOT_FOUND')
  })

  it('connects an app from app.json and prints {id, catalogId, name}; the token is sealed', () => {
    json('workspace', 'create', 'acme')
    const config = file('app.json', {
      catalogId: 'sana-labs',
      name: 'Sana',
      connection: {
        baseUrl: 'https://acme.sana.test/scim/v2',
        auth: { type: 'bearer', token: TOKEN },
      },
      assignment: { filter: 'active eq true' },
      mappings: { userName: 'emails[primary eq true].value' },
      owner: 'it@acme.com',
    })
    const connected = json('app', 'connect', '--workspace', 'acme', '--config-file', config)
    assert.deepEqual(Object.keys(connected).sort(), ['catalogId', 'id', 'name'])
    assert.equal(connected.catalogId, 'sana-labs')
    const { apps } = json('app', 'list', '--workspace', 'acme')
    assert.equal(apps[0].id, connected.id)
    assert.ok(!JSON.stringify(apps).includes(TOKEN))
    const files = readdirSync(dataDir).filter((name) => name.startsWith('rollcall.db'))
    for (const name of files) {
      assert.ok(!readFileSync(path.join(dataDir, name)).includes(TOKEN), `${name} holds the token`)
    }
    const invalid = cli(
      'app',
      'connect',
      '--workspace',
      'acme',
      '--config-file',
      file('bad.json', { catalogId: 'samepage', name: 'S' }),
      '--json',
    )
    assert.equal(invalid.code, 1)
    assert.equal(JSON.parse(invalid.stdout).error.code, 'APP_INVALID')
  })

  it('checks a connected app by reading its first page of accounts', async () => {
    const sana = await startSanaEmulator()
    try {
      sana.seed(['a@acme.com', 'b@acme.com'])
      const config = file('sana-live.json', {
        catalogId: 'sana-labs',
        name: 'Sana live',
        connection: sana.connection,
      })
      const { id } = json('app', 'connect', '--workspace', 'acme', '--config-file', config)
      // Not spawnSync: the emulator lives in this process and must keep answering meanwhile.
      const checked = await jsonAsync('app', 'check', id, '--workspace', 'acme')
      assert.deepEqual(checked, {
        id,
        capabilities: checked.capabilities,
        accounts: 2,
        more: false,
      })
      assert.ok(checked.capabilities.includes('deactivate_account'))
    } finally {
      await sana.close()
    }
  })

  it('lists tasks and refuses to complete an unknown one', () => {
    const samepage = json(
      'app',
      'connect',
      '--workspace',
      'acme',
      '--config-file',
      file('samepage.json', { catalogId: 'samepage', name: 'Samepage', owner: 'owner@acme.com' }),
    )
    assert.equal(samepage.catalogId, 'samepage')
    assert.deepEqual(json('tasks', 'list', '--workspace', 'acme').tasks, [])
    const missing = cli('tasks', 'complete', 'no-such-task', '--evidence', 'done', '--json')
    assert.equal(JSON.parse(missing.stdout).error.code, 'TASK_NOT_FOUND')
  })

  it('runs an emulator for demos and prints a ready connection block', async () => {
    const child = spawn(process.execPath, [BIN, 'emulator', 'sana', '--users', '3'], {
      env: { ...process.env, ROLLCALL_DATA_DIR: dataDir },
      stdio: ['ignore', 'pipe', 'inherit'],
    })
    try {
      const lines = createInterface({ input: child.stdout })
      const [line] = (await once(lines, 'line')) as [string]
      const { connection } = JSON.parse(line)
      assert.equal(connection.auth.type, 'bearer')
      const listed = await fetch(`${connection.baseUrl}/Users`, {
        headers: { authorization: `Bearer ${connection.auth.token}` },
      })
      assert.equal(((await listed.json()) as { totalResults: number }).totalResults, 3)
    } finally {
      child.kill('SIGTERM')
      await once(child, 'exit')
    }
  })
})
