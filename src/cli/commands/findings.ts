import type { Command } from 'commander'
import type { GlobalOptions } from '../context.js'
import { withServices } from '../context.js'
import { CliError } from '../output.js'

type FindingsFlags = {
  workspace: string
  app?: string
  kind?: string
  person?: string
  limit?: string
  after?: string
}

/**
 * `rollcall findings --workspace <slug> [--app] [--kind] [--person] --json`: the open findings
 * of the last reconciliations, with their evidence (which rule, which values, since when).
 */
export function registerFindings(program: Command): void {
  program
    .command('findings')
    .description('list open findings: missing, drifted, residual, orphan, ambiguous')
    .requiredOption('--workspace <slug>', 'the workspace')
    .option('--app <id>', 'only this app')
    .option('--kind <kind>', 'missing, drifted, residual, orphan or ambiguous')
    .option('--person <email>', 'only this person (id, email or userName)')
    .option('--limit <n>', 'at most this many (default 1000)')
    .option('--after <cursor>', 'the `next` of the previous page')
    .option('--json', 'print one JSON object')
    .action(async (options: FindingsFlags, command: Command) => {
      const limit = options.limit === undefined ? 1000 : Number(options.limit)
      if (!Number.isInteger(limit) || limit < 1)
        throw new CliError('USAGE', '--limit is a positive integer.')
      await withServices(command.optsWithGlobals<GlobalOptions>(), async (services, output) => {
        const workspace = await services.workspaces.require(options.workspace)
        const person = options.person
          ? await services.graph.resolvePerson(workspace.id, options.person)
          : undefined
        const page = await services.reconcile.findings(workspace.id, {
          limit,
          ...(options.app ? { appId: options.app } : {}),
          ...(options.kind ? { kind: options.kind } : {}),
          ...(person ? { personId: person.id } : {}),
          ...(options.after ? { after: options.after } : {}),
        })
        output.result(page, () =>
          page.findings.length === 0
            ? 'No open findings. (Run rollcall reconcile first.)'
            : page.findings
                .map(
                  (f) =>
                    `${f.kind.padEnd(9)} ${f.personEmail ?? f.accountId ?? ''}\tapp ${f.appId}\tsince ${f.since}\t${JSON.stringify(f.evidence)}`,
                )
                .join('\n'),
        )
      })
    })
}
