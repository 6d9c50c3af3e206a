import type { Command } from 'commander'
import type { Finding, FindingKind } from '../../../access/reconcile/index.js'
import type { Services } from '../../http/index.js'
import type { GlobalOptions } from '../context.js'
import { withServices } from '../context.js'
import { describeFinding } from '../finding-words.js'
import { CliError } from '../output.js'
import { appIdOf, oneOf, personIdOf, resolveWorkspace } from '../resolve.js'

/** Every kind once: a record, so a kind added to reconcile fails to compile here until listed. */
const KINDS: Readonly<Record<FindingKind, true>> = {
  missing: true,
  drifted: true,
  residual: true,
  orphan: true,
  ambiguous: true,
  missing_grant: true,
  excess_grant: true,
  privileged_grant: true,
  residual_grant: true,
}
const FINDING_KINDS = Object.keys(KINDS) as FindingKind[]

type FindingsFlags = {
  workspace?: string
  app?: string
  kind?: string
  person?: string
  limit?: string
  after?: string
}

/**
 * `rollcall findings [--workspace <slug>] [--app] [--kind] [--person] --json`: the open findings
 * of the last reconciliations, one sentence each (who, in which app, what is wrong, since when);
 * the evidence as data (which rule, which values) with --json.
 */
export function registerFindings(program: Command): void {
  program
    .command('findings')
    .description('list open findings: missing, drifted, residual, orphan, ambiguous, and of grants')
    .option('--workspace <slug>', 'the workspace (default: the only one)')
    .option('--app <app>', 'only this app (name or id)')
    .option('--kind <kind>', FINDING_KINDS.join(', '))
    .option('--person <person>', 'only this person (email, userName, name or id)')
    .option('--limit <n>', 'at most this many (default 1000)')
    .option('--after <cursor>', 'the `next` of the previous page')
    .option('--json', 'print one JSON object, with each finding’s evidence')
    .action(async (options: FindingsFlags, command: Command) => {
      const limit = options.limit === undefined ? 1000 : Number(options.limit)
      if (!Number.isInteger(limit) || limit < 1)
        throw new CliError('USAGE', '--limit is a positive integer.')
      const kind = oneOf('--kind', options.kind, FINDING_KINDS)
      await withServices(command.optsWithGlobals<GlobalOptions>(), async (services, output) => {
        const workspace = await resolveWorkspace(services, options.workspace)
        const appId = await appIdOf(services, workspace.id, options.app)
        const personId = await personIdOf(services, workspace.id, options.person)
        const page = await services.reconcile.findings(workspace.id, {
          limit,
          ...(appId ? { appId } : {}),
          ...(kind ? { kind } : {}),
          ...(personId ? { personId } : {}),
          ...(options.after ? { after: options.after } : {}),
        })
        if (output.json) return output.result(page, () => '')
        const lines = await describeAll(services, workspace.id, page.findings)
        output.result(page, () =>
          lines.length === 0
            ? 'No open findings. (Run rollcall reconcile first.)'
            : lines.join('\n'),
        )
      })
    })
}

/** Names first: each app once, each person on the page once. */
async function describeAll(
  services: Services,
  workspaceId: string,
  findings: readonly Finding[],
): Promise<string[]> {
  const apps = new Map((await services.apps.list(workspaceId)).map((a) => [a.id, a.name]))
  const people = new Map<string, string>()
  for (const id of new Set(findings.map((f) => f.personId))) {
    if (id === null) continue
    const person = await services.people.get(workspaceId, id)
    const email = person.primaryEmail ?? person.userName
    people.set(id, person.displayName ? `${person.displayName} <${email}>` : email)
  }
  return findings.map((f) =>
    describeFinding(f, {
      app: apps.get(f.appId) ?? f.appId,
      person: f.personId === null ? null : (people.get(f.personId) ?? null),
    }),
  )
}
