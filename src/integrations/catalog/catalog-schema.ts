import { z } from 'zod'
import { type CatalogEntry, ENTITLEMENT_KINDS } from './types.js'

/**
 * The runtime shape of a catalog entry, checked against the hand-written `CatalogEntry` type at
 * compile time (below) and against every entry in the tests. The refinements encode the rules
 * that keep an entry honest: no SCIM connector without SCIM, no API operations without an API.
 */
const undocumented = z.strictObject({
  documented: z.literal(false),
  note: z.string().min(1).optional(),
})

const documented = <T extends z.ZodType>(value: T) =>
  z.discriminatedUnion('documented', [
    z.strictObject({ documented: z.literal(true), value, note: z.string().min(1).optional() }),
    undocumented,
  ])

const operation = z.enum([
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
])

const scim = z.discriminatedUnion('available', [
  z.strictObject({
    available: z.literal(true),
    version: z.enum(['2.0', '1.1']),
    planRequired: documented(z.string().min(1)),
    endpoint: documented(z.string().min(1)),
    extraResources: z.array(z.string().min(1)).optional(),
  }),
  z.strictObject({
    available: z.literal(false),
    planRequired: documented(z.string().min(1)).optional(),
    note: z.string().min(1).optional(),
  }),
])

const auth = z.strictObject({
  method: z.enum([
    'bearer',
    'oauth2_client_credentials',
    'api_key_header',
    'basic',
    'none',
    'oauth2_authorization_code',
    'oauth2_jwt_bearer',
  ]),
  header: z.string().min(1).optional(),
  prefix: z.string().min(1).optional(),
  scopes: z.array(z.string().min(1)).optional(),
  notes: z.string().min(1).optional(),
})

const baseUrl = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('fixed'), url: z.url({ protocol: /^https$/ }) }),
  z.strictObject({
    kind: z.literal('tenant'),
    pattern: z
      .string()
      .regex(/^https:\/\/\S*\{[a-zA-Z_]+\}/, 'a https pattern with a {placeholder}'),
    note: z.string().min(1).optional(),
  }),
  z.strictObject({ kind: z.literal('undocumented'), note: z.string().min(1) }),
  z.strictObject({ kind: z.literal('none') }),
])

const userField = z.strictObject({
  name: z.string().min(1),
  type: z.enum(['string', 'boolean', 'object', 'multi']),
  onCreate: z.enum(['required', 'optional', 'unsupported', 'undocumented']),
  onUpdate: z.enum(['optional', 'immutable', 'unsupported', 'undocumented']),
  notes: z.string().min(1).optional(),
})

const positive = z.number().int().positive()

const pagination = z.strictObject({
  method: z.enum(['offset', 'page', 'cursor', 'link', 'none']),
  defaultPageSize: documented(positive),
  maxPageSize: documented(positive),
  pointer: documented(z.string().min(1)),
})

const rateLimits = z.strictObject({
  published: z.array(
    z.strictObject({
      requests: positive,
      windowMs: positive,
      scope: z.string().min(1),
      appliesTo: z.string().min(1),
    }),
  ),
  headers: documented(
    z.array(
      z.enum(['retry_after', 'x_ratelimit', 'x_rate_limit', 'ietf_ratelimit', 'vendor_specific']),
    ),
  ),
  retryAfter: documented(z.boolean()),
  hint: z.discriminatedUnion('documented', [
    z.strictObject({
      documented: z.literal(true),
      requests: positive,
      windowMs: positive,
      note: z.string().min(1).optional(),
    }),
    undocumented,
  ]),
  notes: z.array(z.string().min(1)).optional(),
})

const semantics = z.enum(['soft', 'hard', 'unknown'])

const scimProfile = z.strictObject({
  id: z.string().min(1),
  patchOpCase: z.enum(['lowercase', 'capitalized']),
  deactivateWith: z.enum(['patch', 'put', 'delete']),
  lookupFilters: z.array(z.enum(['userName', 'externalId', 'emails'])),
  pageSize: z.number().int().min(1).max(1000),
  listsInactiveUsers: documented(z.boolean()),
  contentType: z.enum(['application/scim+json', 'application/json']),
})

const integration = z.discriminatedUnion('connector', [
  z.strictObject({ connector: z.literal('scim'), profile: scimProfile }),
  z.strictObject({ connector: z.literal('okta'), profile: z.literal('okta-users-api') }),
  z.strictObject({ connector: z.literal('manual'), reason: z.string().min(1) }),
])

const webhooks = z.discriminatedUnion('documented', [
  z.strictObject({
    documented: z.literal(true),
    value: z.boolean(),
    note: z.string().min(1).optional(),
    events: z.array(z.string().min(1)).optional(),
  }),
  undocumented.extend({ events: z.array(z.string().min(1)).optional() }),
])

/** Documented with a value, or assumed with a value and the reason (types.ts `Stated`). */
const stated = <T extends z.ZodType>(value: T) =>
  z.discriminatedUnion('documented', [
    z.strictObject({ documented: z.literal(true), value, note: z.string().min(1).optional() }),
    z.strictObject({ documented: z.literal(false), assumed: value, note: z.string().min(1) }),
  ])

