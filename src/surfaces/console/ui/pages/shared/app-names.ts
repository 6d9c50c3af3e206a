import type { App } from '../../api/types.js'
import { useApi } from '../../app/resource.js'

/** The workspace's apps by id, for naming them in findings, plans and accounts (empty while loading). */
export function useApps(): ReadonlyMap<string, App> {
  const { resource } = useApi<{ apps: App[] }>('/api/apps')
  if (resource.status !== 'ready') return new Map()
  return new Map(resource.data.apps.map((app) => [app.id, app]))
}

/** An app's name, or a short form of its id until the list has loaded. */
export function appName(apps: ReadonlyMap<string, App>, id: string): string {
  return apps.get(id)?.name ?? `app ${id.slice(0, 8)}`
}
