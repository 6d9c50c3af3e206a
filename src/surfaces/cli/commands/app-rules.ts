import { readFileSync } from 'node:fs'
import type { Command } from 'commander'
import { type App, describeGrantRule } from '../../../access/apps/index.js'
import { describeError } from '../../../shared/errors.js'
import type { GlobalOptions } from '../context.js'
import { withServices } from '../context.js'
import { CliError } from '../output.js'
import { resolveApp, resolveWorkspace } from '../resolve.js'
import { CLI_ACTOR } from './workspace.js'

type Flags = { workspace?: string; configFile: string }

/**
 * `rollcall app show <app>` and `rollcall app update <app> --config-file rules.json`: an app's
 * rules in words, and changing them from a file with the shape `PATCH /api/apps/:id` takes
 * (assignment, mappings, correlation, policy, owner, grants). `grants` replaces the whole list.
 */
export function registerAppRules(app: Command): void {
  app
    .command('show <app>')
    .description('show an app: its connection (never its secret), assignment and grant rules')
    .option('--workspace <slug>', 'the workspace (default: the only one)')
    .option('--json', 'print one JSON object')
    .action(async (ref: string, options: { workspace?: string }, command: Command) => {
      await withServices(command.optsWithGlobals<GlobalOptions>(), async (services, output) => {
        const workspace = await resolveWorkspace(services, options.workspace)
        const { id } = await resolveApp(services, workspace.id, ref)
        const shown = await services.apps.get(workspace.id, id)
        output.result(shown, () => appInWords(shown))
      })
    })

  app
    .command('update <app>')
    .description(
      'change an app’s rules from a JSON file: assignment, mappings, correlation, policy, owner, grants (grant rules, the whole list)',
    )
    .option('--workspace <slug>', 'the workspace (default: the only one)')
    .requiredOption('--config-file <file>', 'the rules to change, e.g. {"grants": [...]}')
    .option('--json', 'print one JSON object')
    .action(async (ref: string, options: Flags, command: Command) => {
      const changes = readJsonFile(options.configFile)
      await withServices(command.optsWithGlobals<GlobalOptions>(), async (services, output) => {
        const workspace = await resolveWorkspace(services, options.workspace)
        const { id } = await resolveApp(services, workspace.id, ref)
        const updated = await services.apps.update(workspace.id, id, changes, CLI_ACTOR)
        output.result(updated, () => `Updated ${updated.name}.\n${appInWords(updated)}`)
      })
    })
}

/** The app's id, catalog entry, assignment and its grant rules, one per line. */
function appInWords(app: App): string {
  const lines = [
    `${app.name} (${app.catalogId}) ${app.id}`,
    `Assignment: ${JSON.stringify(app.assignment)}`,
    app.grants.length === 0 ? 'Grant rules: none' : 'Grant rules:',
    ...app.grants.map((rule) => `  ${rule.id}  ${describeGrantRule(rule)}`),
  ]
  return lines.join('\n')
}

/** A JSON file the command line names; unreadable or invalid is a clear CLI error. */
export function readJsonFile(file: string): unknown {
  let text: string
  try {
    text = readFileSync(file, 'utf8')
  } catch (error) {
    throw new CliError('CONFIG_FILE_UNREADABLE', `Cannot read ${file}: ${describeError(error)}`)
  }
  try {
    return JSON.parse(text) as unknown
  } catch {
    throw new CliError('CONFIG_FILE_INVALID', `${file} is not valid JSON.`)
  }
}
