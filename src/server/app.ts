import { Hono } from 'hono';
import type { EventBus } from './events/event-bus.js';
import { errorResponse } from './http/errors.js';
import { bodyLimit, jsonGuard, pathGuard } from './http/request-guards.js';
import { serveWebApp } from './http/static-files.js';
import { deploymentRoutes } from './routes/deployments.js';
import { draftRoutes } from './routes/drafts.js';
import { eventRoutes } from './routes/events.js';
import { generatedRoutes } from './routes/generated.js';
import { healthRoutes } from './routes/health.js';
import { projectRoutes } from './routes/projects.js';
import { settingsRoutes } from './routes/settings.js';
import { sharedFunctionRoutes } from './routes/shared-functions.js';
import { workflowRoutes } from './routes/workflows.js';
import { type GuardOptions, hostGuard, originGuard, securityHeaders, tokenGuard } from './security/guards.js';
import type { StudioServices } from './services.js';

export interface AppOptions extends GuardOptions {
  services: StudioServices;
  bus: EventBus;
  /** Folder of the built SPA (`dist/web`). */
  webRoot: string;
  /** Where internal errors are logged (stderr by default). Never receives request bodies. */
  log?: (line: string) => void;
}

/** The typed API alone: its type is what the page's `hc<AppType>` client is built from. */
function apiRoutes(services: StudioServices, bus: EventBus) {
  return new Hono()
    .route('/projects', projectRoutes(services))
    .route('/projects', settingsRoutes(services))
    .route('/projects', sharedFunctionRoutes(services.sharedFunctions))
    .route('/projects', generatedRoutes(services, bus))
    .route('/projects', workflowRoutes(services.workflows))
    .route('/projects', deploymentRoutes(services.deploys, bus))
    .route('/projects', healthRoutes(services.health))
    .route('/projects', draftRoutes(services.drafts, bus))
    .route('/events', eventRoutes(bus));
}

export type AppType = ReturnType<typeof apiRoutes>;

const EVENTS_PATH = '/api/events';

export function createApp(options: AppOptions) {
  const app = new Hono();
  app.onError((error, c) => errorResponse(c, error, options.log));
  // Order matters: host and origin are refused (403) before the token is even looked at (401).
  app.use('*', securityHeaders, pathGuard, hostGuard(options), originGuard(options));
  app.use('/api/*', tokenGuard({ ...options, queryTokenPaths: [EVENTS_PATH] }));
  // Bodies are read only once the caller has proved it may send one.
  app.use('/api/*', bodyLimit, jsonGuard);
  app.route('/api', apiRoutes(options.services, options.bus));
  app.all('/api/*', (c) => c.json({ error: `No API route ${c.req.method} ${c.req.path}` }, 404));
  app.get('*', serveWebApp(options.webRoot));
  return app;
}
