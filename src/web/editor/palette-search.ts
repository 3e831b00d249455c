import { NODE_DEFINITIONS, NODE_TYPES, type NodeType } from '../../model/nodes/registry.js';

/**
 * The node types a palette search shows, in registry order: every word of the query must occur
 * (case-insensitive) in the type's label, description or type name. An empty query shows all.
 */
export function searchNodeTypes(query: string): NodeType[] {
  const words = query.toLowerCase().split(/\s+/).filter(Boolean);
  if (words.length === 0) return [...NODE_TYPES];
  return NODE_TYPES.filter((type) => {
    const d = NODE_DEFINITIONS[type];
    const text = `${d.label} ${d.description} ${type}`.toLowerCase();
    return words.every((w) => text.includes(w));
  });
}
