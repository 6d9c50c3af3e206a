import type { ResolvedConfig } from '../../platform/config/index.js'
import { createAccessServices } from './access-services.js'
import { createIdentityServices } from './identity-services.js'
import { createIntegrationServices } from './integration-services.js'
import { createPlatformServices, type ServiceOverrides } from './platform-services.js'

export type { ServiceOverrides } from './platform-services.js'

/**
 * Builds every service on one store, tier by tier (platform → integrations → identity → access,
 * as .dependency-cruiser.cjs orders them): the server and the CLI share this, so both see the
 * same database with the same rules (DESIGN: the CLI works on the database while the server
 * runs). Building starts nothing; workers.ts starts the background workers.
 */
export async function createServices(config: ResolvedConfig, overrides: ServiceOverrides = {}) {
  const platform = await createPlatformServices(config, overrides)
  const integrations = createIntegrationServices(platform, overrides)
  const identity = createIdentityServices(platform, integrations)
  const access = createAccessServices(platform, integrations, identity)
  const { log, clock, ids, secretBox, store, audit, events, webhooks } = platform
  return {
    ...{ config, log, clock, ids, secretBox, store, audit, events, webhooks },
    /** Stops the job queue (pg-boss) before the store closes. */
    stopJobs: () => platform.jobs.stop(),
    connectors: integrations.connectors,
    ...identity,
    ...access,
  }
}

export type Services = Awaited<ReturnType<typeof createServices>>
