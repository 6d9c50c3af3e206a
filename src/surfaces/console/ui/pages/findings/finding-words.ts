import type { FindingKind } from '../../api/types.js'
import type { Tone } from '../../components/badge.js'

export {
  entitlementOf,
  evidenceLines,
  FINDING_KINDS,
  KIND_MEANINGS,
  subjectOf,
} from './finding-kinds.js'

export const KIND_TONES: Readonly<Record<FindingKind, Tone>> = {
  missing: 'warn',
  drifted: 'neutral',
  residual: 'bad',
  orphan: 'warn',
  ambiguous: 'warn',
  missing_grant: 'warn',
  excess_grant: 'warn',
  privileged_grant: 'bad',
  residual_grant: 'bad',
}
