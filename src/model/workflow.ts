import { z } from 'zod';
import { displayNameSchema } from './display-name.js';
import { examplesSchema } from './examples.js';
import { jsonSchemaSchema } from './json-schema.js';
import { DESCRIPTION_MAX, ENDPOINT_PATH_HINT, ENDPOINT_PATH_RE, ID_HINT, ID_RE } from './limits.js';

export const idSchema = z.string().regex(ID_RE, `Invalid id: ${ID_HINT}`);

export const HTTP_METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'] as const;
export const httpMethodSchema = z.enum(HTTP_METHODS);
export type HttpMethod = z.infer<typeof httpMethodSchema>;

export const endpointSchema = z.object({
  method: httpMethodSchema,
  path: z.string().regex(ENDPOINT_PATH_RE, `Invalid path: ${ENDPOINT_PATH_HINT}`),
});
export type Endpoint = z.infer<typeof endpointSchema>;

export const positionSchema = z.object({ x: z.number(), y: z.number() });

/** A node's `type` is checked against the registry by validation, not here, so one unknown type is one clear error. */
export const workflowNodeSchema = z.object({
  id: idSchema,
  type: z.string().min(1),
  // Not trimmed: the studio saves a node's name as it is typed.
  name: displayNameSchema('Node name', { trim: false }),
  description: z.string().max(DESCRIPTION_MAX).optional(),
  position: positionSchema.default({ x: 0, y: 0 }),
  config: z.record(z.string(), z.unknown()).default({}),
});
export type WorkflowNode = z.infer<typeof workflowNodeSchema>;

export const edgeSchema = z.object({
  id: idSchema,
  source: z.string().min(1),
  target: z.string().min(1),
  sourceHandle: z.string().min(1).optional(),
  targetHandle: z.string().min(1).optional(),
});
export type Edge = z.infer<typeof edgeSchema>;

export const VISIBILITIES = ['public', 'internal'] as const;
export const visibilitySchema = z.enum(VISIBILITIES);
export type Visibility = z.infer<typeof visibilitySchema>;

/** Any display name; a name with no letter or digit has the slug `workflow` (and `_2`… on collision). */
export const workflowNameSchema = displayNameSchema('Workflow name');

/** `workflows/<slug>.json` (DESIGN §3). */
export const workflowSchema = z.object({
  id: idSchema,
  name: workflowNameSchema,
  description: z.string().max(DESCRIPTION_MAX).optional(),
  deploymentTargetId: z.string().min(1, 'deploymentTargetId is required'),
  visibility: visibilitySchema,
  endpoint: endpointSchema.optional(),
  /** JSON Schema of the trigger data (DESIGN §12); its keywords are checked by validation. */
  inputSchema: jsonSchemaSchema.optional(),
  /** JSON Schema of the result (DESIGN §12). */
  outputSchema: jsonSchemaSchema.optional(),
  /** Test cases run by `catalyst test` and the generated tests/test_examples.py (DESIGN §12). */
  examples: examplesSchema.optional(),
  nodes: z.record(z.string(), workflowNodeSchema).default({}),
  edges: z.array(edgeSchema).default([]),
});
export type Workflow = z.infer<typeof workflowSchema>;
