import { URN } from './schemas/urns.js'

/** RFC 7644 §3.12 Table 9: the scimType values. */
export type ScimType =
  | 'invalidFilter'
  | 'tooMany'
  | 'uniqueness'
  | 'mutability'
  | 'invalidSyntax'
  | 'invalidPath'
  | 'noTarget'
  | 'invalidValue'
  | 'invalidVers'
  | 'sensitive'

/**
 * A SCIM protocol error: what the client did wrong, in RFC 7644 §3.12 form. Thrown or returned by
 * the protocol core and turned into the HTTP response at the edge; never a 500.
 */
export class ScimError extends Error {
  constructor(
    readonly status: number,
    readonly scimType: ScimType | undefined,
    readonly detail: string,
  ) {
    super(detail)
    this.name = 'ScimError'
  }

  /** The wire form: `status` is a string per RFC 7644 §3.12. */
  toJSON(): Record<string, unknown> {
    return {
      schemas: [URN.error],
      status: String(this.status),
      ...(this.scimType ? { scimType: this.scimType } : {}),
      detail: this.detail,
    }
  }
}

export const scimErrors = {
  invalidFilter: (detail: string) => new ScimError(400, 'invalidFilter', detail),
  invalidPath: (detail: string) => new ScimError(400, 'invalidPath', detail),
  noTarget: (detail: string) => new ScimError(400, 'noTarget', detail),
  invalidValue: (detail: string) => new ScimError(400, 'invalidValue', detail),
  invalidSyntax: (detail: string) => new ScimError(400, 'invalidSyntax', detail),
  mutability: (detail: string) => new ScimError(400, 'mutability', detail),
  uniqueness: (detail: string) => new ScimError(409, 'uniqueness', detail),
  tooMany: (detail: string) => new ScimError(400, 'tooMany', detail),
  invalidVers: (detail: string) => new ScimError(400, 'invalidVers', detail),
  notFound: (detail: string) => new ScimError(404, undefined, detail),
  unauthorized: (detail: string) => new ScimError(401, undefined, detail),
  forbidden: (detail: string) => new ScimError(403, undefined, detail),
  preconditionFailed: (detail: string) => new ScimError(412, undefined, detail),
  payloadTooLarge: (detail: string) => new ScimError(413, undefined, detail),
  notImplemented: (detail: string) => new ScimError(501, undefined, detail),
} as const
