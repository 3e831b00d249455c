import { homedir } from 'node:os';
import { join, resolve } from 'node:path';

/** Where the workspace lives: `CATALYST_HOME`, else `~/.catalyst` (DESIGN §2). */
export function catalystHome(env: NodeJS.ProcessEnv = process.env): string {
  const configured = env['CATALYST_HOME']?.trim();
  return configured ? resolve(configured) : join(homedir(), '.catalyst');
}

export const DATABASE_FILE = 'catalyst.db';
export const KEY_FILE = 'secret.key';
/** Where `scripts/start.sh` and the studio keep projects they create. */
export const PROJECTS_DIR = 'projects';
