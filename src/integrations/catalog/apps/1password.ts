import type { CatalogEntry } from '../types.js'
import {
  documented,
  entitlement,
  scimCoreFields,
  scimProfile,
  stated,
  undocumented,
} from './entry-helpers.js'

export const onePassword: CatalogEntry = {
  id: '1password',
  name: '1Password',
  category: 'Password manager',
  hasUserApi: true,
  scim: {
    available: true,
    version: '2.0',
    planRequired: documented('Business or Enterprise'),
    endpoint: documented('The URL of your self-hosted 1Password SCIM Bridge'),
  },
  auth: {
    method: 'bearer',
    notes:
      'The bearer token generated when the SCIM Bridge is set up in the 1Password admin console.',
  },
  baseUrl: {
    kind: 'tenant',
    pattern: 'https://{scimBridgeDomain}',
    note: 'The bridge runs on your infrastructure (with a Redis cache) so encryption keys stay with you.',
  },
  operations: [
    'list_accounts',
    'get_account',
    'create_account',
    'update_account',
    'deactivate_account',
    'reactivate_account',
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
    published: [],
    headers: undocumented(),
    retryAfter: undocumented(),
    hint: undocumented('Self-hosted bridge: no published limit'),
  },
  webhooks: undocumented(),
  deactivation: {
    method: 'patch_active_false',
    semantics: 'soft',
    reversible: documented(true, 'Suspended users can be reactivated'),
    notes: 'Deprovisioning suspends the 1Password user.',
  },
  deletion: {
    supported: false,
    semantics: 'unknown',
    visibleAfterDelete: undocumented(),
    notes: 'Deleting users through the bridge is not documented.',
  },
  groups: { supported: true },
  entitlements: [
    entitlement('group', 'group', 'scim_groups', {
      readOnly: stated(false),
      grants: stated('api'),
    }),
  ],
  limitations: ['Provisioning works only while your SCIM Bridge is up and reachable.'],
  watchOutFor: [
    'The bridge needs TLS; Let’s Encrypt on port 80 is the default, so firewall rules matter.',
  ],
  integration: { connector: 'scim', profile: scimProfile('1password') },
  sources: [
    'https://github.com/1Password/scim-examples/blob/main/PREPARATION.md',
    'https://support.1password.com/scim/',
  ],
}
