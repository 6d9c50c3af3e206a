import assert from 'node:assert/strict'
import { after, before, it } from 'node:test'
import { ApiError } from '../../src/shared/api-error.js'
import { startSanaEmulator } from '../emulators/sana.js'
import { eachDialect } from '../helpers/dialects.js'
import { entitlementLines, grantChangeLines, grantLines } from '../helpers/grants.js'
import { type LifecycleHarness, openLifecycle, SYSTEM } from '../helpers/lifecycle.js'

const opts = { trigger: 'cli', actor: SYSTEM } as const

const rejected = (code: string, pattern: RegExp) => (error: unknown) =>
  error instanceof ApiError &&
  error.code === code &&
  error.status === 422 &&
  pattern.test(error.message)

/**
 * Issue 15, step 1: an app without an API (Samepage) gets its grants from the `roles` column of
 * its uploaded user export, of the kind its catalog entry gives (role); a refresh from an import
 * behaves as a listing. Bad input is refused in the management error format and changes nothing.
 */
eachDialect('graph: grants from a CSV import of an app without an API', (database) => {
  let h: LifecycleHarness
  let appId: string
  const closers: Array<() => Promise<void>> = []
  const refresh = (extra: { acceptGone?: boolean } = {}) =>
    h.services.graph.refreshApp(h.workspace.id, appId, { ...opts, ...extra })
  const upload = (text: string, columns?: Record<string, string>, app = appId) =>
    h.services.accountImports.importCsv(
      h.workspace.id,
      app,
      { text, fileName: 'members.csv', ...(columns ? { columns } : {}) },
      SYSTEM,
    )

  before(async () => {
    h = await openLifecycle(database)
    await h.setPeople([{ email: 'ada@acme.com' }, { email: 'bob@acme.com' }])
    appId = (
      await h.services.apps.connect(
        h.workspace.id,
        { catalogId: 'samepage', name: 'Samepage', owner: 'it@acme.com' },
        SYSTEM,
      )
    ).id
  })
  after(async () => {
    for (const close of closers) await close()
    await h.close()
  })

  it('the roles column gives grants; a refresh from a new import adds and removes like a listing', async () => {
    const summary = await upload(
      'Email,Name,Status,Roles\nada@acme.com,Ada,active,Editors; Admin\nbob@acme.com,Bob,active,editors\nzed@elsewhere.org,Zed,active,\n',
    )
    assert.equal(summary.grants, 3)
    const first = await refresh()
    assert.equal(first.status, 'succeeded', JSON.stringify(first))
    assert.deepEqual(await entitlementLines(h.store, appId), [
      'Admin role privileged',
      'Editors role',
    ])
    assert.deepEqual(await grantLines(h.store, appId), [
      'Admin ada@acme.com',
      'Editors ada@acme.com',
      'Editors bob@acme.com',
    ])
    assert.equal(first.counts.entitlements?.grantsAdded, 3)

    await upload(
      'Email,Name,Status,Roles\nada@acme.com,Ada,active,Editors\nbob@acme.com,Bob,active,Editors;Viewers\nzed@elsewhere.org,Zed,active,\n',
    )
    const second = await refresh()
    assert.equal(second.status, 'succeeded', JSON.stringify(second))
    assert.deepEqual(await grantChangeLines(h.store, second.snapshotId), [
      'added Viewers bob@acme.com',
      'removed Admin ada@acme.com',
    ])
    assert.deepEqual(await entitlementLines(h.store, appId), [
      'Admin role privileged removed',
      'Editors role',
      'Viewers role',
    ])
    const third = await refresh()
    assert.deepEqual(await grantChangeLines(h.store, third.snapshotId), [])
  })

  it('bad input is refused (422) and changes nothing', async () => {
    const before = await grantLines(h.store, appId)
    await assert.rejects(
      upload('Email,Roles\nada@acme.com,Editors;;Admin\n'),
      rejected('ACCOUNT_IMPORT_INVALID', /empty name/),
    )
    await assert.rejects(
      upload('Email,Roles\nada@acme.com, ;Admin\n'),
      rejected('ACCOUNT_IMPORT_INVALID', /empty name/),
    )
    await assert.rejects(
      upload('Email,Access\nada@acme.com,Admin\n', { email: 'Email', rols: 'Access' }),
      rejected('ACCOUNT_IMPORT_INVALID', /unknown column mapping.*rols/),
    )
    await assert.rejects(
      upload('Email,Access\nada@acme.com,Admin\n', { entitlements: 'Acces' }),
      rejected('ACCOUNT_IMPORT_INVALID', /not in the header: Acces/),
    )
    const refreshed = await refresh()
    assert.equal(refreshed.status, 'succeeded')
    assert.deepEqual(await grantChangeLines(h.store, refreshed.snapshotId), [])
    assert.deepEqual(await grantLines(h.store, appId), before, 'the last good import stands')
  })

  it('an app with no hand-granted entitlements refuses a mapped roles column', async () => {
    const sana = await startSanaEmulator()
    closers.push(() => sana.close())
    const sanaId = await h.connectSana(sana)
    await assert.rejects(
      upload('Email,Roles\nada@acme.com,Admin\n', { entitlements: 'Roles' }, sanaId),
      rejected('ACCOUNT_IMPORT_INVALID', /no entitlements granted by hand/),
    )
  })

  it('an import whose roles all vanish is held like groups that come back empty', async () => {
    await upload(
      'Email,Status\nada@acme.com,active\nbob@acme.com,active\nzed@elsewhere.org,active\n',
    )
    const held = await refresh()
    assert.equal(held.status, 'held', JSON.stringify(held))
    assert.match(held.error?.message ?? '', /listed no grants/)
    assert.equal((await grantLines(h.store, appId)).length, 3)
    const accepted = await refresh({ acceptGone: true })
    assert.equal(accepted.status, 'succeeded')
    assert.deepEqual(await grantLines(h.store, appId), [])
  })
})
