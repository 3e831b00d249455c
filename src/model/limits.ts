/** Named limits of the model, with the words users see when they break one. */
/** Display names — project, workflow, node, target (DESIGN §5): any text of 1–100 characters without control characters. */
export const DISPLAY_NAME_MAX = 100;
export const DESCRIPTION_MAX = 2_000;
export const CALL_TIMEOUT_MIN_S = 1;
export const CALL_TIMEOUT_MAX_S = 300;
export const CALL_TIMEOUT_DEFAULT_S = 30;
export const MAX_CALL_DEPTH = 32;
export const AUTOSCALING_MAX_INSTANCES = 100;
export const RESERVED_PATHS = ['/', '/health', '/metrics', '/openapi.json', '/docs'] as const;

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

/** Control characters (C0, DEL, C1): line breaks and tabs would break the one-line places a name is shown. */
export const CONTROL_CHAR_RE = /\p{Cc}/u;
export const DISPLAY_NAME_HINT = `use 1–${DISPLAY_NAME_MAX} characters without line breaks, tabs or other control characters`;

export const ENDPOINT_PATH_RE = /^\/[A-Za-z0-9._~\-/{}]*$/;
export const ENDPOINT_PATH_HINT = 'start with / and use letters, digits, ., _, ~, -, / and {param}';
