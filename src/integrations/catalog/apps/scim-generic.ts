import type { CatalogEntry } from '../types.js'
import {
  documented,
  entitlement,
  scimCoreFields,
  scimProfile,
  stated,
  undocumented,
} from './entry-helpers.js'

/** Any SCIM 2.0 service provider, driven by RFC 7643/7644 alone. */
export const scimGeneric: CatalogEntry = {
  id: 'scim-generic',
  name: 'Generic SCIM 2.0',
  category: 'Any SCIM 2.0 service provider',
  hasUserApi: true,
  scim: {
    available: true,
    version: '2.0',
    planRequired: undocumented('Depends on the app'),
    endpoint: undocumented('Depends on the app; /ServiceProviderConfig describes what it supports'),
  },
  auth: {
    method: 'bearer',
    notes: 'Most SCIM servers take a bearer token (RFC 7644 §2); set the method per connection.',
  },
  baseUrl: { kind: 'tenant', pattern: 'https://{scimBaseUrl}' },
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
  userFields: scimCoreFields('optional'),
  pagination: {
    method: 'offset',
    defaultPageSize: undocumented('Per app'),
    maxPageSize: undocumented('ServiceProviderConfig filter.maxResults, when the app states it'),
    pointer: documented('startIndex / count (RFC 7644 §3.4.2.4)'),
  },
  rateLimits: {
    published: [],
    headers: undocumented('RFC 7644 defines none; read whatever the app sends'),
    retryAfter: undocumented(),
    hint: undocumented('Unknown app: start conservative and adapt'),
  },
  webhooks: documented(false, 'SCIM 2.0 defines no change events'),
  deactivation: {
    method: 'patch_active_false',
    semantics: 'unknown',
    reversible: undocumented('Usually PATCH active true; depends on the app'),
  },
  deletion: {
    supported: true,
    semantics: 'unknown',
    visibleAfterDelete: documented(false, 'RFC 7644 §3.6: a deleted resource answers 404'),
    notes: 'RFC 7644 §3.6 lets the service provider keep the data (soft delete) or not.',
  },
  groups: { supported: true },
  entitlements: [
    entitlement('group', 'group', 'scim_groups', {
      readOnly: stated(false, 'RFC 7644 §3.3 and §3.5 define Group writes; an app may refuse them'),
      grants: stated('api', 'RFC 7644 §3.5.2: PATCH add/remove of members'),
    }),
  ],
  limitations: ['Which filters, PATCH paths and extensions work differs from app to app.'],
  watchOutFor: [
    'Read /ServiceProviderConfig, /ResourceTypes and /Schemas before mapping attributes.',
    'PATCH op names are case-insensitive in practice but some servers accept only one case.',
  ],
  integration: {
    connector: 'scim',
    profile: scimProfile('scim-generic', { lookupFilters: ['userName', 'externalId'] }),
  },
  sources: [
    'https://datatracker.ietf.org/doc/html/rfc7643',
    'https://datatracker.ietf.org/doc/html/rfc7644',
  ],
}
