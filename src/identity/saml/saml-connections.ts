import type { Actor, AuditLog } from '../../platform/audit/index.js'
import {
  type Db,
  decodeJson,
  isUniqueViolation,
  type NewRow,
  type Row,
  type Transact,
} from '../../platform/store/index.js'
import type { Clock } from '../../shared/clock.js'
import type { IdGenerator } from '../../shared/ids.js'
import type { IdpConfig } from './idp-config.js'
import { samlErrors } from './saml-errors.js'
import { samlStore } from './saml-store.js'

/** Per-connection choices: how the IdP's assertion maps onto a member. */
export type SamlSettings = {
  /** NameID format asked for in the AuthnRequest's NameIDPolicy (SAML core §3.4.1.1). */
  nameIdFormat: string
  /** Attribute holding the email; null means the NameID is the email. */
  emailAttribute: string | null
  displayNameAttribute: string | null
  /** Create a member (role `member`) on the first sign-in of an allowed-domain email. */
  jitProvisioning: boolean
  /**
   * Accept unsolicited responses (IdP-initiated SSO, SAML profiles §4.1.5). Off by default: a
   * response that answers no request of ours is a login-CSRF and replay vector (OWASP SAML
   * Security Cheat Sheet), so an admin turns it on for IdPs whose app tiles need it.
   */
  allowIdpInitiated: boolean
}

export const DEFAULT_SETTINGS: SamlSettings = {
  nameIdFormat: 'urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress',
  emailAttribute: null,
  displayNameAttribute: null,
  jitProvisioning: false,
  allowIdpInitiated: false,
}

export type SamlConnection = {
  id: string
  workspaceId: string
  idp: IdpConfig
  metadataUrl: string | null
  allowedDomains: string[]
  settings: SamlSettings
  enforced: boolean
  createdAt: string
  updatedAt: string
}

export type SamlConnectionInput = {
  idp: IdpConfig
  metadataUrl: string | null
  allowedDomains: string[]
  settings: SamlSettings
}

export type SamlConnectionDeps = {
  db: Db
  transact: Transact
  clock: Clock
  ids: IdGenerator
  audit: AuditLog
}

/** The SAML connections (one per workspace) and the email domains they claim. */
export function createSamlConnectionStore(deps: SamlConnectionDeps) {
  const { clock, ids, audit, transact } = deps
  const store = samlStore(deps.db)

  async function load(workspaceId: string): Promise<SamlConnection | undefined> {
    const row = await store.findConnectionOf(workspaceId)
    if (!row) return undefined
    return toConnection(row, await store.domainsOf(row.id))
  }

  /** Writes the connection row and replaces its domains, mapping unique violations to 409s. */
  async function save(connection: SamlConnection, isNew: boolean, actor: Actor): Promise<void> {
    const progress: { step: 'connection' | 'domains' } = { step: 'connection' }
    try {
      await transact(async (trx) => {
        const rows = samlStore(trx)
        const row = toRow(connection)
        if (isNew) await rows.insertConnection(row)
        else await rows.updateConnection(row)
        progress.step = 'domains'
        await rows.replaceDomains(connection, connection.allowedDomains)
        await audit.record(trx, {
          workspaceId: connection.workspaceId,
          actor,
          action: isNew ? 'saml.connection.created' : 'saml.connection.updated',
          target: { type: 'saml_connection', id: connection.id },
          after: summary(connection),
        })
      })
    } catch (error) {
      if (!isUniqueViolation(error)) throw error
      throw samlErrors.error(
        progress.step === 'domains' ? 'SAML_DOMAIN_TAKEN' : 'SAML_CONNECTION_EXISTS',
      )
    }
  }

  return {
    findByWorkspace: load,

    async require(workspaceId: string, id: string): Promise<SamlConnection> {
      const connection = await load(workspaceId)
      if (!connection || connection.id !== id) throw samlErrors.error('SAML_CONNECTION_NOT_FOUND')
      return connection
    },

    async create(
      workspaceId: string,
      input: SamlConnectionInput,
      actor: Actor,
    ): Promise<SamlConnection> {
      if (await load(workspaceId)) throw samlErrors.error('SAML_CONNECTION_EXISTS')
      const now = clock.now().toISOString()
      const connection = {
        id: ids.next(),
        workspaceId,
        ...input,
        enforced: false,
        createdAt: now,
        updatedAt: now,
      }
      await save(connection, true, actor)
      return connection
    },

    async update(connection: SamlConnection, actor: Actor): Promise<SamlConnection> {
      if (connection.enforced && connection.allowedDomains.length === 0) {
        throw samlErrors.error('SAML_ENFORCE_INVALID')
      }
      const updated = { ...connection, updatedAt: clock.now().toISOString() }
      await save(updated, false, actor)
      return updated
    },

    async remove(connection: SamlConnection, actor: Actor): Promise<void> {
      await transact(async (trx) => {
        await samlStore(trx).deleteConnection(connection.id)
        await audit.record(trx, {
          workspaceId: connection.workspaceId,
          actor,
          action: 'saml.connection.deleted',
          target: { type: 'saml_connection', id: connection.id },
          before: summary(connection),
        })
      })
    },

    /** Which workspace claims an email domain, and whether it enforces SSO for it. */
    async findByDomain(
      domain: string,
    ): Promise<{ workspaceId: string; enforced: boolean } | undefined> {
      const row = await store.findDomainClaim(domain)
      return row ? { workspaceId: row.workspaceId, enforced: row.enforced === 1 } : undefined
    },

    /** Connections that trust an IdP entity ID (one IdP may serve several workspaces). */
    async findByIdpEntityId(entityId: string): Promise<SamlConnection[]> {
      const workspaceIds = await store.workspacesTrusting(entityId)
      const found = await Promise.all(workspaceIds.map((workspaceId) => load(workspaceId)))
      return found.filter((c): c is SamlConnection => c !== undefined)
    },
  }
}

