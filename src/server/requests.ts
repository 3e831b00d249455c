import { z } from 'zod';
import {
  deploymentTargetSchema,
  descriptionSchema,
  envNameSchema,
  projectNameSchema,
  targetIdSchema,
} from '../model/project.js';
import { endpointSchema, visibilitySchema } from '../model/workflow.js';

/** Request bodies, built from the model's schemas so the studio accepts exactly what a project file may hold. */

export const createProjectRequest = z.object({
  name: projectNameSchema,
  description: descriptionSchema.default(''),
  /** Absent or blank → `$CATALYST_HOME/projects/<slug>`. */
  folder: z.string().trim().optional(),
});
export type CreateProjectRequest = z.infer<typeof createProjectRequest>;

export const updateProjectRequest = z.object({
  name: projectNameSchema.optional(),
  description: descriptionSchema.optional(),
  /** Empty string clears it. */
  repoUrl: z
    .union([z.url('Repository URL must be a full URL, e.g. https://github.com/acme/app'), z.literal('')])
    .optional(),
});
export type UpdateProjectRequest = z.infer<typeof updateProjectRequest>;

export const targetRequest = deploymentTargetSchema;
export type TargetRequest = z.infer<typeof targetRequest>;

export const workflowSettingsRequest = z.object({
  deploymentTargetId: targetIdSchema.optional(),
  visibility: visibilitySchema.optional(),
  /** null removes a custom endpoint (public workflows then use `POST /api/<slug>`). */
  endpoint: endpointSchema.nullable().optional(),
});
export type WorkflowSettingsRequest = z.infer<typeof workflowSettingsRequest>;

export const secretRequest = z.object({
  value: z.string().min(1, 'Secret value is required'),
  description: descriptionSchema.optional(),
});
export type SecretRequest = z.infer<typeof secretRequest>;

export const envVarRequest = z.object({ value: z.string() });

export const nameParam = z.object({ name: envNameSchema });

export const generateRequest = z.object({
  /** Chosen by the page so it can pick its own progress events off the shared stream. */
  runId: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, 'runId must be 1–64 letters, digits, _ or -'),
});

export const generatedFileQuery = z.object({ path: z.string().min(1, 'path is required') });
