import type { ConnectionHealth } from '../../api/types.js'
import { useApi } from '../../app/resource.js'
import { Badge } from '../../components/badge.js'

const REASONS: Record<string, string> = {
  unauthorized: 'credentials refused',
  forbidden: 'access forbidden',
  error_rate: 'too many errors',
}

/** The connection state in a word or two: healthy, quarantined (why), no API. */
export function healthSummary(health: ConnectionHealth): {
  tone: 'good' | 'warn' | 'bad' | 'neutral'
  text: string
} {
  if (health.kind === 'manual') return { tone: 'neutral', text: 'No API: tasks' }
  if (health.kind === 'unavailable') return { tone: 'bad', text: 'Unavailable' }
  const { breaker, rate } = health
  if (breaker.state === 'open')
    return { tone: 'bad', text: `Quarantined: ${REASONS[breaker.reason] ?? breaker.reason}` }
  if (breaker.state === 'half_open') return { tone: 'warn', text: 'Probing after quarantine' }
  if (rate.pausedUntil) return { tone: 'warn', text: 'Rate-limited: paused' }
  return { tone: 'good', text: 'Healthy' }
}

/** Fetches one app's health and shows it as a badge. */
export function HealthBadge({ appId }: { appId: string }) {
  const { resource } = useApi<ConnectionHealth>(`/api/apps/${encodeURIComponent(appId)}/health`)
  if (resource.status === 'loading') return <span className="muted">Checking…</span>
  if (resource.status === 'error') return <Badge tone="bad">Unknown</Badge>
  const summary = healthSummary(resource.data)
  return <Badge tone={summary.tone}>{summary.text}</Badge>
}
