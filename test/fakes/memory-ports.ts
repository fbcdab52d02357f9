import type { Profile } from '../../src/core/profile/types.js';
import { RunRecorder } from '../../src/core/stats/run-recorder.js';
import type {
  EngineOutcome,
  EngineRunOptions,
  FileStore,
  LoadEngine,
  Output,
  ProgressSnapshot,
  RunEnvironment,
} from '../../src/ports.js';

/**
 * Files in memory; paths listed in `failWrites` reject like a read-only directory would, paths
 * in `directories` are directories. `failPieceWriteAfterChars` makes a streamed write fail once
 * that many characters have been written (a disk filling up mid-write).
 */
export class MemoryFiles implements FileStore {
  readonly files = new Map<string, string>();
  readonly failWrites = new Set<string>();
  readonly directories = new Set<string>();
  failPieceWriteAfterChars: number | undefined;
  readonly events: string[];

  constructor(events: string[] = []) {
    this.events = events;
  }

  async writeTextPieces(path: string, pieces: Iterable<string>): Promise<void> {
    if (this.failWrites.has(path) || this.directories.has(path))
      throw Object.assign(new Error(`EACCES: ${path}`), { code: 'EACCES' });
    // Like the real store: the pieces go to a temporary entry, renamed into place at the end.
    let written = '';
    for (const piece of pieces) {
      written += piece;
      if (
        this.failPieceWriteAfterChars !== undefined &&
        written.length > this.failPieceWriteAfterChars
      )
        throw Object.assign(new Error(`ENOSPC: ${path}`), { code: 'ENOSPC' });
    }
    this.events.push(`write ${path}`);
    this.files.set(path, written);
  }

  async inspectPath(path: string) {
    const resolvedPath = path.replace(/^(\.\/)+/, '');
    const kind = this.directories.has(resolvedPath)
      ? ('directory' as const)
      : this.files.has(resolvedPath)
        ? ('file' as const)
        : ('missing' as const);
    return { kind, resolvedPath };
  }

  async readText(path: string): Promise<string> {
    const text = this.files.get(path);
    if (text === undefined) throw Object.assign(new Error(`ENOENT: ${path}`), { code: 'ENOENT' });
    return text;
  }

  async writeText(path: string, text: string): Promise<void> {
    if (this.failWrites.has(path))
      throw Object.assign(new Error(`EACCES: ${path}`), { code: 'EACCES' });
    this.events.push(`write ${path}`);
    this.files.set(path, text);
  }
}

/** Records what would have been printed, in order, into a shared event list. */
export class MemoryOutput implements Output {
  readonly masked: string[] = [];
  readonly progressSeen: ProgressSnapshot[] = [];
  constructor(readonly events: string[] = []) {}
  info(text: string) {
    this.events.push(`info ${text}`);
  }
  warn(text: string) {
    this.events.push(`warn ${text}`);
  }
  error(text: string) {
    this.events.push(`error ${text}`);
  }
  progress(snapshot: ProgressSnapshot) {
    this.progressSeen.push(snapshot);
  }
  progressDone() {}
  mask(values: readonly string[]) {
    this.masked.push(...values);
  }
}

/** An engine that returns a canned outcome and remembers the profile it was given; the
 * outcome may use the run's options (e.g. call `onSecretValues` as a setup would). */
export class ScriptedEngine implements LoadEngine {
  profiles: Profile[] = [];
  constructor(
    private readonly outcome: (profile: Profile, options: EngineRunOptions) => EngineOutcome,
  ) {}
  async run(profile: Profile, options: EngineRunOptions = {}): Promise<EngineOutcome> {
    this.profiles.push(profile);
    return this.outcome(profile, options);
  }
}

/** A finished recording with `n` ok responses of `latencyMs` each, for scripted engines. */
export function recordingOf(profile: Profile, n: number, latencyMs: number) {
  const recorder = new RunRecorder(profile.scenarios.length, 0);
  for (let i = 0; i < n; i++) recorder.onResponse(0, i, i, i + latencyMs, 200, 0);
  return recorder.finish(1000);
}

export function makeEnvironment(env: Record<string, string> = {}): RunEnvironment {
  return {
    env,
    node: 'v20.0.0',
    platform: 'linux',
    arch: 'x64',
    cpus: 2,
    ci: true,
    gitSha: 'abc123',
  };
}
