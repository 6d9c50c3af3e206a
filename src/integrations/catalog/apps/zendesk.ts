import type { CatalogEntry } from '../types.js'
import {
  documented,
  entitlement,
  field,
  limitHint,
  MINUTE,
  stated,
  undocumented,
} from './entry-helpers.js'

export const zendesk: CatalogEntry = {
  id: 'zendesk',
  name: 'Zendesk',
  category: 'Customer support',
  hasUserApi: true,
  scim: {
    available: false,
    note: 'No SCIM server documented for custom clients; use the Users API.',
  },
  auth: {
    method: 'basic',
    notes: 'HTTP Basic with "{email}/token" and an API token; an OAuth bearer token also works.',
  },
  baseUrl: { kind: 'tenant', pattern: 'https://{subdomain}.zendesk.com/api/v2' },
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
    field('name', 'string', 'required', 'optional'),
    field('email', 'string', 'optional', 'optional'),
    field('role', 'string', 'optional', 'optional', 'end-user, agent or admin'),
    field('external_id', 'string', 'optional', 'optional'),
    field('suspended', 'boolean', 'optional', 'optional'),
  ],
  pagination: {
    method: 'cursor',
    defaultPageSize: undocumented(),
    maxPageSize: documented(100, 'page[size]'),
    pointer: documented('links.next and meta.has_more (cursor pagination)'),
  },
  rateLimits: {
    published: [
      {
        requests: 200,
        windowMs: MINUTE,
        scope: 'per account (Suite Team)',
        appliesTo: 'Support API',
      },
      {
        requests: 400,
        windowMs: MINUTE,
        scope: 'per account (Suite Growth, Professional)',
        appliesTo: 'Support API',
      },
      {
        requests: 700,
        windowMs: MINUTE,
        scope: 'per account (Suite Enterprise)',
        appliesTo: 'Support API',
      },
      {
        requests: 2500,
        windowMs: MINUTE,
        scope: 'per account (High Volume add-on)',
        appliesTo: 'Support API',
      },
      {
        requests: 100,
        windowMs: MINUTE,
        scope: 'per account',
        appliesTo: 'List Users above page 10,000',
      },
    ],
    headers: documented(
      ['x_rate_limit', 'retry_after', 'ietf_ratelimit'],
      'X-Rate-Limit and X-Rate-Limit-Remaining; ticketing APIs such as Users add further rate-limit headers',
    ),
    retryAfter: documented(true, '429 carries Retry-After in seconds'),
    hint: limitHint(200, MINUTE, 'Lowest Suite plan; the headers raise it for bigger plans'),
  },
  webhooks: documented(true, 'Webhooks can subscribe to user events'),
  deactivation: {
    method: 'api_call',
    semantics: 'soft',
    reversible: documented(true, 'suspended false'),
    notes: 'PUT /users/{id} {"user": {"suspended": true}}.',
  },
  deletion: {
    supported: true,
    semantics: 'soft',
    visibleAfterDelete: undocumented(),
    notes: 'DELETE soft-deletes; permanent deletion is a separate call on a deleted user.',
  },
  groups: { supported: true, meaning: 'Agent groups' },
  entitlements: [
    entitlement('group', 'agent group', 'manual', {
      readOnly: stated(true, 'No Zendesk API connector yet'),
      grants: stated(
        'manual',
        'Zendesk has group memberships in its API, but no connector is built: changes are tasks',
      ),
    }),
  ],
  limitations: ['Offset pagination is throttled on deep pages; use cursor pagination.'],
  watchOutFor: [
    'The header is X-Rate-Limit (not X-RateLimit-Limit).',
    'Unusual spikes across the account can be throttled below the plan limit.',
  ],
  integration: {
    connector: 'manual',
    reason: 'No SCIM; a Zendesk Users API connector is not built yet, so lifecycle runs as tasks.',
  },
  sources: [
    'https://developer.zendesk.com/api-reference/introduction/rate-limits',
    'https://support.zendesk.com/hc/en-us/articles/4408834530458-Announcing-volume-rate-limits-on-selected-Support-endpoints-starting-November-5-2020-PST',
  ],
}
