import type { Command } from 'commander'
import { resolveEntitlementRef } from '../../../access/apps/index.js'
import { entitlementRefsOf } from '../../../access/graph/index.js'
import type { GrantException } from '../../../access/reconcile/index.js'
import type { Services } from '../../http/index.js'
import type { GlobalOptions } from '../context.js'
import { withServices } from '../context.js'
import { resolveApp, resolvePerson, resolveWorkspace, usage } from '../resolve.js'
import { CLI_ACTOR } from './workspace.js'

type AddFlags = {
  workspace?: string
  app: string
  entitlement: string
  account: string
  reason: string
  until: string
}

/**
 * `rollcall exceptions add|list|revoke`: keep an excess grant with a reason until an expiry
 * (the same service as `/api/apps/:id/grant-exceptions`), see the ones in force, end one.
 */
export function registerExceptions(program: Command): void {
  const exceptions = program
    .command('exceptions')
    .description('keep an excess grant with a reason and an expiry (audited)')

  exceptions
    .command('add')
    .description('keep one grant: an account holding an entitlement, until a time')
    .option('--workspace <slug>', 'the workspace (default: the only one)')
    .requiredOption('--app <app>', 'the app (name or id)')
    .requiredOption('--entitlement <ref>', 'the entitlement: id, the app’s own id, or exact name')
    .requiredOption(
      '--account <ref>',
      'the account: its id, or the email of the person it is linked to',
    )
    .requiredOption('--reason <text>', 'why it is kept (shown to reviewers, audited)')
    .requiredOption(
      '--until <iso>',
      'when it ends, an ISO time within a year, e.g. 2027-03-31T00:00:00Z',
    )
    .option('--json', 'print one JSON object')
    .action(async (options: AddFlags, command: Command) => {
      await withServices(command.optsWithGlobals<GlobalOptions>(), async (services, output) => {
        const workspace = await resolveWorkspace(services, options.workspace)
        const app = await resolveApp(services, workspace.id, options.app)
        const entitlementId = await entitlementOf(
          services,
          workspace.id,
          app.id,
          options.entitlement,
        )
        const accountId = await accountOf(services, workspace.id, app.id, options.account)
        const created = await services.grantExceptions.create(
          workspace.id,
          app.id,
          { entitlementId, accountId, reason: options.reason, expiresAt: options.until },
          CLI_ACTOR,
        )
        output.result(created, () => `Kept until ${created.expiresAt}: exception ${created.id}.`)
      })
    })

  exceptions
    .command('list')
    .description('the grant exceptions of an app in force (--all: the ended ones too)')
    .option('--workspace <slug>', 'the workspace (default: the only one)')
    .requiredOption('--app <app>', 'the app (name or id)')
    .option('--all', 'expired and revoked ones too')
    .option('--json', 'print one JSON object')
    .action(
      async (options: { workspace?: string; app: string; all?: boolean }, command: Command) => {
        await withServices(command.optsWithGlobals<GlobalOptions>(), async (services, output) => {
          const workspace = await resolveWorkspace(services, options.workspace)
          const app = await resolveApp(services, workspace.id, options.app)
          const items = await services.grantExceptions.list(workspace.id, app.id, {
            all: options.all === true,
          })
          output.result({ app, items }, () =>
            items.length === 0
              ? `No grant exceptions in ${app.name}${options.all ? '' : ' in force'}.`
              : items.map(exceptionLine).join('\n'),
          )
        })
      },
    )

  exceptions
    .command('revoke <id>')
    .description('end an exception now (revoking it again changes nothing)')
    .option('--workspace <slug>', 'the workspace (default: the only one)')
    .option('--json', 'print one JSON object')
    .action(async (id: string, options: { workspace?: string }, command: Command) => {
      await withServices(command.optsWithGlobals<GlobalOptions>(), async (services, output) => {
        const workspace = await resolveWorkspace(services, options.workspace)
        const appId = await services.grantExceptions.appOf(workspace.id, id)
        const revoked = await services.grantExceptions.revoke(workspace.id, appId, id, CLI_ACTOR)
        output.result(revoked, () => `Revoked exception ${revoked.id} at ${revoked.revokedAt}.`)
      })
    })
}

function exceptionLine(e: GrantException): string {
  return `${e.id}  ${e.status.padEnd(7)}  until ${e.expiresAt}  entitlement ${e.entitlementId}  account ${e.accountId}  ${e.reason}`
}

/** The entitlement's id, by the same resolution as grant rules (id, the app's id, exact name). */
async function entitlementOf(
  services: Services,
  workspaceId: string,
  appId: string,
  ref: string,
): Promise<string> {
  const found = resolveEntitlementRef(
    ref,
    await entitlementRefsOf(services.store.db, workspaceId, appId),
  )
  if (!found.ok) throw usage(`--entitlement: ${found.message}.`)
  return found.value.id
}

/** An account id as given, or the one account of the app linked to the person of that email. */
async function accountOf(
  services: Services,
  workspaceId: string,
  appId: string,
  ref: string,
): Promise<string> {
  if (!ref.includes('@')) return ref
  const person = await resolvePerson(services, workspaceId, ref)
  const accounts = await services.graph.accounts(workspaceId, {
    appId,
    personId: person.id,
    limit: 10,
  })
  const [only] = accounts
  if (accounts.length === 1 && only) return only.id
  throw usage(
    accounts.length === 0
      ? `--account: ${ref} has no account in this app.`
      : `--account: ${ref} has ${accounts.length} accounts in this app (${accounts.map((a) => a.id).join(', ')}); give an id.`,
  )
}