const namePattern = z.string().refine(isRegExpSource, { message: 'a valid regular expression' })

const entitlementType = z.strictObject({
  kind: z.enum(ENTITLEMENT_KINDS),
  label: z.string().min(1),
  source: z.enum(['scim_groups', 'okta_groups', 'manual']),
  readOnly: stated(z.boolean()),
  grants: stated(z.enum(['api', 'manual', 'none'])),
  privileged: stated(z.array(namePattern)),
  notes: z.string().min(1).optional(),
})

function isRegExpSource(source: string): boolean {
  try {
    new RegExp(source, 'i')
    return true
  } catch {
    return false
  }
}

const source = z
  .string()
  .refine((s) => /^seed:\d{3}$/.test(s) || z.url({ protocol: /^https$/ }).safeParse(s).success, {
    message: 'a https URL or seed:NNN',
  })

export const catalogEntrySchema = z
  .strictObject({
    id: z.string().regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, 'kebab-case'),
    name: z.string().min(1),
    category: z.string().min(1),
    hasUserApi: z.boolean(),
    scim,
    auth,
    baseUrl,
    operations: z.array(operation),
    userFields: z.array(userField),
    pagination,
    rateLimits,
    webhooks,
    deactivation: z.strictObject({
      method: z.enum(['patch_active_false', 'put_active_false', 'delete', 'api_call', 'manual']),
      semantics,
      reversible: documented(z.boolean()),
      notes: z.string().min(1).optional(),
    }),
    deletion: z.strictObject({
      supported: z.boolean(),
      semantics,
      visibleAfterDelete: documented(z.boolean()),
      notes: z.string().min(1).optional(),
    }),
    groups: z.strictObject({
      supported: z.boolean(),
      readOnly: z.boolean().optional(),
      meaning: z.string().min(1).optional(),
      notes: z.string().min(1).optional(),
    }),
    entitlements: z.array(entitlementType),
    limitations: z.array(z.string().min(1)),
    watchOutFor: z.array(z.string().min(1)),
    integration,
    sources: z.array(source).min(1),
  })
  .superRefine(checkConsistency)

type Draft = z.infer<typeof catalogEntrySchema>

function checkConsistency(entry: Draft, ctx: z.RefinementCtx): void {
  const problem = (message: string, path: string) =>
    ctx.addIssue({ code: 'custom', message, path: [path] })
  if (entry.integration.connector === 'scim' && !entry.scim.available) {
    problem('a SCIM connector needs SCIM', 'integration')
  }
  if (
    !entry.hasUserApi &&
    (entry.operations.length > 0 || entry.integration.connector !== 'manual')
  ) {
    problem(
      'an app without a user API has no operations and uses the manual connector',
      'operations',
    )
  }
  if (entry.hasUserApi && !entry.operations.includes('list_accounts')) {
    problem('an app with a user API lists accounts', 'operations')
  }
  if (entry.rateLimits.hint.documented && entry.rateLimits.published.length === 0) {
    problem('a documented hint cites a published limit', 'rateLimits')
  }
  if (!entry.deletion.supported && entry.operations.includes('delete_account')) {
    problem('delete_account needs deletion support', 'deletion')
  }
  if (entry.groups.readOnly && entry.operations.includes('manage_groups')) {
    problem('read-only groups cannot be managed', 'groups')
  }
  for (const [index, type] of entry.entitlements.entries()) {
    checkEntitlement(entry, type, index, ctx)
  }
}

/** An entitlement type must be reachable the way it says, and agree with the operations. */
function checkEntitlement(
  entry: Draft,
  type: Draft['entitlements'][number],
  index: number,
  ctx: z.RefinementCtx,
): void {
  const problem = (message: string) =>
    ctx.addIssue({ code: 'custom', message, path: ['entitlements', index] })
  const grants = type.grants.documented ? type.grants.value : type.grants.assumed
  const readOnly = type.readOnly.documented ? type.readOnly.value : type.readOnly.assumed
  if (type.source === 'scim_groups') {
    if (entry.integration.connector !== 'scim') problem('SCIM Groups need the SCIM connector')
    if (!entry.operations.includes('list_groups')) problem('SCIM Groups need list_groups')
    if (entry.groups.readOnly && !readOnly) problem('the app says its groups are read-only')
  }
  if (type.source === 'okta_groups' && entry.integration.connector !== 'okta') {
    problem('Okta groups need the Okta connector')
  }
  if (type.source === 'manual' && grants === 'api') problem('manual entitlements change by hand')
  if (
    type.grants.documented &&
    grants === 'api' &&
    !entry.operations.includes('manage_memberships')
  ) {
    problem('grants documented through the API need manage_memberships')
  }
  if (type.readOnly.documented && !readOnly && type.source !== 'manual') {
    if (!entry.operations.includes('manage_groups'))
      problem('writable entitlements need manage_groups')
  }
}

/**
 * Compile-time proof that the schema and the hand-written type describe the same thing: the
 * identity check (not mere assignability, which would let an optional field slip through).
 */
type Same<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false
const schemaMatchesType: Same<Draft, CatalogEntry> = true
void schemaMatchesType
