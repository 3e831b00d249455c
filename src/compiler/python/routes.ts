/**
 * The compiler's old name for the model's `effectiveEndpoint`, kept only because
 * src/server/workflow-services.ts still imports it; remove once that file imports
 * `effectiveEndpoint` from src/model/endpoint.ts.
 */
export { effectiveEndpoint as endpointOf } from '../../model/endpoint.js';
