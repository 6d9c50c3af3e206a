import type { AttrPath } from '../filter/ast.js'
import { commonAttributes } from './common.js'
import { enterpriseUserSchema } from './enterprise-user.js'
import { groupSchema } from './group.js'
import type { AttributeDefinition, ResourceTypeDefinition, SchemaDefinition } from './types.js'
import { URN } from './urns.js'
import { userSchema } from './user.js'

/** A resource type with its core schema and extensions: everything needed to resolve a path. */
export type ResourceSchema = {
  readonly resourceType: ResourceTypeDefinition
  readonly core: SchemaDefinition
  readonly extensions: readonly SchemaDefinition[]
}

/** Where an attribute path points, with its definitions and canonical spelling. */
export type ResolvedAttribute = {
  /** URN of the schema holding the attribute (the core URN for id/externalId/meta). */
  readonly schemaUri: string
  readonly isExtension: boolean
  readonly definition: AttributeDefinition
  /** Set when the path names a sub-attribute (`name.givenName`, `emails.value`). */
  readonly subDefinition?: AttributeDefinition
}

export const userResourceSchema: ResourceSchema = {
  resourceType: {
    id: 'User',
    name: 'User',
    endpoint: '/Users',
    description: 'User Account',
    schema: URN.user,
    schemaExtensions: [{ schema: URN.enterpriseUser, required: false }],
  },
  core: userSchema,
  extensions: [enterpriseUserSchema],
}

export const groupResourceSchema: ResourceSchema = {
  resourceType: {
    id: 'Group',
    name: 'Group',
    endpoint: '/Groups',
    description: 'Group',
    schema: URN.group,
    schemaExtensions: [],
  },
  core: groupSchema,
  extensions: [],
}

export const resourceSchemas: readonly ResourceSchema[] = [userResourceSchema, groupResourceSchema]

/** Every schema the server knows, for /Schemas. */
export const allSchemas: readonly SchemaDefinition[] = [
  userSchema,
  enterpriseUserSchema,
  groupSchema,
]

const sameName = (a: string, b: string) => a.toLowerCase() === b.toLowerCase()

/** Finds a named attribute in a list, case-insensitively (RFC 7643 §2.1). */
export function findAttribute(
  attributes: readonly AttributeDefinition[] | undefined,
  name: string,
): AttributeDefinition | undefined {
  return attributes?.find((a) => sameName(a.name, name))
}

/** The extension schema with this URN (case-insensitive), if the resource type has it. */
export function findExtension(schema: ResourceSchema, uri: string): SchemaDefinition | undefined {
  return schema.extensions.find((e) => sameName(e.id, uri))
}

export type ResolveOptions = {
  /**
   * Also resolve a name without URN that no core attribute has to the one extension that has it
   * (`manager` → the enterprise manager). RFC 7644 §3.10: clients "MAY omit core schema attribute
   * URN prefixes but SHOULD fully qualify extended attributes" — SHOULD, not MUST, and Entra ID
   * sends `"path": "manager"`. Off by default: filters keep requiring the URN.
   */
  readonly unqualifiedExtensions?: boolean
}

/**
 * Resolves an attribute path against a resource type. A path without a URI is looked up in the
 * common attributes and the core schema (and, if asked, the extensions); a core URN is the same as
 * none; an extension URN selects that extension. Returns undefined for unknown attributes (the
 * caller decides: filters answer invalidFilter or match nothing, PATCH answers invalidPath/noTarget).
 */
export function resolveAttribute(
  schema: ResourceSchema,
  path: AttrPath,
  options: ResolveOptions = {},
): ResolvedAttribute | undefined {
  const located = locate(schema, path, options)
  if (!located) return undefined
  if (path.subAttr === undefined) return located
  if (located.definition.type !== 'complex') return undefined
  const subDefinition = findAttribute(located.definition.subAttributes, path.subAttr)
  return subDefinition ? { ...located, subDefinition } : undefined
}

function locate(
  schema: ResourceSchema,
  path: AttrPath,
  options: ResolveOptions,
): ResolvedAttribute | undefined {
  if (path.uri === undefined || sameName(path.uri, schema.core.id)) {
    const definition =
      findAttribute(commonAttributes, path.name) ?? findAttribute(schema.core.attributes, path.name)
    if (definition) return { schemaUri: schema.core.id, isExtension: false, definition }
    const unqualified = path.uri === undefined && options.unqualifiedExtensions === true
    return unqualified ? locateUnqualified(schema, path.name) : undefined
  }
  const extension = findExtension(schema, path.uri)
  const definition = extension ? findAttribute(extension.attributes, path.name) : undefined
  return extension && definition
    ? { schemaUri: extension.id, isExtension: true, definition }
    : undefined
}

/** The one extension attribute with this name; none when no extension or several have it. */
function locateUnqualified(schema: ResourceSchema, name: string): ResolvedAttribute | undefined {
  const found = schema.extensions.flatMap((extension) => {
    const definition = findAttribute(extension.attributes, name)
    return definition ? [{ schemaUri: extension.id, isExtension: true, definition }] : []
  })
  return found.length === 1 ? found[0] : undefined
}
