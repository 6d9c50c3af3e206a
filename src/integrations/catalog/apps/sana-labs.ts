import type { CatalogEntry } from '../types.js'
import { documented, field, scimProfile, undocumented } from './entry-helpers.js'

/** Sana Labs (seed 000): SCIM 2.0 only, Enterprise plan, nearly everything else undocumented. */
export const sanaLabs: CatalogEntry = {
  id: 'sana-labs',
  name: 'Sana Labs',
  category: 'Learning and knowledge platform',
  hasUserApi: true,
  scim: {
    available: true,
    version: '2.0',
    planRequired: documented('Enterprise'),
    endpoint: undocumented('Tenant-specific; generated in the Sana admin portal (SCIM settings)'),
  },
  auth: {
    method: 'bearer',
    notes: 'Tenant-specific bearer token generated next to the SCIM base URL in the admin portal.',
  },
  baseUrl: {
    kind: 'tenant',
    pattern: 'https://{tenantScimEndpoint}',
    note: 'Copy the whole base URL from the admin portal; it cannot be derived from the tenant name.',
  },
  operations: ['list_accounts', 'create_account', 'update_account', 'deactivate_account'],
  userFields: [
    field('userName', 'string', 'required', 'optional', 'Primary login, typically the work email'),
    field('active', 'boolean', 'optional', 'optional', 'Used for deprovisioning'),
    field(
      'name',
      'object',
      'optional',
      'optional',
      'givenName/familyName; validate in your tenant',
    ),
    field(
      'emails',
      'multi',
      'undocumented',
      'undocumented',
      'Mapped by IdPs; acceptance not documented',
    ),
  ],
  pagination: {
    method: 'offset',
    defaultPageSize: undocumented(),
    maxPageSize: undocumented('Page defensively: advance by what was received'),
    pointer: documented('startIndex / count'),
  },
  rateLimits: {
    published: [],
    headers: undocumented('No rate-limit headers are documented'),
    retryAfter: undocumented('No Retry-After behaviour is documented'),
    hint: undocumented(
      'Start conservative and adapt; validate in a test tenant before large syncs',
    ),
  },
  webhooks: undocumented('No webhook documentation exists; poll by listing'),
  deactivation: {
    method: 'patch_active_false',
    semantics: 'unknown',
    reversible: undocumented(),
    notes: 'PATCH /Users/{id} {"Operations":[{"op":"Replace","path":"active","value":false}]}.',
  },
  deletion: { supported: false, semantics: 'unknown', visibleAfterDelete: undocumented() },
  groups: { supported: false, notes: 'Group and role provisioning scope is not documented' },
  entitlements: [],
  limitations: [
    'SCIM requires the Enterprise plan; below it the provisioning UI does not appear at all.',
    'The SCIM base URL is provisioned per tenant; there is no static public base URL.',
    'Field mappings and schema extensions beyond the core attributes are not documented.',
    'No general REST API, no OAuth 2.0, no public API keys, no webhooks.',
  ],
  watchOutFor: [
    'Soft- versus hard-delete on deactivation is not documented: confirm with Sana support before compliance-sensitive offboarding.',
    'Validate PATCH behaviour and accepted attributes in a non-production tenant first.',
    'Rate limits and page sizes are undocumented: the connector starts slow and pages by what it receives.',
  ],
  integration: {
    connector: 'scim',
    profile: scimProfile('sana-labs', { patchOpCase: 'capitalized', pageSize: 50 }),
  },
  sources: ['seed:000'],
}
