import type { InferResponseType } from 'hono/client';
import type { ApiClient } from './client.js';

/** Response shapes, inferred from the typed client (never restated by hand). */
type Projects = ApiClient['projects'];
export type ProjectSummary = InferResponseType<Projects['$get'], 200>['projects'][number];
export type ProjectDetail = InferResponseType<Projects[':projectId']['$get'], 200>['project'];
export type WorkflowView = ProjectDetail['workflows'][number];
export type TargetView = ProjectDetail['targets'][number];
export type Problem = InferResponseType<Projects[':projectId']['problems']['$get'], 200>['problems'][number];
type Generated = Projects[':projectId']['targets'][':targetId']['generated'];
export type GeneratedListing = InferResponseType<Generated['$get'], 200>;
export type GeneratedFile = GeneratedListing['files'][number];
export type GenerationSummary = NonNullable<GeneratedListing['summary']>;
export type HealthStatus = ProjectSummary['health']['status'];
