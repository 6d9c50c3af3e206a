import type { CatalogEntry } from '../types.js'
import { documented, entitlement, stated, undocumented } from './entry-helpers.js'

/** Samepage (seed 001): no user API, no SCIM, SAML SSO only; lifecycle is manual. */
export const samepage: CatalogEntry = {
  id: 'samepage',
  name: 'Samepage',
  category: 'Team collaboration',
  hasUserApi: false,
  scim: {
    available: false,
    planRequired: documented('Pro', 'The plan listed is for SAML SSO; SCIM itself is not offered'),
    note: 'No SCIM provisioning is documented in the Samepage help center.',
  },
  auth: { method: 'none', notes: 'No API. SAML SSO (Okta, Entra ID) on Pro and Enterprise.' },
  baseUrl: { kind: 'none' },
  operations: [],
  userFields: [],
  pagination: {
    method: 'none',
    defaultPageSize: undocumented('No API'),
    maxPageSize: undocumented('No API'),
    pointer: undocumented('No API'),
  },
  rateLimits: {
    published: [],
    headers: undocumented('No API'),
    retryAfter: undocumented('No API'),
    hint: undocumented('No API: nothing to rate-limit'),
  },
  webhooks: undocumented(
    'No webhooks; Zapier covers content events only, not user lifecycle events',
  ),
  deactivation: {
    method: 'manual',
    semantics: 'unknown',
    reversible: undocumented(),
    notes: 'An admin removes or deactivates the member under Members in the admin console.',
  },
  deletion: {
    supported: false,
    semantics: 'unknown',
    visibleAfterDelete: undocumented(),
    notes: 'Removal is manual, in the admin console.',
  },
  groups: { supported: false },
  entitlements: [
    entitlement('role', 'role', 'manual', {
      readOnly: stated(true, 'No API: roles exist only in the admin console'),
      grants: stated('manual', 'Seed 001: "role assignment is manual" in the admin console'),
    }),
  ],
  limitations: [
    'No public REST API, developer portal or documented endpoints.',
    'No SCIM: users are invited one by one by email from the admin console.',
    'Just-in-time provisioning through SAML is unconfirmed in the official docs.',
    'Endpoints exposed through third-party connectors (Zapier) are unsupported for user management.',
  ],
  watchOutFor: [
    'Revoking SSO access blocks login but leaves the Samepage account alive: residual access until someone removes it by hand.',
    'No lifecycle events exist, so the residual-access window must be measured from task completion.',
  ],
  integration: {
    connector: 'manual',
    reason: 'No user API and no SCIM: onboarding and offboarding become tasks for the app owner.',
  },
  sources: ['seed:001'],
}
