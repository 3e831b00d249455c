import { z } from 'zod';
import { examplesSchema } from '../../model/examples.js';
import { jsonSchemaSchema } from '../../model/json-schema.js';
import { descriptionSchema, targetIdSchema } from '../../model/project.js';
import {
  edgeSchema,
  endpointSchema,
  visibilitySchema,
  workflowNameSchema,
  workflowNodeSchema,
} from '../../model/workflow.js';

/** Bodies of the editor's workflow routes, built from the model's own schemas. */

export const createWorkflowRequest = z.object({
  name: workflowNameSchema,
  description: descriptionSchema.optional(),
  visibility: visibilitySchema.default('internal'),
  deploymentTargetId: targetIdSchema.optional(),
  endpoint: endpointSchema.optional(),
});
export type CreateWorkflowRequest = z.infer<typeof createWorkflowRequest>;

/** The whole workflow as the editor holds it; the id comes from the URL and never changes. */
export const saveWorkflowRequest = z.object({
  name: workflowNameSchema,
  description: descriptionSchema.optional(),
  deploymentTargetId: z.string().min(1, 'deploymentTargetId is required'),
  visibility: visibilitySchema,
  /** null: a public workflow is served at `POST /api/<slug>`. */
  endpoint: endpointSchema.nullable(),
  nodes: z.record(z.string(), workflowNodeSchema),
  edges: z.array(edgeSchema),
  /** Typed workflows and examples (DESIGN §12); absent: the workflow has none. */
  inputSchema: jsonSchemaSchema.optional(),
  outputSchema: jsonSchemaSchema.optional(),
  examples: examplesSchema.optional(),
});
export type SaveWorkflowRequest = z.infer<typeof saveWorkflowRequest>;

export const renameWorkflowRequest = z.object({ name: workflowNameSchema });

/** A workflow not yet saved, checked against the rest of the project as it is on disk. */
export const validateWorkflowRequest = z.object({ workflow: z.unknown() });

export const runWorkflowRequest = z.object({
  /** The trigger data: the JSON body (or, for GET, the query parameters). */
  input: z.unknown().default({}),
});
