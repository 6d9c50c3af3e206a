import { editionIncludes } from '../../platform/auth/index.js'
import type { Clock } from '../../shared/clock.js'
import { describeError } from '../../shared/errors.js'
import { err, ok, type Result } from '../../shared/result.js'
import type { WorkspaceService } from '../workspace/index.js'
import { safeReturnPath } from './relay-state.js'
import type { ReplayCache } from './replay-cache-store.js'
import { inspectResponse, type ResponseEnvelope } from './response-shape.js'
import type { SamlConnection, SamlConnectionStore } from './saml-connections.js'
import { type SamlLogin, type SamlLoginDeps, signInWithAssertion } from './saml-login.js'
import type { SamlRequestStore } from './saml-request-store.js'
import { checkAssertion, samlFor, type VerifiedAssertion } from './saml-validation.js'
import { type SpEndpoints, spEndpoints } from './sp-metadata.js'
import { parseStrictXml } from './xml-safety.js'

export type AcsDeps = SamlLoginDeps & {
  clock: Clock
  connections: Pick<SamlConnectionStore, 'findByWorkspace'>
  requests: Pick<SamlRequestStore, 'consume'>
  replay: Pick<ReplayCache, 'remember'>
  workspaces: Pick<WorkspaceService, 'findById'>
  publicUrl: string
  clockSkewMs: number
}

export type AcsOutcome = SamlLogin & { workspaceId: string; returnTo: string; email: string }
/**
 * `refused`: a valid assertion for someone who may not sign in here; `unsolicited`: an
 * IdP-initiated response to a connection that does not accept them; `invalid`: anything else.
 */
export type AcsFailure = { kind: 'invalid' | 'refused' | 'unsolicited'; reason: string }

/** A decoded SAML response is at most this large; real ones are a few kilobytes. */
export const MAX_RESPONSE_BYTES = 128 * 1024

type Target = {
  connection: SamlConnection
  sp: SpEndpoints
  requestId: string | null
  returnTo: string
}

/**
 * The Assertion Consumer Service (SAML profiles §4.1.4, HTTP-POST binding §3.5): every step
 * must pass, in this order, before anyone is signed in. The workspace comes from the stored
 * AuthnRequest (SP-initiated) or from the signed Audience (IdP-initiated), never from RelayState.
 */
export async function consumeResponse(
  deps: AcsDeps,
  input: { samlResponse: string; relayState: string | undefined },
): Promise<Result<AcsOutcome, AcsFailure>> {
  const invalid = (reason: string) => err<AcsFailure>({ kind: 'invalid', reason })
  const xml = decodeBase64(input.samlResponse)
  if (!xml) return invalid('SAMLResponse is not base64 or is too large')
  const document = parseStrictXml(xml, MAX_RESPONSE_BYTES)
  if (!document.ok) return invalid(document.error)
  const envelope = inspectResponse(document.value)
  if (!envelope.ok) return invalid(envelope.error)
  const target = await resolveTarget(deps, envelope.value, input.relayState)
  if (!target.ok) return target
  const verified = await verify(deps, input.samlResponse, envelope.value, target.value)
  if (!verified.ok) return invalid(verified.error)
  const fresh = await deps.replay.remember({
    idpEntityId: verified.value.issuer,
    assertionId: verified.value.assertionId,
    workspaceId: target.value.connection.workspaceId,
    expiresAt: verified.value.keepUntil,
  })
  if (!fresh) return invalid('assertion replayed')
  const login = await signInWithAssertion(deps, target.value.connection, verified.value)
  if (!login.ok) return err({ kind: 'refused', reason: login.error })
  return ok({
    ...login.value,
    workspaceId: target.value.connection.workspaceId,
    returnTo: target.value.returnTo,
    email: login.value.session.member.email,
  })
}

function decodeBase64(value: string): string | undefined {
  const compact = value.replace(/\s+/g, '')
  if (compact.length === 0 || compact.length > (MAX_RESPONSE_BYTES * 4) / 3 + 4) return undefined
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(compact)) return undefined
  return Buffer.from(compact, 'base64').toString('utf8')
}

