/**
 * The one place that decides what environment a process Catalyst starts gets (DESIGN §10).
 *
 * Security: Catalyst's own variables (`CATALYST_SECRET_KEY`, `CATALYST_HOME`, ...) never reach
 * a child — only Catalyst decrypts secrets. Apps Catalyst runs (run, studio Run, local
 * deploys, `generate --verify`, the Python probe) get nothing else of the user's
 * environment beyond what a program needs to start: no tokens, no cloud credentials.
 */

/** Prefix of Catalyst's own variables; no child process gets one from Catalyst's environment. */
const INTERNAL_PREFIX = 'CATALYST_';

/**
 * What an app inherits from Catalyst's environment: finding programs and Python packages
 * (a `pip install --user`, a venv, a PYTHONPATH), locale and time zone, the temp folder,
 * and the machine's network proxy and CA settings so outbound calls work as they do for
 * the user. Nothing here is the user's credential store.
 */
const APP_BASICS: ReadonlySet<string> = new Set([
  'PATH',
  'HOME',
  'LANG',
  'LANGUAGE',
  'TZ',
  'TMPDIR',
  'TEMP',
  'TMP',
  'SYSTEMROOT',
  'PYTHONPATH',
  'PYTHONHOME',
  'PYTHONUSERBASE',
  'PYTHONNOUSERSITE',
  'VIRTUAL_ENV',
  'HTTP_PROXY',
  'HTTPS_PROXY',
  'NO_PROXY',
  'ALL_PROXY',
  'http_proxy',
  'https_proxy',
  'no_proxy',
  'all_proxy',
  'SSL_CERT_FILE',
  'SSL_CERT_DIR',
]);
const APP_BASIC_PREFIXES = ['LC_'] as const;

export interface ChildEnvOptions {
  /**
   * `app` (default): a generated app or Python run by Catalyst — only the basics pass.
   * `user`: a program acting for the user (a platform CLI, docker, git, the browser
   * opener) — the user's environment passes (their auth tokens live there).
   */
  inherit?: 'app' | 'user';
  /**
   * The project's env vars with their values from catalyst.json; a variable of the same
   * name in Catalyst's environment overrides its value, as on a platform.
   */
  envVars?: Iterable<readonly [name: string, value: string]>;
  /** Set as given, last: secret values, PORT, Python flags. */
  set?: Readonly<Record<string, string>>;
}

function isBasic(name: string): boolean {
  return APP_BASICS.has(name) || APP_BASIC_PREFIXES.some((p) => name.startsWith(p));
}

/** Builds a child's whole environment from Catalyst's `parent` environment. */
export function childEnv(parent: NodeJS.ProcessEnv, options: ChildEnvOptions = {}): NodeJS.ProcessEnv {
  const out: NodeJS.ProcessEnv = {};
  const inheritAll = options.inherit === 'user';
  for (const [name, value] of Object.entries(parent)) {
    if (value !== undefined && (inheritAll || isBasic(name))) out[name] = value;
  }
  for (const [name, value] of options.envVars ?? []) out[name] = parent[name] ?? value;
  Object.assign(out, options.set);
  // Last, whatever the source: a secret or env var named CATALYST_* (or taken from the
  // environment as a fallback) must not carry the passphrase out.
  for (const name of Object.keys(out)) if (name.startsWith(INTERNAL_PREFIX)) delete out[name];
  return out;
}
