import { spawn } from 'node:child_process';
import { access } from 'node:fs/promises';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { MISSING_BUILD_MESSAGE } from '../../server/http/static-files.js';
import { DEFAULT_HOST, DEFAULT_PORT, DEFAULT_WEB_ROOT, startStudio } from '../../server/start.js';
import { createStoreServices } from '../../server/store-services.js';
import { childEnv } from '../../store/child-env.js';
import { createProject } from '../../store/project-store.js';
import { PROJECTS_DIR } from '../../workspace/home.js';
import { defineCommand, UsageError } from '../command.js';
import { untilInterrupted } from '../interrupt.js';

interface StudioOptions {
  port: string;
  host: string;
  open: boolean;
  demo?: boolean;
}

const DEMO_NAME = 'demo';
/** How long a stop waits for the monitor, running apps and open requests to close. */
const CLOSE_TIMEOUT_MS = 5_000;
/** After that, how long the process may take to end by itself before it is ended. */
const EXIT_GRACE_MS = 1_000;

/** Best effort: the URL is printed anyway, so a missing opener is not an error. */
function openBrowser(url: string): void {
  const command =
    process.platform === 'darwin' ? 'open' : process.platform === 'win32' ? 'explorer' : 'xdg-open';
  try {
    const child = spawn(command, [url], {
      stdio: 'ignore',
      detached: true,
      env: childEnv(process.env, { inherit: 'user' }),
    });
    child.on('error', () => {});
    child.unref();
  } catch {
    // no opener on this machine
  }
}

export const studioCommand = defineCommand<StudioOptions>({
  name: ['studio'],
  summary: 'start the local web studio (dashboard, project detail, settings, generated code)',
  options: [
    {
      flags: '--port <port>',
      description: 'port to listen on (0 picks a free one)',
      default: String(DEFAULT_PORT),
    },
    {
      flags: '--host <host>',
      description:
        'interface to bind; loopback by default — anything else exposes the studio to your network',
      default: DEFAULT_HOST,
    },
    { flags: '--no-open', description: 'do not open a browser' },
    {
      flags: '--demo',
      description: `create the demo project (${PROJECTS_DIR}/${DEMO_NAME}) if the workspace has none`,
    },
  ],
  async run({ options }, ctx) {
    const port = Number(options.port);
    if (!Number.isInteger(port) || port < 0 || port > 65_535) {
      throw new UsageError(`--port must be a whole number from 0 to 65535, not "${options.port}"`);
    }
    const webReady = await access(path.join(DEFAULT_WEB_ROOT, 'index.html')).then(
      () => true,
      () => false,
    );
    if (!webReady) ctx.note(MISSING_BUILD_MESSAGE);
    const workspace = ctx.workspace();
    if (options.demo && workspace.registry.list().length === 0) {
      const created = await createProject(
        path.join(workspace.home, PROJECTS_DIR, DEMO_NAME),
        { name: DEMO_NAME, example: true },
        { workspace, git: ctx.git },
      );
      ctx.note(`Created the demo project in ${created.dir}.`);
    }
    const studio = await startStudio({ services: createStoreServices(workspace), port, host: options.host });
    if (!['127.0.0.1', 'localhost', '::1'].includes(options.host)) {
      ctx.note(
        `Warning: listening on ${options.host}; anyone who can reach it and has the token can use the studio.`,
      );
    }
    ctx.note(`Catalyst studio is running. Open:\n\n  ${studio.url}\n\nPress Ctrl+C to stop.`);
    if (options.open) openBrowser(studio.url);
    await untilInterrupted();
    // A stop must stop: whatever does not close in time (a request stuck in a file system
    // call) is left behind rather than waited for.
    const closed = await Promise.race([
      studio.close().then(() => true),
      sleep(CLOSE_TIMEOUT_MS, false, { ref: false }),
    ]);
    ctx.note(closed ? 'Studio stopped.' : 'Studio stopped (some requests were still running).');
    // Work that never ends (such as a stuck thread-pool call) would hold the process open;
    // this unref'd timer only fires in that case, once everything else has finished.
    setTimeout(() => process.exit(process.exitCode ?? 0), EXIT_GRACE_MS).unref();
    return { data: { stopped: true } };
  },
});
