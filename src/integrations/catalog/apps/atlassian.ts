import type { CatalogEntry } from '../types.js'
import {
  documented,
  entitlement,
  field,
  scimProfile,
  stated,
  undocumented,
} from './entry-helpers.js'

export const atlassian: CatalogEntry = {
  id: 'atlassian',
  name: 'Atlassian Cloud (Jira, Confluence)',
  category: 'Work management',
  hasUserApi: true,
  scim: {
    available: true,
    version: '2.0',
    planRequired: documented('Atlassian Guard (formerly Atlassian Access)'),
    endpoint: documented('https://api.atlassian.com/scim/directory/{directoryId}'),
  },
  auth: {
    method: 'bearer',
    notes:
      'A directory API key (distinct from the organization admin API key), shown once; it can be regenerated in Identity providers.',
  },
  baseUrl: { kind: 'tenant', pattern: 'https://api.atlassian.com/scim/directory/{directoryId}' },
  operations: [
    'list_accounts',
    'get_account',
    'create_account',
    'update_account',
    'deactivate_account',
    'delete_account',
    'list_groups',
    'manage_groups',
    'manage_memberships',
  ],
  userFields: [
    field('userName', 'string', 'required', 'optional'),
    field('emails', 'multi', 'required', 'optional', 'Must be on a verified domain of the org'),
    field('name', 'object', 'optional', 'optional'),
    field('displayName', 'string', 'optional', 'optional'),
    field('active', 'boolean', 'optional', 'optional'),
    field('externalId', 'string', 'optional', 'optional'),
  ],
  pagination: {
    method: 'offset',
    defaultPageSize: documented(100),
    maxPageSize: documented(100),
    pointer: documented('startIndex / count'),
  },
  rateLimits: {
    published: [],
    headers: undocumented('Not documented for the user provisioning API'),
    retryAfter: undocumented(),
    hint: undocumented('No published limit for user provisioning'),
  },
  webhooks: undocumented(),
  deactivation: {
    method: 'patch_active_false',
    semantics: 'soft',
    reversible: documented(false, 'Only from Atlassian Administration, not through SCIM'),
  },
  deletion: {
    supported: true,
    semantics: 'soft',
    visibleAfterDelete: documented(false),
    notes:
      'DELETE unlinks the SCIM record and deactivates a managed account; only a new create brings it back into SCIM.',
  },
  groups: { supported: true },
  entitlements: [
    entitlement('group', 'group', 'scim_groups', {
      readOnly: stated(false),
      grants: stated('api'),
    }),
  ],
  limitations: [
    'Filtering supports a single eq on userName or externalId; no sorting.',
    'Accounts are created only for emails on a verified domain; an existing managed account is linked instead.',
  ],
  watchOutFor: [
    'A deactivated user disappears from GET /Users and answers 404 to every call until reactivated in Atlassian Administration.',
    'Creating a user that already exists answers 409.',
  ],
  integration: {
    connector: 'scim',
    profile: scimProfile('atlassian', {
      lookupFilters: ['userName', 'externalId'],
      listsInactiveUsers: documented(false, 'Get users lists active users only'),
    }),
  },
  sources: [
    'https://developer.atlassian.com/cloud/admin/user-provisioning/rest/intro/',
    'https://support.atlassian.com/atlassian-cloud/kb/how-to-fetch-all-users-via-user-provisioning-scim-api/',
    'https://jira.atlassian.com/browse/ACCESS-1293',
  ],
}
