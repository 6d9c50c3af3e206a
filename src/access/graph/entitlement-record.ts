import { createHash } from 'node:crypto'
import {
  type CatalogEntry,
  type EntitlementKind,
  isPrivilegedName,
} from '../../integrations/catalog/index.js'
import type { RemoteEntitlement } from '../../integrations/connectors/index.js'

/** An entitlement as the graph stores it: what the connector said, and a fingerprint. */
export type EntitlementRecord = {
  readonly remoteId: string
  readonly kind: EntitlementKind
  readonly displayName: string
  readonly description: string | null
  readonly privileged: boolean
  readonly attributes: Readonly<Record<string, unknown>>
  readonly fingerprint: string
}

/**
 * Privileged when the app says so, or when the catalog's name patterns for this kind of
 * entitlement in this app match (admin, owner…): the catalog's default is the safer reading.
 */
export function toEntitlementRecord(
  remote: RemoteEntitlement,
  entry: CatalogEntry | undefined,
): EntitlementRecord {
  const types = entry?.entitlements ?? []
  const type = types.find((t) => t.kind === remote.kind) ?? types[0]
  const privileged =
    remote.privileged || (type !== undefined && isPrivilegedName(type, remote.displayName))
  const attributes = {
    displayName: remote.displayName,
    ...(remote.description ? { description: remote.description } : {}),
    raw: remote.raw,
  }
  const fields = [remote.kind, remote.displayName, remote.description ?? null, privileged]
  return {
    remoteId: remote.id,
    kind: remote.kind,
    displayName: remote.displayName,
    description: remote.description ?? null,
    privileged,
    attributes,
    fingerprint: createHash('sha1')
      .update(JSON.stringify([...fields, attributes]))
      .digest('base64url'),
  }
}
