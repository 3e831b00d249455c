/** A locally running app of one target: enough to find, check and stop it after the CLI has exited. */
export interface LocalProcess {
  projectId: string;
  targetId: string;
  /** `process`: a detached Python process (pid). `container`: a Docker container (name). */
  kind: 'process' | 'container';
  /** 0 once the app was stopped: the record stays, so the next deploy takes its port back. */
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

/**
 * The record of a stopped app: nothing runs (a process of pid 0), but its port, log and commit
 * are kept, so the next deploy of the target gets the same URL back when the port is free.
 */
export function stoppedRecord(p: LocalProcess): LocalProcess {
  const { containerName: _container, ...rest } = p;
  return { ...rest, kind: 'process', pid: 0 };
}

/** True for a record {@link stoppedRecord} made: the app was stopped, not crashed. */
export function isStoppedRecord(p: LocalProcess): boolean {
  return p.kind === 'process' && p.pid === 0;
}
