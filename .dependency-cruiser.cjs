/**
 * Who may import whom (docs/architecture.md): main → cli → app → domains → store → shared.
 * The SCIM protocol core (filter, patch, schemas) stays pure: it imports only shared and itself.
 */
module.exports = {
  forbidden: [
    { name: 'no-circular', severity: 'error', from: {}, to: { circular: true } },
    {
      name: 'scim-core-is-pure',
      comment:
        'src/scim/{filter,patch,schemas} and the protocol files beside them import only shared and the core itself',
      severity: 'error',
      from: { path: '^src/scim/(filter|patch|schemas|[^/]+\\.ts$)' },
      to: {
        path: '^src/',
        pathNot: ['^src/shared/', '^src/scim/(filter|patch|schemas)/', '^src/scim/[^/]+\\.ts$'],
      },
    },
    {
      name: 'scim-core-no-io',
      comment: 'the protocol core does no I/O',
      severity: 'error',
      from: { path: '^src/scim/(filter|patch|schemas)/' },
      to: {
        path: '^(node:)?(fs|net|http|https|child_process|dgram|dns|tls)$',
        dependencyTypes: ['core'],
      },
    },
    {
      name: 'shared-imports-nothing-of-ours',
      severity: 'error',
      from: { path: '^src/shared/' },
      to: { path: '^src/', pathNot: '^src/shared/' },
    },
    {
      name: 'store-imports-only-shared',
      severity: 'error',
      from: { path: '^src/store/' },
      to: { path: '^src/', pathNot: ['^src/store/', '^src/shared/'] },
    },
    {
      name: 'domains-do-not-import-the-edges',
      comment: 'domains never import the composition root, the CLI or main',
      severity: 'error',
      // `app/` with its slash: `apps/` (connected apps) is a domain like any other.
      from: { path: '^src/', pathNot: '^src/(app/|cli/|main\\.ts$)' },
      to: { path: '^src/(app/|cli/|main\\.ts$)' },
    },
    {
      name: 'app-does-not-import-cli',
      severity: 'error',
      from: { path: '^src/app/' },
      to: { path: '^src/cli/' },
    },
    {
      name: 'other-domains-through-their-index',
      comment:
        'another domain is imported only through its index.ts (scim, store and shared internals are open)',
      severity: 'error',
      from: { path: '^src/([^/]+)/' },
      to: {
        path: '^src/[^/]+/',
        pathNot: ['^src/$1/', '^src/(shared|scim|store)/', '^src/[^/]+/index\\.ts$'],
      },
    },
    {
      name: 'console-ui-is-a-client-bundle',
      comment:
        'src/web/ui runs in the browser: it imports nothing of the server (wire types are declared in ui/api/types.ts)',
      severity: 'error',
      from: { path: '^src/web/ui/' },
      to: { path: '^src/', pathNot: '^src/web/ui/' },
    },
    {
      name: 'console-ui-no-node-builtins',
      comment: 'the browser has no node: modules (vite.config.ts runs in Node and may)',
      severity: 'error',
      from: { path: '^src/web/ui/', pathNot: '^src/web/ui/vite\\.config\\.ts$' },
      to: { dependencyTypes: ['core'] },
    },
    {
      name: 'server-does-not-import-the-console-ui',
      comment: 'the server serves the built bundle from dist/web; it never imports its sources',
      severity: 'error',
      from: { path: '^src/', pathNot: '^src/web/ui/' },
      to: { path: '^src/web/ui/' },
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
