import { Badge } from '../../components/badge.js'

/**
 * Marks a privileged entitlement (admin, owner…): removing its grants needs approval. The word
 * says it; the color only repeats it.
 */
export function PrivilegedBadge() {
  return <Badge tone="bad">privileged</Badge>
}
