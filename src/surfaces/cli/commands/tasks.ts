import type { Command } from 'commander'
import type { GlobalOptions } from '../context.js'
import { withServices } from '../context.js'
import { AS_OPTION, cliOperator } from '../operator.js'
import { CliError } from '../output.js'
import { appIdOf, oneOf, resolveWorkspace } from '../resolve.js'

const STATUSES = ['open', 'done', 'verified'] as const

/** `rollcall tasks list|complete`: the work people do in apps without an API. */
export function registerTasks(program: Command): void {
  const tasks = program.command('tasks').description('tasks for people (apps without an API)')

  tasks
    .command('list')
    .description('list tasks, oldest first')
    .option('--workspace <slug>', 'the workspace (default: the only one)')
    .option('--status <status>', STATUSES.join(', '))
    .option('--app <app>', 'only this app (name or id)')
    .option('--json', 'print one JSON object')
    .action(
      async (options: { workspace?: string; status?: string; app?: string }, command: Command) => {
        const status = oneOf('--status', options.status, STATUSES)
        await withServices(command.optsWithGlobals<GlobalOptions>(), async (services, output) => {
          const workspace = await resolveWorkspace(services, options.workspace)
          const appId = await appIdOf(services, workspace.id, options.app)
          const list = await services.tasks.list({
            workspaceId: workspace.id,
            ...(status ? { status } : {}),
            ...(appId ? { appId } : {}),
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
    .description('mark a task done, with what you did as evidence (kept in the audit trail)')
    .requiredOption('--evidence <text>', 'what was done, where (e.g. "removed in Members → Users")')
    .option(...AS_OPTION)
    .option('--json', 'print one JSON object')
    .action(async (id: string, options: { evidence: string; as?: string }, command: Command) => {
      const evidence = options.evidence.trim()
      if (evidence === '') throw new CliError('USAGE', '--evidence must say what was done.')
      await withServices(command.optsWithGlobals<GlobalOptions>(), async (services, output) => {
        const task = await services.tasks.get(id)
        const actor = await cliOperator(services, task.workspaceId, options.as)
        const done = await services.tasks.complete({ id, evidence }, actor)
        output.result(done, () =>
          task.status === 'open'
            ? `Task ${done.id} is done (${done.action} ${done.personEmail}), by ${actor.id}: “${evidence}”.`
            : `Task ${done.id} was already ${task.status} (by ${task.completedBy ?? 'someone'}); nothing changed.`,
        )
      })
    })
}
