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

export const box: CatalogEntry = {
  id: 'box',
  name: 'Box',
  category: 'File storage',
  hasUserApi: true,
  scim: { available: false, note: 'No public SCIM server; users are managed with the Users API.' },
  auth: {
    method: 'oauth2_client_credentials',
    notes:
      'A Client Credentials Grant app authorised in the Admin Console, with box_subject_type=enterprise and the "Manage users" scope.',
  },
  baseUrl: { kind: 'fixed', url: 'https://api.box.com/2.0' },
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
    field('login', 'string', 'required', 'optional', 'The email address'),
    field('name', 'string', 'required', 'optional'),
    field('status', 'string', 'optional', 'optional', 'active, inactive, cannot_delete_edit, ...'),
    field('role', 'string', 'optional', 'optional'),
    field('external_app_user_id', 'string', 'optional', 'optional'),
  ],
  pagination: {
    method: 'offset',
    defaultPageSize: undocumented(),
    maxPageSize: undocumented(),
    pointer: documented('offset / limit, or marker-based with usemarker'),
  },
  rateLimits: {
    published: [
      { requests: 1000, windowMs: MINUTE, scope: 'per user', appliesTo: 'general API calls' },
    ],
    headers: documented(['retry_after']),
    retryAfter: documented(true, '429 with retry-after'),
    hint: limitHint(1000, MINUTE),
    notes: [
      'Box may also throttle for quality of service and by the licensed monthly API allowance.',
    ],
  },
  webhooks: documented(
    false,
    'Webhooks cover files and folders; user changes are in enterprise events',
  ),
  deactivation: {
    method: 'api_call',
    semantics: 'soft',
    reversible: documented(true, 'status active'),
    notes: 'PUT /users/{id} {"status": "inactive"}.',
  },
  deletion: {
    supported: true,
    semantics: 'hard',
    visibleAfterDelete: undocumented(),
    notes: 'DELETE /users/{id}; force=true deletes a user who still owns content.',
  },
  groups: { supported: true },
  entitlements: [
    entitlement('group', 'group', 'manual', {
      readOnly: stated(true, 'No Box API connector yet: groups are read from uploads'),
      grants: stated(
        'manual',
        'Box has a Groups API, but no connector is built: membership changes are tasks',
      ),
    }),
  ],
  limitations: ['A user who owns content cannot be deleted without force or a transfer.'],
  watchOutFor: ['Transfer owned content before deleting, or it goes with the user.'],
  integration: {
    connector: 'manual',
    reason: 'No SCIM; a Box Users API connector is not built yet, so lifecycle runs as tasks.',
  },
  sources: ['https://developer.box.com/guides/api-calls/permissions-and-errors/rate-limits/'],
}
