import type { CatalogEntry } from '../types.js'
import { documented, scimCoreFields, scimProfile, undocumented } from './entry-helpers.js'

export const figma: CatalogEntry = {
  id: 'figma',
  name: 'Figma',
  category: 'Design',
  hasUserApi: true,
  scim: {
    available: true,
    version: '2.0',
    planRequired: documented('Organization or Enterprise (not Starter or Professional)'),
    endpoint: documented('https://www.figma.com/scim/v2/{tenantId}'),
  },
  auth: {
    method: 'bearer',
    notes:
      'An API token generated under Admin Settings > SCIM provisioning (shown once), distinct from REST API tokens; the tenant ID is shown there too.',
  },
  baseUrl: { kind: 'tenant', pattern: 'https://www.figma.com/scim/v2/{tenantId}' },
  operations: [
    'list_accounts',
    'get_account',
    'create_account',
    'update_account',
    'deactivate_account',
    'reactivate_account',
    'delete_account',
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
    hint: undocumented('No published SCIM limit'),
  },
  webhooks: undocumented('REST API webhooks cover files, not user lifecycle'),
  deactivation: {
    method: 'patch_active_false',
    semantics: 'unknown',
    reversible: undocumented(),
  },
  deletion: { supported: true, semantics: 'unknown', visibleAfterDelete: undocumented() },
  groups: { supported: false, notes: 'Group provisioning was not verified in the public docs' },
  entitlements: [],
  limitations: [
    'The SCIM API has its own base URL, endpoints and authentication, apart from REST.',
  ],
  watchOutFor: ['The SCIM token is shown once: store it before leaving the page.'],
  integration: { connector: 'scim', profile: scimProfile('figma') },
  sources: ['https://developers.figma.com/docs/rest-api/scim'],
}
