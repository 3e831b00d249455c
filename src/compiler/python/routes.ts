import { slugify } from '../../model/slug.js';
import type { HttpMethod, Workflow } from '../../model/workflow.js';

/** A public workflow's method and path; without an endpoint, `POST /api/<slug>` (DESIGN §3). */
export function endpointOf(workflow: Workflow): { method: HttpMethod; path: string } {
  return workflow.endpoint ?? { method: 'POST', path: `/api/${slugify(workflow.name)}` };
}
