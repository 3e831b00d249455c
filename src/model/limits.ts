/** Named limits of the model, with the words users see when they break one. */
export const NAME_MAX = 64;
export const WORKFLOW_NAME_MAX = 100;
export const DESCRIPTION_MAX = 2_000;
export const CALL_TIMEOUT_MIN_S = 1;
export const CALL_TIMEOUT_MAX_S = 300;
export const CALL_TIMEOUT_DEFAULT_S = 30;
export const MAX_CALL_DEPTH = 32;
export const AUTOSCALING_MAX_INSTANCES = 100;
export const RESERVED_PATHS = ['/', '/health', '/metrics'] as const;

export const SCHEMA_VERSION = 1;

/** Env var and secret names: what a shell and every platform accept. */
export const ENV_NAME_RE = /^[A-Z_][A-Z0-9_]*$/;
export const ENV_NAME_HINT =
  'use upper-case letters, digits and _, not starting with a digit (e.g. OPENAI_API_KEY)';

/** Ids of targets, workflows, nodes and edges: stable, URL- and file-safe. */
export const ID_RE = /^[A-Za-z0-9_-]+$/;
export const ID_HINT = 'use letters, digits, _ and - only';

export const TARGET_ID_RE = /^[a-z][a-z0-9-]{0,39}$/;
export const TARGET_ID_HINT =
  'use 1–40 lower-case letters, digits and -, starting with a letter (e.g. production)';

export const PROJECT_NAME_RE = /^[A-Za-z0-9][A-Za-z0-9 ._-]*$/;
export const PROJECT_NAME_HINT = `use 1–${NAME_MAX} letters, digits, spaces, ., _ and -, starting with a letter or digit`;

export const ENDPOINT_PATH_RE = /^\/[A-Za-z0-9._~\-/{}]*$/;
export const ENDPOINT_PATH_HINT = 'start with / and use letters, digits, ., _, ~, -, / and {param}';
