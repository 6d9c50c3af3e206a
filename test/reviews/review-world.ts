import assert from 'node:assert/strict'
import { writeFileSync } from 'node:fs'
import path from 'node:path'
import { fixedClock } from '../../src/shared/clock.js'
import { type OktaEmulator, startOktaEmulator } from '../emulators/okta.js'
import { type StensulEmulator, startStensulEmulator } from '../emulators/stensul.js'
import { dropBossSchema } from '../helpers/apply.js'
import type { TestDatabase, TestStore } from '../helpers/dialects.js'
import { type Hub, hubApi, startHub } from '../helpers/hub.js'
import { Browser } from '../helpers/oauth.js'

export const SYSTEM = { type: 'system', id: null } as const
export const DAY = 86_400_000
const GENEROUS = { requests: 1000, windowMs: 1000, share: 1 }

/**
 * A demo-like workspace for access reviews, served over HTTP on a fixed clock: people from a CSV
 * (with managers), Stensul (roles; Creator for everyone by rule) and Okta (groups; Everyone by
 * rule) on their emulators, and Samepage (no API) from an uploaded export with roles. Members:
 * the owner of Stensul and Okta, Ada (who owns Samepage, and has access of her own), a member
 * who reviews nothing.
 */
export type ReviewWorld = Awaited<ReturnType<typeof openReviewWorld>>

export async function openReviewWorld(database: TestDatabase, slug = 'acme') {
  const clock = fixedClock('2026-12-10T09:00:00.000Z')
  const store: TestStore = await database.open()
  const hub: Hub = await startHub(store, {
    clock,
    config: { 'jobs.pollMs': 20, 'jobs.leaseMs': 8000 },
  })
  const stensul: StensulEmulator = await startStensulEmulator({
    roles: ['Admin', 'Creator', 'Reviewer'],
  })
  const okta: OktaEmulator = await startOktaEmulator()
  const services = hub.server.services
  const ws = (await services.workspaces.create({ slug, plan: 'enterprise' }, SYSTEM)).id
  const admin = await services.apiTokens.create(
    { workspaceId: ws, scopes: ['integrations:read', 'integrations:manage', 'audit:read'] },
    SYSTEM,
  )
  const peopleFile = path.join(services.config.dataDir, `${slug}-people.csv`)
  writeFileSync(
    peopleFile,
    [
      'email,first name,last name,groups,active,manager',
      'boss@acme.com,Boss,B,Sales,true,',
      'ada@acme.com,Ada,A,Sales,true,boss@acme.com',
      'bob@acme.com,Bob,B,Sales,true,boss@acme.com',
      'cy@acme.com,Cy,C,Engineering,true,boss@acme.com',
      'dee@acme.com,Dee,D,Engineering,true,boss@acme.com',
    ].join('\n'),
  )
  await services.sources.add(ws, 'csv', { file: peopleFile, key: 'emails' }, SYSTEM)
  const [sync] = await services.sync.syncWorkspace(ws, {
    trigger: 'cli',
    actor: SYSTEM,
    mode: 'full',
  })
  assert.equal(sync?.status, 'succeeded', JSON.stringify(sync))

  const everyone = ['ada@acme.com', 'bob@acme.com', 'cy@acme.com', 'dee@acme.com']
  const stensulIds = stensul.seed(everyone)
  const role = (name: string) => stensul.roles.find((r) => r.displayName === name)
  const roleMembers = (name: string, emails: string[]) => {
    const found = role(name)
    assert.ok(found, name)
    found.memberIds = emails.map((e) => stensulIds[everyone.indexOf(e)] ?? '')
  }
  roleMembers('Creator', everyone)
  roleMembers('Reviewer', ['bob@acme.com', 'cy@acme.com'])
  roleMembers('Admin', ['ada@acme.com'])
  const oktaIds = okta.seedUsers(everyone)
  okta.seedGroup('sales', [oktaIds[1] ?? ''])

  const connect = async (catalogId: string, name: string, extra: Record<string, unknown>) =>
    (await services.apps.connect(ws, { catalogId, name, ...extra }, SYSTEM)).id
  const apps = {
    stensul: await connect('stensul', 'Stensul', {
      connection: { ...stensul.connection, rateLimit: GENEROUS },
      assignment: { all: true },
      owner: 'owner@acme.com',
    }),
    // Dee is not assigned Okta: her account there is one the app does not give her.
    okta: await connect('okta', 'Okta', {
      connection: { ...okta.connection, rateLimit: GENEROUS },
      assignment: { people: ['ada@acme.com', 'bob@acme.com', 'cy@acme.com'] },
      owner: 'owner@acme.com',
    }),
    samepage: await connect('samepage', 'Samepage', {
      assignment: { all: true },
      owner: 'ada@acme.com',
    }),
  }
  const uploadSamepage = async (rows: string[]) => {
    await services.accountImports.importCsv(
      ws,
      apps.samepage,
      { text: `Email,Name,Status,Roles\n${rows.join('\n')}\n`, fileName: 'samepage.csv' },
      SYSTEM,
    )
  }
  await uploadSamepage([
    'ada@acme.com,Ada,active,Editors',
    'bob@acme.com,Bob,active,Editors;Viewers',
    'cy@acme.com,Cy,active,Editors',
    'dee@acme.com,Dee,active,Editors',
  ])
  const refresh = async (appId?: string) => {
    const reports = appId
      ? [
          await services.graph.refreshApp(ws, appId, {
            trigger: 'cli',
            actor: SYSTEM,
            acceptGone: true,
          }),
        ]
      : await services.graph.refreshWorkspace(ws, {
          trigger: 'cli',
          actor: SYSTEM,
          acceptGone: true,
        })
    for (const report of reports) assert.equal(report.status, 'succeeded', JSON.stringify(report))
  }
  await refresh()
  await services.apps.update(ws, apps.stensul, { grants: [{ entitlement: 'Creator' }] }, SYSTEM)
  await services.apps.update(ws, apps.okta, { grants: [{ entitlement: 'Everyone' }] }, SYSTEM)
  await services.apps.update(ws, apps.samepage, { grants: [{ entitlement: 'Editors' }] }, SYSTEM)

  const member = async (email: string, role: 'admin' | 'member') => {
    const password = `correct horse battery ${role} ${email}`
    await services.members.create({ workspaceId: ws, email, role, password }, SYSTEM)
    const browser = new Browser(hub.url)
    assert.equal((await browser.signIn({ email, password, workspace: slug })).status, 200)
    return async (method: string, route: string, body?: unknown) => {
      const response = await browser.json(method, route, body)
      const text = await response.text()
      return { status: response.status, body: text ? JSON.parse(text) : undefined }
    }
  }
  return {
    ...{ clock, store, hub, services, ws, apps, stensul, okta, refresh, uploadSamepage },
    api: hubApi(hub, admin.token),
    owner: await member('owner@acme.com', 'member'),
    ada: await member('ada@acme.com', 'member'),
    stranger: await member('someone@acme.com', 'member'),
    async close() {
      await hub.close()
      await Promise.all([stensul.close(), okta.close()])
      await dropBossSchema(store)
      await store.close()
    },
  }
}

/** Every item of a campaign, by `app person entitlement|account` key. */
export async function itemsByKey(world: ReviewWorld, reviewId: string) {
  const reply = await world.api('GET', `/api/reviews/${reviewId}/items?limit=1000`)
  assert.equal(reply.status, 200, reply.text)
  const items = reply.body.items as Array<Record<string, any>>
  return new Map(
    items.map((i) => [`${i.app.name} ${i.person.email} ${i.entitlement?.name ?? 'account'}`, i]),
  )
}
