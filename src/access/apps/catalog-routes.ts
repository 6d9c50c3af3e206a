import type { FastifyInstance } from 'fastify'
import { getCatalogEntry, listCatalog } from '../../integrations/catalog/index.js'
import type { ManagementAuth } from '../../platform/auth/index.js'
import { appErrors } from './apps-errors.js'

/**
 * The app catalog over HTTP (what `rollcall catalog list|show` prints): `GET /api/catalog` lists
 * every entry briefly, `GET /api/catalog/:id` gives one whole entry. `integrations:read`.
 */
export async function catalogRoutes(
  app: FastifyInstance,
  deps: { readonly auth: ManagementAuth },
): Promise<void> {
  const read = { scope: 'integrations:read' } as const

  app.get('/api/catalog', async (request) => {
    await deps.auth.authorize(request, read)
    return {
      entries: listCatalog().map((entry) => ({
        id: entry.id,
        name: entry.name,
        category: entry.category,
        connector: entry.integration.connector,
        scim: entry.scim.available,
        hasUserApi: entry.hasUserApi,
      })),
    }
  })

  app.get<{ Params: { id: string } }>('/api/catalog/:id', async (request) => {
    await deps.auth.authorize(request, read)
    const entry = getCatalogEntry(request.params.id)
    if (!entry) {
      throw appErrors.error(
        'CATALOG_ENTRY_NOT_FOUND',
        `No app '${request.params.id}' in the catalog.`,
      )
    }
    return entry
  })
}
