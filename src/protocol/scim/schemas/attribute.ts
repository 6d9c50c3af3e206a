import type {
  AttributeDefinition,
  AttributeType,
  Mutability,
  Returned,
  Uniqueness,
} from './types.js'

type AttributeOptions = {
  multiValued?: boolean
  required?: boolean
  caseExact?: boolean
  mutability?: Mutability
  returned?: Returned
  uniqueness?: Uniqueness
  canonicalValues?: readonly string[]
  referenceTypes?: readonly string[]
  subAttributes?: readonly AttributeDefinition[]
}

/**
 * Declares an attribute with the RFC 7643 §2.2 defaults ("if not otherwise stated"): single-valued,
 * optional, caseExact=false, readWrite, returned by default, no uniqueness.
 */
export function attribute(
  name: string,
  type: AttributeType,
  description: string,
  options: AttributeOptions = {},
): AttributeDefinition {
  return {
    name,
    type,
    multiValued: options.multiValued ?? false,
    description,
    required: options.required ?? false,
    caseExact: options.caseExact ?? false,
    mutability: options.mutability ?? 'readWrite',
    returned: options.returned ?? 'default',
    uniqueness: options.uniqueness ?? 'none',
    ...(options.canonicalValues ? { canonicalValues: options.canonicalValues } : {}),
    ...(options.referenceTypes ? { referenceTypes: options.referenceTypes } : {}),
    ...(options.subAttributes ? { subAttributes: options.subAttributes } : {}),
  }
}

/**
 * The usual sub-attributes of a multi-valued attribute (RFC 7643 §2.4): value, display, type,
 * primary; `$ref` where the value points at a resource.
 */
export function multiValuedSubAttributes(
  valueType: AttributeType,
  typeValues: readonly string[],
  extra: readonly AttributeDefinition[] = [],
): AttributeDefinition[] {
  return [
    attribute('value', valueType, 'The value of the attribute.'),
    attribute('display', 'string', 'A human-readable name, primarily used for display purposes.'),
    attribute('type', 'string', "A label indicating the attribute's function.", {
      canonicalValues: typeValues,
    }),
    attribute('primary', 'boolean', "A Boolean value indicating the 'primary' or preferred value."),
    ...extra,
  ]
}
