import { z } from 'zod'

/** A boolean from JSON or from the environment ("true"/"false", "1"/"0", "yes"/"no"). */
const booleanSetting = z.union([z.boolean(), z.stringbool()])

/**
 * The one configuration schema: types, defaults, validation and the docs (`npm run docs` renders
 * docs/config.md from the `.describe()` texts). Sources, lowest first: defaults <
 * rollcall.config.json < environment < CLI flags (see load.ts).
 */
export const configSchema = z
  .object({
    server: z
      .object({
        host: z.string().min(1).default('127.0.0.1').describe('Address the HTTP server binds to.'),
        port: z.coerce
          .number()
          .int()
          .min(0)
          .max(65535)
          .default(8080)
          .describe('TCP port of the HTTP server (0 picks a free one).'),
        publicUrl: z
          .url()
          .optional()
          .describe(
            'Base URL printed in SCIM base URLs, metadata and links. Default http://127.0.0.1:<port>.',
          ),
        bodyLimitBytes: z.coerce
          .number()
          .int()
          .min(1024)
          .default(1_048_576)
          .describe('Largest request body accepted, in bytes; larger bodies get 413.'),
        trustProxy: booleanSetting
          .default(false)
          .describe('Trust X-Forwarded-* headers (only behind a proxy you control).'),
      })
      .strict()
      .prefault({}),
    dataDir: z
      .string()
      .min(1)
      .default('./data')
      .describe('Directory for the SQLite database and the generated secret key file.'),
    database: z
      .object({
        url: z
          .string()
          .regex(
            /^(sqlite:|postgres:\/\/|postgresql:\/\/)/,
            'must start with sqlite: or postgres://',
          )
          .optional()
          .describe(
            'sqlite:<path> or postgres://user@host/db. Default sqlite:<dataDir>/rollcall.db.',
          ),
        poolSize: z.coerce
          .number()
          .int()
          .min(1)
          .max(200)
          .default(10)
          .describe('PostgreSQL connection pool size.'),
      })
      .strict()
      .prefault({}),
    secretKey: z
      .string()
      .min(32, 'must be at least 32 characters')
      .optional()
      .describe(
        'Key that encrypts secrets at rest. If unset, a random key is generated once into <dataDir>/secret.key.',
      ),
    log: z
      .object({
        level: z
          .enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'])
          .default('info')
          .describe('Log level of the structured (pino) logs on stderr.'),
      })
      .strict()
      .prefault({}),
    scim: z
      .object({
        defaultPageSize: z.coerce
          .number()
          .int()
          .min(1)
          .max(1000)
          .default(100)
          .describe('Page size of SCIM list responses when the client sends no count.'),
        maxPageSize: z.coerce
          .number()
          .int()
          .min(1)
          .max(10000)
          .default(1000)
          .describe(
            'Largest page a SCIM list returns (RFC 7644 §3.4.2.4 lets the server cap count).',
          ),
        bulkMaxOperations: z.coerce
          .number()
          .int()
          .min(1)
          .default(1000)
          .describe('Bulk: most operations in one request (advertised in ServiceProviderConfig).'),
        bulkMaxPayloadBytes: z.coerce
          .number()
          .int()
          .min(1024)
          .default(1_048_576)
          .describe('Bulk: largest request body in bytes (advertised in ServiceProviderConfig).'),
      })
      .strict()
      .prefault({}),
    sources: z
      .object({
        background: booleanSetting
          .default(true)
          .describe(
            'Run the SCIM-event follower and the sync scheduler in the server process (the CLI never does).',
          ),
        eventPollMs: z.coerce
          .number()
          .int()
          .min(20)
          .max(60_000)
          .default(200)
          .describe(
            'How often SCIM directory sources look for new directory events, in ms: the fallback; a write in this process wakes the follower at once (at most one round per 50 ms), so this bounds only changes written by another process.',
          ),
        schedulerMs: z.coerce
          .number()
          .int()
          .min(1000)
          .default(30_000)
          .describe('How often the scheduler looks for syncs that are due, in ms.'),
      })
      .strict()
      .prefault({}),
    jobs: z
      .object({
        background: booleanSetting
          .default(true)
          .describe('Run the apply worker (the durable job queue) in the server process.'),
        leaseMs: z.coerce
          .number()
          .int()
          .min(1000)
          .max(3_600_000)
          .default(30_000)
          .describe(
            'How long a worker holds a job (and, on SQLite, the queue) before another process may take it over, in ms; a crashed worker’s jobs resume after this.',
          ),
        pollMs: z.coerce
          .number()
          .int()
          .min(10)
          .max(60_000)
          .default(500)
          .describe(
            'How often an idle worker looks for ready jobs, in ms: the fallback; jobs queued by this process wake it at once (at most one round per 50 ms), so this bounds only jobs queued by another process and retries coming due.',
          ),
        concurrency: z.coerce
          .number()
          .int()
          .min(1)
          .max(256)
          .default(16)
          .describe('Jobs one worker process runs at once, across apps.'),
        concurrencyPerApp: z.coerce
          .number()
          .int()
          .min(1)
          .max(64)
          .default(4)
          .describe(
            'Jobs of one app at once (its token bucket paces the requests within this); one slow app never takes every slot.',
          ),
        maxAttempts: z.coerce
          .number()
          .int()
          .min(1)
          .max(100)
          .default(8)
          .describe(
            'Attempts of a job that keeps failing with a retryable error (5xx, timeout, 429) before it is dead-lettered with the reason.',
          ),
      })
      .strict()
      .prefault({}),
    reconcile: z
      .object({
        chunkSize: z.coerce
          .number()
          .int()
          .min(100)
          .max(50_000)
          .default(5000)
          .describe(
            'People per chunk of a reconciliation: memory is one chunk (and its accounts), whatever the workspace size.',
          ),
        schedulerMs: z.coerce
          .number()
          .int()
          .min(1000)
          .default(60_000)
          .describe(
            'How often the server looks for apps whose accounts are due for a refresh (each app says how often in its policy), in ms.',
          ),
        safety: z
          .object({
            maxShare: z
              .number()
              .min(0)
              .max(1)
              .default(0.2)
              .describe(
                'A plan that would deactivate or delete more than this share of the workspace’s accounts is held for approval.',
              ),
            maxCount: z
              .number()
              .int()
              .min(0)
              .default(50)
              .describe(
                'A plan that would deactivate or delete more than this many accounts across the workspace is held.',
              ),
            minCount: z
              .number()
              .int()
              .min(0)
              .default(5)
              .describe('Removals up to this many are never held for their share alone.'),
          })
          .strict()
          .prefault({}),
      })
      .strict()
      .prefault({}),
    webhooks: z
      .object({
        pollMs: z.coerce
          .number()
          .int()
          .min(20)
          .max(60_000)
          .default(500)
          .describe(
            'How often the server looks for events to deliver to webhooks, in ms: the fallback; a write in this process wakes it at once (at most one round per 50 ms).',
          ),
        timeoutMs: z.coerce
          .number()
          .int()
          .min(100)
          .max(120_000)
          .default(10_000)
          .describe('How long one webhook delivery may take before it counts as failed, in ms.'),
        maxAttempts: z.coerce
          .number()
          .int()
          .min(1)
          .max(100)
          .default(12)
          .describe(
            'Attempts at one event before it is abandoned (logged; `POST /api/webhooks/:id/replay` sends it again).',
          ),
        backoffBaseMs: z.coerce
          .number()
          .int()
          .min(1)
          .default(1000)
          .describe(
            'First retry delay of a failed delivery, in ms; doubles per attempt, jittered.',
          ),
        backoffMaxMs: z.coerce
          .number()
          .int()
          .min(1)
          .default(3_600_000)
          .describe('Longest delay between two attempts at one delivery, in ms.'),
      })
      .strict()
      .prefault({}),
    lifecycle: z
      .object({
        workerMs: z.coerce
          .number()
          .int()
          .min(100)
          .default(60_000)
          .describe(
            'How often the server sends task reminders, verifies completed tasks against account imports, records residual-access windows and expires approvals, in ms.',
          ),
        approvalExpiryHours: z.coerce
          .number()
          .min(0.01)
          .max(24 * 365)
          .default(72)
          .describe(
            'Hours a held plan operation waits for a decision before it becomes `expired`.',
          ),
        autoOffboard: booleanSetting
          .default(true)
          .describe(
            'When a person is deactivated or gone in a source, plan their offboarding across every app and apply its steps that need no approval at once (the server does; held steps wait).',
          ),
        departures: z
          .object({
            maxShare: z.coerce
              .number()
              .min(0)
              .max(1)
              .default(0.1)
              .describe(
                'The departure gate: when one source says more than this share of its people left within the window, every further departure-driven deactivation from it waits for an admin.',
              ),
            maxCount: z.coerce
              .number()
              .int()
              .min(1)
              .default(25)
              .describe(
                'The departure gate: more than this many people leaving one source within the window holds their offboarding, whatever the share.',
              ),
            windowMinutes: z.coerce
              .number()
              .min(1)
              .max(7 * 24 * 60)
              .default(15)
              .describe('The departure gate’s sliding window, in minutes.'),
            settleSeconds: z.coerce
              .number()
              .min(0)
              .max(3600)
              .default(30)
              .describe(
                'How old a departure must be before automatic offboarding acts on it, in seconds: a burst pushed one user at a time gathers, so the gate sees it whole before its first person goes out.',
              ),
          })
          .strict()
          .prefault({}),
        rejectionMemoryDays: z.coerce
          .number()
          .min(0.01)
          .max(3650)
          .default(90)
          .describe(
            'Days a rejected plan operation stays rejected in later plans (shown as "rejected earlier by …"), unless the person or the account changes first.',
          ),
        offboardPollMs: z.coerce
          .number()
          .int()
          .min(20)
          .max(60_000)
          .default(200)
          .describe(
            'How often the server looks for people who left a source, to offboard them automatically, in ms: the fallback; a write in this process wakes it at once (at most one round per 50 ms).',
          ),
      })
      .strict()
      .prefault({}),
  })
  .strict()

export type Config = z.infer<typeof configSchema>

/** Environment variables and the config key each one sets. Only src/platform/config reads process.env. */
export const ENV_KEYS: Readonly<Record<string, string>> = {
  PORT: 'server.port',
  ROLLCALL_HOST: 'server.host',
  ROLLCALL_PUBLIC_URL: 'server.publicUrl',
  ROLLCALL_BODY_LIMIT_BYTES: 'server.bodyLimitBytes',
  ROLLCALL_TRUST_PROXY: 'server.trustProxy',
  ROLLCALL_DATA_DIR: 'dataDir',
  DATABASE_URL: 'database.url',
  ROLLCALL_DB_POOL_SIZE: 'database.poolSize',
  ROLLCALL_SECRET_KEY: 'secretKey',
  ROLLCALL_LOG_LEVEL: 'log.level',
  ROLLCALL_SCIM_DEFAULT_PAGE_SIZE: 'scim.defaultPageSize',
  ROLLCALL_SCIM_MAX_PAGE_SIZE: 'scim.maxPageSize',
  ROLLCALL_SOURCES_BACKGROUND: 'sources.background',
}
