import {
  type OktaEmulator,
  type SanaEmulator,
  type StensulEmulator,
  startOktaEmulator,
  startSanaEmulator,
  startStensulEmulator,
  userBody,
} from '../emulators/index.js'
import { DEMO_DOMAIN, DEPARTMENTS, type DemoPerson } from './demo-people.js'

/** The emulated apps of the demo, running in this process on free ports of 127.0.0.1. */
export type DemoEmulators = {
  readonly okta: OktaEmulator
  readonly sana: SanaEmulator
  readonly stensul: StensulEmulator
  close(): Promise<void>
}

/** Accounts in Sana that match nobody: what a first reconciliation always turns up. */
export const SANA_ORPHANS = [
  `temp.contractor@agency.${DEMO_DOMAIN}`,
  `former.intern@${DEMO_DOMAIN}`,
  `shared.training@${DEMO_DOMAIN}`,
]

/** Sana accounts exist for everyone hired before the last 24 (the rest are missing). */
const SANA_HIRED_BEFORE = 176

/**
 * Starts the Okta org (the source of people), Sana (SCIM, bearer token) and Stensul (SCIM,
 * OAuth 2.0 client credentials), each holding what a company that never reconciled would have:
 * Okta knows everyone (leavers deactivated); Sana misses the newest hires, still has the
 * leavers active, two stale names and three accounts nobody owns; Stensul, meant for Marketing,
 * misses some marketers and still has a few salespeople who once borrowed it.
 */
export async function startDemoEmulators(people: readonly DemoPerson[]): Promise<DemoEmulators> {
  const started: Array<{ close(): Promise<void> }> = []
  try {
    const okta = await startOktaEmulator({ rateLimit: { limit: 6000, windowMs: 60_000 } })
    started.push(okta)
    seedOkta(okta, people)
    const sana = await startSanaEmulator({ tenant: 'acme' })
    started.push(sana)
    seedSana(sana, people)
    const stensul = await startStensulEmulator()
    started.push(stensul)
    seedStensul(stensul, people)
    return { okta, sana, stensul, close: () => closeAll(started) }
  } catch (error) {
    await closeAll(started)
    throw error
  }
}

async function closeAll(servers: ReadonlyArray<{ close(): Promise<void> }>): Promise<void> {
  await Promise.allSettled(servers.map((server) => server.close()))
}

function seedOkta(okta: OktaEmulator, people: readonly DemoPerson[]): void {
  const ids = new Map<string, string[]>(DEPARTMENTS.map((d) => [d, []]))
  for (const person of people) {
    const [id = ''] = okta.seedUsers([person.email], {
      firstName: person.givenName,
      lastName: person.familyName,
      department: person.department,
      title: person.title,
      employeeNumber: person.employeeNumber,
    })
    ids.get(person.department)?.push(id)
    const user = okta.state.users.get(id)
    if (person.leaver && user) okta.state.setStatus(user, 'DEPROVISIONED')
  }
  for (const [department, members] of ids) okta.seedGroup(department, members)
}

function account(person: DemoPerson, displayName = `${person.givenName} ${person.familyName}`) {
  return userBody(person.email, {
    name: { givenName: person.givenName, familyName: person.familyName },
    displayName,
  })
}

function seedSana(sana: SanaEmulator, people: readonly DemoPerson[]): void {
  for (const person of people.filter((p) => p.index < SANA_HIRED_BEFORE)) {
    // Two people changed their name in the IdP; Sana still shows the old one (drift).
    const stale = person.index === 3 || person.index === 42
    const created = sana.state.create(
      account(person, stale ? `${person.givenName} Smith` : undefined),
    )
    if (!created.ok) throw created.error
  }
  sana.seed(SANA_ORPHANS)
}

/**
 * Stensul's marketers hold Creator (what the demo's grant rule gives everyone Stensul assigns),
 * except two stories for the access part of the plan: a mover who came from Sales still holds
 * Reviewer and never got Creator, and one marketer holds Admin, a privileged role no rule gives.
 */
export function stensulAccessStories(people: readonly DemoPerson[]) {
  const marketers = people.filter((p) => p.department === 'Marketing')
  const holders = marketers.filter((_, i) => i % 4 !== 3)
  return { holders, mover: holders[1], admin: holders[2] }
}

function seedStensul(stensul: StensulEmulator, people: readonly DemoPerson[]): void {
  const borrowers = people.filter((p) => p.department === 'Sales').slice(0, 4)
  const { holders, mover, admin } = stensulAccessStories(people)
  const ids = new Map<string, string>()
  for (const person of [...holders, ...borrowers]) {
    const created = stensul.state.create(account(person))
    if (!created.ok) throw created.error
    ids.set(person.email, created.value.id)
  }
  const idOf = (person: DemoPerson | undefined) => (person ? (ids.get(person.email) ?? '') : '')
  for (const role of stensul.roles) {
    if (role.displayName === 'Creator')
      role.memberIds = holders.filter((p) => p !== mover).map((p) => idOf(p))
    if (role.displayName === 'Reviewer') role.memberIds = [idOf(mover)]
    if (role.displayName === 'Admin') role.memberIds = [idOf(admin)]
  }
}