/**
 * SP-initiated: InResponseTo must name a live AuthnRequest we stored; it is consumed now, so the
 * same id never works twice. IdP-initiated (no InResponseTo anywhere): the Audience names one
 * workspace's SP entity ID, and that connection must allow unsolicited responses (off unless an
 * admin turned it on); such a response then passes every check a solicited one does, the replay
 * cache included, since nothing else stops it from being posted twice (profiles §4.1.5).
 */
async function resolveTarget(
  deps: AcsDeps,
  envelope: ResponseEnvelope,
  relayState: string | undefined,
): Promise<Result<Target, AcsFailure>> {
  const invalid = (reason: string) => err<AcsFailure>({ kind: 'invalid', reason })
  if (envelope.inResponseTo.length > 1) return invalid('InResponseTo values disagree')
  const [requestId] = envelope.inResponseTo
  const start =
    requestId === undefined
      ? unsolicitedStart(deps, envelope, relayState)
      : await solicitedStart(deps, requestId)
  if (!start.ok) return invalid(start.error)
  const { workspaceId, returnTo } = start.value
  const connection = await deps.connections.findByWorkspace(workspaceId)
  if (!connection) return invalid('the workspace has no SAML connection')
  if (requestId === undefined && !connection.settings.allowIdpInitiated) {
    return err({ kind: 'unsolicited', reason: 'IdP-initiated sign-in is off for this connection' })
  }
  const workspace = await deps.workspaces.findById(workspaceId)
  if (!workspace || !editionIncludes(workspace.edition, 'saml'))
    return invalid('SAML is not in the plan')
  const sp = spEndpoints(deps.publicUrl, workspaceId)
  return ok({ connection, sp, requestId: requestId ?? null, returnTo })
}

type Start = { workspaceId: string; returnTo: string }

async function solicitedStart(deps: AcsDeps, requestId: string): Promise<Result<Start, string>> {
  const request = await deps.requests.consume(requestId, 'authn')
  if (!request) return err('InResponseTo names no pending request')
  return ok({ workspaceId: request.workspaceId, returnTo: request.returnTo })
}

/** The workspace whose SP entity ID is the Audience; RelayState only as a path of ours. */
function unsolicitedStart(
  deps: AcsDeps,
  envelope: ResponseEnvelope,
  relayState: string | undefined,
): Result<Start, string> {
  const prefix = spEndpoints(deps.publicUrl, '').metadataUrl
  const ids = new Set(
    envelope.audiences.filter((a) => a.startsWith(prefix)).map((a) => a.slice(prefix.length)),
  )
  const [only] = ids
  if (ids.size !== 1 || only === undefined) return err('no single workspace in the Audience')
  return ok({ workspaceId: decodeURIComponent(only), returnTo: safeReturnPath(relayState) ?? '/' })
}

/** node-saml checks the signature against the pinned certificates; then our own checks. */
async function verify(
  deps: AcsDeps,
  samlResponse: string,
  envelope: ResponseEnvelope,
  target: Target,
): Promise<Result<VerifiedAssertion, string>> {
  const saml = samlFor(target.connection, target.sp, deps.clockSkewMs)
  let profile: Awaited<ReturnType<typeof saml.validatePostResponseAsync>>['profile']
  try {
    profile = (await saml.validatePostResponseAsync({ SAMLResponse: samlResponse })).profile
  } catch (error) {
    return err(`node-saml: ${describeError(error)}`)
  }
  const assertionXml = profile?.getAssertionXml?.()
  if (!profile || !assertionXml) return err('node-saml returned no assertion')
  const verifiedDocument = parseStrictXml(assertionXml, MAX_RESPONSE_BYTES)
  if (!verifiedDocument.ok) return verifiedDocument
  const checked = checkAssertion(verifiedDocument.value, envelope, {
    connection: target.connection,
    sp: target.sp,
    requestId: target.requestId,
    now: deps.clock.now(),
    clockSkewMs: deps.clockSkewMs,
  })
  if (!checked.ok) return checked
  // Two readers of the same signed bytes must agree (node-saml reads with xml2js, we with xmldom).
  if (profile.nameID !== checked.value.nameId) return err('NameID readings disagree')
  return checked
}
