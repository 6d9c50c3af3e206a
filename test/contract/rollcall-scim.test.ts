import type { ScimProfileOverrides } from '../../src/integrations/connectors/index.js'
import { eachDialect } from '../helpers/dialects.js'
import { newUser, scimClient } from '../helpers/scim-client.js'
import { startServer } from '../helpers/server.js'
import { type ContractTarget, connectorContract } from './connector-contract.js'
import { GENEROUS_LIMIT, recordingFetch, scimConnectorFor } from './targets.js'

/**
 * Rollcall's own SCIM server as a provisioning target (seed 002's workspace platform): the
 * contract in the RFC dialect, in Entra's (PATCH answers 204; the client capitalises ops and
 * patches without paths), and with PUT updates and no filters (lookups scan the listing).
 */
const VARIANTS: ReadonlyArray<{
  name: string
  catalogId: string
  directoryProfile: 'standard' | 'okta' | 'entra'
  profile?: ScimProfileOverrides
}> = [
  { name: 'RFC dialect', catalogId: 'workspace-platform', directoryProfile: 'standard' },
  {
    name: 'PATCH 204, capitalised path-less ops',
    catalogId: 'scim-generic',
    directoryProfile: 'entra',
    profile: { patchOpCase: 'capitalized', patchStyle: 'value' },
  },
  {
    name: 'PUT updates, lookups without filters',
    catalogId: 'scim-generic',
    directoryProfile: 'standard',
    profile: { updateWith: 'put', deactivateWith: 'put', filters: false },
  },
]

eachDialect('Rollcall SCIM server as a target', (database) => {
  for (const variant of VARIANTS) {
    connectorContract(
      `${variant.catalogId}, ${variant.name}`,
      async (): Promise<ContractTarget> => {
        const server = await startServer(database, { profile: variant.directoryProfile })
        const scim = scimClient(server.scimUrl, server.directory.token)
        const { fetch, requests } = recordingFetch()
        const connection = {
          baseUrl: server.scimUrl,
          auth: { type: 'bearer' as const, token: server.directory.token },
          rateLimit: GENEROUS_LIMIT,
          ...(variant.profile ? { profile: variant.profile } : {}),
        }
        return {
          connector: scimConnectorFor(variant.catalogId, connection, fetch),
          requests,
          async seedUsers(userNames) {
            const ids: string[] = []
            for (const userName of userNames) {
              const created = await scim.post('/Users', newUser(userName))
              if (created.status !== 201) throw new Error(`seed failed: ${created.text}`)
              ids.push(created.body.id)
            }
            return ids
          },
          async seedGroup(displayName) {
            const created = await scim.post('/Groups', {
              schemas: ['urn:ietf:params:scim:schemas:core:2.0:Group'],
              displayName,
            })
            if (created.status !== 201) throw new Error(`seed failed: ${created.text}`)
            return created.body.id
          },
          close: () => server.close(),
        }
      },
    )
  }
})
