/** A locally running app of one target: enough to find, check and stop it after the CLI has exited. */
export interface LocalProcess {
  projectId: string;
  targetId: string;
  /** `process`: a detached Python process (pid). `container`: a Docker container (name). */
  kind: 'process' | 'container';
  pid: number;
  containerName?: string;
  port: number;
  appDir: string;
  logPath: string;
  commit: string;
  startedAt: string;
}

export interface LocalProcessStore {
  get(projectId: string, targetId: string): LocalProcess | undefined;
  put(process: LocalProcess): void;
  remove(projectId: string, targetId: string): void;
}
