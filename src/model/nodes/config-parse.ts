import type { z } from 'zod';
import type { WorkflowNode } from '../workflow.js';
import { nodeDefinition } from './registry.js';

type ConfigParse = z.ZodSafeParseResult<unknown>;

/**
 * Results by the config object they parsed. Validation, the planner and the renderer each need
 * every node's config parsed by its type's schema; with this they share one parse per node.
 * Loaded configs are never changed in place (edits make new objects), so identity is a safe key;
 * a WeakMap lets a project's entries go with it.
 */
const parses = new WeakMap<object, Map<string, ConfigParse>>();

/** `node.config` parsed by its type's schema (defaults filled in); `undefined` for an unknown type. */
export function parseNodeConfig(node: Pick<WorkflowNode, 'type' | 'config'>): ConfigParse | undefined {
  const definition = nodeDefinition(node.type);
  if (!definition) return undefined;
  const key = node.config;
  if (typeof key !== 'object' || key === null) return definition.configSchema.safeParse(key);
  let byType = parses.get(key);
  const hit = byType?.get(node.type);
  if (hit) return hit;
  const result = definition.configSchema.safeParse(key);
  if (!byType) {
    byType = new Map();
    parses.set(key, byType);
  }
  byType.set(node.type, result);
  return result;
}
