import type { App, BreakerSnapshot, BucketSnapshot, ConnectionHealth } from '../../api/types.js'
import { useApi } from '../../app/resource.js'
import { Badge } from '../../components/badge.js'
import { Fact, Facts } from '../../components/facts.js'
import { DateTime, formatRate, humanize } from '../../components/format.js'
import { Loaded } from '../../components/loaded.js'
import { healthSummary } from '../shared/health-badge.js'

/** Where the app is reached and with what (never the secret), and the connection's live state. */
export function AppConnection({ app }: { app: App }) {
  const { resource, reload } = useApi<ConnectionHealth>(
    `/api/apps/${encodeURIComponent(app.id)}/health`,
  )
  return (
    <>
      <Settings app={app} />
      <h3>Health</h3>
      <Loaded resource={resource} what="connection health" retry={reload}>
        {(health) => <Health health={health} />}
      </Loaded>
    </>
  )
}

function Settings({ app }: { app: App }) {
  const connection = app.connection
  if (!connection) {
    return (
      <p>
        This app has no API: Rollcall opens tasks for its owner,{' '}
        <strong>{app.owner ?? 'nobody'}</strong>.
      </p>
    )
  }
  const auth = (connection.auth ?? {}) as Record<string, unknown>
  const rateLimit = connection.rateLimit as { requests?: number; windowMs?: number } | undefined
  return (
    <Facts>
      <Fact label="Base URL">
        <code className="break">{String(connection.baseUrl ?? '—')}</code>
      </Fact>
      <Fact label="Authentication">{humanize(String(auth.type ?? 'unknown'))}</Fact>
      {Object.entries(auth)
        .filter(([key]) => key !== 'type')
        .map(([key, value]) => (
          <Fact key={key} label={humanize(key)}>
            <code className="break">{String(value)}</code>
          </Fact>
        ))}
      <Fact label="Rate limit">
        {rateLimit?.requests && rateLimit.windowMs
          ? `${rateLimit.requests} requests per ${rateLimit.windowMs / 1000} s (set on the connection)`
          : 'From the catalog'}
      </Fact>
    </Facts>
  )
}

function Health({ health }: { health: ConnectionHealth }) {
  const summary = healthSummary(health)
  if (health.kind !== 'api') {
    return (
      <p>
        <Badge tone={summary.tone}>{summary.text}</Badge>{' '}
        {health.kind === 'unavailable' ? health.message : 'Nothing to rate-limit or quarantine.'}
      </p>
    )
  }
  return (
    <>
      <p className="muted">As this server has seen it since it started.</p>
      <Facts>
        <Fact label="State">
          <Badge tone={summary.tone}>{summary.text}</Badge>
        </Fact>
        <Breaker breaker={health.breaker} />
        <Bucket rate={health.rate} />
      </Facts>
    </>
  )
}

function Breaker({ breaker }: { breaker: BreakerSnapshot }) {
  if (breaker.state === 'closed') {
    return <Fact label="Quarantine">None: requests flow</Fact>
  }
  return (
    <>
      <Fact label="Quarantined since">
        <DateTime value={breaker.since} />
      </Fact>
      <Fact label="Reason">{humanize(breaker.reason)}</Fact>
      {breaker.state === 'open' ? (
        <Fact label="Next probe">
          <DateTime
            value={breaker.retryAt ?? null}
            fallback="Only after someone retries the connection"
          />
        </Fact>
      ) : null}
    </>
  )
}

function Bucket({ rate }: { rate: BucketSnapshot }) {
  return (
    <>
      <Fact label="Current rate">
        {formatRate(rate.ratePerSecond)} (ceiling {formatRate(rate.ceilingPerSecond)})
      </Fact>
      <Fact label="Burst available">
        {Math.floor(rate.tokens)} of {Math.floor(rate.capacity)} requests
      </Fact>
      <Fact label="Paused by the app">
        {rate.pausedUntil ? (
          <>
            until <DateTime value={rate.pausedUntil} />
          </>
        ) : (
          'No'
        )}
      </Fact>
    </>
  )
}
