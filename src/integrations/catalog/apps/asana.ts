import type { CatalogEntry } from '../types.js'
import {
  assumed,
  documented,
  entitlement,
  field,
  limitHint,
  MINUTE,
  scimProfile,
  stated,
  undocumented,
} from './entry-helpers.js'

export const asana: CatalogEntry = {
  id: 'asana',
  name: 'Asana',
  category: 'Work management',
  hasUserApi: true,
  scim: {
    available: true,
    version: '2.0',
    planRequired: documented('Enterprise, Enterprise+ or Legacy Enterprise'),
    endpoint: documented('https://app.asana.com/api/1.0/scim'),
  },
  auth: {
    method: 'bearer',
    notes: 'Only service accounts of Enterprise domains can call the SCIM endpoints.',
  },
  baseUrl: { kind: 'fixed', url: 'https://app.asana.com/api/1.0/scim' },
  operations: [
    'list_accounts',
    'get_account',
    'create_account',
    'update_account',
    'deactivate_account',
    'delete_account',
    'list_groups',
    'manage_groups',
  ],
  userFields: [
    field('userName', 'string', 'required', 'optional', 'Must be an email address'),
    field('name.formatted', 'string', 'optional', 'optional'),
    field('name.givenName', 'string', 'optional', 'unsupported', 'PATCH: use name.formatted'),
    field('name.familyName', 'string', 'optional', 'unsupported', 'PATCH: use name.formatted'),
    field('emails', 'multi', 'optional', 'optional'),
    field('active', 'boolean', 'optional', 'optional', 'false deprovisions the user'),
    field('title', 'string', 'optional', 'optional'),
    field('preferredLanguage', 'string', 'optional', 'optional'),
  ],
  pagination: {
    method: 'offset',
    defaultPageSize: undocumented(),
    maxPageSize: undocumented(),
    pointer: undocumented('GET /Users is documented as returning the full list'),
  },
  rateLimits: {
    published: [
      {
        requests: 1500,
        windowMs: MINUTE,
        scope: 'per token (paid domain)',
        appliesTo: 'all API calls',
      },
      {
        requests: 150,
        windowMs: MINUTE,
        scope: 'per token (free domain)',
        appliesTo: 'all API calls',
      },
    ],
    headers: documented(['retry_after']),
    retryAfter: documented(true, '429 carries Retry-After in seconds'),
    hint: limitHint(1500, MINUTE, 'SCIM needs Enterprise, which is a paid domain'),
  },
  webhooks: undocumented('No user lifecycle webhooks documented for SCIM'),
  deactivation: {
    method: 'patch_active_false',
    semantics: 'soft',
    reversible: documented(false, 'Reactivating users is not supported through SCIM'),
    notes: 'active false (PUT or PATCH) deprovisions ("zombifies") the user.',
  },
  deletion: {
    supported: true,
    semantics: 'soft',
    visibleAfterDelete: undocumented(),
    notes: 'DELETE deprovisions ("zombifies") the user, like active false.',
  },
  groups: {
    supported: true,
    meaning: 'Asana teams',
    notes: 'Teams cannot be deleted through SCIM',
  },
  entitlements: [
    entitlement('group', 'team', 'scim_groups', {
      readOnly: stated(false, 'Teams are created and renamed through SCIM, not deleted'),
      grants: assumed(
        'api',
        'The catalog lists team management but not member changes; SCIM member PATCH (RFC 7644 §3.5.2) is assumed',
      ),
    }),
  ],
  limitations: [
    'GET /Users filters on userName only.',
    'Guest users are not returned by GET /Users.',
    'Reactivating users and deleting teams are not supported.',
  ],
  watchOutFor: [
    'A deprovisioned user cannot be brought back through SCIM: treat deactivation as final.',
  ],
  integration: { connector: 'scim', profile: scimProfile('asana') },
  sources: [
    'https://developers.asana.com/docs/scim',
    'https://help.asana.com/hc/en-us/articles/14150520592283-Provisioning-and-deprovisioning-users-with-SCIM',
    'https://developers.asana.com/jd/docs/rate-limits',
  ],
}
