import { useState } from 'react'
import { describeError } from '../../api/client.js'
import type { PlanView } from '../../api/types.js'
import { useNavigate } from '../../app/router.js'
import { useSession } from '../../app/session.js'

/**
 * Makes a new plan of the whole workspace (`POST /api/plans`, a dry run: nothing changes until
 * it is applied) and opens it. Only for members who manage integrations.
 */
export function NewPlanButton() {
  const { api, can } = useSession()
  const navigate = useNavigate()
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<string | null>(null)
  if (!can('integrations:manage')) return null
  const plan = async () => {
    setBusy(true)
    setError(null)
    try {
      const created = await api.post<PlanView>('/api/plans', {})
      navigate(`/plans/${encodeURIComponent(created.id)}`)
    } catch (failure) {
      setError(describeError(failure))
      setBusy(false)
    }
  }
  return (
    <>
      <button type="button" className="button button-primary" disabled={busy} onClick={plan}>
        {busy ? 'Planning…' : 'Plan the workspace'}
      </button>
      {error ? (
        <p className="field-error" role="alert">
          {error}
        </p>
      ) : null}
    </>
  )
}
