import { z } from 'zod';
import { corsSchema } from './cors.js';
import { displayNameSchema } from './display-name.js';
import {
  AUTOSCALING_MAX_INSTANCES,
  DESCRIPTION_MAX,
  ENV_NAME_HINT,
  ENV_NAME_RE,
  SCHEMA_VERSION,
  TARGET_ID_HINT,
  TARGET_ID_RE,
} from './limits.js';

export const PLATFORMS = ['railway', 'fly', 'render', 'cloud-run', 'azure', 'kubernetes', 'docker'] as const;
export const platformSchema = z.enum(PLATFORMS);
export type Platform = z.infer<typeof platformSchema>;

export const PLATFORM_LABELS: Record<Platform, string> = {
  railway: 'Railway',
  fly: 'Fly.io',
  render: 'Render',
  'cloud-run': 'Google Cloud Run',
  azure: 'Azure Container Apps',
  kubernetes: 'Kubernetes',
  docker: 'Docker',
};

export const envNameSchema = z.string().regex(ENV_NAME_RE, `Invalid name: ${ENV_NAME_HINT}`);
export const targetIdSchema = z.string().regex(TARGET_ID_RE, `Invalid target id: ${TARGET_ID_HINT}`);
export const projectNameSchema = displayNameSchema('Project name');
/**
 * An env var's value: any text, written into YAML, TOML, JSON and Python. An unpaired UTF-16
 * surrogate (possible in a JSON file as `\ud800`) has no UTF-8 spelling, so no file could hold it.
 */
export const envValueSchema = z
  .string()
  .refine(
    (v) => !/\p{Cs}/u.test(v),
    'Value has an unpaired surrogate (\\ud800–\\udfff), which is not valid Unicode text',
  );
export const descriptionSchema = z
  .string()
  .max(DESCRIPTION_MAX, `Description is longer than ${DESCRIPTION_MAX} characters`);
const isoDate = z.iso.datetime({ offset: true });

export const autoscalingSchema = z
  .object({
    enabled: z.boolean(),
    minInstances: z.number().int().min(0).max(AUTOSCALING_MAX_INSTANCES),
    maxInstances: z.number().int().min(1).max(AUTOSCALING_MAX_INSTANCES),
    targetCpuPercent: z.number().int().min(1).max(100).optional(),
  })
  .refine((a) => a.minInstances <= a.maxInstances, {
    message: 'minInstances must not exceed maxInstances',
    path: ['minInstances'],
  });

/**
 * Platform settings. The named fields are the ones every generator understands; other
 * keys are kept (loose) so a platform-specific setting survives a round trip.
 */
export const platformConfigSchema = z.looseObject({
  region: z.string().min(1).optional(),
  instanceSize: z.string().min(1).optional(),
  autoscaling: autoscalingSchema.optional(),
  /** Name of the app/service on the platform; defaults to `<project>-<target>` slugged. */
  serviceName: z.string().min(1).optional(),
  /** Container image reference, for platforms that deploy an image (Cloud Run, Azure, Kubernetes). */
  image: z.string().min(1).optional(),
  /** Kubernetes namespace. */
  namespace: z.string().min(1).optional(),
  /** Google Cloud project id (Cloud Run). */
  gcpProject: z.string().min(1).optional(),
  /** Azure resource group and Container Apps environment. */
  resourceGroup: z.string().min(1).optional(),
  environment: z.string().min(1).optional(),
});
export type PlatformConfig = z.infer<typeof platformConfigSchema>;

export const deploymentTargetSchema = z.object({
  id: targetIdSchema,
  name: displayNameSchema('Target name'),
  platform: platformSchema,
  url: z.url().optional(),
  platformConfig: platformConfigSchema.default({}),
  /** Browser origins that may call the app (DESIGN §12); absent → no CORS headers. */
  cors: corsSchema.optional(),
});
export type DeploymentTarget = z.infer<typeof deploymentTargetSchema>;

export const secretMetaSchema = z.object({
  name: envNameSchema,
  description: descriptionSchema.optional(),
  updatedAt: isoDate.optional(),
});
export type SecretMeta = z.infer<typeof secretMetaSchema>;

export const sharedFunctionSchema = z.object({
  id: z.string().min(1),
  name: z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'Function name must be a Python identifier'),
  description: descriptionSchema.optional(),
  language: z.literal('python'),
  code: z.string(),
});
export type SharedFunction = z.infer<typeof sharedFunctionSchema>;

export const gitSettingsSchema = z.object({
  repoUrl: z.url().optional(),
  branch: z.string().min(1).optional(),
});

/**
 * Semantic Versioning 2.0.0 (semver.org's own pattern): MAJOR.MINOR.PATCH without leading
 * zeros, an optional `-prerelease` of dot-separated identifiers and optional `+build` metadata.
 */
const SEMVER =
  /^(?:0|[1-9]\d*)\.(?:0|[1-9]\d*)\.(?:0|[1-9]\d*)(?:-(?:0|[1-9]\d*|\d*[a-zA-Z-][0-9a-zA-Z-]*)(?:\.(?:0|[1-9]\d*|\d*[a-zA-Z-][0-9a-zA-Z-]*))*)?(?:\+[0-9a-zA-Z-]+(?:\.[0-9a-zA-Z-]+)*)?$/;

/** `catalyst.json` (DESIGN §3). Runtime state never lives here. */
export const projectManifestSchema = z.object({
  schemaVersion: z.literal(SCHEMA_VERSION),
  id: z.string().regex(/^proj_[a-z0-9]+$/, 'Project id must look like proj_7f3a9c'),
  name: projectNameSchema,
  description: descriptionSchema.default(''),
  version: z.string().regex(SEMVER, 'Version must be semver, e.g. 0.1.0 or 1.2.3-rc.1+build.5'),
  createdAt: isoDate,
  updatedAt: isoDate,
  git: gitSettingsSchema.optional(),
  deploymentTargets: z.record(z.string(), deploymentTargetSchema).default({}),
  envVars: z.record(envNameSchema, envValueSchema).default({}),
  secrets: z.record(envNameSchema, secretMetaSchema).default({}),
  sharedFunctions: z.record(z.string(), sharedFunctionSchema).default({}),
});
export type ProjectManifest = z.infer<typeof projectManifestSchema>;
