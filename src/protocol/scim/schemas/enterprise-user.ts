import { attribute } from './attribute.js'
import type { SchemaDefinition } from './types.js'
import { URN } from './urns.js'

/** RFC 7643 §4.3: the Enterprise User extension. */
export const enterpriseUserSchema: SchemaDefinition = {
  id: URN.enterpriseUser,
  name: 'EnterpriseUser',
  description: 'Enterprise User',
  attributes: [
    attribute(
      'employeeNumber',
      'string',
      'Numeric or alphanumeric identifier assigned to a person.',
    ),
    attribute('costCenter', 'string', 'Identifies the name of a cost center.'),
    attribute('organization', 'string', 'Identifies the name of an organization.'),
    attribute('division', 'string', 'Identifies the name of a division.'),
    attribute('department', 'string', 'Identifies the name of a department.'),
    attribute('manager', 'complex', "The User's manager.", {
      subAttributes: [
        attribute('value', 'string', 'The id of the SCIM resource representing the manager.'),
        attribute('$ref', 'reference', 'The URI of the SCIM resource representing the manager.', {
          referenceTypes: ['User'],
        }),
        attribute('displayName', 'string', 'The displayName of the manager.', {
          mutability: 'readOnly',
        }),
      ],
    }),
  ],
}
