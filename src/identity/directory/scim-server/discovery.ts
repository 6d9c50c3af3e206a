import {
  allSchemas,
  findExtension,
  type ResourceSchema,
  resourceSchemas,
  type SchemaDefinition,
  URN,
} from '../../../protocol/scim/schemas/index.js'

export type DiscoveryOptions = {
  readonly baseUrl: string
  readonly maxResults: number
  readonly bulkMaxOperations: number
  readonly bulkMaxPayloadBytes: number
}

/**
 * RFC 7643 §5: what this server supports. Generated from the same configuration the endpoints
 * enforce, so the advertisement cannot drift from the behaviour.
 */
export function serviceProviderConfig(options: DiscoveryOptions) {
  return {
    schemas: [URN.serviceProviderConfig],
    documentationUri: 'https://datatracker.ietf.org/doc/html/rfc7644',
    patch: { supported: true },
    bulk: {
      supported: true,
      maxOperations: options.bulkMaxOperations,
      maxPayloadSize: options.bulkMaxPayloadBytes,
    },
    filter: { supported: true, maxResults: options.maxResults },
    changePassword: { supported: false },
    sort: { supported: true },
    etag: { supported: true },
    authenticationSchemes: [
      {
        type: 'oauthbearertoken',
        name: 'OAuth Bearer Token',
        description:
          'The bearer token of the SCIM directory, shown once when the directory is created.',
        specUri: 'https://www.rfc-editor.org/rfc/rfc6750',
        primary: true,
      },
    ],
    meta: {
      resourceType: 'ServiceProviderConfig',
      location: `${options.baseUrl}/ServiceProviderConfig`,
    },
  }
}

/** RFC 7643 §6: the resource types. */
export function resourceTypeDocument(schema: ResourceSchema, baseUrl: string) {
  const type = schema.resourceType
  return {
    schemas: [URN.resourceType],
    id: type.id,
    name: type.name,
    endpoint: type.endpoint,
    description: type.description,
    schema: type.schema,
    schemaExtensions: type.schemaExtensions.map((e) => ({
      schema: e.schema,
      required: e.required,
    })),
    meta: { resourceType: 'ResourceType', location: `${baseUrl}/ResourceTypes/${type.id}` },
  }
}

/** RFC 7643 §7: a schema, from the very definitions the server validates with. */
export function schemaDocument(schema: SchemaDefinition, baseUrl: string) {
  return {
    schemas: [URN.schema],
    id: schema.id,
    name: schema.name,
    description: schema.description,
    attributes: schema.attributes,
    meta: { resourceType: 'Schema', location: `${baseUrl}/Schemas/${schema.id}` },
  }
}

export function findResourceType(id: string): ResourceSchema | undefined {
  return resourceSchemas.find((s) => s.resourceType.id.toLowerCase() === id.toLowerCase())
}

export function findSchema(id: string): SchemaDefinition | undefined {
  return (
    allSchemas.find((s) => s.id.toLowerCase() === id.toLowerCase()) ??
    resourceSchemas.map((r) => findExtension(r, id)).find(Boolean)
  )
}
