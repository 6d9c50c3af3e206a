import type { Command } from 'commander'
import type { Actor } from '../../../platform/audit/index.js'
import type { GlobalOptions } from '../context.js'
import { withServices } from '../context.js'
import { osUser } from '../operator.js'

/** The CLI acts as the OS user at the terminal (commands that decide take `--as` too). */
const CLI_ACTOR: Actor = { type: 'cli', id: osUser() }

/** `rollcall workspace create|list`. */
export function registerWorkspace(program: Command): void {
  const workspace = program.command('workspace').description('manage workspaces (tenants)')

  workspace
    .command('create <slug>')
    .description('create a workspace')
    .option('--name <name>', 'display name (default: the slug)')
    .option('--plan <plan>', 'free, pro or enterprise (self-hosted default: enterprise)')
    .option('--json', 'print one JSON object')
    .action(async (slug: string, options: { name?: string; plan?: string }, command: Command) => {
      await withServices(command.optsWithGlobals<GlobalOptions>(), async (services, output) => {
        const created = await services.workspaces.create({ slug, ...options }, CLI_ACTOR)
        output.result(
          { id: created.id, slug: created.slug, name: created.name, plan: created.edition },
          () => `Created workspace ${created.slug} (${created.edition}) with id ${created.id}.`,
        )
      })
    })

  workspace
    .command('list')
    .description('list workspaces')
    .option('--json', 'print one JSON object')
    .action(async (_options: unknown, command: Command) => {
      await withServices(command.optsWithGlobals<GlobalOptions>(), async (services, output) => {
        const workspaces = await services.workspaces.list()
        output.result({ workspaces }, () =>
          workspaces.length === 0
            ? 'No workspaces yet. Create one: rollcall workspace create <slug>'
            : workspaces.map((w) => `${w.slug}\t${w.edition}\t${w.id}`).join('\n'),
        )
      })
    })
}

export { CLI_ACTOR }
