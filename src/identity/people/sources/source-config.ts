import { z } from 'zod'
import { connectionUrl, type SealedConnection } from '../../../integrations/connectors/index.js'
import type { SourceKind } from '../types.js'

/**
 * source.json (DESIGN: `rollcall source add <scim|okta|csv> --config-file source.json`):
 * `{"directoryId"}`, `{"orgUrl","token"}` (or an Okta service app) or `{"file"}`, plus what
 * every source has: a name, a priority when sources disagree, a schedule and the safety rule.
 */
const scheduleSchema = z
  .object({
    fullSyncMinutes: z.number().int().min(5).nullable().optional(),
    incrementalMinutes: z.number().int().min(1).nullable().optional(),
  })
  .strict()

/**
 * A full sync may mark as gone at most `maxGoneShare` of the people the source had, or
 * `minGoneAllowed` people, whichever is more; past that it stops and reports (`held`).
 */
const safetySchema = z
  .object({
    maxGoneShare: z.number().min(0).max(1).default(0.1),
    minGoneAllowed: z.number().int().min(0).default(5),
  })
  .strict()

const common = {
  name: z.string().trim().min(1).max(200).optional(),
  priority: z.number().int().min(0).max(1000).optional(),
  schedule: scheduleSchema.optional(),
  safety: safetySchema.optional(),
}

const oktaAuth = z.union([
  z.object({ token: z.string().min(1).max(8192) }),
  z.object({
    clientId: z.string().min(1),
    privateKey: z.string().min(1).max(16384),
    keyId: z.string().min(1).optional(),
    scopes: z.array(z.string()).min(1).default(['okta.users.read', 'okta.groups.read']),
  }),
])

export const oktaSourceSchema = z
  .object({
    ...common,
    orgUrl: connectionUrl,
    token: z.string().min(1).max(8192).optional(),
    clientId: z.string().min(1).optional(),
    privateKey: z.string().min(1).max(16384).optional(),
    keyId: z.string().min(1).optional(),
    scopes: z.array(z.string()).min(1).optional(),
    /** An Okta `search` expression that limits who counts as a person (e.g. a department). */
    search: z.string().min(1).max(2000).optional(),
    /** Read group memberships into `groups` (default true). */
    groups: z.boolean().default(true),
    /** Users per page (Okta allows at most 200, the default). */
    pageSize: z.number().int().min(1).max(200).optional(),
    rateLimit: z
      .object({
        requests: z.number().int().positive(),
        windowMs: z.number().int().positive(),
        share: z.number().gt(0).max(1).optional(),
      })
      .strict()
      .optional(),
  })
  .strict()
  .superRefine((value, context) => {
    if (!oktaAuth.safeParse(value).success) {
      context.addIssue({
        code: 'custom',
        message:
          'give "token" (an API token) or "clientId" and "privateKey" (an OAuth service app)',
      })
    }
  })

export const scimSourceSchema = z.object({ ...common, directoryId: z.string().min(1) }).strict()

/** CSV columns: SCIM attribute path → header in the file (defaults in csv-records.ts). */
export const csvSourceSchema = z
  .object({
    ...common,
    file: z.string().min(1),
    columns: z.record(z.string().min(1), z.string().min(1)).optional(),
    /** Which attribute is the record's key (default: externalId if mapped, else userName). */
    key: z.enum(['externalId', 'userName', 'emails']).optional(),
    skipBadLines: z.boolean().default(false),
    delimiter: z.string().length(1).default(','),
  })
  .strict()

export type Schedule = { fullSyncMinutes: number | null; incrementalMinutes: number | null }
export type Safety = z.infer<typeof safetySchema>

/** Defaults per kind: Okta incremental every 15 minutes and full daily; SCIM events are live. */
export const DEFAULTS: Record<SourceKind, { priority: number; schedule: Schedule }> = {
  okta: { priority: 10, schedule: { fullSyncMinutes: 1440, incrementalMinutes: 15 } },
  scim: { priority: 20, schedule: { fullSyncMinutes: 1440, incrementalMinutes: null } },
  csv: { priority: 30, schedule: { fullSyncMinutes: null, incrementalMinutes: null } },
}

export const safetyDefaults = (): Safety => safetySchema.parse({})
export const resolveSafety = (value: unknown): Safety => safetySchema.parse(value ?? {})

/** What a source stores in `sources.config`, per kind (secrets sealed). */
export type StoredOktaConfig = {
  connection: SealedConnection
  search?: string
  groups: boolean
  pageSize?: number
}
export type StoredScimConfig = { directoryId: string }
export type StoredCsvConfig = {
  file: string
  columns?: Record<string, string>
  key?: 'externalId' | 'userName' | 'emails'
  skipBadLines: boolean
  delimiter: string
}
