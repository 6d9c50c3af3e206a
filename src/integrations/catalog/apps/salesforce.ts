import type { CatalogEntry } from '../types.js'
import {
  assumed,
  DAY,
  documented,
  entitlement,
  field,
  limitHint,
  scimProfile,
  stated,
  undocumented,
} from './entry-helpers.js'

export const salesforce: CatalogEntry = {
  id: 'salesforce',
  name: 'Salesforce',
  category: 'CRM',
  hasUserApi: true,
  scim: {
    available: true,
    version: '2.0',
    planRequired: documented('All editions'),
    endpoint: documented('https://{myDomain}.my.salesforce.com/services/scim/v2'),
  },
  auth: {
    method: 'oauth2_client_credentials',
    notes:
      'Every SCIM call needs an OAuth 2.0 access token; a connected app with the client credentials flow runs as its configured user.',
  },
  baseUrl: { kind: 'tenant', pattern: 'https://{myDomain}.my.salesforce.com/services/scim/v2' },
  operations: [
    'list_accounts',
    'get_account',
    'create_account',
    'update_account',
    'deactivate_account',
    'reactivate_account',
    'list_groups',
    'manage_memberships',
  ],
  userFields: [
    field('userName', 'string', 'required', 'optional', 'Salesforce usernames are email-shaped'),
    field('emails', 'multi', 'required', 'optional'),
    field('name', 'object', 'undocumented', 'undocumented'),
    field('active', 'boolean', 'optional', 'optional'),
    field('entitlements', 'multi', 'undocumented', 'undocumented', 'Profiles and permission sets'),
  ],
  pagination: {
    method: 'offset',
    defaultPageSize: undocumented(),
    maxPageSize: undocumented(),
    pointer: documented('startIndex / count'),
  },
  rateLimits: {
    published: [
      {
        requests: 100_000,
        windowMs: DAY,
        scope: 'per org, rolling 24 h, plus an allocation per license',
        appliesTo: 'all REST and SOAP API requests',
      },
    ],
    headers: documented(['vendor_specific'], 'Sforce-Limit-Info: api-usage=used/limit'),
    retryAfter: undocumented('Exhaustion answers 403 REQUEST_LIMIT_EXCEEDED'),
    hint: limitHint(
      100_000,
      DAY,
      'Base daily allocation; shared with every integration of the org',
    ),
    notes: ['At most 25 concurrent requests lasting 20 seconds or more in production orgs.'],
  },
  webhooks: undocumented('No user webhooks in the SCIM API'),
  deactivation: {
    method: 'patch_active_false',
    semantics: 'soft',
    reversible: documented(true, 'Reactivate by setting active true'),
    notes: 'A deactivated user can still be queried but cannot log in; the license is freed.',
  },
  deletion: {
    supported: false,
    semantics: 'soft',
    visibleAfterDelete: undocumented('Not applicable: users are never deleted'),
    notes: 'Salesforce deactivates user objects rather than deleting them.',
  },
  groups: {
    supported: true,
    meaning: 'Groups, roles and entitlements (profiles, permission sets)',
  },
  entitlements: [
    entitlement('group', 'public group', 'scim_groups', {
      readOnly: assumed(true, 'The catalog lists no group create or update for Salesforce SCIM'),
      grants: stated('api'),
      notes:
        'Roles, profiles and permission sets are separate SCIM resources (Roles, Entitlements) that Rollcall does not read yet.',
    }),
  ],
  limitations: ['Users cannot be deleted, only deactivated.'],
  watchOutFor: [
    'The daily API allocation is shared with every other integration: a large sync can exhaust it.',
    'Throttling arrives as 403 REQUEST_LIMIT_EXCEEDED, not 429.',
  ],
  integration: { connector: 'scim', profile: scimProfile('salesforce') },
  sources: [
    'https://help.salesforce.com/s/articleView?id=sf.identity_scim_overview.htm&language=en_US&type=5',
    'https://developer.salesforce.com/docs/platform/salesforce-app-limits-cheatsheet/guide/salesforce-app-limits-platform-api.html',
  ],
}
