import type { Command } from 'commander'
import type { LinkState } from '../../graph/index.js'
import type { GlobalOptions } from '../context.js'
import { withServices } from '../context.js'
import { CliError } from '../output.js'
import { CLI_ACTOR } from './workspace.js'

const STATES: readonly LinkState[] = ['linked', 'orphan', 'ambiguous']

/**
 * `rollcall graph accounts|changes|link|unlink`: the identity graph's accounts, what the last
 * refresh of an app changed, and links made by hand (how an ambiguity is resolved).
 */
export function registerGraph(program: Command): void {
  const graph = program.command('graph').description('the identity graph: accounts and links')

  graph
    .command('accounts')
    .description('list accounts (by app, link state, person)')
    .requiredOption('--workspace <slug>', 'the workspace')
    .option('--app <id>', 'only this app')
    .option('--state <state>', 'linked, orphan or ambiguous')
    .option('--limit <n>', 'at most this many (default 1000)')
    .option('--json', 'print one JSON object')
    .action(
      async (
        options: { workspace: string; app?: string; state?: string; limit?: string },
        command: Command,
      ) => {
        const state = options.state as LinkState | undefined
        if (state !== undefined && !STATES.includes(state))
          throw new CliError('USAGE', '--state is linked, orphan or ambiguous.')
        await withServices(command.optsWithGlobals<GlobalOptions>(), async (services, output) => {
          const workspace = await services.workspaces.require(options.workspace)
          const accounts = await services.graph.accounts(workspace.id, {
            limit: Math.max(1, Math.min(Number(options.limit ?? 1000) || 1000, 100_000)),
            ...(options.app ? { appId: options.app } : {}),
            ...(state ? { linkState: state } : {}),
          })
          output.result({ accounts }, () =>
            accounts
              .map(
                (a) =>
                  `${a.id}\t${a.linkState}\t${a.userName}\t${a.active ? 'active' : 'inactive'}\t${a.personId ?? '-'}`,
              )
              .join('\n'),
          )
        })
      },
    )

  graph
    .command('changes')
    .description('what the latest refresh of an app changed (or the snapshot given)')
    .requiredOption('--workspace <slug>', 'the workspace')
    .requiredOption('--app <id>', 'the app')
    .option('--snapshot <id>', 'a snapshot id from rollcall sync')
    .option('--json', 'print one JSON object')
    .action(
      async (options: { workspace: string; app: string; snapshot?: string }, command: Command) => {
        await withServices(command.optsWithGlobals<GlobalOptions>(), async (services, output) => {
          const workspace = await services.workspaces.require(options.workspace)
          const result = await services.graph.changes(workspace.id, options.app, options.snapshot)
          output.result(result, () =>
            result.snapshot === null
              ? 'The app was never refreshed: rollcall sync --workspace <slug>'
              : [
                  `Snapshot ${result.snapshot.id} (${result.snapshot.status}, ${result.snapshot.startedAt}): ${result.changes.length} change(s)`,
                  ...result.changes.map(
                    (c) =>
                      `  ${c.change.padEnd(9)} ${c.accountId} ${JSON.stringify(c.after ?? c.before)}`,
                  ),
                ].join('\n'),
          )
        })
      },
    )

  graph
    .command('link <accountId>')
    .description('link an account to a person by hand (resolves an ambiguity)')
    .requiredOption('--workspace <slug>', 'the workspace')
    .requiredOption('--person <email>', 'the person (id, email or userName)')
    .option('--json', 'print one JSON object')
    .action(
      async (
        accountId: string,
        options: { workspace: string; person: string },
        command: Command,
      ) => {
        await withServices(command.optsWithGlobals<GlobalOptions>(), async (services, output) => {
          const workspace = await services.workspaces.require(options.workspace)
          const account = await services.graph.link(
            workspace.id,
            accountId,
            options.person,
            CLI_ACTOR,
          )
          output.result(account, () => `Linked ${account.userName} to person ${account.personId}.`)
        })
      },
    )

  graph
    .command('unlink <accountId>')
    .description('unlink an account: it stays nobody’s, or (--auto) goes back to the rules')
    .requiredOption('--workspace <slug>', 'the workspace')
    .option('--auto', 'let the correlation rules decide again at the next refresh')
    .option('--json', 'print one JSON object')
    .action(
      async (
        accountId: string,
        options: { workspace: string; auto?: boolean },
        command: Command,
      ) => {
        await withServices(command.optsWithGlobals<GlobalOptions>(), async (services, output) => {
          const workspace = await services.workspaces.require(options.workspace)
          const account = await services.graph.unlink(
            workspace.id,
            accountId,
            CLI_ACTOR,
            options.auto === true,
          )
          output.result(account, () => `Unlinked ${account.userName}.`)
        })
      },
    )
}
