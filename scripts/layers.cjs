/**
 * The tiers of src/, lowest first, each with its domains in the order they may import each other:
 * a tier imports only the tiers below it, and inside a tier a domain imports only the domains
 * listed before it. One list for the lint rules (.dependency-cruiser.cjs), the architecture
 * report and the picture in docs/architecture.md (scripts/architecture.ts).
 */
const LAYERS = [
  ['shared', ['shared']],
  ['protocol', ['protocol/scim', 'protocol/scim-sql']],
  [
    'platform',
    [
      'platform/config',
      'platform/store',
      'platform/auth',
      'platform/audit',
      'platform/events',
      'platform/jobs',
      'platform/webhooks',
    ],
  ],
  ['integrations', ['integrations/catalog', 'integrations/connectors']],
  [
    'identity',
    [
      'identity/workspace',
      'identity/members',
      'identity/oauth',
      'identity/saml',
      'identity/directory',
      'identity/people',
    ],
  ],
  [
    'access',
    [
      'access/apps',
      'access/graph',
      'access/tasks',
      'access/reconcile',
      'access/safety',
      'access/apply',
      'access/windows',
      'access/lifecycle',
      'access/requests',
      'access/reviews',
      'access/trace',
    ],
  ],
  ['dev', ['dev/emulators', 'dev/demo']],
  ['surfaces', ['surfaces/console', 'surfaces/http', 'surfaces/cli']],
]

module.exports = { LAYERS }
