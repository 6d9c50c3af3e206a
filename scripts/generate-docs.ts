// Regenerates docs/config.md from src/platform/config/schema.ts and docs/errors.md from the error catalogs
// (oidc-provider's and fastify's trick): `npm run docs`. `npm run docs -- --check` fails on drift.
import { readFileSync, writeFileSync } from 'node:fs'
import { z } from 'zod'
import { applyErrors } from '../src/access/apply/index.js'
import { appErrors } from '../src/access/apps/index.js'
import { graphErrors } from '../src/access/graph/index.js'
import { lifecycleErrors } from '../src/access/lifecycle/index.js'
import { grantExceptionErrors, reconcileErrors } from '../src/access/reconcile/index.js'
import { requestErrors } from '../src/access/requests/index.js'
import { reviewErrors } from '../src/access/reviews/index.js'
import { safetyErrors } from '../src/access/safety/index.js'
import { taskErrors } from '../src/access/tasks/index.js'
import { traceErrors } from '../src/access/trace/index.js'
import { accessErrors } from '../src/access/windows/index.js'
import { directoryErrors } from '../src/identity/directory/index.js'
import { memberErrors } from '../src/identity/members/index.js'
import { oauthErrors } from '../src/identity/oauth/index.js'
import { peopleErrors } from '../src/identity/people/index.js'
import { samlErrors } from '../src/identity/saml/index.js'
import { workspaceErrors } from '../src/identity/workspace/index.js'
import { auditErrors } from '../src/platform/audit/index.js'
import { configSchema, ENV_KEYS } from '../src/platform/config/index.js'
import { eventErrors } from '../src/platform/events/index.js'
import { webhookErrors } from '../src/platform/webhooks/index.js'
import type { ErrorCatalogEntry } from '../src/shared/api-error.js'

type JsonSchema = {
  type?: string | string[]
  description?: string
  default?: unknown
  properties?: Record<string, JsonSchema>
  enum?: unknown[]
}

const catalogs: Record<string, Record<string, ErrorCatalogEntry>> = {
  workspace: workspaceErrors.catalog,
  directory: directoryErrors.catalog,
  members: memberErrors.catalog,
  oauth: oauthErrors.catalog,
  saml: samlErrors.catalog,
  apps: appErrors.catalog,
  tasks: taskErrors.catalog,
  audit: auditErrors.catalog,
  people: peopleErrors.catalog,
  graph: graphErrors.catalog,
  reconcile: reconcileErrors.catalog,
  'grant exceptions': grantExceptionErrors.catalog,
  apply: applyErrors.catalog,
  events: eventErrors.catalog,
  webhooks: webhookErrors.catalog,
  access: accessErrors.catalog,
  lifecycle: lifecycleErrors.catalog,
  safety: safetyErrors.catalog,
  'access requests': requestErrors.catalog,
  trace: traceErrors.catalog,
  reviews: reviewErrors.catalog,
}

/**
 * The value a key takes when nothing sets it: what the schema resolves for an empty config, so
 * defaults the JSON Schema loses (`true | "true"` unions of on/off settings) still show.
 */
function defaultOf(resolved: unknown, key: string): unknown {
  let value = resolved
  for (const part of key.split('.'))
    value =
      typeof value === 'object' && value !== null
        ? (value as Record<string, unknown>)[part]
        : undefined
  return value
}

/** `boolean,string` (a setting that also takes "true"/"false" from the environment) reads as on/off. */
function typeOf(property: JsonSchema & { anyOf?: JsonSchema[] }): string {
  if (property.enum) return property.enum.map((v) => `\`${String(v)}\``).join(' \\| ')
  const types = [property.type ?? property.anyOf?.map((t) => t.type) ?? 'string'].flat()
  return types.includes('boolean') ? 'boolean' : types.join(',')
}

function configDoc(): string {
  const envFor = new Map(Object.entries(ENV_KEYS).map(([env, key]) => [key, env]))
  const resolved = configSchema.parse({})
  const rows: string[] = []
  const walk = (schema: JsonSchema, prefix: string) => {
    for (const [name, property] of Object.entries(schema.properties ?? {})) {
      const key = prefix ? `${prefix}.${name}` : name
      if (property.type === 'object' && property.properties) {
        walk(property, key)
        continue
      }
      const type = typeOf(property)
      const value = property.default ?? defaultOf(resolved, key)
      const fallback = value === undefined ? '—' : `\`${JSON.stringify(value)}\``
      const env = envFor.get(key)
      rows.push(
        `| \`${key}\` | ${env ? `\`${env}\`` : '—'} | ${type} | ${fallback} | ${property.description ?? ''} |`,
      )
    }
  }
  walk(z.toJSONSchema(configSchema, { io: 'input' }) as JsonSchema, '')
  return [
    '# Configuration',
    '',
    'Generated from `src/platform/config/schema.ts` by `npm run docs`; do not edit by hand.',
    '',
    'Sources, lowest precedence first: defaults < `rollcall.config.json` (or the file in `ROLLCALL_CONFIG`) < environment < command-line flags. An invalid configuration stops the start and lists every bad key.',
    '',
    '| key | environment | type | default | description |',
    '| --- | --- | --- | --- | --- |',
    ...rows,
    '',
  ].join('\n')
}

function errorsDoc(): string {
  const sections = Object.entries(catalogs).map(([domain, catalog]) =>
    [
      `## ${domain}`,
      '',
      '| code | status | message |',
      '| --- | --- | --- |',
      ...Object.entries(catalog).map(
        ([code, entry]) => `| \`${code}\` | ${entry.status} | ${entry.message} |`,
      ),
      '',
    ].join('\n'),
  )
  return [
    '# Errors',
    '',
    'Generated from the error catalogs (`src/*/*-errors.ts`) by `npm run docs`; do not edit by hand.',
    '',
    'Management API errors are `{"error":{"code","message"}}` with the status below. SCIM endpoints answer RFC 7644 §3.12 errors (`schemas`, `status` as a string, `scimType`, `detail`) instead; their `scimType` values are `invalidFilter`, `tooMany`, `uniqueness`, `mutability`, `invalidSyntax`, `invalidPath`, `noTarget`, `invalidValue`, `invalidVers`, `sensitive`. The OAuth 2.0 endpoints (`/oauth/authorize`, `/oauth/token`, `/oauth/userinfo`, `/oauth/revoke`, `/oauth/introspect`) answer RFC 6749 §5.2 errors, `{"error","error_description"}` (`invalid_request`, `invalid_client` with 401, `invalid_grant`, `unauthorized_client`, `unsupported_grant_type`, `invalid_scope`; RFC 6750 `invalid_token` and `insufficient_scope` at UserInfo).',
    '',
    ...sections,
  ].join('\n')
}

const outputs = { 'docs/config.md': configDoc(), 'docs/errors.md': errorsDoc() }
const check = process.argv.includes('--check')
let drift = false
for (const [file, content] of Object.entries(outputs)) {
  let current = ''
  try {
    current = readFileSync(file, 'utf8')
  } catch {}
  if (current === content) continue
  if (check) {
    drift = true
    console.error(`${file} is out of date: run npm run docs`)
  } else writeFileSync(file, content)
}
process.exitCode = drift ? 1 : 0
