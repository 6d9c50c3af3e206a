import type { CatalogEntry } from '../types.js'
import {
  documented,
  entitlement,
  HOUR,
  limitHint,
  MINUTE,
  scimCoreFields,
  scimProfile,
  stated,
  undocumented,
} from './entry-helpers.js'

export const githubEnterprise: CatalogEntry = {
  id: 'github-enterprise',
  name: 'GitHub Enterprise Cloud (Enterprise Managed Users)',
  category: 'Source control',
  hasUserApi: true,
  scim: {
    available: true,
    version: '2.0',
    planRequired: documented('GitHub Enterprise Cloud with Enterprise Managed Users'),
    endpoint: documented('https://api.github.com/scim/v2/enterprises/{enterprise}/'),
  },
  auth: {
    method: 'bearer',
    scopes: ['scim:enterprise'],
    notes: 'A personal access token (classic) of the setup user.',
  },
  baseUrl: { kind: 'tenant', pattern: 'https://api.github.com/scim/v2/enterprises/{enterprise}' },
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
  userFields: scimCoreFields(),
  pagination: {
    method: 'offset',
    defaultPageSize: undocumented(),
    maxPageSize: undocumented(),
    pointer: documented('startIndex / count'),
  },
  rateLimits: {
    published: [
      {
        requests: 5000,
        windowMs: HOUR,
        scope: 'per user or token',
        appliesTo: 'REST API primary limit',
      },
      {
        requests: 900,
        windowMs: MINUTE,
        scope: 'per endpoint (points)',
        appliesTo: 'REST secondary limit',
      },
    ],
    headers: documented(
      ['x_ratelimit', 'retry_after'],
      'x-ratelimit-* with reset in epoch seconds',
    ),
    retryAfter: documented(
      true,
      'Sent with secondary limits; otherwise wait for x-ratelimit-reset',
    ),
    hint: limitHint(5000, HOUR),
    notes: ['No more than 100 concurrent requests (secondary limit).'],
  },
  webhooks: documented(true, 'Organization webhooks report membership changes'),
  deactivation: {
    method: 'patch_active_false',
    semantics: 'soft',
    reversible: documented(true, 'active true unsuspends the managed user'),
    notes: 'active false suspends the managed user account.',
  },
  deletion: {
    supported: true,
    semantics: 'hard',
    visibleAfterDelete: undocumented(),
    notes: 'DELETE removes the SCIM identity and the managed user.',
  },
  groups: { supported: true, meaning: 'IdP groups linked to teams' },
  entitlements: [
    entitlement('group', 'IdP group (linked to teams)', 'scim_groups', {
      readOnly: stated(false),
      grants: stated('api'),
    }),
  ],
  limitations: [
    'These endpoints work only for Enterprise Managed Users; organization-level SCIM is a different API.',
  ],
  watchOutFor: [
    'Exceeding a limit answers 403 or 429; x-ratelimit-remaining 0 tells which.',
    'GitHub recommends testing provisioning isolated from production IdP data.',
  ],
  integration: {
    connector: 'scim',
    profile: scimProfile('github-enterprise', { lookupFilters: ['userName', 'externalId'] }),
  },
  sources: [
    'https://docs.github.com/en/rest/enterprise-admin/scim',
    'https://docs.github.com/en/enterprise-cloud@latest/admin/managing-iam/provisioning-user-accounts-for-enterprise-managed-users/provisioning-users-and-groups-with-scim-using-the-rest-api',
    'https://docs.github.com/rest/using-the-rest-api/rate-limits-for-the-rest-api',
  ],
}
