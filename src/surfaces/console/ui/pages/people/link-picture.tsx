import { useId } from 'react'

export type PictureLink = {
  readonly id: string
  readonly app: string
  readonly account: string
  readonly active: boolean
  readonly how: string
}

const ROW = 56
const WIDTH = 720

/**
 * The person and their accounts as a picture: the person on the left, one box per account on
 * the right, a line for each link (solid for an active account, dashed for an inactive one). It
 * is an image with a text alternative that says the same; the table below it has the details.
 * Drawn as inline SVG: no external assets.
 */
export function LinkPicture({ person, links }: { person: string; links: readonly PictureLink[] }) {
  const titleId = useId()
  const descId = useId()
  if (links.length === 0) return null
  const height = Math.max(ROW, links.length * ROW)
  const middle = height / 2
  return (
    <figure className="link-picture">
      <svg
        role="img"
        aria-labelledby={`${titleId} ${descId}`}
        viewBox={`0 0 ${WIDTH} ${height}`}
        width="100%"
        style={{ maxWidth: `${WIDTH}px` }}
      >
        <title id={titleId}>Accounts linked to {person}</title>
        <desc id={descId}>
          {links
            .map((l) => `${l.app}: ${l.account}, ${l.active ? 'active' : 'inactive'}, ${l.how}`)
            .join('; ')}
        </desc>
        <rect className="node node-person" x="8" y={middle - 20} width="210" height="40" rx="6" />
        <text className="node-text" x="113" y={middle + 5} textAnchor="middle">
          {clip(person, 26)}
        </text>
        {links.map((link, index) => {
          const y = index * ROW + ROW / 2
          return (
            <g key={link.id}>
              <path
                className={link.active ? 'edge' : 'edge edge-inactive'}
                d={`M218 ${middle} C 330 ${middle}, 330 ${y}, 440 ${y}`}
              />
              <text className="edge-text" x="432" y={y - 6} textAnchor="end">
                {link.how}
              </text>
              <rect
                className={link.active ? 'node' : 'node node-inactive'}
                x="440"
                y={y - 20}
                width="272"
                height="40"
                rx="6"
              />
              <text className="node-text" x="452" y={y - 3}>
                {clip(link.app, 30)}
              </text>
              <text className="node-subtext" x="452" y={y + 13}>
                {clip(`${link.account} · ${link.active ? 'active' : 'inactive'}`, 40)}
              </text>
            </g>
          )
        })}
      </svg>
    </figure>
  )
}

function clip(text: string, length: number): string {
  return text.length > length ? `${text.slice(0, length - 1)}…` : text
}
