import type { Db, NewRow, Row } from '../../platform/store/index.js'

/** The IdP session behind a console session, kept for single logout (NameID, SessionIndex). */
export type SamlSessionLink = NewRow<'saml_sessions'>

/**
 * Kysely queries for SAML connections, the email domains they claim and the IdP sessions behind
 * console sessions; the SAML domain is their only writer.
 */
export function samlStore(db: Db) {
  return {
    findConnectionOf(workspaceId: string): Promise<Row<'saml_connections'> | undefined> {
      return db
        .selectFrom('saml_connections')
        .selectAll()
        .where('workspace_id', '=', workspaceId)
        .executeTakeFirst()
    },

    async domainsOf(connectionId: string): Promise<string[]> {
      const rows = await db
        .selectFrom('saml_domains')
        .select('domain')
        .where('connection_id', '=', connectionId)
        .orderBy('domain')
        .execute()
      return rows.map((d) => d.domain)
    },

    async insertConnection(row: NewRow<'saml_connections'>): Promise<void> {
      await db.insertInto('saml_connections').values(row).execute()
    },

    async updateConnection(row: NewRow<'saml_connections'>): Promise<void> {
      await db.updateTable('saml_connections').set(row).where('id', '=', row.id).execute()
    },

    /** Deletes the connection's domains, then inserts these one by one. */
    async replaceDomains(
      connection: { id: string; workspaceId: string },
      domains: readonly string[],
    ): Promise<void> {
      await db.deleteFrom('saml_domains').where('connection_id', '=', connection.id).execute()
      for (const domain of domains) {
        await db
          .insertInto('saml_domains')
          .values({ domain, workspace_id: connection.workspaceId, connection_id: connection.id })
          .execute()
      }
    },

    async deleteConnection(id: string): Promise<void> {
      await db.deleteFrom('saml_connections').where('id', '=', id).execute()
    },

    /** The workspace claiming an email domain and whether its connection enforces SSO. */
    findDomainClaim(
      domain: string,
    ): Promise<{ workspaceId: string; enforced: number } | undefined> {
      return db
        .selectFrom('saml_domains')
        .innerJoin('saml_connections', 'saml_connections.id', 'saml_domains.connection_id')
        .select(['saml_domains.workspace_id as workspaceId', 'saml_connections.enforced'])
        .where('saml_domains.domain', '=', domain)
        .executeTakeFirst()
    },

    async workspacesTrusting(idpEntityId: string): Promise<string[]> {
      const rows = await db
        .selectFrom('saml_connections')
        .select('workspace_id')
        .where('idp_entity_id', '=', idpEntityId)
        .execute()
      return rows.map((row) => row.workspace_id)
    },

    async insertSessionLink(link: SamlSessionLink): Promise<void> {
      await db.insertInto('saml_sessions').values(link).execute()
    },

    findSessionLink(consoleSessionId: string): Promise<Row<'saml_sessions'> | undefined> {
      return db
        .selectFrom('saml_sessions')
        .selectAll()
        .where('console_session_id', '=', consoleSessionId)
        .executeTakeFirst()
    },

    /** Console sessions of an IdP session: its NameID and, when given, its SessionIndex. */
    async consoleSessionsOf(
      workspaceId: string,
      idpSession: { nameId: string; sessionIndex?: string | undefined },
    ): Promise<string[]> {
      let query = db
        .selectFrom('saml_sessions')
        .select('console_session_id')
        .where('workspace_id', '=', workspaceId)
        .where('name_id', '=', idpSession.nameId)
      if (idpSession.sessionIndex) {
        query = query.where('session_index', '=', idpSession.sessionIndex)
      }
      return (await query.execute()).map((row) => row.console_session_id)
    },
  }
}
