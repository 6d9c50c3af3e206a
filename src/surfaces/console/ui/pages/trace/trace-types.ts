/**
 * The wire shapes of `GET /api/people/:id/trace` and the on-demand routes (src/access/trace);
 * the console imports nothing of the server, so they are restated here.
 */
export type TraceEntry = {
  readonly key: string
  readonly at: string
  readonly kind: string
  readonly app: { readonly id: string; readonly name: string } | null
  readonly summary: string
  readonly status: string | null
  readonly attempts?: number
  readonly response?: AppResponse
  readonly ids: Readonly<Record<string, string>>
}

export type AppResponse = {
  readonly ok: boolean
  readonly status: number | null
  readonly class: string | null
  readonly code: string | null
  readonly message: string | null
  readonly marker: string | null
}

export type TracePage = {
  readonly person: {
    readonly id: string
    readonly email: string | null
    readonly userName: string
    readonly displayName: string | null
  }
  readonly entries: readonly TraceEntry[]
  readonly nextCursor?: string
}

export type OnDemandStep = {
  readonly operationId: string
  readonly app: { readonly id: string; readonly name: string }
  readonly kind: string
  readonly summary: string
  readonly state: string
  readonly holdReason: string | null
  readonly attempts: number
  readonly response: AppResponse | null
}

export type OnDemandReport = {
  readonly runId: string
  readonly planId: string
  readonly dryRun: boolean
  readonly state: 'planned' | 'running' | 'held' | 'failed' | 'done'
  readonly steps: readonly OnDemandStep[]
}
