import type { CatalogEntry } from '../types.js'
import {
  documented,
  entitlement,
  field,
  limitHint,
  MINUTE,
  scimProfile,
  stated,
  undocumented,
} from './entry-helpers.js'

export const slack: CatalogEntry = {
  id: 'slack',
  name: 'Slack',
  category: 'Messaging',
  hasUserApi: true,
  scim: {
    available: true,
    version: '2.0',
    planRequired: documented('Business+ or Enterprise Grid'),
    endpoint: documented('https://api.slack.com/scim/v2/', 'SCIM 1.1 remains at /scim/v1/'),
  },
  auth: {
    method: 'bearer',
    scopes: ['admin'],
    notes: 'An OAuth user token with the admin scope, from an org owner or admin.',
  },
  baseUrl: { kind: 'fixed', url: 'https://api.slack.com/scim/v2' },
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
    field('userName', 'string', 'required', 'optional'),
    field('emails', 'multi', 'required', 'optional', 'At least one email address on create'),
    field('name', 'object', 'optional', 'optional'),
    field('displayName', 'string', 'optional', 'optional'),
    field('active', 'boolean', 'optional', 'optional'),
  ],
  pagination: {
    method: 'offset',
    defaultPageSize: undocumented(),
    maxPageSize: undocumented("Slack's SDK examples request count=1000"),
    pointer: documented('startIndex / count'),
  },
  rateLimits: {
    published: [
      {
        requests: 600,
        windowMs: MINUTE,
        scope: 'per org, all SCIM apps',
        appliesTo: 'all writes (burst 180)',
      },
      {
        requests: 1000,
        windowMs: MINUTE,
        scope: 'per org, all SCIM apps',
        appliesTo: 'all reads (burst 1000)',
      },
      { requests: 180, windowMs: MINUTE, scope: 'per org', appliesTo: 'POST /Users (burst 20)' },
      {
        requests: 180,
        windowMs: MINUTE,
        scope: 'per org',
        appliesTo: 'PUT or PATCH /Users/{id} (burst 20)',
      },
      {
        requests: 180,
        windowMs: MINUTE,
        scope: 'per org',
        appliesTo: 'DELETE /Users/{id} (burst 20)',
      },
      {
        requests: 300,
        windowMs: MINUTE,
        scope: 'per org',
        appliesTo: 'GET /Users/{id} (burst 300)',
      },
    ],
    headers: documented(['retry_after']),
    retryAfter: documented(true, 'Parse Retry-After on a 429 and wait that long'),
    hint: limitHint(180, MINUTE, 'The per-endpoint user write limit'),
    notes: [
      'SCIM limits apply to all SCIM apps in the org together, unlike most Slack API limits.',
      'Small bursts above the limit are accepted.',
    ],
  },
  webhooks: { ...documented(true, 'Events API, not SCIM'), events: ['team_join', 'user_change'] },
  deactivation: {
    method: 'patch_active_false',
    semantics: 'soft',
    reversible: documented(true, 'PATCH active true reactivates'),
    notes: 'DELETE /Users/{id} also deactivates rather than erases.',
  },
  deletion: {
    supported: true,
    semantics: 'soft',
    visibleAfterDelete: undocumented(),
    notes: 'SCIM DELETE deactivates the Slack account; it is not erased.',
  },
  groups: { supported: true },
  entitlements: [
    entitlement('group', 'user group', 'scim_groups', {
      readOnly: stated(false),
      grants: stated('api'),
    }),
  ],
  limitations: ['Only on Business+ and Enterprise Grid.'],
  watchOutFor: [
    'The rate limits are shared with every other SCIM app of the org (the IdP too).',
    'An email given as userName is converted by Slack; map userName explicitly.',
  ],
  integration: { connector: 'scim', profile: scimProfile('slack', { pageSize: 200 }) },
  sources: [
    'https://docs.slack.dev/reference/scim-api/scim-api',
    'https://docs.slack.dev/reference/scim-api/rate-limits',
    'https://slack.dev/python-slack-sdk/scim/index.html',
  ],
}
