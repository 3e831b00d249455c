import type { z } from 'zod';
import type { NodePython } from './emit.js';

/**
 * How a config value is written and what may appear inside it. Validation and the compiler
 * both walk config by these kinds, so a field's kind decides where expressions are allowed.
 */
export type FieldKind =
  | 'text' // plain string, no expressions
  | 'textarea' // plain multi-line string, no expressions
  | 'code' // Python source (code node)
  | 'select' // one of `options`
  | 'number' // number within min/max
  | 'secret' // name of a declared secret
  | 'workflow' // id of a workflow of this project
  | 'expression' // a bare expression, no braces (condition)
  | 'template' // a string template: text with {{ expr }}
  | 'json-template' // JSON text, parsed, then a template (DESIGN §5)
  | 'template-map' // object of name → template value
  | 'template-list'; // list of template values

export interface FieldOption {
  value: string;
  label: string;
}

export interface ConfigField {
  key: string;
  label: string;
  kind: FieldKind;
  required: boolean;
  placeholder?: string;
  description?: string;
  options?: readonly FieldOption[];
  min?: number;
  max?: number;
  default?: unknown;
  /** Shown only when another field has one of these values (e.g. httpUrl when callType = http). */
  showWhen?: { key: string; equals: readonly string[] };
}

export type NodeCategory = 'logic' | 'data' | 'integration' | 'ai' | 'flow';

export interface PythonRequirement {
  /** Distribution name as pip knows it. */
  name: string;
  /** Minimum version, written as `name>=min`. */
  min: string;
}

/** What a node's canvas summary may look up in the project. */
export interface SummaryLookup {
  /** The name of the project's workflow with this id, if there is one. */
  workflowName(id: string): string | undefined;
}

/**
 * One node type, whole (DESIGN §4): palette data, config fields and schema, what its Python
 * needs and reaches, its canvas summary and its Python generator. Each type is one module in
 * `types/`, listed once in `registry.ts`; see ARCHITECTURE.md "How to add a node type".
 */
export interface NodeDefinition<Schema extends z.ZodType = z.ZodType, Icon extends string = string> {
  type: string;
  category: NodeCategory;
  label: string;
  description: string;
  /** A lucide icon name (kebab-case); the studio's icon map must have it (a compile error otherwise). */
  icon: Icon;
  /** Tailwind-friendly hex colour for the node's accent. */
  color: string;
  /** Output ports; a condition node has `true` and `false`. */
  outputs: readonly string[];
  /** The config form; `test/model/nodes/node-modules.test.ts` checks it agrees with `configSchema`. */
  fields: readonly ConfigField[];
  configSchema: Schema;
  /** Python packages the generated code needs for this node's config. */
  packages(config: z.infer<Schema>): readonly PythonRequirement[];
  /**
   * Whether running the node reaches a service outside the app (an HTTP API, a database, an
   * LLM): the generated smoke tests then check that its workflow's route exists instead of calling it.
   */
  external(config: z.infer<Schema>): boolean;
  /** The one line under the node's name on the canvas; `config` is as edited (unparsed, maybe incomplete). */
  summary(config: Readonly<Record<string, unknown>>, project: SummaryLookup): string;
  python: NodePython<z.infer<Schema>>;
}

/**
 * A node type's definition, typed: the generator and `packages` see the config its schema
 * parses to, and the icon name stays a literal the studio's icon map is checked against.
 */
export function defineNode<Schema extends z.ZodType, Icon extends string>(
  definition: NodeDefinition<Schema, Icon>,
): NodeDefinition<Schema, Icon> {
  return definition;
}
