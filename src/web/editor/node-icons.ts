import {
  Box,
  Code,
  Database,
  GitBranch,
  Globe,
  type LucideIcon,
  Reply,
  Search,
  Shuffle,
  Sparkles,
  Workflow,
} from 'lucide-react';
import type { NodeIcon } from '../../model/nodes/registry.js';

/**
 * The component of every icon name the node registry uses. Typed by the registry's icon names,
 * so a node type with an icon missing here does not compile.
 */
const ICONS: Record<NodeIcon, LucideIcon> = {
  shuffle: Shuffle,
  code: Code,
  'git-branch': GitBranch,
  globe: Globe,
  workflow: Workflow,
  sparkles: Sparkles,
  database: Database,
  search: Search,
  reply: Reply,
};

/** A node's icon; a box for a type the registry does not know (a file written by a newer version). */
export function iconFor(name: string | undefined): LucideIcon {
  return name !== undefined && Object.hasOwn(ICONS, name) ? ICONS[name as NodeIcon] : Box;
}
