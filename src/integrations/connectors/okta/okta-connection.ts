import { z } from 'zod'
import type { CatalogEntry } from '../../catalog/index.js'
import {
  type Connection,
  connectionAuthSchema,
  connectionRateLimitSchema,
  connectionUrl,
} from '../connection.js'
import type { ConnectorManifest } from '../connector.js'
import { readSigningKey } from './okta-auth.js'

/**
 * An Okta connection (DESIGN: `{"type":"okta_api_token","orgUrl","token"}`, or an OAuth 2.0
 * service app with private_key_jwt). The API lives at `<orgUrl>/api/v1`, so `baseUrl` may be
 * left out; when given it must be the org's origin.
 */
export const oktaConnectionSchema = z
  .object({
    baseUrl: connectionUrl.optional(),
    auth: connectionAuthSchema,
    rateLimit: connectionRateLimitSchema.optional(),
  })
  .strict()
  .superRefine((connection, context) => {
    const { auth } = connection
    if (auth.type !== 'okta_api_token' && auth.type !== 'okta_private_key_jwt') {
      context.addIssue({
        code: 'custom',
        path: ['auth', 'type'],
        message:
          'Okta authenticates with {"type":"okta_api_token","orgUrl","token"} or {"type":"okta_private_key_jwt","orgUrl","clientId","privateKey","scopes"}',
      })
      return
    }
    if (connection.baseUrl && new URL(connection.baseUrl).origin !== new URL(auth.orgUrl).origin) {
      context.addIssue({ code: 'custom', path: ['baseUrl'], message: 'must be the orgUrl' })
    }
    if (auth.type === 'okta_private_key_jwt') checkKey(auth.privateKey, context)
  })
  .transform((connection): Connection<string> => {
    const orgUrl = 'orgUrl' in connection.auth ? connection.auth.orgUrl : ''
    return { ...connection, baseUrl: new URL(orgUrl).origin }
  })

function checkKey(privateKey: string, context: z.RefinementCtx): void {
  try {
    readSigningKey(privateKey)
  } catch (error) {
    const reason = error instanceof Error ? error.message : 'unreadable'
    context.addIssue({
      code: 'custom',
      path: ['auth', 'privateKey'],
      message: `not a usable private key (PEM or JWK): ${reason}`,
    })
  }
}

/**
 * The manifest of the Okta Users API connector: the catalog's operations, all implemented, and
 * groups as entitlements (listing them and their members; grants as membership changes).
 */
export function oktaManifest(entry: CatalogEntry): ConnectorManifest {
  return {
    id: entry.id,
    displayName: entry.name,
    configSchema: oktaConnectionSchema,
    capabilities: [...entry.operations, 'list_entitlements', 'manage_grants'],
    rateLimit: entry.rateLimits.hint,
  }
}
