import type { Command } from 'commander'
import { CONNECTION_SCOPES } from '../../../identity/oauth/index.js'
import type { GlobalOptions } from '../context.js'
import { withServices } from '../context.js'
import { resolveWorkspace } from '../resolve.js'
import { CLI_ACTOR } from './workspace.js'

/** `rollcall connection create|list|rotate-secret`: API connections (client credentials). */
export function registerConnection(program: Command): void {
  const connection = program
    .command('connection')
    .description('manage API connections: client credentials with an egress IP allowlist')

  connection
    .command('create')
    .description('create an API connection; prints its client secret once')
    .option('--workspace <slug>', 'the workspace (default: the only one)')
    .requiredOption('--allow-ip <cidrs>', 'egress IPv4/IPv6 CIDRs, comma-separated')
    .requiredOption('--scopes <scopes>', `comma-separated: ${CONNECTION_SCOPES.join(', ')}`)
    .option('--name <name>', 'what the connection is for')
    .option('--json', 'print one JSON object')
    .action(async (options: CreateOptions, command: Command) => {
      await withServices(command.optsWithGlobals<GlobalOptions>(), async (services, output) => {
        const workspace = await resolveWorkspace(services, options.workspace)
        const { connection: created, clientSecret } = await services.oauth.connections.create(
          {
            workspaceId: workspace.id,
            allowedIps: options.allowIp,
            scopes: options.scopes,
            ...(options.name ? { name: options.name } : {}),
          },
          CLI_ACTOR,
        )
        output.result({ id: created.id, clientId: created.clientId, clientSecret }, () =>
          [
            `Created API connection ${created.name} (${created.id}) for ${created.allowedIps.join(', ')}.`,
            `Client ID: ${created.clientId}`,
            `Client secret (shown once, store it now): ${clientSecret}`,
            `Token endpoint: ${services.config.server.publicUrl}/oauth/token (grant_type=client_credentials)`,
          ].join('\n'),
        )
      })
    })

  connection
    .command('list')
    .description('list the API connections of a workspace (never their secrets)')
    .option('--workspace <slug>', 'the workspace (default: the only one)')
    .option('--json', 'print one JSON object')
    .action(async (options: { workspace?: string }, command: Command) => {
      await withServices(command.optsWithGlobals<GlobalOptions>(), async (services, output) => {
        const workspace = await resolveWorkspace(services, options.workspace)
        const connections = await services.oauth.connections.list(workspace.id)
        output.result(
          { connections },
          () =>
            connections
              .map(
                (c) =>
                  `${c.id}\t${c.name}\t${c.clientId}\t${c.allowedIps.join(',')}\t${c.scopes.join(',')}`,
              )
              .join('\n') || `No API connections in ${workspace.slug}.`,
        )
      })
    })

  connection
    .command('rotate-secret <id>')
    .description('issue a new client secret; the old one stops working at once')
    .option('--json', 'print one JSON object')
    .action(async (id: string, _options: unknown, command: Command) => {
      await withServices(command.optsWithGlobals<GlobalOptions>(), async (services, output) => {
        const rotated = await services.oauth.connections.rotateSecret({ id }, CLI_ACTOR)
        output.result(
          rotated,
          () => `New client secret for ${rotated.clientId} (shown once): ${rotated.clientSecret}`,
        )
      })
    })
}

type CreateOptions = { workspace?: string; allowIp: string; scopes: string; name?: string }
