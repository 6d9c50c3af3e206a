import {
  createConnectorRegistry,
  type ImportedAccountsSource,
  type Sleep,
  systemSleep,
  type TaskSink,
} from '../../integrations/connectors/index.js'
import type { PlatformServices } from './platform-services.js'

/** The ports the connector registry writes to and reads from, implemented by the access tier. */
export type AccessPorts = { readonly tasks: TaskSink; readonly imports: ImportedAccountsSource }

/**
 * The integrations tier: one connector registry for the process (its rate budgets, token cache
 * and circuit breakers are shared by every source, job and worker). The manual connector opens
 * tasks and reads uploaded account lists, which the access tier implements; the identity tier
 * (sources of people) needs the registry before the access tier exists, so those two ports are
 * plugged in afterwards with `plugAccess`. Nothing calls them while the services are built.
 */
export function createIntegrationServices(platform: PlatformServices, options: { sleep?: Sleep }) {
  let access: AccessPorts | undefined
  const plugged = (): AccessPorts => {
    if (!access) throw new Error('the access tier is not plugged into the connector registry yet')
    return access
  }
  const connectors = createConnectorRegistry({
    ...{ fetch: platform.fetch, clock: platform.clock, random: Math.random, log: platform.log },
    sleep: options.sleep ?? systemSleep,
    secretBox: platform.secretBox,
    tasks: {
      openTask: (task) => plugged().tasks.openTask(task),
      confirmedAccounts: (query) => plugged().tasks.confirmedAccounts(query),
    },
    imports: { importedAccounts: (query) => plugged().imports.importedAccounts(query) },
  })
  return {
    connectors,
    /** Plugs the access tier's tasks and account imports into the registry (once). */
    plugAccess(ports: AccessPorts): void {
      access = ports
    },
  }
}

export type IntegrationServices = ReturnType<typeof createIntegrationServices>
