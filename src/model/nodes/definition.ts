import type { z } from 'zod';

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

export interface NodeDefinition<Schema extends z.ZodType = z.ZodType> {
  type: string;
  category: NodeCategory;
  label: string;
  description: string;
  /** A lucide icon name (kebab-case). */
  icon: string;
  /** Tailwind-friendly hex colour for the node's accent. */
  color: string;
  /** Output ports; a condition node has `true` and `false`. */
  outputs: readonly string[];
  fields: readonly ConfigField[];
  configSchema: Schema;
  /** Python packages the generated code needs for this node's config. */
  packages(config: z.infer<Schema>): readonly PythonRequirement[];
}
