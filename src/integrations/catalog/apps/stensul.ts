import type { CatalogEntry } from '../types.js'
import {
  assumed,
  documented,
  entitlement,
  field,
  scimProfile,
  stated,
  undocumented,
} from './entry-helpers.js'

/** Stensul (seed 003): SCIM behind OAuth client credentials and an IP allowlist, soft DELETE. */
export const stensul: CatalogEntry = {
  id: 'stensul',
  name: 'Stensul',
  category: 'Email creation',
  hasUserApi: true,
  scim: {
    available: true,
    version: '2.0',
    planRequired: undocumented('The public guide names no plan'),
    endpoint: undocumented('Given in the Stensul developer documentation, not in the public guide'),
    extraResources: ['Libraries'],
  },
  auth: {
    method: 'oauth2_client_credentials',
    notes:
      'Create an API Connection in Stensul for a client ID and secret (server-to-server OAuth 2.0); the egress IP addresses must be on the Stensul allowlist.',
  },
  baseUrl: {
    kind: 'undocumented',
    note: 'Not in the public guide; take it from the API connection',
  },
  operations: [
    'list_accounts',
    'get_account',
    'create_account',
    'update_account',
    'deactivate_account',
    'reactivate_account',
    'delete_account',
    'list_groups',
  ],
  userFields: [
    field('active', 'boolean', 'optional', 'optional', 'API only: not available in the Stensul UI'),
    field('userName', 'string', 'undocumented', 'undocumented'),
    field(
      'emails',
      'multi',
      'undocumented',
      'undocumented',
      'Soft-deleted users are found by email',
    ),
  ],
  pagination: {
    method: 'offset',
    defaultPageSize: undocumented(),
    maxPageSize: undocumented(),
    pointer: undocumented('SCIM lists page with startIndex/count (RFC 7644); the guide is silent'),
  },
  rateLimits: {
    published: [],
    headers: undocumented(),
    retryAfter: undocumented(),
    hint: undocumented('No published limit: start conservative'),
  },
  webhooks: undocumented(),
  deactivation: {
    method: 'patch_active_false',
    semantics: 'soft',
    reversible: documented(true, 'active accepts true or false through PUT or PATCH'),
    notes: 'Disabling keeps the entry; DELETE also disables (soft delete).',
  },
  deletion: {
    supported: true,
    semantics: 'soft',
    visibleAfterDelete: documented(false, 'Soft-deleted users never appear in any GET endpoint'),
    notes:
      'A soft-deleted user is retrieved with POST using the email address of the deleted user.',
  },
  groups: {
    supported: true,
    readOnly: true,
    meaning: 'Stensul roles (not "Workflow User Groups")',
    notes: 'Create, update and delete of groups are announced as "coming soon"; only GET works.',
  },
  entitlements: [
    entitlement('role', 'role', 'scim_groups', {
      readOnly: stated(
        true,
        'Seed 003: POST, PUT, PATCH and DELETE of a Group (Stensul role) are "Coming Soon"; GET works',
      ),
      grants: assumed(
        'api',
        'Seed 003 documents only GET for Groups and marks PATCH "Coming Soon". Rollcall assumes a role is granted by PATCH of the role\'s members (RFC 7644 §3.5.2); a refusal surfaces as a classified error. Verify in the tenant.',
      ),
      notes: 'SCIM Groups are Stensul roles, not "Workflow User Groups".',
    }),
  ],
  limitations: [
    'SCIM Groups are Stensul roles and are read-only for now.',
    'Libraries is a custom, non-SCIM resource; only listing is supported.',
    'Calls come only from allowlisted egress IP addresses.',
  ],
  watchOutFor: [
    'Deleted users vanish from GET: a deleted account reads as not found, which Rollcall treats as already gone.',
    'POST with the email of a soft-deleted user brings that user back rather than creating a new one; the lookup before create cannot see it.',
    'Discovery endpoints (Schemas, ResourceTypes, ServiceProviderConfig) describe the supported attributes: read them before mapping.',
  ],
  integration: {
    connector: 'scim',
    profile: scimProfile('stensul', {
      listsInactiveUsers: undocumented('Deleted users are hidden; disabled ones: not documented'),
    }),
  },
  sources: ['seed:003'],
}
