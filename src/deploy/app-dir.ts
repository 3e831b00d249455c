import path from 'node:path';

/** `<project>/.catalyst/deploy/<target>/<short sha>`: one folder per deployed commit, outside git (.catalyst/ is ignored). */
export function deployAppDir(projectDir: string, targetId: string, commit: string): string {
  return path.join(projectDir, '.catalyst', 'deploy', targetId, commit.slice(0, 12));
}
