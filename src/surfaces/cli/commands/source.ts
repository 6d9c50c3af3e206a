import { readFileSync } from 'node:fs'
import type { Command } from 'commander'
import { describeError } from '../../../shared/errors.js'
import type { GlobalOptions } from '../context.js'
import { withServices } from '../context.js'
import { CliError } from '../output.js'
import { resolveWorkspace } from '../resolve.js'
import { CLI_ACTOR } from './workspace.js'

/** `rollcall source add|list`: where people come from (DESIGN: source.json). */
export function registerSource(program: Command): void {
  const source = program.command('source').description('sources of people: okta, scim, csv')

  source
    .command('add <kind>')
    .description(
      'add a source from a source.json: okta {"orgUrl","token"}, scim {"directoryId"}, csv {"file"}',
    )
    .option('--workspace <slug>', 'the workspace (default: the only one)')
    .requiredOption('--config-file <file>', 'the source.json')
    .option('--json', 'print one JSON object')
    .action(
      async (
        kind: string,
        options: { workspace?: string; configFile: string },
        command: Command,
      ) => {
        const config = readJson(options.configFile)
        await withServices(command.optsWithGlobals<GlobalOptions>(), async (services, output) => {
          const workspace = await resolveWorkspace(services, options.workspace)
          const added = await services.sources.add(workspace.id, kind, config, CLI_ACTOR)
          output.result(
            { id: added.id },
            () =>
              `Added ${added.kind} source "${added.name}" with id ${added.id}. Sync it: rollcall sync --workspace ${workspace.slug} --source ${added.id}`,
          )
        })
      },
    )

  source
    .command('list')
    .description('list the sources of a workspace (never their secrets)')
    .option('--workspace <slug>', 'the workspace (default: the only one)')
    .option('--json', 'print one JSON object')
    .action(async (options: { workspace?: string }, command: Command) => {
      await withServices(command.optsWithGlobals<GlobalOptions>(), async (services, output) => {
        const workspace = await resolveWorkspace(services, options.workspace)
        const sources = await services.sources.list(workspace.id)
        output.result({ sources }, () =>
          sources.length === 0
            ? `No sources in ${workspace.slug}. Add one: rollcall source add okta --workspace ${workspace.slug} --config-file source.json`
            : sources
                .map(
                  (s) =>
                    `${s.id}\t${s.kind}\t${s.name}\tlast full sync: ${s.lastFullSyncAt ?? 'never'} (${s.lastFullCount ?? '-'} people)`,
                )
                .join('\n'),
        )
      })
    })
}

function readJson(file: string): unknown {
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
