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

/** The registry names icons in lucide's kebab-case; these are the ones it uses. */
const ICONS: Record<string, LucideIcon> = {
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

export function iconFor(name: string | undefined): LucideIcon {
  return (name && ICONS[name]) || Box;
}
