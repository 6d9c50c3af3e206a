import type { Tone } from '../../components/badge.js'
import type { AppResponse } from './trace-types.js'

/** How the console names and colours trace kinds and step states (words first, WCAG 1.4.1). */
export const KIND_LABELS: Readonly<Record<string, string>> = {
  sync: 'source',
  link: 'link',
  finding: 'finding',
  operation: 'plan step',
  task: 'task',
  verification: 'verification',
  departure: 'departure',
}

const STATE_TONES: Readonly<Record<string, Tone>> = {
  verified: 'good',
  applied: 'good',
  done: 'good',
  held: 'warn',
  queued: 'neutral',
  running: 'neutral',
  task_open: 'warn',
  task_done: 'neutral',
  failed: 'bad',
  dead: 'bad',
  rejected: 'bad',
  expired: 'warn',
}

export function stateTone(state: string | null): Tone {
  return STATE_TONES[state ?? ''] ?? 'neutral'
}

/** "HTTP 503 · transient", "accepted (already gone)", or '' when the entry has no answer. */
export function responseWords(response: AppResponse | null | undefined): string {
  if (!response) return ''
  if (!response.ok) {
    const code = response.status ? `HTTP ${response.status}` : (response.code ?? 'error')
    return response.class ? `${code} · ${response.class}` : code
  }
  return response.marker ? `accepted (${response.marker.replaceAll('_', ' ')})` : 'accepted'
}
