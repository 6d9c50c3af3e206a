import type { Command } from 'commander'
import { PROFILES } from '../../../identity/directory/index.js'
import type { GlobalOptions } from '../context.js'
import { withServices } from '../context.js'
import { CliError } from '../output.js'
import { resolveWorkspace } from '../resolve.js'
import { checkServerKnowsToken } from '../server-check.js'
import { CLI_ACTOR } from './workspace.js'

/** `rollcall directory create|list|rotate-token`: inbound SCIM directories. */
export function registerDirectory(program: Command): void {
  const directory = program.command('directory').description('manage inbound SCIM directories')

  directory
    .command('create')
    .description('create a SCIM directory for an IdP to push into; prints its token once')
    .option('--workspace <slug>', 'the workspace (default: the only one)')
    .option('--name <name>', 'a name, e.g. "Okta"')
    .option('--profile <profile>', `IdP dialect: ${PROFILES.join(', ')}`)
    .option('--json', 'print one JSON object')
    .action(
      async (
        options: { workspace?: string; name?: string; profile?: string },
        command: Command,
      ) => {
        await withServices(command.optsWithGlobals<GlobalOptions>(), async (services, output) => {
          const workspace = await resolveWorkspace(services, options.workspace)
          if (options.profile && !(PROFILES as readonly string[]).includes(options.profile)) {
            throw new CliError('USAGE', `--profile must be one of ${PROFILES.join(', ')}.`)
          }
          const { directory: created, token } = await services.directories.create(
            {
              workspaceId: workspace.id,
              ...(options.name ? { name: options.name } : {}),
              ...(options.profile
                ? { settings: { profile: options.profile as (typeof PROFILES)[number] } }
                : {}),
            },
            CLI_ACTOR,
          )
          const scimBaseUrl = `${services.config.server.publicUrl}/scim/v2`
          output.result({ id: created.id, scimBaseUrl, token }, () =>
            [
              `Created SCIM directory ${created.name} (${created.id}).`,
              `SCIM base URL: ${scimBaseUrl}`,
              `Bearer token (shown once, store it in your IdP now): ${token}`,
            ].join('\n'),
          )
          const problem = await checkServerKnowsToken(services.config, { token, kind: 'scim' })
          if (problem) output.warn(problem)
        })
      },
    )

  directory
    .command('list')
    .description('list the SCIM directories of a workspace')
    .option('--workspace <slug>', 'the workspace (default: the only one)')
    .option('--json', 'print one JSON object')
    .action(async (options: { workspace?: string }, command: Command) => {
      await withServices(command.optsWithGlobals<GlobalOptions>(), async (services, output) => {
        const workspace = await resolveWorkspace(services, options.workspace)
        const directories = await services.directories.list(workspace.id)
        output.result({ directories }, () =>
          directories.length === 0
            ? `No SCIM directories in ${workspace.slug}. Create one: rollcall directory create --workspace ${workspace.slug}`
            : directories
                .map((d) => `${d.id}\t${d.name}\t${d.settings.profile}\ttoken …${d.tokenHint}`)
                .join('\n'),
        )
      })
    })

  directory
    .command('rotate-token <id>')
    .description('issue a new bearer token; the old one stops working at once')
    .option('--json', 'print one JSON object')
    .action(async (id: string, _options: unknown, command: Command) => {
      await withServices(command.optsWithGlobals<GlobalOptions>(), async (services, output) => {
        const rotated = await services.directories.rotateToken({ id }, CLI_ACTOR)
        output.result(
          rotated,
          () => `New bearer token for ${rotated.id} (shown once): ${rotated.token}`,
        )
        const token = rotated.token
        const problem = await checkServerKnowsToken(services.config, { token, kind: 'scim' })
        if (problem) output.warn(problem)
      })
    })
}
