/** The model's public API (the package's `catalyst/model` entry): schemas and types, the expression language, graphs, node registry, validation and the demo project. */

export { DEMO_WORKFLOW_IDS, type DemoOptions, demoProject } from './demo.js';
export { defaultEndpoint, effectiveEndpoint, servedEndpoint } from './endpoint.js';
export * from './expressions/ast.js';
export { formatExpressionError, parseExpression } from './expressions/parser.js';
export { printExpression } from './expressions/print.js';
export { collectReferences, type References } from './expressions/references.js';
export { parseTemplate, templateHasExpressions } from './expressions/template.js';
export * from './graph.js';
export { childPath, joinPath, jsonPath } from './json-path.js';
export { type JsonParseResult, parseJsonText } from './json-syntax.js';
export * from './limits.js';
export { formatProblems, type LoadResult, loadProject, validateProject } from './load.js';
export { closest, didYouMean } from './near-miss.js';
export * from './nodes/definition.js';
export type { NodeEmit, NodePython } from './nodes/emit.js';
export * from './nodes/registry.js';
export * from './nodes/sites.js';
export * from './project.js';
export * from './project-files.js';
export { slugify } from './slug.js';
export { routeOf } from './validate/endpoint-rules.js';
export * from './workflow.js';
