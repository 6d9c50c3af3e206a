import { z } from 'zod'
import type { Clock } from '../../../shared/clock.js'
import { err, ok, type Result } from '../../../shared/result.js'
import type { CatalogEntry } from '../../catalog/index.js'
import type {
  CanListEntitlements,
  CanManageGrants,
  Connector,
  ConnectorManifest,
  CreatesTasks,
  Grant,
  GrantChange,
  GrantListOptions,
  GrantReceipt,
  ListOptions,
  MutationOptions,
  Page,
  RemoteAccount,
  RemoteEntitlement,
  TaskReceipt,
  TaskRequest,
} from '../connector.js'
import { CONNECTOR_ERROR_CODES, ConnectorError } from '../connector-errors.js'
import { type ImportedAccountsSource, type ManualEntry, mergeManual } from './imported-accounts.js'
import { importedEntitlements, importedGrantsPage } from './imported-grants.js'
import { manualInstructions } from './manual-instructions.js'
import type { ConfirmedAccount, OpenTask, TaskSink } from './task-sink.js'

/**
 * The manual connector: for apps without an API (seed 001, Samepage), every lifecycle step
 * becomes a task for the app's owner. It is the worked example of docs/connectors.md: a
 * manifest, a config schema, the required `listAccounts`, and one capability (`CreatesTasks`).
 */

/** A manual app has no connection; its config is who receives the tasks. */
export const manualConfigSchema = z.object({ owner: z.email() }).strict()

export type ManualConfig = z.infer<typeof manualConfigSchema>

export function manualManifest(entry: CatalogEntry): ConnectorManifest<ManualConfig> {
  return {
    id: entry.id,
    displayName: entry.name,
    configSchema: manualConfigSchema,
    // Whatever the app has, its owner can grant and revoke by hand: grant changes are tasks.
    // Grants are read from the latest uploaded export's roles column (imported-grants.ts).
    capabilities: ['list_accounts', 'create_tasks', 'list_entitlements', 'manage_grants'],
    // Nothing to rate-limit: a person works at a person's pace.
    rateLimit: { documented: false, note: 'No API' },
  }
}

export type ManualConnectorDeps = {
  readonly tasks: TaskSink
  readonly clock: Clock
  /** Uploaded user exports of the app (CSV); without it, tasks alone decide. */
  readonly imports?: ImportedAccountsSource
}

export type ManualConnectorInput = {
  readonly entry: CatalogEntry
  readonly workspaceId: string
  readonly appId: string
  readonly config: ManualConfig
}

const PAGE_SIZE = 100

export type ManualConnector = Connector & CreatesTasks & CanListEntitlements & CanManageGrants

export function createManualConnector(
  deps: ManualConnectorDeps,
  input: ManualConnectorInput,
): ManualConnector {
  return new ManualAppConnector(deps, input)
}

class ManualAppConnector implements Connector, CreatesTasks, CanListEntitlements, CanManageGrants {
  readonly manifest: ConnectorManifest<ManualConfig>

  constructor(
    private readonly deps: ManualConnectorDeps,
    private readonly input: ManualConnectorInput,
  ) {
    this.manifest = manualManifest(input.entry)
  }

  /**
   * The app cannot be asked who has an account, so the list is what its owner confirmed and
   * what the latest upload of its user export says, the newer of the two per person
   * (imported-accounts.ts): the latest completed task decides unless an upload came after it.
   */
  async listAccounts(opts: ListOptions): Promise<Result<Page<RemoteAccount>, ConnectorError>> {
    const after = decodeCursor(opts.cursor)
    if (!after.ok) return after
    const limit = Math.max(1, Math.min(opts.pageSize ?? PAGE_SIZE, 1000))
    const query = { ...this.scope(), limit, ...(after.value ? { after: after.value } : {}) }
    const confirmed = await guard(() => this.deps.tasks.confirmedAccounts(query))
    if (!confirmed.ok) return confirmed
    const imported = await guard(async () => this.deps.imports?.importedAccounts(query))
    if (!imported.ok) return imported
    const merged = mergeManual(confirmed.value, imported.value, limit)
    const items = merged.entries.flatMap(toAccounts)
    return ok(merged.nextAfter ? { items, nextCursor: encodeCursor(merged.nextAfter) } : { items })
  }

  /** The roles (groups…) the latest uploaded export names, of the catalog's kind. */
  async listEntitlements(
    _opts: ListOptions,
  ): Promise<Result<Page<RemoteEntitlement>, ConnectorError>> {
    const items = await guard(() =>
      importedEntitlements(this.deps.imports, this.input.entry, this.scope()),
    )
    return items.ok ? ok({ items: items.value }) : items
  }

  /** Who holds which of them in that export, a page of accounts at a time. */
  async listGrants(opts: GrantListOptions): Promise<Result<Page<Grant>, ConnectorError>> {
    const after = decodeCursor(opts.cursor, 'manual-grants')
    if (!after.ok) return after
    const limit = Math.max(1, Math.min(opts.pageSize ?? PAGE_SIZE, 1000))
    const page = await guard(() =>
      importedGrantsPage(this.deps.imports, this.input.entry, {
        ...this.scope(),
        limit,
        ...(after.value ? { after: after.value } : {}),
        ...(opts.entitlementId ? { entitlementId: opts.entitlementId } : {}),
      }),
    )
    if (!page.ok) return page
    const { items, nextAfter } = page.value
    return ok(
      nextAfter ? { items, nextCursor: encodeCursor(nextAfter, 'manual-grants') } : { items },
    )
  }

