import { randomBytes } from 'node:crypto'
import type { AccountImports, AppsService } from '../../access/apps/index.js'
import type { GraphService } from '../../access/graph/index.js'
import type { PlanView, ReconcileService, RunReport } from '../../access/reconcile/index.js'
import type { MemberService } from '../../identity/members/index.js'
import type { SourcesService, SyncService } from '../../identity/people/index.js'
import type { WorkspaceService } from '../../identity/workspace/index.js'
import type { Actor } from '../../platform/audit/index.js'
import { type DemoEmulators, stensulAccessStories } from './demo-emulators.js'
import { DEMO_DOMAIN, demoPeople } from './demo-people.js'
import { samepageExport } from './samepage-export.js'

/** The services the demo drives: the same use cases the CLI and the API call. */
export type DemoDeps = {
  readonly workspaces: Pick<WorkspaceService, 'create'>
  readonly members: Pick<MemberService, 'create'>
  readonly sources: Pick<SourcesService, 'add'>
  readonly sync: Pick<SyncService, 'syncWorkspace'>
  readonly apps: Pick<AppsService, 'connect' | 'update'>
  readonly accountImports: Pick<AccountImports, 'importCsv'>
  readonly graph: Pick<GraphService, 'refreshWorkspace'>
  readonly reconcile: Pick<ReconcileService, 'reconcile' | 'createPlan'>
}

/** What the demo made, for the "what to try" text and for `--json`. */
export type DemoSummary = {
  readonly workspace: { readonly id: string; readonly slug: string }
  readonly admin: { readonly email: string; readonly password: string }
  readonly people: number
  readonly apps: ReadonlyArray<{ readonly id: string; readonly name: string }>
  readonly findings: RunReport['counts']
  readonly plan: Pick<PlanView, 'id' | 'status' | 'counts'> & { readonly held: number }
  /** Someone with accounts in Sana and Samepage, to offboard from the CLI. */
  readonly offboardExample: string
  /** Issue 15's stories in Stensul: a mover's role to swap, a privileged role nobody granted. */
  readonly access: { readonly mover: string; readonly privileged: string }
}

export type DemoStep = 'workspace' | 'people' | 'apps' | 'accounts' | 'reconcile'

export const DEMO_WORKSPACE = 'acme'
const ACTOR: Actor = { type: 'cli', id: null }

/** Rate limits of the emulated apps: generous, so the first sync takes a moment, not minutes. */
const FAST = { requests: 1000, windowMs: 1000, share: 1 }
const MAPPINGS = { userName: 'userName', displayName: 'Join(" ", name.givenName, name.familyName)' }

/**
 * Sets the demo workspace up as a newcomer would by hand, through the real services: the
 * workspace and its owner, Okta as the source of people, the three apps, the first sync of
 * people and accounts, and a first plan (a dry run) whose deactivations wait for approval.
 */
export async function seedDemo(
  deps: DemoDeps,
  emulators: DemoEmulators,
  onStep: (step: DemoStep) => void = () => {},
): Promise<DemoSummary> {
  onStep('workspace')
  const workspace = await deps.workspaces.create(
    { slug: DEMO_WORKSPACE, name: 'Acme (demo)', plan: 'enterprise' },
    ACTOR,
  )
  const admin = { email: `admin@${DEMO_DOMAIN}`, password: randomBytes(12).toString('base64url') }
  await deps.members.create({ workspaceId: workspace.id, role: 'owner', ...admin }, ACTOR)
  onStep('people')
  const people = await syncPeople(deps, workspace.id, emulators)
  onStep('apps')
  const apps = await connectApps(deps, workspace.id, emulators)
  onStep('accounts')
  const samepage = apps.find((a) => a.name === 'Samepage')
  if (samepage) {
    const text = samepageExport(demoPeople())
    const file = { text, fileName: 'samepage-members.csv' }
    await deps.accountImports.importCsv(workspace.id, samepage.id, file, ACTOR)
  }
  const refreshed = await deps.graph.refreshWorkspace(workspace.id, {
    trigger: 'cli',
    actor: ACTOR,
  })
  const failed = refreshed.find((report) => report.status !== 'succeeded')
  if (failed) throw new Error(`Listing the accounts of an app failed: ${failed.error?.message}`)
  await grantStensulRoles(deps, workspace.id, apps)
  onStep('reconcile')
  const run = { trigger: 'cli', actor: ACTOR } as const
  const report = await deps.reconcile.reconcile(workspace.id, {}, run)
  const plan = await deps.reconcile.createPlan(workspace.id, {}, run, { limit: 1 })
  return {
    workspace: { id: workspace.id, slug: workspace.slug },
    admin,
    people,
    apps,
    findings: report.counts,
    plan: { id: plan.id, status: plan.status, counts: plan.counts, held: plan.held.length },
    offboardExample: offboardExample(),
    access: accessStories(),
  }
}

