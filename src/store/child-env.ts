/**
 * Variables of Catalyst's own environment that no child process gets: platform CLIs and
 * local apps run without the vault passphrase (security: only Catalyst decrypts secrets).
 */
const WITHHELD = ['CATALYST_SECRET_KEY'] as const;

export function childEnv(
  env: NodeJS.ProcessEnv,
  extra: Readonly<Record<string, string>> = {},
): NodeJS.ProcessEnv {
  const out: NodeJS.ProcessEnv = { ...env, ...extra };
  for (const name of WITHHELD) delete out[name];
  return out;
}
