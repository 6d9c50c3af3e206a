import { attribute, multiValuedSubAttributes } from './attribute.js'
import type { SchemaDefinition } from './types.js'
import { URN } from './urns.js'

/** RFC 7643 §4.1 and §8.7.1: the core User schema. */
export const userSchema: SchemaDefinition = {
  id: URN.user,
  name: 'User',
  description: 'User Account',
  attributes: [
    attribute(
      'userName',
      'string',
      'Unique identifier for the User, typically used to authenticate.',
      {
        required: true,
        uniqueness: 'server',
      },
    ),
    attribute('name', 'complex', "The components of the user's real name.", {
      subAttributes: [
        attribute('formatted', 'string', 'The full name, formatted for display.'),
        attribute('familyName', 'string', 'The family name of the User.'),
        attribute('givenName', 'string', 'The given name of the User.'),
        attribute('middleName', 'string', 'The middle name(s) of the User.'),
        attribute('honorificPrefix', 'string', 'The honorific prefix(es) of the User.'),
        attribute('honorificSuffix', 'string', 'The honorific suffix(es) of the User.'),
      ],
    }),
    attribute('displayName', 'string', 'The name of the User, suitable for display to end-users.'),
    attribute('nickName', 'string', 'The casual way to address the user in real life.'),
    attribute(
      'profileUrl',
      'reference',
      "A fully qualified URL pointing to the User's online profile.",
      {
        referenceTypes: ['external'],
      },
    ),
    attribute('title', 'string', "The user's title, such as 'Vice President'."),
    attribute(
      'userType',
      'string',
      'Used to identify the relationship between the organization and the user.',
    ),
    attribute('preferredLanguage', 'string', "The User's preferred written or spoken language."),
    attribute('locale', 'string', "The User's default location for localizing items."),
    attribute(
      'timezone',
      'string',
      "The User's time zone in the 'Olson' time zone database format.",
    ),
    attribute('active', 'boolean', "A Boolean value indicating the User's administrative status."),
    attribute(
      'password',
      'string',
      "The User's cleartext password; accepted on input, never stored or returned.",
      {
        mutability: 'writeOnly',
        returned: 'never',
      },
    ),
    attribute('emails', 'complex', 'Email addresses for the user.', {
      multiValued: true,
      subAttributes: multiValuedSubAttributes('string', ['work', 'home', 'other']),
    }),
    attribute('phoneNumbers', 'complex', 'Phone numbers for the User.', {
      multiValued: true,
      subAttributes: multiValuedSubAttributes('string', [
        'work',
        'home',
        'mobile',
        'fax',
        'pager',
        'other',
      ]),
    }),
    attribute('ims', 'complex', 'Instant messaging addresses for the User.', {
      multiValued: true,
      subAttributes: multiValuedSubAttributes('string', [
        'aim',
        'gtalk',
        'icq',
        'xmpp',
        'msn',
        'skype',
        'qq',
        'yahoo',
      ]),
    }),
    attribute('photos', 'complex', 'URLs of photos of the User.', {
      multiValued: true,
      subAttributes: [
        attribute('value', 'reference', 'URL of a photo of the User.', {
          referenceTypes: ['external'],
        }),
        ...multiValuedSubAttributes('string', ['photo', 'thumbnail']).slice(1),
      ],
    }),
    attribute('addresses', 'complex', 'A physical mailing address for this User.', {
      multiValued: true,
      subAttributes: [
        attribute('formatted', 'string', 'The full mailing address, formatted for display.'),
        attribute('streetAddress', 'string', 'The full street address component.'),
        attribute('locality', 'string', 'The city or locality component.'),
        attribute('region', 'string', 'The state or region component.'),
        attribute('postalCode', 'string', 'The zip code or postal code component.'),
        attribute('country', 'string', 'The country name component.'),
        attribute('type', 'string', "A label indicating the attribute's function.", {
          canonicalValues: ['work', 'home', 'other'],
        }),
        attribute(
          'primary',
          'boolean',
          "A Boolean value indicating the 'primary' or preferred value.",
        ),
      ],
    }),
    attribute(
      'groups',
      'complex',
      'A list of groups to which the user belongs (managed through the Group resource).',
      {
        multiValued: true,
        mutability: 'readOnly',
        subAttributes: [
          attribute('value', 'string', "The identifier of the User's group.", {
            mutability: 'readOnly',
            caseExact: true,
          }),
          attribute('$ref', 'reference', 'The URI of the corresponding Group resource.', {
            mutability: 'readOnly',
            referenceTypes: ['User', 'Group'],
          }),
          attribute(
            'display',
            'string',
            'A human-readable name, primarily used for display purposes.',
            {
              mutability: 'readOnly',
            },
          ),
          attribute(
            'type',
            'string',
            "A label indicating the attribute's function, 'direct' or 'indirect'.",
            {
              mutability: 'readOnly',
              canonicalValues: ['direct', 'indirect'],
            },
          ),
        ],
      },
    ),
    attribute('entitlements', 'complex', 'A list of entitlements for the User.', {
      multiValued: true,
      subAttributes: multiValuedSubAttributes('string', []),
    }),
    attribute('roles', 'complex', 'A list of roles for the User.', {
      multiValued: true,
      subAttributes: multiValuedSubAttributes('string', []),
    }),
    attribute('x509Certificates', 'complex', 'A list of certificates issued to the User.', {
      multiValued: true,
      subAttributes: multiValuedSubAttributes('binary', []),
    }),
  ],
}
