import type { CatalogEntry } from '../types.js'
import {
  documented,
  entitlement,
  SECOND,
  scimCoreFields,
  scimProfile,
  stated,
  undocumented,
} from './entry-helpers.js'

export const zoom: CatalogEntry = {
  id: 'zoom',
  name: 'Zoom',
  category: 'Video meetings',
  hasUserApi: true,
  scim: {
    available: true,
    version: '2.0',
    planRequired: documented('Business or Education account with an approved vanity URL and SSO'),
    endpoint: documented('https://api.zoom.us/scim2'),
  },
  auth: {
    method: 'oauth2_client_credentials',
    scopes: ['scim2'],
    notes:
      'A server-to-server OAuth app with the SCIM2 scope; Zoom uses grant_type=account_credentials with account_id instead of client_credentials.',
  },
  baseUrl: { kind: 'fixed', url: 'https://api.zoom.us/scim2' },
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
        requests: 80,
        windowMs: SECOND,
        scope: 'per account, all apps (Business+)',
        appliesTo: 'Light APIs',
      },
      {
        requests: 60,
        windowMs: SECOND,
        scope: 'per account, all apps (Business+)',
        appliesTo: 'Medium APIs',
      },
      {
        requests: 40,
        windowMs: SECOND,
        scope: 'per account, all apps (Business+)',
        appliesTo: 'Heavy APIs',
      },
    ],
    headers: undocumented('Zoom documents no rate-limit headers; excess answers 429'),
    retryAfter: undocumented(),
    hint: undocumented(
      "Each endpoint's Rate Limit Label picks the category; the SCIM2 labels were not verified here",
    ),
    notes: ['Limits are per account and shared by every app installed on it.'],
  },
  webhooks: {
    ...documented(true, 'Account event subscriptions'),
    events: ['user.created', 'user.deactivated', 'user.deleted'],
  },
  deactivation: {
    method: 'patch_active_false',
    semantics: 'soft',
    reversible: documented(true, 'active true reactivates'),
  },
  deletion: { supported: true, semantics: 'unknown', visibleAfterDelete: undocumented() },
  groups: { supported: true },
  entitlements: [
    entitlement('group', 'group', 'scim_groups', {
      readOnly: stated(false),
      grants: stated('api'),
    }),
  ],
  limitations: ['SCIM needs SSO and an approved vanity URL.'],
  watchOutFor: ['Send Accept: application/scim+json on SCIM calls.'],
  integration: { connector: 'scim', profile: scimProfile('zoom') },
  sources: [
    'https://developers.zoom.us/docs/api/rest/scim-api/',
    'https://developers.zoom.us/docs/commerce/rate-limits/',
  ],
}
