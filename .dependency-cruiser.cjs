/**
 * Who may import whom (docs/architecture.md). `src/` is grouped into tiers, lowest first; a tier
 * imports only the tiers below it, and inside a tier a domain imports only the domains listed
 * before it (LAYERS below is the one list of both). The SCIM protocol core stays pure: it
 * imports only shared and itself. Another domain is reached through its index.ts.
 */

const { LAYERS } = require('./scripts/layers.cjs')

const escapeRegex = (text) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
const folder = (domain) => `^src/${escapeRegex(domain)}(/|\\.ts$)`

/** A tier never imports a tier above it. */
const tierRules = LAYERS.slice(0, -1).map(([tier], i) => {
  const above = LAYERS.slice(i + 1).map(([name]) => name)
  return {
    name: `tier-${tier}`,
    comment: `${tier} imports only the tiers below it, never ${above.join(', ')} (or main.ts)`,
    severity: 'error',
    from: { path: `^src/${tier}/` },
    to: { path: [...above.map((name) => `^src/${name}/`), '^src/main\\.ts$'] },
  }
})

/** Inside a tier, a domain imports only the domains listed before it. */
const domainRules = LAYERS.flatMap(([tier, domains]) =>
  domains.slice(0, -1).map((domain, i) => ({
    name: `order-${domain.replace('/', '-')}`,
    comment: `${domain} may import ${domains.slice(0, i).join(', ') || 'no other domain of ' + tier}; never ${domains.slice(i + 1).join(', ')}`,
    severity: 'error',
    from: { path: folder(domain) },
    to: { path: domains.slice(i + 1).map(folder) },
  })),
)

module.exports = {
  forbidden: [
    ...tierRules,
    ...domainRules,
    {
      name: 'shared-imports-nothing-of-ours',
      severity: 'error',
      from: { path: '^src/shared/' },
      to: { path: '^src/', pathNot: '^src/shared/' },
    },
    { name: 'no-circular', severity: 'error', from: {}, to: { circular: true } },
    {
      name: 'scim-core-is-pure',
      comment:
        'src/protocol/scim/{filter,patch,schemas} and the protocol files beside them import only shared and the core itself',
      severity: 'error',
      from: { path: '^src/protocol/scim/(filter|patch|schemas|[^/]+\\.ts$)' },
      to: {
        path: '^src/',
        pathNot: [
          '^src/shared/',
          '^src/protocol/scim/(filter|patch|schemas)/',
          '^src/protocol/scim/[^/]+\\.ts$',
        ],
      },
    },
    {
      name: 'scim-core-no-io',
      comment: 'the protocol core does no I/O',
      severity: 'error',
      from: { path: '^src/protocol/scim/(filter|patch|schemas)/' },
      to: {
        path: '^(node:)?(fs|net|http|https|child_process|dgram|dns|tls)$',
        dependencyTypes: ['core'],
      },
    },
    {
      name: 'other-domains-through-their-index',
      comment:
        'another domain is imported only through its index.ts (the SCIM core, the store and shared are open)',
      severity: 'error',
      from: { path: '^src/([^/]+/[^/]+)/' },
      to: {
        path: '^src/[^/]+/[^/]+/',
        pathNot: [
          '^src/$1/',
          '^src/shared/',
          '^src/protocol/scim/',
          '^src/platform/store/',
          '^src/[^/]+/[^/]+/index\\.ts$',
        ],
      },
    },
    {
      name: 'console-ui-is-a-client-bundle',
      comment:
        'src/surfaces/console/ui runs in the browser: it imports nothing of the server (wire types are declared in ui/api/types.ts)',
      severity: 'error',
      from: { path: '^src/surfaces/console/ui/' },
      to: { path: '^src/', pathNot: '^src/surfaces/console/ui/' },
    },
    {
      name: 'console-ui-no-node-builtins',
      comment: 'the browser has no node: modules (vite.config.ts runs in Node and may)',
      severity: 'error',
      from: {
        path: '^src/surfaces/console/ui/',
        pathNot: '^src/surfaces/console/ui/vite\\.config\\.ts$',
      },
      to: { dependencyTypes: ['core'] },
    },
    {
      name: 'server-does-not-import-the-console-ui',
      comment: 'the server serves the built bundle from dist/web; it never imports its sources',
      severity: 'error',
      from: { path: '^src/', pathNot: '^src/surfaces/console/ui/' },
      to: { path: '^src/surfaces/console/ui/' },
    },
    {
      name: 'src-does-not-import-tests',
      severity: 'error',
      from: { path: '^src/', pathNot: '\\.test\\.ts$' },
      to: { path: '^(test|bench)/' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '\\.test\\.ts$' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default'],
      extensions: ['.ts', '.tsx', '.js'],
    },
  },
}
