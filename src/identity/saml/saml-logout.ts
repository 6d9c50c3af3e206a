import { inflateRawSync } from 'node:zlib'
import type { Profile, SAML } from '@node-saml/node-saml'
import type { Db } from '../../platform/store/index.js'
import { describeError } from '../../shared/errors.js'
import { err, ok, type Result } from '../../shared/result.js'
import type { ConsoleSessionService } from '../members/index.js'
import { MAX_RESPONSE_BYTES } from './acs.js'
import { checkSignatures, isAllowedSigAlg } from './response-shape.js'
import type { SamlConnection, SamlConnectionStore } from './saml-connections.js'
import type { SamlRequestStore } from './saml-request-store.js'
import { samlStore } from './saml-store.js'
import { samlFor } from './saml-validation.js'
import { spEndpoints } from './sp-metadata.js'
import { attribute, firstChild, NS, parseStrictXml, plainText } from './xml-safety.js'

export type LogoutDeps = {
  db: Db
  sessions: Pick<ConsoleSessionService, 'resume' | 'end' | 'endByIds'>
  connections: Pick<SamlConnectionStore, 'findByWorkspace' | 'findByIdpEntityId'>
  requests: Pick<SamlRequestStore, 'newId' | 'save' | 'consume'>
  publicUrl: string
  clockSkewMs: number
}

/** A logout message as it arrived: HTTP-Redirect (query, §3.4) or HTTP-POST (form, §3.5). */
export type LogoutMessage = {
  binding: 'redirect' | 'post'
  fields: Record<string, string | undefined>
  /** The raw query string, whose bytes the Redirect binding's signature covers (§3.4.4.1). */
  rawQuery: string
}

/**
 * SP-initiated single logout (SAML profiles §4.4): the console session ends here first, then,
 * when the IdP has an SLO endpoint and the session came from it, the browser goes there with a
 * LogoutRequest whose id is stored to match the LogoutResponse.
 */
export async function startLogout(
  deps: LogoutDeps,
  input: { token: string | undefined; workspaceId: string },
): Promise<string> {
  const session = input.token ? await deps.sessions.resume(input.token) : undefined
  if (!input.token || !session || session.member.workspaceId !== input.workspaceId) return '/'
  const link = await samlStore(deps.db).findSessionLink(session.id)
  await deps.sessions.end(input.token)
  const connection = await deps.connections.findByWorkspace(input.workspaceId)
  if (!link || !connection?.idp.sloUrl) return '/'
  const id = deps.requests.newId()
  await deps.requests.save({ id, workspaceId: input.workspaceId, kind: 'logout', returnTo: '/' })
  const saml = samlForWorkspace(deps, connection, id)
  return saml.getLogoutUrlAsync(
    {
      issuer: spEndpoints(deps.publicUrl, input.workspaceId).entityId,
      nameID: link.name_id,
      nameIDFormat: link.name_id_format ?? 'urn:oasis:names:tc:SAML:1.1:nameid-format:unspecified',
      ...(link.session_index ? { sessionIndex: link.session_index } : {}),
    },
    '',
    {},
  )
}

/**
 * The SLO endpoint: a LogoutResponse to our request ends the round trip; a LogoutRequest from
 * the IdP ends the console sessions of that NameID (and SessionIndex) and is answered. Both must
 * be signed by the pinned IdP certificates, without SHA-1.
 */
export async function handleLogoutMessage(
  deps: LogoutDeps,
  message: LogoutMessage,
): Promise<Result<{ redirect: string } | { endedSessions: number }, string>> {
  const parsed = readMessage(message)
  if (!parsed.ok) return parsed
  const { kind, issuer, inResponseTo } = parsed.value
  if (kind === 'LogoutResponse') {
    const request = inResponseTo ? await deps.requests.consume(inResponseTo, 'logout') : undefined
    const connection = request
      ? await deps.connections.findByWorkspace(request.workspaceId)
      : undefined
    if (!request || !connection) return err('LogoutResponse answers no pending request')
    const verified = await verifyMessage(samlForWorkspace(deps, connection), message)
    return verified.ok ? ok({ redirect: request.returnTo }) : verified
  }
  for (const connection of await deps.connections.findByIdpEntityId(issuer)) {
    const saml = samlForWorkspace(deps, connection)
    const verified = await verifyMessage(saml, message)
    if (!verified.ok || !verified.value) continue
    const ended = await endSessions(deps, connection.workspaceId, verified.value)
    if (!connection.idp.sloUrl) return ok({ endedSessions: ended })
    const url = await saml.getLogoutResponseUrlAsync(
      verified.value,
      message.fields.RelayState ?? '',
      {},
      true,
    )
    return ok({ redirect: url })
  }
  return err('no connection of this issuer verified the LogoutRequest')
}

