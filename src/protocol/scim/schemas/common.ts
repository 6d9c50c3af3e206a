import { attribute } from './attribute.js'
import type { AttributeDefinition } from './types.js'

/** RFC 7643 §3.1: attributes every resource has, outside any schema's attribute list. */
export const commonAttributes: readonly AttributeDefinition[] = [
  attribute(
    'id',
    'string',
    'A unique identifier for a SCIM resource as defined by the service provider.',
    {
      caseExact: true,
      mutability: 'readOnly',
      returned: 'always',
      uniqueness: 'server',
    },
  ),
  attribute(
    'externalId',
    'string',
    'An identifier for the resource as defined by the provisioning client.',
    {
      caseExact: true,
    },
  ),
  attribute('meta', 'complex', 'A complex attribute containing resource metadata.', {
    mutability: 'readOnly',
    subAttributes: [
      attribute('resourceType', 'string', 'The name of the resource type of the resource.', {
        caseExact: true,
        mutability: 'readOnly',
      }),
      attribute(
        'created',
        'dateTime',
        'The DateTime that the resource was added to the service provider.',
        {
          mutability: 'readOnly',
        },
      ),
      attribute(
        'lastModified',
        'dateTime',
        'The most recent DateTime that the details of this resource were updated.',
        {
          mutability: 'readOnly',
        },
      ),
      attribute('location', 'reference', 'The URI of the resource being returned.', {
        caseExact: true,
        mutability: 'readOnly',
        referenceTypes: ['uri'],
      }),
      attribute('version', 'string', 'The version of the resource being returned (its ETag).', {
        caseExact: true,
        mutability: 'readOnly',
      }),
    ],
  }),
]
