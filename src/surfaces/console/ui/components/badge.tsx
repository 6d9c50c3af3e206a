/** Tone of a badge; the text always says the state too, never the color alone (WCAG 1.4.1). */
export type Tone = 'neutral' | 'good' | 'warn' | 'bad'

export function Badge({ tone = 'neutral', children }: { tone?: Tone; children: string }) {
  return <span className={`badge badge-${tone}`}>{children}</span>
}

const PERSON_TONES: Record<string, Tone> = { active: 'good', inactive: 'warn', gone: 'bad' }

export function PersonStatusBadge({ status }: { status: string }) {
  return <Badge tone={PERSON_TONES[status] ?? 'neutral'}>{status}</Badge>
}
