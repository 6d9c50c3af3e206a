/** RFC 7643 §7: the attribute characteristics that drive validation, filtering and PATCH. */
export type AttributeType =
  | 'string'
  | 'boolean'
  | 'decimal'
  | 'integer'
  | 'dateTime'
  | 'reference'
  | 'complex'
  | 'binary'
export type Mutability = 'readOnly' | 'readWrite' | 'immutable' | 'writeOnly'
export type Returned = 'always' | 'never' | 'default' | 'request'
export type Uniqueness = 'none' | 'server' | 'global'

export interface AttributeDefinition {
  readonly name: string
  readonly type: AttributeType
  readonly multiValued: boolean
  readonly description: string
  readonly required: boolean
  readonly caseExact: boolean
  readonly mutability: Mutability
  readonly returned: Returned
  readonly uniqueness: Uniqueness
  readonly canonicalValues?: readonly string[]
  readonly referenceTypes?: readonly string[]
  readonly subAttributes?: readonly AttributeDefinition[]
}

export interface SchemaDefinition {
  /** The schema URN, e.g. `urn:ietf:params:scim:schemas:core:2.0:User`. */
  readonly id: string
  readonly name: string
  readonly description: string
  readonly attributes: readonly AttributeDefinition[]
}

export interface ResourceTypeDefinition {
  readonly id: string
  readonly name: string
  readonly endpoint: string
  readonly description: string
  /** URN of the core schema. */
  readonly schema: string
  readonly schemaExtensions: readonly { readonly schema: string; readonly required: boolean }[]
}

/** A SCIM resource as JSON: attribute names in canonical case, extensions keyed by URN. */
export type ScimResource = Record<string, unknown>
