import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { seedPeopleFromCsv } from '../../helpers/csv-people.js'
import { managementApi } from '../../helpers/http.js'
import { createMember } from '../../helpers/oauth.js'
import type { TestServer } from '../../helpers/server.js'

export type Seeded = {
  admin: { email: string; password: string }
  viewer: { email: string; password: string }
  samepageId: string
  wikiId: string
  /** Open tasks: two overdue, one due next week. */
  tasks: { lateCy: string; lateEve: string; soonDee: string }
}

const DAY = 86_400_000

/**
 * A workspace as an admin finds it after a week of use, through the real services: members,
 * five people from an HR export (one terminated), a contractor list whose only record is
 * ambiguous, a manual app (Samepage) with open tasks, and a SCIM app (Wiki) whose credentials
 * the app refused, so its connection is quarantined.
 */
export async function seedWorkspace(server: TestServer): Promise<Seeded> {
  const { services } = server.hub
  const workspaceId = server.workspace.id
  const admin = await createMember(server, 'admin@acme.com', 'admin')
  const viewer = await createMember(server, 'viewer@acme.com', 'member')
  await seedPeopleFromCsv(services, workspaceId, [
    'E1,ann@acme.com,Ann,Lee,R&D,Engineering,active',
    'E2,bob@acme.com,Bob,Ray,Sales,Sales,active',
    'E3,cy@acme.com,Cy,Ng,Sales,Sales,terminated',
    'E4,dee@acme.com,Dee,Park,R&D,Engineering,active',
    'E5,eve@acme.com,Eve,Moss,Finance,Finance,active',
  ])
  await seedPeopleFromCsv(services, workspaceId, ['ann@acme.com,bob@acme.com'], {
    name: 'Contractors',
    header: 'userName,email',
  })
  const api = managementApi(server)
  const samepage = await api('POST', '/api/apps', {
    catalogId: 'samepage',
    name: 'Samepage',
    owner: 'it@acme.com',
    assignment: { all: true },
  })
  const wikiId = await connectQuarantinedApp(server)
  const open = (email: string, action: 'deactivate_account' | 'create_account', dueIn: number) =>
    services.tasks.openTask({
      workspaceId,
      appId: samepage.body.id,
      action,
      personEmail: email,
      assignee: 'it@acme.com',
      details: { appName: 'Samepage', instructions: `In Samepage: Members → ${email}.` },
      dueAt: new Date(Date.now() + dueIn),
      idempotencyKey: `seed-${email}-${action}`,
    })
  const lateCy = await open('cy@acme.com', 'deactivate_account', -3 * DAY)
  const lateEve = await open('eve@acme.com', 'deactivate_account', -1 * DAY)
  const soonDee = await open('dee@acme.com', 'create_account', 7 * DAY)
  return {
    admin,
    viewer,
    samepageId: samepage.body.id,
    wikiId,
    tasks: { lateCy: lateCy.taskId, lateEve: lateEve.taskId, soonDee: soonDee.taskId },
  }
}

/** A SCIM app whose server answers 401: one call, and the breaker quarantines the connection. */
async function connectQuarantinedApp(server: TestServer): Promise<string> {
  const refusing = await listen(
    createServer((_request, response) => {
      response.writeHead(401, { 'content-type': 'application/scim+json' })
      response.end('{"schemas":["urn:ietf:params:scim:api:messages:2.0:Error"],"status":"401"}')
    }),
  )
  try {
    const port = (refusing.address() as AddressInfo).port
    const created = await managementApi(server)('POST', '/api/apps', {
      catalogId: 'scim-generic',
      name: 'Wiki',
      connection: {
        baseUrl: `http://127.0.0.1:${port}/scim/v2`,
        auth: { type: 'bearer', token: 'revoked-token' },
      },
      assignment: { filter: 'groups.display eq "Engineering"' },
      mappings: {
        userName: 'userName',
        displayName: 'Join(" ", name.givenName, name.familyName)',
      },
    })
    if (created.status !== 201) throw new Error(`Wiki: ${created.text}`)
    const connector = await server.hub.services.apps.connector(server.workspace.id, created.body.id)
    if (!connector.ok) throw connector.error
    await connector.value.listAccounts({})
    return created.body.id
  } finally {
    await new Promise((resolve) => refusing.close(resolve))
  }
}

function listen(server: Server): Promise<Server> {
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)))
}
