import { useEffect, useId, useRef, useState } from 'react'
import { describeError } from '../../api/client.js'
import { useSession } from '../../app/session.js'
import { Badge } from '../../components/badge.js'
import { Table } from '../../components/table.js'
import type { OnDemandReport, OnDemandStep } from './trace-types.js'
import { responseWords, stateTone } from './trace-words.js'

const POLL_MS = 1000

/**
 * "Run now for this person": the dry-run plan first in a dialog, then, once confirmed, the run
 * through the normal apply (approvals still hold) with its steps polled until each is verified,
 * held or failed. `onSettled` lets the page reload the trace.
 */
export function OnDemandRun({
  personId,
  name,
  onSettled,
}: {
  personId: string
  name: string
  onSettled: () => void
}) {
  const { api, can } = useSession()
  const dialog = useRef<HTMLDialogElement>(null)
  const titleId = useId()
  const [preview, setPreview] = useState<OnDemandReport | null>(null)
  const [run, setRun] = useState<OnDemandReport | null>(null)
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<string | null>(null)
  const path = `/api/people/${encodeURIComponent(personId)}/provision-on-demand`

  useEffect(() => {
    if (run?.state !== 'running') return
    const timer = setTimeout(() => {
      api.get<OnDemandReport>(`${path}/${encodeURIComponent(run.runId)}`).then(
        (next) => {
          setRun(next)
          if (next.state !== 'running') onSettled()
        },
        (failure: unknown) => setError(describeError(failure)),
      )
    }, POLL_MS)
    return () => clearTimeout(timer)
  }, [api, path, run, onSettled])

  if (!can('integrations:manage')) return null

  const open = async () => {
    setError(null)
    setBusy(true)
    dialog.current?.showModal()
    try {
      setPreview(await api.post<OnDemandReport>(path, { dryRun: true }))
    } catch (failure) {
      setError(describeError(failure))
    } finally {
      setBusy(false)
    }
  }
  const confirm = async () => {
    setBusy(true)
    setError(null)
    try {
      const started = await api.post<OnDemandReport>(path, {})
      setRun(started)
      dialog.current?.close()
      if (started.state !== 'running') onSettled()
    } catch (failure) {
      setError(describeError(failure))
    } finally {
      setBusy(false)
    }
  }

  return (
    <>
      <button type="button" className="button button-primary" onClick={open}>
        Run now for this person
      </button>
      <dialog ref={dialog} aria-labelledby={titleId}>
        <h2 id={titleId} className="dialog-title">
          Run now for {name}
        </h2>
        <div className="dialog-body">
          {preview ? (
            <>
              <p>
                {preview.steps.length === 0
                  ? 'Nothing to do: every app already matches what the rules say.'
                  : 'Reconciling just this person would do this (steps held for approval wait for an approver):'}
              </p>
              <StepsTable steps={preview.steps} caption="Planned steps" />
            </>
          ) : busy ? (
            <p role="status">Planning…</p>
          ) : null}
        </div>
        {error ? (
          <p className="message message-error" role="alert">
            {error}
          </p>
        ) : null}
        <div className="dialog-actions">
          <button type="button" className="button" onClick={() => dialog.current?.close()}>
            Cancel
          </button>
          <button
            type="button"
            className="button button-primary"
            disabled={busy || !preview || preview.steps.length === 0}
            onClick={confirm}
          >
            {busy && preview ? 'Working…' : 'Run now'}
          </button>
        </div>
      </dialog>
      {run ? <RunProgress run={run} /> : null}
    </>
  )
}

const RUN_WORDS: Readonly<Record<OnDemandReport['state'], string>> = {
  planned: 'Planned (nothing changed).',
  running: 'Running: applying and verifying each step…',
  held: 'Some steps wait for approval.',
  failed: 'Some steps failed; see the app’s answer below.',
  done: 'Done: every step applied and verified.',
}

function RunProgress({ run }: { run: OnDemandReport }) {
  return (
    <div className="on-demand-progress" aria-live="polite">
      <p role="status">{RUN_WORDS[run.state]}</p>
      <StepsTable steps={run.steps} caption="On-demand run" />
    </div>
  )
}

function StepsTable({ steps, caption }: { steps: readonly OnDemandStep[]; caption: string }) {
  return (
    <Table
      caption={caption}
      rows={steps}
      rowKey={(s) => s.operationId}
      empty="No steps."
      columns={[
        { header: 'Step', cell: (s) => s.summary },
        {
          header: 'State',
          cell: (s) => <Badge tone={stateTone(s.state)}>{s.state.replaceAll('_', ' ')}</Badge>,
        },
        {
          header: 'App’s answer',
          cell: (s) => responseWords(s.response) || (s.holdReason ?? '—'),
        },
        { header: 'Attempts', kind: 'num', cell: (s) => String(s.attempts) },
      ]}
    />
  )
}
