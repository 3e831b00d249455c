import { forgetRememberedCaches } from './generate-cache.js';
import { forgetParsedWorkflows } from './load-memo.js';
import { forgetProjectMemos } from './project-memo.js';
import { forgetSourceIndexes } from './source-index.js';

/**
 * What a long-lived process (the studio, `run`) remembers between generations so that a
 * regeneration costs in proportion to what changed: the source files' index
 * (source-index.ts), parsed workflows (load-memo.ts) and the generate caches it wrote with
 * the app texts (generate-cache.ts). A new process starts from what the last one kept on disk
 * (project-memo.ts, generate-cache.ts) and gets the same output. `forgetBuildMemory` makes this process start over as a
 * new one would — the tests use it to check that both paths give the same bytes.
 */
export function forgetBuildMemory(): void {
  forgetSourceIndexes();
  forgetParsedWorkflows();
  forgetRememberedCaches();
  forgetProjectMemos();
}