export type SamlConnectionStore = ReturnType<typeof createSamlConnectionStore>

function toRow(c: SamlConnection): NewRow<'saml_connections'> {
  return {
    id: c.id,
    workspace_id: c.workspaceId,
    idp_entity_id: c.idp.entityId,
    sso_url: c.idp.ssoUrl,
    sso_binding: c.idp.ssoBinding,
    slo_url: c.idp.sloUrl,
    certificates: JSON.stringify(c.idp.certificates),
    metadata_url: c.metadataUrl,
    settings: JSON.stringify(storedSettings(c.settings)),
    enforced: c.enforced ? 1 : 0,
    allow_idp_initiated: c.settings.allowIdpInitiated ? 1 : 0,
    created_at: c.createdAt,
    updated_at: c.updatedAt,
  }
}

function toConnection(row: Row<'saml_connections'>, domains: string[]): SamlConnection {
  return {
    id: row.id,
    workspaceId: row.workspace_id,
    idp: {
      entityId: row.idp_entity_id,
      ssoUrl: row.sso_url,
      ssoBinding: row.sso_binding === 'post' ? 'post' : 'redirect',
      sloUrl: row.slo_url,
      certificates: decodeJson<string[]>(row.certificates),
    },
    metadataUrl: row.metadata_url,
    allowedDomains: domains,
    settings: {
      ...DEFAULT_SETTINGS,
      ...storedSettings(decodeJson<Partial<SamlSettings>>(row.settings)),
      allowIdpInitiated: row.allow_idp_initiated === 1,
    },
    enforced: row.enforced === 1,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  }
}

/** The settings JSON column: everything but IdP-initiated sign-in, which has its own column. */
function storedSettings<T extends Partial<SamlSettings>>(
  settings: T,
): Omit<T, 'allowIdpInitiated'> {
  const { allowIdpInitiated: _ownColumn, ...rest } = settings
  return rest
}

/** What the audit trail keeps: no certificates (public, but long), everything else. */
function summary(c: SamlConnection) {
  return {
    idpEntityId: c.idp.entityId,
    ssoUrl: c.idp.ssoUrl,
    sloUrl: c.idp.sloUrl,
    certificates: c.idp.certificates.length,
    metadataUrl: c.metadataUrl,
    allowedDomains: c.allowedDomains,
    settings: c.settings,
    enforced: c.enforced,
  }
}
