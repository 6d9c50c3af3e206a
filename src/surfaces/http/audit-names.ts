import type { AuditNames } from '../../platform/audit/index.js'
import type { Services } from './services.js'

/**
 * The names an audit export writes beside ids: members by email, management tokens, SCIM
 * directories and OAuth clients by name, apps by name. Read once per export (a workspace has
 * tens of these, not millions).
 */
export async function auditNames(services: Services, workspaceId: string): Promise<AuditNames> {
  const [members, tokens, directories, oauthApps, connections, apps] = await Promise.all([
    services.members.list(workspaceId),
    services.apiTokens.list(workspaceId),
    services.directories.list(workspaceId),
    services.oauth.apps.list(workspaceId),
    services.oauth.connections.list(workspaceId),
    services.apps.list(workspaceId),
  ])
  const actors = new Map<string, string>([
    ...members.map((m): [string, string] => [`user:${m.id}`, m.email]),
    ...tokens.map((t): [string, string] => [`api_token:${t.id}`, `token ${t.name}`]),
    ...directories.map((d): [string, string] => [`scim_directory:${d.id}`, `directory ${d.name}`]),
    ...[...oauthApps, ...connections].flatMap(
      (c): Array<[string, string]> => [
        [`oauth_client:${c.id}`, `OAuth client ${c.name}`],
        [`oauth_client:${c.clientId}`, `OAuth client ${c.name}`],
      ],
    ),
  ])
  return { actors, apps: new Map(apps.map((a) => [a.id, a.name])) }
}