function samlForWorkspace(deps: LogoutDeps, connection: SamlConnection, requestId?: string): SAML {
  const sp = spEndpoints(deps.publicUrl, connection.workspaceId)
  return samlFor(connection, sp, deps.clockSkewMs, requestId)
}

type ParsedMessage = {
  kind: 'LogoutRequest' | 'LogoutResponse'
  issuer: string
  inResponseTo?: string
}

/** Decodes (inflating with a size cap: no zip bombs) and parses without DTDs, then peeks. */
function readMessage(message: LogoutMessage): Result<ParsedMessage, string> {
  const encoded = message.fields.SAMLRequest ?? message.fields.SAMLResponse
  if (!encoded) return err('no SAMLRequest or SAMLResponse')
  let xml: string
  try {
    const raw = Buffer.from(encoded, 'base64')
    xml = (
      message.binding === 'redirect'
        ? inflateRawSync(raw, { maxOutputLength: MAX_RESPONSE_BYTES })
        : raw
    ).toString('utf8')
  } catch {
    return err('the message does not decode')
  }
  const document = parseStrictXml(xml, MAX_RESPONSE_BYTES)
  if (!document.ok) return document
  const root = document.value.documentElement
  const kind = root.localName
  if (
    root.namespaceURI !== NS.protocol ||
    (kind !== 'LogoutRequest' && kind !== 'LogoutResponse')
  ) {
    return err('not a logout message')
  }
  // node-saml accepts a Redirect message without a Signature; SAML profiles §4.4.4 does not.
  const { SigAlg, Signature } = message.fields
  if (message.binding === 'redirect' && (!Signature || !isAllowedSigAlg(SigAlg ?? ''))) {
    return err('unsigned, or signed with an algorithm we refuse')
  }
  if (message.binding === 'post') {
    const signatures = checkSignatures(document.value, [root])
    if (!signatures.ok) return signatures
    if (signatures.value.length !== 1) return err('the message is not signed')
  }
  const issuerElement = firstChild(root, NS.assertion, 'Issuer')
  const issuer = issuerElement ? plainText(issuerElement) : err('no Issuer')
  if (!issuer.ok) return issuer
  const inResponseTo = attribute(root, 'InResponseTo')
  return ok({ kind, issuer: issuer.value, ...(inResponseTo ? { inResponseTo } : {}) })
}

async function verifyMessage(
  saml: SAML,
  message: LogoutMessage,
): Promise<Result<Profile | null, string>> {
  try {
    const fields = Object.fromEntries(
      Object.entries(message.fields).filter((e): e is [string, string] => e[1] !== undefined),
    )
    const result =
      message.binding === 'redirect'
        ? await saml.validateRedirectAsync(fields, message.rawQuery)
        : message.fields.SAMLRequest
          ? await saml.validatePostRequestAsync(fields)
          : await saml.validatePostResponseAsync(fields)
    if (!result.loggedOut) return err('not a logout message')
    return ok(result.profile)
  } catch (error) {
    return err(`node-saml: ${describeError(error)}`)
  }
}

/** Ends the console sessions of this IdP session (SAML profiles §4.4.4.1: NameID, SessionIndex). */
async function endSessions(
  deps: Pick<LogoutDeps, 'db' | 'sessions'>,
  workspaceId: string,
  profile: Profile,
): Promise<number> {
  const ids = await samlStore(deps.db).consoleSessionsOf(workspaceId, {
    nameId: profile.nameID,
    sessionIndex: profile.sessionIndex,
  })
  if (ids.length === 0) return 0
  // The members domain owns console sessions: they end through its session service.
  await deps.sessions.endByIds(ids)
  return ids.length
}
