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

export const googleWorkspace: CatalogEntry = {
  id: 'google-workspace',
  name: 'Google Workspace',
  category: 'Productivity suite and directory',
  hasUserApi: true,
  scim: {
    available: false,
    note: 'No inbound SCIM server; users are managed with the Admin SDK Directory API.',
  },
  auth: {
    method: 'oauth2_jwt_bearer',
    scopes: ['https://www.googleapis.com/auth/admin.directory.user'],
    notes:
      'A service account with domain-wide delegation impersonating an admin (signed JWT grant); the admin role is checked in addition to the scope.',
  },
  baseUrl: { kind: 'fixed', url: 'https://admin.googleapis.com/admin/directory/v1' },
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
    field('primaryEmail', 'string', 'required', 'optional'),
    field('name.givenName', 'string', 'required', 'optional'),
    field('name.familyName', 'string', 'required', 'optional'),
    field('password', 'string', 'required', 'optional'),
    field('suspended', 'boolean', 'optional', 'optional'),
    field('externalIds', 'multi', 'optional', 'optional'),
  ],
  pagination: {
    method: 'cursor',
    defaultPageSize: documented(100),
    maxPageSize: documented(500),
    pointer: documented('pageToken / nextPageToken (maxResults)'),
  },
  rateLimits: {
    published: [
      {
        requests: 2400,
        windowMs: MINUTE,
        scope: 'per user per Google Cloud project (default quota)',
        appliesTo: 'Directory API queries',
      },
    ],
    headers: undocumented('No rate-limit headers are documented'),
    retryAfter: undocumented('Google recommends exponential backoff'),
    hint: limitHint(2400, MINUTE),
    notes: [
      'Exceeding it answers 403 userRateLimitExceeded; quotas can be raised in the Cloud console.',
    ],
  },
  webhooks: documented(true, 'Push notifications with users.watch channels'),
  deactivation: {
    method: 'api_call',
    semantics: 'soft',
    reversible: documented(true, 'suspended false restores sign-in'),
    notes: 'Suspend with users.update {suspended: true}.',
  },
  deletion: {
    supported: true,
    semantics: 'soft',
    visibleAfterDelete: documented(false, 'Listed only with showDeleted=true'),
    notes: 'Deleted users can be restored with users.undelete for 20 days.',
  },
  groups: { supported: true },
  entitlements: [
    entitlement('group', 'group', 'manual', {
      readOnly: stated(true, 'No Directory API connector yet'),
      grants: stated(
        'manual',
        'The Directory API manages groups, but no connector is built: membership changes are tasks',
      ),
    }),
  ],
  limitations: [
    'Works only inside a Google Workspace customer; consumer accounts have no directory.',
  ],
  watchOutFor: [
    'Throttling arrives as 403 (userRateLimitExceeded), not 429.',
    'Domain-wide delegation is granted per customer by a super admin.',
  ],
  integration: {
    connector: 'manual',
    reason:
      'No SCIM; an Admin SDK connector is not built yet, so lifecycle runs as tasks until then.',
  },
  sources: ['https://developers.google.com/admin-sdk/directory/v1/limits'],
}
