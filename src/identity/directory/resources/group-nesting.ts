/**
 * How deep nested groups are followed, in membership levels: a user's own groups are level 1,
 * the groups those groups belong to level 2, and so on. RFC 7643 §4.1.2 lets a user's `groups`
 * include groups reached "through nested groups" but sets no bound, and an IdP can push any
 * graph. Real hierarchies (company → division → department → team → squad) stay within 5
 * levels; 8 leaves room for them while bounding the work of every read (one query per level)
 * and of every pushed chain, however long. Groups further up are not listed (nor matched by
 * rules); docs/connecting-idps.md says so.
 */
export const MAX_GROUP_NESTING_DEPTH = 8

/** One membership row seen from the walk's side: `from` holds (or is held by) `to`. */
export type NestingEdge = { readonly from: string; readonly to: string; readonly isGroup: boolean }

/** What a walk found: the edges leaving every node it expanded. */
export type NestingGraph = ReadonlyMap<string, readonly NestingEdge[]>

/**
 * Walks the membership graph level by level from `start`: one `edgesFrom` call per level for all
 * the nodes of that level together (a page of users costs at most `maxDepth` queries, never one
 * per user). Each group is expanded once, at the first level it is seen, so a cycle (G1 ∈ G2 ∈
 * G1) ends the walk instead of looping; the level bound ends a chain. A node first seen at level
 * k is the nearest any start reaches it, so every node within `maxDepth` of any start is expanded
 * when its edges are needed (see `reachable`).
 */
export async function walkNesting(
  start: readonly string[],
  edgesFrom: (ids: readonly string[]) => Promise<readonly NestingEdge[]>,
  maxDepth: number = MAX_GROUP_NESTING_DEPTH,
): Promise<NestingGraph> {
  const graph = new Map<string, NestingEdge[]>()
  const seen = new Set(start)
  let frontier = [...seen]
  for (let level = 1; level <= maxDepth && frontier.length > 0; level++) {
    const next: string[] = []
    for (const edge of await edgesFrom(frontier)) {
      const list = graph.get(edge.from) ?? []
      list.push(edge)
      graph.set(edge.from, list)
      if (edge.isGroup && !seen.has(edge.to)) {
        seen.add(edge.to)
        next.push(edge.to)
      }
    }
    frontier = next
  }
  return graph
}

/** A node reached from a start, at its nearest level (1 = a direct membership). */
export type Reached = { readonly id: string; readonly depth: number; readonly isGroup: boolean }

/**
 * Every node reachable from `from` within `maxDepth` levels, each once at its nearest level, so
 * a group held both directly and through a nested group counts as direct (pure; breadth-first).
 */
export function reachable(
  from: string,
  graph: NestingGraph,
  maxDepth: number = MAX_GROUP_NESTING_DEPTH,
): Reached[] {
  const found = new Map<string, Reached>()
  let frontier = [from]
  for (let depth = 1; depth <= maxDepth && frontier.length > 0; depth++) {
    const next: string[] = []
    for (const node of frontier) {
      for (const edge of graph.get(node) ?? []) {
        if (edge.to === from || found.has(edge.to)) continue
        found.set(edge.to, { id: edge.to, depth, isGroup: edge.isGroup })
        if (edge.isGroup) next.push(edge.to)
      }
    }
    frontier = next
  }
  return [...found.values()]
}
