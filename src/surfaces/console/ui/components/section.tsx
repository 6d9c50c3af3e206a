import { type ReactNode, useId } from 'react'

/** A titled region of a page: an h2 that names it for assistive technology. */
export function Section({
  title,
  children,
  actions,
  level = 2,
}: {
  title: string
  children: ReactNode
  actions?: ReactNode
  level?: 2 | 3
}) {
  const id = useId()
  const Heading = level === 2 ? 'h2' : 'h3'
  return (
    <section className="section" aria-labelledby={id}>
      <div className="section-header">
        <Heading id={id}>{title}</Heading>
        {actions ? <div className="section-actions">{actions}</div> : null}
      </div>
      {children}
    </section>
  )
}
