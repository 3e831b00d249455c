import fs from 'node:fs';
import path from 'node:path';

export interface SeededProject {
  id: string;
  name: string;
  path: string;
}

export function projectName(i: number): string {
  return `project-${String(i).padStart(4, '0')}`;
}

/**
 * N real project folders (catalyst.json + one workflow) under `root`. No git: a thousand
 * `git init` + commit would take minutes, and the dashboard reads the manifests and workflows.
 */
export function seedProjects(root: string, count: number): SeededProject[] {
  const now = '2026-01-05T10:00:00.000Z';
  const out: SeededProject[] = [];
  for (let i = 0; i < count; i++) {
    const n = String(i).padStart(4, '0');
    const folder = path.join(root, projectName(i));
    const id = `proj_${n}`;
    fs.mkdirSync(path.join(folder, 'workflows'), { recursive: true });
    const manifest = {
      schemaVersion: 1,
      id,
      name: projectName(i),
      description: i % 10 === 0 ? `Invoice pipeline number ${n}` : `Service ${n}`,
      version: '0.1.0',
      createdAt: now,
      updatedAt: now,
      deploymentTargets: { local: { id: 'local', name: 'Local', platform: 'docker', platformConfig: {} } },
    };
    const workflow = {
      id: 'wf_main',
      name: 'main',
      deploymentTargetId: 'local',
      visibility: 'public',
      nodes: {},
      edges: [],
    };
    fs.writeFileSync(path.join(folder, 'catalyst.json'), `${JSON.stringify(manifest, null, 2)}\n`);
    fs.writeFileSync(path.join(folder, 'workflows', 'main.json'), `${JSON.stringify(workflow, null, 2)}\n`);
    out.push({ id, name: manifest.name, path: folder });
  }
  return out;
}
