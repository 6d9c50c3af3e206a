import { decodeJson } from '../../platform/store/index.js'
import { isRecord } from '../../shared/json.js'
import type { MoverDiff } from './movers.js'

/** What a plan row's notes column holds: its notes in words, and its movers (issue 15). */
export type PlanNotes = {
  readonly notes: string[]
  readonly movers: MoverDiff[]
  /** How many movers the plan has (only the first MAX_MOVERS are kept). */
  readonly moversTotal: number
}

/** A plan row's notes and movers, or none; plans made before movers stored a list of notes. */
export function notesOf(value: unknown): PlanNotes {
  if (value === null || value === undefined) return { notes: [], movers: [], moversTotal: 0 }
  const decoded = decodeJson<unknown>(value)
  if (Array.isArray(decoded)) return { notes: decoded as string[], movers: [], moversTotal: 0 }
  if (!isRecord(decoded)) return { notes: [], movers: [], moversTotal: 0 }
  const movers = Array.isArray(decoded.movers) ? (decoded.movers as MoverDiff[]) : []
  return {
    notes: Array.isArray(decoded.notes) ? (decoded.notes as string[]) : [],
    movers,
    moversTotal: typeof decoded.moversTotal === 'number' ? decoded.moversTotal : movers.length,
  }
}
