import type { CatalogEntry } from '../types.js'
import {
  documented,
  entitlement,
  field,
  limitHint,
  MINUTE,
  SECOND,
  stated,
} from './entry-helpers.js'

export const microsoft365: CatalogEntry = {
  id: 'microsoft-365',
  name: 'Microsoft 365 (Entra ID through Microsoft Graph)',
  category: 'Productivity suite and directory',
  hasUserApi: true,
  scim: {
    available: false,
    note: 'Entra ID is a SCIM client; its own users are managed through Microsoft Graph.',
  },
  auth: {
    method: 'oauth2_client_credentials',
    scopes: ['https://graph.microsoft.com/.default'],
    notes:
      'An app registration with the application permission User.ReadWrite.All and admin consent; token from the tenant endpoint.',
  },
  baseUrl: { kind: 'fixed', url: 'https://graph.microsoft.com/v1.0' },
  operations: [
    'list_accounts',
    'get_account',
    'create_account',
    'update_account',
    'deactivate_account',
    'reactivate_account',
    'delete_account',
    'list_groups',
    'manage_groups',
    'manage_memberships',
  ],
  userFields: [
    field('userPrincipalName', 'string', 'required', 'optional'),
    field('displayName', 'string', 'required', 'optional'),
    field('mailNickname', 'string', 'required', 'optional'),
    field('accountEnabled', 'boolean', 'required', 'optional'),
    field('passwordProfile', 'object', 'required', 'optional'),
    field('givenName', 'string', 'optional', 'optional'),
    field('surname', 'string', 'optional', 'optional'),
  ],
  pagination: {
    method: 'cursor',
    defaultPageSize: documented(100),
    maxPageSize: documented(999, '$top on /users'),
    pointer: documented('@odata.nextLink'),
  },
  rateLimits: {
    published: [
      {
        requests: 130_000,
        windowMs: 10 * SECOND,
        scope: 'per app across all tenants',
        appliesTo: 'every Graph request (global limit)',
      },
      {
        requests: 3000,
        windowMs: 2.5 * MINUTE,
        scope: 'per app and tenant',
        appliesTo: 'identity and access writes',
      },
      {
        requests: 18_000,
        windowMs: 5 * MINUTE,
        scope: 'per tenant, all apps',
        appliesTo: 'identity and access writes',
      },
    ],
    headers: documented(['retry_after']),
    retryAfter: documented(true, 'Throttled answers are 429 with Retry-After'),
    hint: limitHint(3000, 2.5 * MINUTE, 'Identity and access write quota per app and tenant'),
    notes: ['Reads are metered in resource units (3,500 to 8,000 per 10 s by tenant size).'],
  },
  webhooks: documented(true, 'Change notifications (subscriptions) on users'),
  deactivation: {
    method: 'api_call',
    semantics: 'soft',
    reversible: documented(true, 'accountEnabled true'),
    notes: 'PATCH /users/{id} {"accountEnabled": false}.',
  },
  deletion: {
    supported: true,
    semantics: 'soft',
    visibleAfterDelete: documented(false, 'Deleted users move to deleted items'),
    notes: 'Deleted users can be restored from deleted items for 30 days.',
  },
  groups: { supported: true },
  entitlements: [
    entitlement('group', 'group', 'manual', {
      readOnly: stated(true, 'No Microsoft Graph connector yet'),
      grants: stated(
        'manual',
        'Microsoft Graph manages groups, but no connector is built: membership changes are tasks',
      ),
    }),
  ],
  limitations: ['The first limit reached among several (per app, per tenant, global) throttles.'],
  watchOutFor: ['Disabling the account does not revoke issued refresh tokens by itself.'],
  integration: {
    connector: 'manual',
    reason: 'No SCIM; a Microsoft Graph connector is not built yet, so lifecycle runs as tasks.',
  },
  sources: [
    'https://learn.microsoft.com/graph/throttling-limits',
    'https://github.com/microsoftgraph/microsoft-graph-docs-contrib/blob/main/concepts/throttling-limits.md',
  ],
}
