import type { Command } from 'commander'
import { SCOPES } from '../../../platform/auth/index.js'
import type { GlobalOptions } from '../context.js'
import { withServices } from '../context.js'
import { resolveWorkspace, usage } from '../resolve.js'
import { checkServerKnowsToken } from '../server-check.js'
import { CLI_ACTOR } from './workspace.js'

/** `rollcall token create|list|revoke`: management API tokens. */
export function registerToken(program: Command): void {
  const token = program.command('token').description('manage management-API tokens')

  token
    .command('create')
    .description('create a management API token; prints it once')
    .option('--workspace <slug>', 'the workspace (default: the only one)')
    .requiredOption('--scopes <scopes>', `comma-separated: ${SCOPES.join(', ')}`)
    .option('--name <name>', 'what the token is for')
    .option('--json', 'print one JSON object')
    .action(
      async (options: { workspace?: string; scopes: string; name?: string }, command: Command) => {
        const unknown = options.scopes
          .split(',')
          .map((scope) => scope.trim())
          .filter((scope) => !(SCOPES as readonly string[]).includes(scope))
        if (unknown.length > 0)
          throw usage(`Unknown scope ${unknown.join(', ')}: --scopes takes ${SCOPES.join(', ')}.`)
        await withServices(command.optsWithGlobals<GlobalOptions>(), async (services, output) => {
          const workspace = await resolveWorkspace(services, options.workspace)
          const created = await services.apiTokens.create(
            {
              workspaceId: workspace.id,
              scopes: options.scopes,
              ...(options.name ? { name: options.name } : {}),
            },
            CLI_ACTOR,
          )
          output.result(
            { id: created.id, token: created.token, scopes: created.scopes },
            () =>
              `Created token ${created.id} with ${created.scopes.join(', ')} (shown once): ${created.token}`,
          )
          const problem = await checkServerKnowsToken(services.config, {
            token: created.token,
            kind: 'management',
          })
          if (problem) output.warn(problem)
        })
      },
    )

  token
    .command('list')
    .description('list the tokens of a workspace (never their secrets)')
    .option('--workspace <slug>', 'the workspace (default: the only one)')
    .option('--json', 'print one JSON object')
    .action(async (options: { workspace?: string }, command: Command) => {
      await withServices(command.optsWithGlobals<GlobalOptions>(), async (services, output) => {
        const workspace = await resolveWorkspace(services, options.workspace)
        const tokens = await services.apiTokens.list(workspace.id)
        output.result(
          { tokens },
          () =>
            tokens
              .map(
                (t) =>
                  `${t.id}\t${t.name}\t${t.scopes.join(',')}\t…${t.hint}${t.revokedAt ? '\trevoked' : ''}`,
              )
              .join('\n') || 'No tokens.',
        )
      })
    })

  token
    .command('revoke <id>')
    .description('revoke a token at once')
    .option('--workspace <slug>', 'the workspace (default: the only one)')
    .option('--json', 'print one JSON object')
    .action(async (id: string, options: { workspace?: string }, command: Command) => {
      await withServices(command.optsWithGlobals<GlobalOptions>(), async (services, output) => {
        const workspace = await resolveWorkspace(services, options.workspace)
        await services.apiTokens.revoke({ workspaceId: workspace.id, id }, CLI_ACTOR)
        output.result({ id, revoked: true }, () => `Revoked token ${id}.`)
      })
    })
}
