import { defaultEndpoint, effectiveEndpoint } from '../endpoint.js';
import { RESERVED_PATHS } from '../limits.js';
import type { LoadedWorkflow, Problem, Project } from '../project-files.js';
import type { Endpoint } from '../workflow.js';
import { workflowProblem } from './problem.js';

/** The route a public workflow is served at (`effectiveEndpoint`), and whether it is the default one. */
export function routeOf(loaded: LoadedWorkflow): Endpoint & { isDefault: boolean } {
  return { ...effectiveEndpoint(loaded.workflow), isDefault: !loaded.workflow.endpoint };
}

/**
 * The same request must not match two routes. `/a/` and `/a` are one route, and so are
 * `/users/{id}` and `/users/{name}`.
 */
function routeKey(route: Endpoint): string {
  const path = route.path.length > 1 ? route.path.replace(/\/+$/, '') : route.path;
  return `${route.method} ${path.replace(/\{[^}]*\}/g, '{}')}`;
}

export function publicRoutesUnique(project: Project): Problem[] {
  const first = new Map<string, LoadedWorkflow>();
  const problems: Problem[] = [];
  for (const loaded of project.workflows) {
    const { workflow } = loaded;
    if (workflow.visibility !== 'public') continue;
    const route = routeOf(loaded);
    const key = JSON.stringify([workflow.deploymentTargetId, routeKey(route)]);
    const earlier = first.get(key);
    if (!earlier) {
      first.set(key, loaded);
      continue;
    }
    const other = `workflow '${earlier.workflow.name}'${routeOf(earlier).isDefault ? ' (its default path, as it has no endpoint)' : ''}`;
    const target = `target '${workflow.deploymentTargetId}'`;
    const message = route.isDefault
      ? `Workflow '${workflow.name}' has no endpoint, so it is served at ${route.method} ${route.path}, which ${other} on ${target} already uses: set an endpoint for '${workflow.name}'`
      : `${route.method} ${route.path} of workflow '${workflow.name}' is already served by ${other} on ${target}: change the method or path of one of them`;
    problems.push(workflowProblem(loaded, ['endpoint'], message));
  }
  return problems;
}

export function publicPathsNotReserved(_project: Project, loaded: LoadedWorkflow): Problem[] {
  const { workflow } = loaded;
  if (workflow.visibility !== 'public' || !workflow.endpoint) return [];
  const path =
    workflow.endpoint.path.length > 1 ? workflow.endpoint.path.replace(/\/+$/, '') : workflow.endpoint.path;
  if (!(RESERVED_PATHS as readonly string[]).includes(path)) return [];
  const suggestion = path === '/' ? defaultEndpoint(workflow).path : `/api${path}`;
  return [
    workflowProblem(
      loaded,
      ['endpoint', 'path'],
      `Workflow '${workflow.name}' uses the path ${workflow.endpoint.path}, which the app keeps for itself (${RESERVED_PATHS.join(', ')}): choose another path, e.g. ${suggestion}`,
    ),
  ];
}
