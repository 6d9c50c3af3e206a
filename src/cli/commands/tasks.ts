import type { Command } from 'commander'
import type { GlobalOptions } from '../context.js'
import { withServices } from '../context.js'
import { CliError } from '../output.js'
import { CLI_ACTOR } from './workspace.js'

/** `rollcall tasks list|complete`: the work people do in apps without an API. */
export function registerTasks(program: Command): void {
  const tasks = program.command('tasks').description('tasks for people (apps without an API)')

  tasks
    .command('list')
    .description('list tasks, oldest first')
    .requiredOption('--workspace <slug>', 'the workspace')
    .option('--status <status>', 'open, done or verified')
    .option('--app <id>', 'only this app')
    .option('--json', 'print one JSON object')
    .action(
      async (options: { workspace: string; status?: string; app?: string }, command: Command) => {
        const status = options.status
        if (status !== undefined && status !== 'open' && status !== 'done' && status !== 'verified')
          throw new CliError('USAGE', '--status must be open, done or verified.')
        await withServices(command.optsWithGlobals<GlobalOptions>(), async (services, output) => {
          const workspace = await services.workspaces.require(options.workspace)
          const list = await services.tasks.list({
            workspaceId: workspace.id,
            ...(status ? { status } : {}),
            ...(options.app ? { appId: options.app } : {}),
          })
          output.result({ tasks: list }, () =>
            list.length === 0
              ? 'No tasks.'
              : list
                  .map(
                    (t) =>
                      `${t.id}\t${t.status}\t${t.action}\t${t.personEmail}\tdue ${t.dueAt ?? '-'}`,
                  )
                  .join('\n'),
          )
        })
      },
    )

  tasks
    .command('complete <id>')
    .description('mark a task done, with what you did as evidence')
    .option('--evidence <text>', 'what was done, where, by whom')
    .option('--json', 'print one JSON object')
    .action(async (id: string, options: { evidence?: string }, command: Command) => {
      await withServices(command.optsWithGlobals<GlobalOptions>(), async (services, output) => {
        const done = await services.tasks.complete(
          { id, ...(options.evidence === undefined ? {} : { evidence: options.evidence }) },
          CLI_ACTOR,
        )
        output.result(done, () => `Task ${done.id} is done (${done.action} ${done.personEmail}).`)
      })
    })
}
