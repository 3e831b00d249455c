import type { DeploymentTarget, Platform, ProjectManifest } from '../model/project.js';
import type { LocalProcessStore } from './local/local-process-store.js';
import type { Scrubber } from './scrub.js';

/** What every deployer step knows about the target it works on. */
export interface TargetContext {
  /** The project folder (a git work tree). */
  projectDir: string;
  manifest: ProjectManifest;
  target: DeploymentTarget;
  /** Environment for child processes; its PATH decides which platform CLI runs. */
  env: NodeJS.ProcessEnv;
  /** Progress and CLI output, one line at a time, already scrubbed. */
  log: (line: string) => void;
  /** Masks secret values; every text that leaves a deployer passes through it. */
  scrub: Scrubber;
  /** `CATALYST_HOME`: local deploys keep their logs under it. */
  home: string;
  /** Where local deploys record pid and port, so status survives the CLI exiting. */
  processes: LocalProcessStore;
}

export interface DeployContext extends TargetContext {
  /** The generated app to ship. It holds no secret values. */
  appDir: string;
  /** Full commit id the app was generated at. */
  commit: string;
  /** Values of the secrets the target's app reads, by name. Only a platform's secret mechanism sees them. */
  secrets: Readonly<Record<string, string>>;
}

export interface DeployResult {
  /** Where the app answers, when the platform tells us (else the target's configured url stays). */
  url?: string;
}

export interface TargetStatus {
  /** `running`, `stopped`, or the platform's own word. */
  state: string;
  url?: string;
  detail?: string;
}

/** What `catalyst logs` and the studio's Logs tab ask for. */
export interface LogOptions {
  /** How many of the latest lines. */
  lines: number;
  /**
   * Keep streaming new lines to `onLine` until `signal` aborts (`logs --follow`); the
   * returned text is then empty.
   */
  follow?: { onLine: (line: string) => void; signal: AbortSignal };
}

/** One platform behind one interface; rollback is a redeploy of an older generated app. */
export interface Deployer {
  readonly platform: Platform;
  /** CLI installed, logged in, project linked; throws a DeployError that says what to run. */
  preflight(ctx: TargetContext): Promise<void>;
  deploy(ctx: DeployContext): Promise<DeployResult>;
  status(ctx: TargetContext): Promise<TargetStatus>;
  /** The running app's latest log lines (scrubbed), or streams them with `follow`. */
  logs(ctx: TargetContext, options: LogOptions): Promise<string>;
  /** Local platforms only: stop the running app. */
  stop?(ctx: TargetContext): Promise<void>;
}
