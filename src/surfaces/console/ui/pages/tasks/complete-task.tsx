import { type FormEvent, useRef, useState } from 'react'
import { describeError } from '../../api/client.js'
import type { Task } from '../../api/types.js'
import { useSession } from '../../app/session.js'
import { Field } from '../../components/field.js'
import { humanize } from '../../components/format.js'

/**
 * Completes a task with evidence of what was done, in a modal dialog: the evidence goes into the
 * task and the audit log, which is what an auditor reads later.
 */
export function CompleteTaskButton({ task, onDone }: { task: Task; onDone: (task: Task) => void }) {
  const { api } = useSession()
  const dialog = useRef<HTMLDialogElement>(null)
  const [error, setError] = useState<string | null>(null)
  const [busy, setBusy] = useState(false)
  const what = `${humanize(task.action)} for ${task.personEmail} in ${task.details.appName}`

  const submit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault()
    const form = event.currentTarget
    const evidence = String(new FormData(form).get('evidence') ?? '').trim()
    if (!evidence) {
      setError('Say what you did, so the audit log can show it.')
      form.querySelector('textarea')?.focus()
      return
    }
    setBusy(true)
    setError(null)
    try {
      const done = await api.post<Task>(`/api/tasks/${encodeURIComponent(task.id)}/complete`, {
        evidence,
      })
      dialog.current?.close()
      onDone(done)
    } catch (failure) {
      setError(describeError(failure))
    } finally {
      setBusy(false)
    }
  }

  return (
    <>
      <button
        type="button"
        className="button"
        aria-label={`Complete: ${what}`}
        onClick={() => dialog.current?.showModal()}
      >
        Complete
      </button>
      <dialog ref={dialog} aria-labelledby={`complete-${task.id}`} onClose={() => setError(null)}>
        <h2 id={`complete-${task.id}`} className="dialog-title">
          Complete task
        </h2>
        <p>{what}</p>
        <details>
          <summary>Instructions</summary>
          <p className="pre-line">{task.details.instructions}</p>
        </details>
        <form onSubmit={submit} noValidate>
          <Field
            label="Evidence"
            hint="What you did, where and when: it is kept with the task and in the audit log."
            error={error}
          >
            {(props) => <textarea {...props} name="evidence" rows={4} maxLength={10_000} />}
          </Field>
          <div className="dialog-actions">
            <button type="button" className="button" onClick={() => dialog.current?.close()}>
              Cancel
            </button>
            <button type="submit" className="button button-primary" disabled={busy}>
              {busy ? 'Saving…' : 'Mark as done'}
            </button>
          </div>
        </form>
      </dialog>
    </>
  )
}
