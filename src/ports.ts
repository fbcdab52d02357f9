import type { Profile } from './core/profile/types.js';
import type { ProgressSnapshot } from './core/stats/progress-snapshot.js';
import type { LiveSnapshot, Recording } from './core/stats/run-recorder.js';

export type { ProgressSnapshot } from './core/stats/progress-snapshot.js';

export interface EngineRunOptions {
  /** Aborting stops the run; what was measured so far is still returned. */
  signal?: AbortSignal;
  onProgress?: (snapshot: ProgressSnapshot) => void;
  /** Called every couple of seconds of the measured window; a reason stops the run (k6's
   * abortOnFail). Only given when some rule asks for it. */
  liveCheck?: (snapshot: LiveSnapshot) => string | undefined;
}

export type EngineOutcome =
  | {
      kind: 'ran';
      recording: Recording;
      /** Wall-clock epoch ms at which the measured window started. */
      startedAtEpochMs: number;
      status: 'completed' | 'interrupted' | 'aborted';
      abortReason?: string;
      /** Why an aborted run stopped: the target went away, or a threshold with abortOnFail broke. */
      abortCause?: 'unreachable' | 'threshold';
      /** Arrivals the schedule asked for in the measured window (open model). */
      plannedRequests?: number;
      peakVus?: number;
    }
  /** Nothing could be sent: the target refused or could not be resolved from the start. */
  | { kind: 'unreachable'; message: string };

/** Runs a profile's load against its target and measures it. */
export interface LoadEngine {
  run(profile: Profile, options: EngineRunOptions): Promise<EngineOutcome>;
}

/** Monotonic time in ms (for durations) and wall time (for timestamps). */
export interface Clock {
  nowMs(): number;
  epochMs(): number;
}

/** Reading the profile and writing results; errors carry the OS code (ENOENT, EACCES, …). */
export interface FileStore {
  readText(path: string): Promise<string>;
  /** Writes atomically (temporary file, then rename), creating missing directories. */
  writeText(path: string, text: string): Promise<void>;
}

/** Where the user reads what happens: a terminal, a CI log, the Actions log. */
export interface Output {
  info(text: string): void;
  warn(text: string): void;
  error(text: string): void;
  progress(snapshot: ProgressSnapshot): void;
  /** Ends a live progress line so the next output starts on a clean line. */
  progressDone(): void;
  /** Values never to be printed (secrets substituted into headers, tokens). */
  mask(values: readonly string[]): void;
}

/** Facts about where the run happens, recorded in the results file. */
export interface RunEnvironment {
  env: Record<string, string | undefined>;
  node: string;
  platform: string;
  arch: string;
  cpus: number;
  ci: boolean;
  gitSha?: string;
  gitRef?: string;
}