  /** Opens the task once per idempotency key; a repeat is `already_exists`. */
  async createTask(
    request: TaskRequest,
    opts: MutationOptions,
  ): Promise<Result<TaskReceipt, ConnectorError>> {
    const opened = await guard(() => this.deps.tasks.openTask(this.toOpenTask(request, opts)))
    if (!opened.ok) return opened
    const { taskId, created } = opened.value
    return ok(created ? { taskId } : { taskId, marker: 'already_exists' })
  }

  /**
   * "Add alice@acme.test to the Editors role in Samepage": a task for the owner, once per
   * idempotency key (a retried call gets the same task). Whether the grant exists is unknown
   * until the next import shows it, so the receipt carries the task, not a marker.
   */
  addGrant(
    grant: GrantChange,
    opts: MutationOptions,
  ): Promise<Result<GrantReceipt, ConnectorError>> {
    return this.grantTask('add_grant', grant, opts)
  }

  removeGrant(
    grant: GrantChange,
    opts: MutationOptions,
  ): Promise<Result<GrantReceipt, ConnectorError>> {
    return this.grantTask('remove_grant', grant, opts)
  }

  private async grantTask(
    action: 'add_grant' | 'remove_grant',
    grant: GrantChange,
    opts: MutationOptions,
  ): Promise<Result<GrantReceipt, ConnectorError>> {
    // Manual apps know accounts by the person's email (listAccounts), so it is the fallback.
    const person = grant.context?.person ?? { email: grant.accountId }
    const named = grant.context?.entitlement ?? { displayName: grant.entitlementId }
    const entitlement = { id: grant.entitlementId, ...named }
    const task = await this.createTask(
      {
        action,
        appName: this.input.entry.name,
        person,
        accountId: grant.accountId,
        entitlement,
        instructions: manualInstructions(this.input.entry, action, person, named),
        assignee: this.input.config.owner,
      },
      opts,
    )
    if (!task.ok) return task
    return ok({ entitlementId: grant.entitlementId, accountId: grant.accountId, task: task.value })
  }

  private scope() {
    return { workspaceId: this.input.workspaceId, appId: this.input.appId }
  }

  /** The task row's content: the owner unless someone else is named; the sink dates it. */
  private toOpenTask(request: TaskRequest, opts: MutationOptions): OpenTask {
    return {
      ...this.scope(),
      action: request.action,
      personEmail: request.person.email.toLowerCase(),
      assignee: request.assignee || this.input.config.owner,
      details: {
        appName: request.appName,
        instructions: request.instructions,
        ...(request.person.displayName ? { displayName: request.person.displayName } : {}),
        ...(request.accountId ? { accountId: request.accountId } : {}),
        ...(request.entitlement ? { entitlement: request.entitlement } : {}),
      },
      // Unless the request names a due time, the task sink applies the app's SLA.
      ...(request.dueAt ? { dueAt: request.dueAt } : {}),
      idempotencyKey: opts.idempotencyKey,
    }
  }
}

function toAccounts(entry: ManualEntry): RemoteAccount[] {
  if (entry.kind === 'task')
    return entry.confirmed.state === 'deleted' ? [] : [toAccount(entry.confirmed)]
  const { account } = entry
  return [
    {
      id: account.accountId ?? account.key,
      userName: account.userName,
      emails: [{ value: account.key, primary: true }],
      active: account.active,
      ...(account.displayName ? { displayName: account.displayName } : {}),
      raw: { source: 'import', importedAt: entry.importedAt },
    },
  ]
}

function toAccount(confirmed: ConfirmedAccount): RemoteAccount {
  return {
    id: confirmed.accountId ?? confirmed.personEmail,
    userName: confirmed.personEmail,
    emails: [{ value: confirmed.personEmail, primary: true }],
    active: confirmed.state === 'active',
    ...(confirmed.displayName ? { displayName: confirmed.displayName } : {}),
    raw: { source: 'tasks', confirmedAt: confirmed.confirmedAt },
  }
}

/** The task store is our own database: a failure there is worth a retry, like a 503. */
async function guard<T>(run: () => Promise<T>): Promise<Result<T, ConnectorError>> {
  try {
    return ok(await run())
  } catch (error) {
    return err(
      new ConnectorError({
        class: 'transient',
        message: 'The task store is unavailable',
        detail: error instanceof Error ? error.message : String(error),
        cause: error,
      }),
    )
  }
}

/** Which listing a cursor belongs to: the accounts', or the imported grants'. */
type CursorKind = 'manual' | 'manual-grants'

function encodeCursor(email: string, kind: CursorKind = 'manual'): string {
  return Buffer.from(JSON.stringify({ v: 1, kind, after: email }), 'utf8').toString('base64url')
}

function decodeCursor(
  cursor: string | undefined,
  kind: CursorKind = 'manual',
): Result<string | undefined, ConnectorError> {
  if (cursor === undefined) return ok(undefined)
  try {
    const state: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'))
    const parsed = z
      .object({ v: z.literal(1), kind: z.literal(kind), after: z.string() })
      .safeParse(state)
    if (parsed.success) return ok(parsed.data.after)
  } catch {
    // Reported below like any foreign cursor.
  }
  return err(
    new ConnectorError({
      class: 'invalid',
      code: CONNECTOR_ERROR_CODES.badCursor,
      message: 'The listing cursor is not one this connector issued',
    }),
  )
}
