import { ConfirmButton } from '../../components/confirm-button.js'

/** Rotate-secret and delete for an OAuth app or an API connection. */
export function ClientActions({
  name,
  kind,
  onRotate,
  onDelete,
}: {
  name: string
  kind: 'OAuth app' | 'API connection'
  onRotate: () => Promise<void>
  onDelete: () => Promise<void>
}) {
  return (
    <div className="row-actions">
      <ConfirmButton
        label="Rotate secret"
        name={`Rotate secret of ${name}`}
        title={`Rotate the client secret of ${name}?`}
        confirmLabel="Rotate secret"
        onConfirm={onRotate}
      >
        <p>The current secret stops working at once; tokens it obtained are not revoked.</p>
      </ConfirmButton>
      <ConfirmButton
        danger
        label="Delete"
        name={`Delete ${name}`}
        title={`Delete the ${kind} ${name}?`}
        confirmLabel={`Delete ${kind}`}
        onConfirm={onDelete}
      >
        <p>Its credentials and every token issued to it stop working.</p>
      </ConfirmButton>
    </div>
  )
}
