import { attribute } from './attribute.js'
import type { SchemaDefinition } from './types.js'
import { URN } from './urns.js'

/** RFC 7643 §4.2 and §8.7.1: the core Group schema. */
export const groupSchema: SchemaDefinition = {
  id: URN.group,
  name: 'Group',
  description: 'Group',
  attributes: [
    attribute('displayName', 'string', 'A human-readable name for the Group.', {
      required: true,
      uniqueness: 'server',
    }),
    attribute('members', 'complex', 'A list of members of the Group.', {
      multiValued: true,
      subAttributes: [
        // Member ids are resource ids, which are caseExact (RFC 7643 §3.1).
        attribute('value', 'string', 'Identifier of the member of this Group.', {
          mutability: 'immutable',
          caseExact: true,
        }),
        attribute(
          '$ref',
          'reference',
          'The URI corresponding to a SCIM resource that is a member of this Group.',
          {
            mutability: 'immutable',
            referenceTypes: ['User', 'Group'],
          },
        ),
        attribute(
          'type',
          'string',
          'A label indicating the type of resource, e.g. User or Group.',
          {
            mutability: 'immutable',
            canonicalValues: ['User', 'Group'],
          },
        ),
        // Not in RFC 7643's schema listing, but §4.2 examples and every IdP send it.
        attribute('display', 'string', 'A human-readable name of the member.'),
      ],
    }),
  ],
}
