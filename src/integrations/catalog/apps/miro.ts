import type { CatalogEntry } from '../types.js'
import {
  assumed,
  documented,
  entitlement,
  limitHint,
  SECOND,
  scimCoreFields,
  scimProfile,
  stated,
  undocumented,
} from './entry-helpers.js'

const WINDOW = 30 * SECOND

export const miro: CatalogEntry = {
  id: 'miro',
  name: 'Miro',
  category: 'Whiteboard',
  hasUserApi: true,
  scim: {
    available: true,
    version: '2.0',
    planRequired: documented('Enterprise'),
    endpoint: documented('https://miro.com/api/v1/scim'),
  },
  auth: { method: 'bearer', notes: 'The SCIM token from the Enterprise SSO/SCIM settings.' },
  baseUrl: { kind: 'fixed', url: 'https://miro.com/api/v1/scim' },
  operations: [
    'list_accounts',
    'get_account',
    'create_account',
    'update_account',
    'deactivate_account',
    'reactivate_account',
    'delete_account',
    'list_groups',
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
        requests: 200,
        windowMs: WINDOW,
        scope: 'per token',
        appliesTo: 'GET /Users, GET /Users/{id}, POST /Users',
      },
      {
        requests: 100,
        windowMs: WINDOW,
        scope: 'per token',
        appliesTo: 'PUT and PATCH /Users/{id}',
      },
      { requests: 20, windowMs: WINDOW, scope: 'per token', appliesTo: 'DELETE /Users/{id}' },
      { requests: 5, windowMs: WINDOW, scope: 'per token', appliesTo: 'GET /Groups' },
      { requests: 20, windowMs: WINDOW, scope: 'per token', appliesTo: 'GET /Groups/{id}' },
    ],
    headers: undocumented(),
    retryAfter: undocumented(),
    hint: limitHint(100, WINDOW, 'PUT/PATCH limit: deactivation goes through PATCH'),
    notes: [
      'Group PATCH: 5 per 30 s above 500 bytes, 100 per 30 s below.',
      'One group PATCH syncs at most 8,000 members (800,000 bytes); beyond that it answers 413.',
    ],
  },
  webhooks: undocumented(),
  deactivation: {
    method: 'patch_active_false',
    semantics: 'soft',
    reversible: documented(true, 'active true'),
  },
  deletion: {
    supported: true,
    semantics: 'unknown',
    visibleAfterDelete: undocumented(),
    notes: 'DELETE has the tightest limit (20 per 30 s).',
  },
  groups: { supported: true, notes: 'Membership through group PATCH' },
  entitlements: [
    entitlement('group', 'group', 'scim_groups', {
      readOnly: assumed(true, 'The catalog lists no group create or update for Miro'),
      grants: stated('api', 'Membership through group PATCH'),
    }),
  ],
  limitations: ['Rate limits are subject to change without notice.'],
  watchOutFor: ['Listing groups is limited to 5 calls per 30 seconds.'],
  integration: { connector: 'scim', profile: scimProfile('miro') },
  sources: ['https://developers.miro.com/reference/rate-limits'],
}
