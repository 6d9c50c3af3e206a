import type { Command } from 'commander'
import { createPersonAccess, type PersonAccess } from '../../../access/reconcile/index.js'
import type { GlobalOptions } from '../context.js'
import { withServices } from '../context.js'
import { resolvePerson, resolveWorkspace } from '../resolve.js'

/**
 * `rollcall access <person> [--json]`: every account and grant of a person across all apps, with
 * why each exists (the same view as `GET /api/people/:id/access`). The person by email, userName,
 * name or id; an unknown or ambiguous one is a usage error.
 */
export function registerAccess(program: Command): void {
  program
    .command('access <person>')
    .description('every account and grant of a person across all apps, and why each exists')
    .option('--workspace <slug>', 'the workspace (default: the only one)')
    .option('--json', 'print one JSON object')
    .action(async (given: string, options: { workspace?: string }, command: Command) => {
      await withServices(command.optsWithGlobals<GlobalOptions>(), async (services, output) => {
        const workspace = await resolveWorkspace(services, options.workspace)
        const person = await resolvePerson(services, workspace.id, given)
        const { db, dialect } = services.store
        const view = createPersonAccess({
          ...{ db, dialect },
          ...{ apps: services.apps, people: services.people },
        })
        const access = await view.of(workspace.id, person.id)
        output.result(access, () => describeAccess(access))
      })
    })
}

function describeAccess(access: PersonAccess): string {
  const { person } = access
  const name = person.displayName ?? person.email ?? person.id
  const email = person.displayName && person.email ? ` <${person.email}>` : ''
  const title = `${name}${email} (${person.status})`
  if (access.apps.length === 0)
    return `${title}\nNo account in any app, as of the apps' last refresh (rollcall sync).`
  const lines = [title]
  for (const { app, accounts, grants } of access.apps) {
    lines.push('', app.name)
    const userNames = new Map(accounts.map((a) => [a.id, a.userName]))
    for (const a of accounts) {
      const state = a.removedAt ? 'removed' : a.active ? 'active' : 'inactive'
      lines.push(`  account ${a.userName} (${state}): ${a.why}`)
    }
    for (const g of grants) {
      const privileged = g.privileged ? ', privileged' : ''
      const holder = accounts.length > 1 ? ` on ${userNames.get(g.accountId) ?? g.accountId}` : ''
      lines.push(`  ${g.kind} ${g.entitlementName}${privileged}${holder}: ${g.reason.words}`)
    }
    if (grants.length === 0) lines.push('  no groups, roles, licenses or permissions')
  }
  return lines.join('\n')
}
