import { z } from 'zod'
import type { Result } from '../../shared/result.js'
import { normalizeDomains } from './domains.js'
import {
  checkIdpConfig,
  type IdpConfig,
  METADATA_MAX_BYTES,
  parseIdpMetadata,
} from './idp-config.js'
import { fetchMetadata, type MetadataFetchOptions } from './metadata-fetch.js'
import {
  DEFAULT_SETTINGS,
  type SamlConnection,
  type SamlConnectionInput,
  type SamlSettings,
} from './saml-connections.js'
import { samlErrors } from './saml-errors.js'

const attributeName = z.string().min(1).max(256)

/**
 * `POST /saml/connections` and `PATCH /saml/connections/:id` (DESIGN.md): the IdP from
 * `metadataXml`, from `metadataUrl` (fetched on save), or typed in (`idpEntityId`, `ssoUrl`,
 * `certificates`), plus `allowedDomains` and the attribute mapping.
 */
export const connectionBody = z
  .object({
    metadataXml: z.string().min(1).max(METADATA_MAX_BYTES),
    metadataUrl: z.string().min(1).max(2048),
    idpEntityId: z.string().min(1).max(1024),
    ssoUrl: z.string().min(1).max(2048),
    ssoBinding: z.enum(['redirect', 'post']),
    sloUrl: z.string().min(1).max(2048).nullable(),
    certificates: z.array(z.string().min(1).max(16_384)).min(1).max(4),
    allowedDomains: z.array(z.string().max(253)).max(50),
    nameIdFormat: z.string().min(1).max(256),
    emailAttribute: attributeName.nullable(),
    displayNameAttribute: attributeName.nullable(),
    jitProvisioning: z.boolean(),
    allowIdpInitiated: z.boolean(),
  })
  .partial()
  .strict()

export type ConnectionBody = z.infer<typeof connectionBody>

const MANUAL_KEYS = ['idpEntityId', 'ssoUrl', 'ssoBinding', 'sloUrl', 'certificates'] as const

/** Builds what the store saves from a body, over the current connection on PATCH. */
export async function resolveConnectionInput(
  body: ConnectionBody,
  current: SamlConnection | undefined,
  fetchOptions: MetadataFetchOptions,
): Promise<SamlConnectionInput> {
  const idp = await resolveIdp(body, current, fetchOptions)
  const domains = normalizeDomains(body.allowedDomains ?? current?.allowedDomains ?? [])
  if (!domains.ok) throw invalid(`allowedDomains: ${domains.error}`)
  return {
    idp,
    metadataUrl: body.metadataUrl ?? (idpChanged(body) ? null : (current?.metadataUrl ?? null)),
    allowedDomains: domains.value,
    settings: mergeSettings(body, current?.settings ?? DEFAULT_SETTINGS),
  }
}

async function resolveIdp(
  body: ConnectionBody,
  current: SamlConnection | undefined,
  fetchOptions: MetadataFetchOptions,
): Promise<IdpConfig> {
  const sources = [body.metadataXml, body.metadataUrl, hasManual(body) ? 'manual' : undefined]
  if (sources.filter((s) => s !== undefined).length > 1) {
    throw invalid('Give one of metadataXml, metadataUrl, or idpEntityId + ssoUrl + certificates.')
  }
  if (body.metadataXml !== undefined) return unwrapIdp(parseIdpMetadata(body.metadataXml))
  if (body.metadataUrl !== undefined) {
    const fetched = await fetchMetadata(body.metadataUrl, fetchOptions)
    if (!fetched.ok) throw invalid(fetched.error)
    return unwrapIdp(parseIdpMetadata(fetched.value))
  }
  if (!hasManual(body)) {
    if (current) return current.idp
    throw invalid('Give metadataXml, metadataUrl, or idpEntityId + ssoUrl + certificates.')
  }
  const idpEntityId = body.idpEntityId ?? current?.idp.entityId
  const ssoUrl = body.ssoUrl ?? current?.idp.ssoUrl
  const certificates = body.certificates ?? current?.idp.certificates
  if (!idpEntityId || !ssoUrl || !certificates) {
    throw invalid('A manual configuration needs idpEntityId, ssoUrl and certificates.')
  }
  return unwrapIdp(
    checkIdpConfig({
      entityId: idpEntityId,
      ssoUrl,
      ssoBinding: body.ssoBinding ?? current?.idp.ssoBinding ?? 'redirect',
      sloUrl: body.sloUrl !== undefined ? body.sloUrl : (current?.idp.sloUrl ?? null),
      certificates,
    }),
  )
}

function idpChanged(body: ConnectionBody): boolean {
  return body.metadataXml !== undefined || hasManual(body)
}

function hasManual(body: ConnectionBody): boolean {
  return MANUAL_KEYS.some((key) => body[key] !== undefined)
}

function mergeSettings(body: ConnectionBody, base: SamlSettings): SamlSettings {
  return {
    nameIdFormat: body.nameIdFormat ?? base.nameIdFormat,
    emailAttribute: body.emailAttribute !== undefined ? body.emailAttribute : base.emailAttribute,
    displayNameAttribute:
      body.displayNameAttribute !== undefined
        ? body.displayNameAttribute
        : base.displayNameAttribute,
    jitProvisioning: body.jitProvisioning ?? base.jitProvisioning,
    allowIdpInitiated: body.allowIdpInitiated ?? base.allowIdpInitiated,
  }
}

function unwrapIdp(result: Result<IdpConfig, string>): IdpConfig {
  if (!result.ok) throw invalid(result.error)
  return result.value
}

function invalid(message: string) {
  return samlErrors.error('SAML_CONNECTION_INVALID', `Invalid SAML connection: ${message}`)
}
