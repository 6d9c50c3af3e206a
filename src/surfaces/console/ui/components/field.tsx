import { type ReactNode, useId } from 'react'

/** The attributes that tie a control to its label, hint and error. */
export type ControlProps = {
  id: string
  'aria-describedby'?: string
  'aria-invalid'?: true
}

/**
 * A labelled form control with an optional hint and error, both announced with the control
 * (aria-describedby), and aria-invalid while the error stands.
 * @example <Field label="Email">{(props) => <input {...props} name="email" type="email" />}</Field>
 */
export function Field({
  label,
  hint,
  error,
  children,
}: {
  label: string
  hint?: ReactNode
  error?: string | null
  children: (props: ControlProps) => ReactNode
}) {
  const id = useId()
  const hintId = `${id}-hint`
  const errorId = `${id}-error`
  const describedBy = [hint ? hintId : null, error ? errorId : null].filter(Boolean).join(' ')
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      {hint ? (
        <p id={hintId} className="hint">
          {hint}
        </p>
      ) : null}
      {children({
        id,
        ...(describedBy ? { 'aria-describedby': describedBy } : {}),
        ...(error ? { 'aria-invalid': true } : {}),
      })}
      {error ? (
        <p id={errorId} className="field-error">
          {error}
        </p>
      ) : null}
    </div>
  )
}

/** A group of checkboxes under one legend, e.g. the scopes of an OAuth app. */
export function CheckboxGroup({
  legend,
  name,
  options,
  defaultChecked = [],
}: {
  legend: string
  name: string
  options: readonly string[]
  defaultChecked?: readonly string[]
}) {
  return (
    <fieldset className="field">
      <legend>{legend}</legend>
      <div className="checkboxes">
        {options.map((option) => (
          <label key={option} className="checkbox">
            <input
              type="checkbox"
              name={name}
              value={option}
              defaultChecked={defaultChecked.includes(option)}
            />
            <span>{option}</span>
          </label>
        ))}
      </div>
    </fieldset>
  )
}
