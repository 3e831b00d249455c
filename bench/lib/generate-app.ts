import type { Project } from '../../src/model/project-files.js';
import { NotAvailable } from './benchmark.js';

/** Full generation of one target of a project into `outDir`, through the product's own pipeline and writer. */
export type GenerateToDisk = (project: Project, targetId: string, outDir: string) => Promise<void>;

export async function loadGenerator(): Promise<GenerateToDisk> {
  throw new NotAvailable('code generation pipeline (src/build) not built yet');
}