/**
 * Stensul's grant rule, set once its roles are read (a rule names a role the app listed):
 * every marketer gets Creator. The first plan then swaps the mover's leftover Reviewer for
 * Creator, and asks before taking Admin from the marketer who holds it without a rule.
 */
async function grantStensulRoles(
  deps: DemoDeps,
  workspaceId: string,
  apps: ReadonlyArray<{ readonly id: string; readonly name: string }>,
): Promise<void> {
  const stensul = apps.find((a) => a.name === 'Stensul')
  if (!stensul) return
  const rule = { entitlement: 'Creator', reason: 'every marketer builds emails' }
  await deps.apps.update(workspaceId, stensul.id, { grants: [rule] }, ACTOR)
}

function accessStories(): DemoSummary['access'] {
  const { mover, admin } = stensulAccessStories(demoPeople())
  return { mover: mover?.email ?? '', privileged: admin?.email ?? '' }
}

/** The first active engineer in Samepage's export: Sana and Samepage accounts, no Stensul. */
function offboardExample(): string {
  const engineer = demoPeople().find(
    (p) => !p.leaver && p.department === 'Engineering' && samepageExport([p]).includes(p.email),
  )
  return engineer?.email ?? `ada.lovelace@${DEMO_DOMAIN}`
}

async function syncPeople(
  deps: DemoDeps,
  workspaceId: string,
  emulators: DemoEmulators,
): Promise<number> {
  const { orgUrl, token } = emulators.okta
  const rateLimit = { requests: 6000, windowMs: 60_000 }
  await deps.sources.add(workspaceId, 'okta', { orgUrl, token, name: 'Okta', rateLimit }, ACTOR)
  const [report] = await deps.sync.syncWorkspace(workspaceId, {
    trigger: 'cli',
    actor: ACTOR,
    mode: 'full',
  })
  if (report?.status !== 'succeeded')
    throw new Error(`The first sync of people failed: ${report?.error?.message ?? 'no report'}`)
  return report.counts.seen
}

async function connectApps(deps: DemoDeps, workspaceId: string, emulators: DemoEmulators) {
  const { sana, stensul } = emulators
  const configs = [
    {
      catalogId: 'sana-labs',
      name: 'Sana',
      connection: { ...sana.connection, rateLimit: FAST },
      assignment: { all: true },
      mappings: MAPPINGS,
      // Deactivations wait for a person: the held items of the first plan.
      policy: { approve: ['deactivate', 'delete'] },
      owner: `it@${DEMO_DOMAIN}`,
    },
    {
      catalogId: 'stensul',
      name: 'Stensul',
      connection: { ...stensul.connection, rateLimit: FAST },
      assignment: { filter: 'groups.display eq "Marketing"' },
      mappings: MAPPINGS,
      owner: `marketing-ops@${DEMO_DOMAIN}`,
    },
    {
      catalogId: 'samepage',
      name: 'Samepage',
      assignment: { filter: 'groups.display eq "Engineering"' },
      owner: `it@${DEMO_DOMAIN}`,
    },
  ]
  const apps = []
  for (const config of configs) {
    const app = await deps.apps.connect(workspaceId, config, ACTOR)
    apps.push({ id: app.id, name: app.name })
  }
  return apps
}
