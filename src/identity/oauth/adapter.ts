import type { Adapter, AdapterFactory, AdapterPayload } from 'oidc-provider'
import type { Db } from '../../platform/store/index.js'
import type { ArtifactStore } from './artifact-store.js'
import { findClientRow, toProviderMetadata } from './client-store.js'

export type AdapterDeps = {
  db: Db
  artifacts: ArtifactStore
  /**
   * The error a second use of a one-time artifact raises: oidc-provider's `InvalidGrant`, which
   * its token endpoint answers as `400 invalid_grant` (RFC 6749 §5.2).
   */
  reused(model: string): Error
}

/**
 * oidc-provider's storage Adapter on our database. Clients come from `oauth_clients` (apps and
 * API connections are managed by us, never by dynamic registration); every other model lives in
 * `oauth_artifacts`.
 */
export function createAdapterFactory(deps: AdapterDeps): AdapterFactory {
  return (name: string): Adapter =>
    name === 'Client' ? clientAdapter(deps.db) : artifactAdapter(name, deps)
}

function artifactAdapter(model: string, deps: AdapterDeps): Adapter {
  const { artifacts } = deps
  return {
    async upsert(id, payload, expiresIn) {
      await artifacts.upsert(model, id, { ...payload }, expiresIn)
    },
    async find(id) {
      return (await artifacts.find(model, id)) as AdapterPayload | undefined
    },
    async findByUid(uid) {
      return (await artifacts.findByUid(model, uid)) as AdapterPayload | undefined
    },
    async findByUserCode() {
      return undefined // the device flow is not enabled
    },
    /**
     * One-time use, enforced by the database (RFC 6749 §4.1.2: a code is used once; RFC 9700
     * §4.14.2: a rotated refresh token is used once). Of concurrent uses exactly one wins; a
     * reuse, concurrent or late, revokes the whole grant, then fails with invalid_grant.
     */
    async consume(id) {
      if (await artifacts.consume(model, id)) return
      const grantId = await artifacts.grantIdOf(model, id)
      if (grantId) await artifacts.revokeGrant(grantId)
      throw deps.reused(model)
    },
    async destroy(id) {
      await artifacts.destroy(model, id)
    },
    async revokeByGrantId(grantId) {
      await artifacts.revokeByGrantId(model, grantId)
    },
  }
}

function clientAdapter(db: Db): Adapter {
  const unsupported = async () => {
    throw new Error('clients are managed through /oauth/apps and API connections, not the provider')
  }
  return {
    async find(id) {
      const row = await findClientRow(db, id)
      return row ? (toProviderMetadata(row) as AdapterPayload) : undefined
    },
    upsert: unsupported,
    consume: unsupported,
    destroy: unsupported,
    revokeByGrantId: async () => {},
    findByUid: async () => undefined,
    findByUserCode: async () => undefined,
  }
}
