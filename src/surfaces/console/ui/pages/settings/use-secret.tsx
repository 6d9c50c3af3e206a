import { type ReactNode, useState } from 'react'
import { SecretOnce } from '../../components/secret-once.js'

export type IssuedSecret = { title: string; label: string; value: string; extra?: ReactNode }

/** The secret a section just issued, shown once until dismissed. */
export function useIssuedSecret(): [ReactNode, (secret: IssuedSecret | null) => void] {
  const [secret, setSecret] = useState<IssuedSecret | null>(null)
  const panel = secret ? (
    <SecretOnce
      title={secret.title}
      label={secret.label}
      value={secret.value}
      onDone={() => setSecret(null)}
    >
      {secret.extra}
    </SecretOnce>
  ) : null
  return [panel, setSecret]
}
