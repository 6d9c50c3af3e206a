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

/** Okta (seed 004): its Users API, as a source of people and as a target. */
export const okta: CatalogEntry = {
  id: 'okta',
  name: 'Okta',
  category: 'Identity provider',
  hasUserApi: true,
  scim: {
    available: false,
    note: 'Okta is a SCIM client (it pushes to apps); its own users are managed with the Users API.',
  },
  auth: {
    method: 'api_key_header',
    header: 'Authorization',
    prefix: 'SSWS ',
    notes:
      'An admin API token (seed 004 uses API keys); its scope is the scope of the admin who made it. Okta recommends an OAuth 2.0 service app with private_key_jwt and okta.* scopes for production (connection auth okta_private_key_jwt).',
  },
  baseUrl: { kind: 'tenant', pattern: 'https://{oktaDomain}/api/v1' },
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
    field('profile.login', 'string', 'required', 'optional', 'The username'),
    field('profile.email', 'string', 'required', 'optional'),
    field('profile.firstName', 'string', 'required', 'optional'),
    field('profile.lastName', 'string', 'required', 'optional'),
    field('profile.mobilePhone', 'string', 'optional', 'optional'),
    field(
      'activate',
      'boolean',
      'optional',
      'unsupported',
      'Query parameter of create, not a profile field',
    ),
  ],
  pagination: {
    method: 'link',
    defaultPageSize: undocumented('Set limit explicitly'),
    maxPageSize: documented(200, 'limit on GET /api/v1/users'),
    pointer: documented('Link: <...>; rel="next" (after cursor)'),
  },
  rateLimits: {
    published: [
      {
        requests: 600,
        windowMs: MINUTE,
        scope: 'per org (varies by plan; see the rate limit dashboard)',
        appliesTo: '/api/v1/users management calls',
      },
    ],
    headers: documented(
      ['x_rate_limit'],
      'X-Rate-Limit-Limit/-Remaining/-Reset (reset in UTC epoch seconds)',
    ),
    retryAfter: undocumented('Okta documents X-Rate-Limit-Reset for the wait'),
    hint: limitHint(600, MINUTE, 'Org-wide bucket shared with every other integration'),
    notes: [
      'Okta also limits concurrent transactions per org.',
      'Limits can be raised on request (DynamicScale for CIS customers).',
    ],
  },
  webhooks: documented(true, 'Event hooks deliver user lifecycle events'),
  deactivation: {
    method: 'api_call',
    semantics: 'soft',
    reversible: documented(true, 'POST /lifecycle/activate (or reactivate) brings the user back'),
    notes: 'POST /api/v1/users/{id}/lifecycle/deactivate; the user becomes DEPROVISIONED.',
  },
  deletion: {
    supported: true,
    semantics: 'hard',
    visibleAfterDelete: documented(false),
    notes: 'DELETE removes a deactivated user for good; on an active user it deactivates first.',
  },
  groups: { supported: true },
  entitlements: [
    entitlement('group', 'group', 'okta_groups', {
      readOnly: stated(
        false,
        'POST and PUT /api/v1/groups (Okta groups; APP_GROUP and BUILT_IN ones are not editable)',
      ),
      grants: stated('api', 'PUT and DELETE /api/v1/groups/{groupId}/users/{userId}'),
      notes:
        'Okta admin roles are assigned apart from groups (Administrator roles API) and are not read here.',
    }),
  ],
  limitations: [
    "Seed 004's connector is users-only and cannot run a filtered search.",
    'Seed 004 field restrictions: update changes only first name, last name, email, login and mobile phone; create sets only first name, last name, username, email, activated and mobile.',
    'Intended for Okta admins only.',
  ],
  watchOutFor: [
    'Rate limits are org-wide: a bulk sync can starve the Okta sign-in flows of other apps.',
    'An API token acts with its creator’s admin role; deactivating that admin revokes the token.',
  ],
  integration: { connector: 'okta', profile: 'okta-users-api' },
  sources: [
    'seed:004',
    'https://developer.okta.com/docs/reference/api/groups/',
    'https://developer.okta.com/docs/reference/rl-best-practices/',
    'https://developer.okta.com/docs/reference/rl-global-mgmt/',
    'https://developer.okta.com/docs/reference/rl-additional-limits/',
    'https://developer.okta.com/docs/reference/user-query',
    'https://developer.okta.com/docs/guides/implement-oauth-for-okta-serviceapp/main/',
  ],
}
