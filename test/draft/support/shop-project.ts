import { readdir, readFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { projectManifestSchema } from '../../../src/model/project.js';
import { writeManifest } from '../../../src/store/project-folder.js';
import { type Sandbox, sandbox } from '../../cli/helpers.js';

/** The secrets and env vars the shop project declares (names only in catalyst.json). */
export const SHOP_SECRETS = [
  'DATABASE_URL',
  'ANTHROPIC_API_KEY',
  'OPENAI_API_KEY',
  'QDRANT_URL',
  'SLACK_WEBHOOK_URL',
  'PAYMENTS_API_KEY',
] as const;
export const SHOP_ENV = {
  LOG_LEVEL: 'info',
  PAYMENTS_API_URL: 'https://payments.example.com',
  CRM_API_URL: 'https://crm.example.com',
};

export interface ShopSandbox extends Sandbox {
  /** The project folder (`--project`). */
  dir: string;
}

/**
 * The demo project (main_workflow → extract_data, process_results on target `local`, and a
 * `production` target) plus the secrets and env vars a shop's workflows would use, made with
 * the real CLI in a sandbox with its own workspace.
 */
export async function shopSandbox(env: NodeJS.ProcessEnv = {}): Promise<ShopSandbox> {
  const box = await sandbox(env);
  const init = await box.run(['init', 'shop', '--example']);
  if (init.code !== 0) throw new Error(`init failed: ${init.stderr}`);
  const dir = join(box.cwd, 'shop');
  const manifest = projectManifestSchema.parse(
    JSON.parse(await readFile(join(dir, 'catalyst.json'), 'utf8')),
  );
  await writeManifest(dir, {
    ...manifest,
    envVars: { ...manifest.envVars, ...SHOP_ENV },
    secrets: {
      ...manifest.secrets,
      ...Object.fromEntries(
        SHOP_SECRETS.map((name) => [name, { name, description: `${name} for the shop` }]),
      ),
    },
  });
  return { ...box, dir };
}

/** Every file of the project folder but git's and the local cache, with its text: to check nothing was written. */
export async function snapshot(dir: string): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  const walk = async (folder: string): Promise<void> => {
    for (const entry of await readdir(folder, { withFileTypes: true })) {
      if (entry.name === '.git' || entry.name === '.catalyst') continue;
      const path = join(folder, entry.name);
      if (entry.isDirectory()) await walk(path);
      else out[relative(dir, path)] = await readFile(path, 'utf8');
    }
  };
  await walk(dir);
  return out;
}
