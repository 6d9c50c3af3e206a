import assert from 'node:assert/strict'
import { type ChildProcess, spawn } from 'node:child_process'
import { writeFileSync } from 'node:fs'
import path from 'node:path'
import { after, before, test } from 'node:test'
import { setTimeout as delay } from 'node:timers/promises'
import { seededRandom } from '../../src/dev/emulators/index.js'
import { type SanaEmulator, startSanaEmulator } from '../emulators/sana.js'
import { closeHarness, duplicatesIn, people } from '../helpers/apply.js'
import { eachDialect } from '../helpers/dialects.js'
import { type LifecycleHarness, openLifecycle, SYSTEM } from '../helpers/lifecycle.js'

const BIN = path.resolve(import.meta.dirname, '../../bin/rollcall.js')
const OPERATIONS = 2000
const KILLS = 4
const JOBS = {
  'jobs.pollMs': 20,
  'jobs.leaseMs': 3000,
  'jobs.concurrencyPerApp': 16,
  'jobs.concurrency': 32,
  'jobs.background': false,
}

type Child = { process: ChildProcess; stdout: string; exited: Promise<number | null> }

/**
 * The crash test of DESIGN and issue 8: `rollcall apply <plan> --wait` in child processes,
 * killed with SIGKILL at random points several times, then run to the end. Every account must be
 * created exactly once and none may be missing. On PostgreSQL two processes work the queue at
 * once, as two Rollcall servers would.
 */
eachDialect('apply survives kill -9', (database) => {
  let h: LifecycleHarness
  let sana: SanaEmulator
  let config: string

  before(async () => {
    h = await openLifecycle(database, JOBS)
    // No userName uniqueness: only Rollcall's lookup-before-create can prevent duplicates.
    sana = await startSanaEmulator({ uniqueUserNames: false, maxPageSize: 200 })
    config = path.join(h.dataDir, 'child.json')
    writeFileSync(
      config,
      JSON.stringify({
        dataDir: h.dataDir,
        secretKey: 'test-secret-key-that-is-long-enough-0123456789',
        database: { url: childUrl(h.store.url, h.store.schema) },
        jobs: { pollMs: 20, leaseMs: 3000, concurrencyPerApp: 16, concurrency: 32 },
        log: { level: 'error' },
      }),
    )
  })
  after(async () => {
    await closeHarness(h)
    await sana.close()
  })

  test(`${OPERATIONS} creates, ${KILLS} kills: each account exactly once, none missing`, async () => {
    const started = Date.now()
    const everyone = people(OPERATIONS, 'crash')
    await h.setPeople(everyone)
    const appId = await h.connectSana(sana)
    await h.refresh()
    const plan = await h.services.reconcile.createPlan(
      h.workspace.id,
      { appId },
      { trigger: 'cli', actor: SYSTEM },
    )
    assert.equal(plan.counts.create, OPERATIONS)
    const random = seededRandom(database.dialect === 'sqlite' ? 11 : 12)
    const workers = database.dialect === 'postgres' ? 2 : 1
    const killedAt: number[] = []
    for (let kill = 0; kill < KILLS; kill++) {
      const children = Array.from({ length: workers }, () => applyChild(config, plan.id))
      const before = sana.state.creations.length
      // Kill once this round has done some work: somewhere in the next 0.2–1.2 s.
      while (sana.state.creations.length === before) await delay(20)
      await delay(200 + Math.floor(random() * 1000))
      for (const child of children) child.process.kill('SIGKILL')
      await Promise.all(children.map((c) => c.exited))
      killedAt.push(sana.state.creations.length)
    }
    assert.ok((killedAt.at(-1) ?? 0) < OPERATIONS, 'the kills happened before the end')
    const finals = Array.from({ length: workers }, () => applyChild(config, plan.id))
    const codes = await Promise.all(finals.map((c) => c.exited))
    assert.deepEqual(
      codes,
      finals.map(() => 0),
      finals.map((c) => c.stdout).join('\n'),
    )
    const result = JSON.parse(finals[0]?.stdout.trim().split('\n').at(-1) ?? '{}')
    assert.equal(result.status, 'applied', finals[0]?.stdout)
    assert.equal(result.applied, OPERATIONS)
    assert.equal(result.failed, 0)
    const { total, duplicates } = duplicatesIn(sana)
    const created = new Set(sana.state.creations)
    const missing = everyone.filter((p) => !created.has(p.email.toLowerCase()))
    process.stderr.write(
      `crash test [${database.dialect}]: ${OPERATIONS} ops, ${KILLS} kills at ${killedAt.join('/')} creations, ${workers} process(es); ` +
        `created ${total}, duplicates ${duplicates.length}, missing ${missing.length}, ${Date.now() - started} ms\n`,
    )
    assert.deepEqual(duplicates, [])
    assert.deepEqual(
      missing.map((p) => p.email),
      [],
    )
    assert.equal(total, OPERATIONS)
  })
})

function applyChild(config: string, planId: string): Child {
  const child = spawn(
    process.execPath,
    [BIN, 'apply', planId, '--wait', '--json', '--config', config],
    { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, DATABASE_URL: '' } },
  )
  const state: Child = {
    process: child,
    stdout: '',
    exited: new Promise((resolve) => child.on('exit', (code) => resolve(code))),
  }
  child.stdout?.on('data', (chunk: Buffer) => {
    state.stdout += chunk.toString()
  })
  child.stderr?.on('data', (chunk: Buffer) => {
    state.stdout += chunk.toString()
  })
  return state
}

/** The same database from another process: on PostgreSQL, the test's schema as search_path. */
function childUrl(url: string, schema: string | undefined): string {
  if (!schema) return url
  const separator = url.includes('?') ? '&' : '?'
  return `${url}${separator}options=${encodeURIComponent(`-c search_path=${schema}`)}`
}
