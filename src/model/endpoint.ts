import { slugify } from './slug.js';
import type { Endpoint, Workflow } from './workflow.js';

/** Where a workflow without `endpoint` is served (DESIGN §3): `POST /api/<slug>`. */
export function defaultEndpoint(workflow: Pick<Workflow, 'name'>): Endpoint {
  return { method: 'POST', path: `/api/${slugify(workflow.name)}` };
}

/** The method and path a workflow answers on when public: its own endpoint, else the default. */
export function effectiveEndpoint(workflow: Pick<Workflow, 'name' | 'endpoint'>): Endpoint {
  return workflow.endpoint ?? defaultEndpoint(workflow);
}

/** Where a workflow is served: its effective endpoint when public; internal workflows have no route. */
export function servedEndpoint(
  workflow: Pick<Workflow, 'name' | 'endpoint' | 'visibility'>,
): Endpoint | undefined {
  return workflow.visibility === 'public' ? effectiveEndpoint(workflow) : undefined;
}
