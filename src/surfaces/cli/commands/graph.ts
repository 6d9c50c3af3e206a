import type { Command } from 'commander'
import type { LinkState } from '../../../access/graph/index.js'
import type { GlobalOptions } from '../context.js'
import { withServices } from '../context.js'
import { appIdOf, oneOf, resolveApp, resolvePerson, resolveWorkspace } from '../resolve.js'
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
    .option('--workspace <slug>', 'the workspace (default: the only one)')
    .option('--app <app>', 'only this app (name or id)')
    .option('--state <state>', 'linked, orphan or ambiguous')
    .option('--limit <n>', 'at most this many (default 1000)')
    .option('--json', 'print one JSON object')
    .action(
      async (
        options: { workspace?: string; app?: string; state?: string; limit?: string },
        command: Command,
      ) => {
        const state = oneOf('--state', options.state, STATES)
        await withServices(command.optsWithGlobals<GlobalOptions>(), async (services, output) => {
          const workspace = await resolveWorkspace(services, options.workspace)
          const appId = await appIdOf(services, workspace.id, options.app)
          const accounts = await services.graph.accounts(workspace.id, {
            limit: Math.max(1, Math.min(Number(options.limit ?? 1000) || 1000, 100_000)),
            ...(appId ? { appId } : {}),
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
    .option('--workspace <slug>', 'the workspace (default: the only one)')
    .requiredOption('--app <app>', 'the app (name or id)')
    .option('--snapshot <id>', 'a snapshot id from rollcall sync')
    .option('--json', 'print one JSON object')
    .action(
      async (options: { workspace?: string; app: string; snapshot?: string }, command: Command) => {
        await withServices(command.optsWithGlobals<GlobalOptions>(), async (services, output) => {
          const workspace = await resolveWorkspace(services, options.workspace)
          const app = await resolveApp(services, workspace.id, options.app)
          const result = await services.graph.changes(workspace.id, app.id, options.snapshot)
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
    .option('--workspace <slug>', 'the workspace (default: the only one)')
    .requiredOption('--person <person>', 'the person (email, userName, name or id)')
    .option('--json', 'print one JSON object')
    .action(
      async (
        accountId: string,
        options: { workspace?: string; person: string },
        command: Command,
      ) => {
        await withServices(command.optsWithGlobals<GlobalOptions>(), async (services, output) => {
          const workspace = await resolveWorkspace(services, options.workspace)
          const person = await resolvePerson(services, workspace.id, options.person)
          const account = await services.graph.link(workspace.id, accountId, person.id, CLI_ACTOR)
          output.result(account, () => `Linked ${account.userName} to person ${account.personId}.`)
        })
      },
    )

  graph
    .command('unlink <accountId>')
    .description('unlink an account: it stays nobody’s, or (--auto) goes back to the rules')
    .option('--workspace <slug>', 'the workspace (default: the only one)')
    .option('--auto', 'let the correlation rules decide again at the next refresh')
    .option('--json', 'print one JSON object')
    .action(
      async (
        accountId: string,
        options: { workspace?: string; auto?: boolean },
        command: Command,
      ) => {
        await withServices(command.optsWithGlobals<GlobalOptions>(), async (services, output) => {
          const workspace = await resolveWorkspace(services, options.workspace)
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
