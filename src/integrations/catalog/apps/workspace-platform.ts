import type { CatalogEntry } from '../types.js'
import {
  documented,
  entitlement,
  field,
  scimProfile,
  stated,
  undocumented,
} from './entry-helpers.js'

/**
 * The workspace platform of seed 002: Rollcall's own kind of SCIM server (directories with a
 * bearer token each, /scim/v2 Users and Groups). Another Rollcall, or any service built the same
 * way, is a provisioning target through this entry.
 */
export const workspacePlatform: CatalogEntry = {
  id: 'workspace-platform',
  name: 'Workspace platform (SCIM directories)',
  category: 'Workspace platform',
  hasUserApi: true,
  scim: {
    available: true,
    version: '2.0',
    planRequired: documented('Enterprise', 'SAML and SCIM are enterprise-focused capabilities'),
    endpoint: documented('{baseUrl}/scim/v2'),
  },
  auth: {
    method: 'bearer',
    notes:
      'Bearer token tied to one SCIM directory (no session cookie); rotated with POST /scim/directories/:id/regenerate-token.',
  },
  baseUrl: { kind: 'tenant', pattern: 'https://{host}/scim/v2' },
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
    field('userName', 'string', 'required', 'optional', 'Unique; a duplicate answers 409'),
    field('active', 'boolean', 'optional', 'optional', 'false deactivates the workspace member'),
    field('name', 'object', 'undocumented', 'undocumented'),
    field('emails', 'multi', 'undocumented', 'undocumented'),
    field('externalId', 'string', 'undocumented', 'undocumented'),
  ],
  pagination: {
    method: 'offset',
    defaultPageSize: undocumented(),
    maxPageSize: undocumented(),
    pointer: documented('startIndex / count (RFC 7644 §3.4.2.4)'),
  },
  rateLimits: {
    published: [],
    headers: undocumented(),
    retryAfter: undocumented(),
    hint: undocumented(),
  },
  webhooks: undocumented(),
  deactivation: {
    method: 'patch_active_false',
    semantics: 'unknown',
    reversible: undocumented(),
    notes: 'IdP deactivation can auto-deactivate or remove the workspace member.',
  },
  deletion: { supported: true, semantics: 'unknown', visibleAfterDelete: undocumented() },
  groups: {
    supported: true,
    notes: 'Full replace (PUT) and PATCH member add/remove.',
  },
  entitlements: [
    entitlement('group', 'group', 'scim_groups', {
      readOnly: stated(false),
      grants: stated('api', 'Seed 002: PATCH member add/remove'),
    }),
  ],
  limitations: [
    'SCIM and SAML need the Enterprise plan (403 otherwise).',
    'Directory management (/scim/directories) needs a workspace admin; provisioning (/scim/v2) needs the directory token.',
  ],
  watchOutFor: [
    '400/422 invalid payloads, 401 bad tokens, 403 plan or permission, 404 unknown ids, 409 uniqueness conflicts.',
  ],
  integration: {
    connector: 'scim',
    profile: scimProfile('workspace-platform', { lookupFilters: ['userName', 'externalId'] }),
  },
  sources: ['seed:002'],
}
