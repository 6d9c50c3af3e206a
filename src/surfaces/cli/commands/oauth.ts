import type { Command } from 'commander'
import { APP_SCOPES } from '../../../identity/oauth/index.js'
import type { GlobalOptions } from '../context.js'
import { withServices } from '../context.js'
import { CliError } from '../output.js'
import { resolveWorkspace } from '../resolve.js'
import { CLI_ACTOR } from './workspace.js'

const collect = (value: string, previous: string[] = []) => [...previous, value]

/** `rollcall oauth app create|list|rotate-secret`: OAuth apps of the hub's own provider. */
export function registerOAuth(program: Command): void {
  const app = program
    .command('oauth')
    .description("the hub's OAuth 2.0 provider")
    .command('app')
    .description('manage OAuth apps (authorization code clients)')

  app
    .command('create')
    .description('register an OAuth app; prints its client secret once')
    .option('--workspace <slug>', 'the workspace (default: the only one)')
    .requiredOption('--name <name>', 'the app name shown at consent')
    .requiredOption('--redirect-uri <uri>', 'an exact redirect URI (repeat for more)', collect)
    .requiredOption('--scopes <scopes>', `comma-separated: ${APP_SCOPES.join(', ')}`)
    .option('--pkce <policy>', 'required (default) or optional; S256 either way')
    .option('--json', 'print one JSON object')
    .action(async (options: AppCreateOptions, command: Command) => {
      await withServices(command.optsWithGlobals<GlobalOptions>(), async (services, output) => {
        const workspace = await resolveWorkspace(services, options.workspace)
        const { app: created, clientSecret } = await services.oauth.apps.create(
          {
            workspaceId: workspace.id,
            name: options.name,
            redirectUris: options.redirectUri,
            scopes: options.scopes,
            pkce: pkcePolicy(options.pkce),
          },
          CLI_ACTOR,
        )
        const { id, clientId, name, redirectUris, scopes, pkce } = created
        output.result({ id, clientId, clientSecret, name, redirectUris, scopes, pkce }, () =>
          [
            `Created OAuth app ${name} (${id}).`,
            `Client ID: ${clientId}`,
            `Client secret (shown once, store it now): ${clientSecret}`,
          ].join('\n'),
        )
      })
    })

  app
    .command('list')
    .description('list the OAuth apps of a workspace (never their secrets)')
    .option('--workspace <slug>', 'the workspace (default: the only one)')
    .option('--json', 'print one JSON object')
    .action(async (options: { workspace?: string }, command: Command) => {
      await withServices(command.optsWithGlobals<GlobalOptions>(), async (services, output) => {
        const workspace = await resolveWorkspace(services, options.workspace)
        const apps = await services.oauth.apps.list(workspace.id)
        output.result(
          { apps },
          () =>
            apps
              .map((a) => `${a.id}\t${a.name}\t${a.clientId}\t${a.scopes.join(',')}`)
              .join('\n') || `No OAuth apps in ${workspace.slug}.`,
        )
      })
    })

  app
    .command('rotate-secret <id>')
    .description('issue a new client secret; the old one stops working at once')
    .option('--json', 'print one JSON object')
    .action(async (id: string, _options: unknown, command: Command) => {
      await withServices(command.optsWithGlobals<GlobalOptions>(), async (services, output) => {
        const rotated = await services.oauth.apps.rotateSecret({ id }, CLI_ACTOR)
        output.result(
          rotated,
          () => `New client secret for ${rotated.clientId} (shown once): ${rotated.clientSecret}`,
        )
      })
    })
}

type AppCreateOptions = {
  workspace?: string
  name: string
  redirectUri: string[]
  scopes: string
  pkce?: string
}

function pkcePolicy(value: string | undefined): 'required' | 'optional' | undefined {
  if (value === undefined || value === 'required' || value === 'optional') return value
  throw new CliError('USAGE', '--pkce must be required or optional.')
}
