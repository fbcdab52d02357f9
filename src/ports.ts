import type { ListenAddress } from './core/cli/parse-heartbeat-args.js';
import type { WaitForSettings } from './core/input/wait-for.js';
import type { LabelEvent, WriterCheck } from './core/judge/accept-regression.js';
import type { SharedSectionWrite } from './core/notify/shared-comment-plan.js';
import type { HttpProtocol, Profile } from './core/profile/types.js';
import type { RunStamp } from './core/render/comment-sections.js';
import type { ExtractFailures } from './core/result/extract-failures.js';
import type { Stripe } from './core/schedule/stripe.js';
import type { HeartbeatRecorder } from './core/stats/heartbeat-recorder.js';
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
  /** Called with values that became secrets during the run (what `setup` extracted, per-VU
   * log-ins included), before anything could print them: the app masks them in all output. */
  onSecretValues?: (values: string[]) => void;
  /** The share of the schedule this engine runs (global arrival indexes k ≡ offset mod step,
   * VU ids alike); default the profile's `shard`, else the whole schedule. A worker thread
   * passes its sub-stripe here. */
  stripe?: Stripe;
  /** `--start-at`: after connecting and the once setup, wait until this wall time (epoch ms)
   * before the schedule starts; a time already past starts at once. */
  startAtEpochMs?: number;
  /** Called once, just before that wait, with how long it will be (ms). */
  onStartWait?: (waitMs: number) => void;
  /**
   * Side by side (`--baseline-target`): the base URL of the baseline target (checked, no
   * credentials). Arrivals (closed model: each user's iterations) then go in turn to it and to
   * the profile's target on one schedule, each side with half of the connections and of
   * `maxInFlight`, recorded apart: the outcome's `baselineSide`.
   */
  baselineTarget?: string;
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
      abortCause?: 'unreachable' | 'threshold' | 'data';
      /** Arrivals the schedule asked for in the measured window (open model). */
      plannedRequests?: number;
      peakVus?: number;
      /** HTTP versions the run's connections to the target negotiated, sorted. */
      protocolsSeen?: HttpProtocol[];
      /** With `startAtEpochMs`: how much later (ms; negative: earlier) than that the schedule
       * really started. */
      startSkewMs?: number;
      /** Things the user should know about how the run went (a unique data source wrapped, …),
       * each one line, secrets masked. Facts that threads of one run add up travel as data
       * below, worded once for the results file. */
      warnings?: string[];
      /** Rows whose `extract` failed: how often and the first reason; absent when none did. */
      extractFailures?: ExtractFailures[];
      /** The first failed per-VU log-in's message (secrets masked); how many failed is the
       * recording's `setup.failed`. Absent when none failed. */
      firstVuLoginFailure?: string;
      /** Side by side (`baselineTarget`): what the baseline target's side measured, on the same
       * measured window as `recording`. `status`, warnings and figures above are the run's. */
      baselineSide?: {
        recording: Recording;
        protocolsSeen: HttpProtocol[];
        extractFailures?: ExtractFailures[];
        /** Its share of the planned arrivals (open model); `plannedRequests` above is then
         * the target's share. */
        plannedRequests?: number;
      };
    }
  /** Nothing could be sent: the target refused or could not be resolved from the start. */
  | { kind: 'unreachable'; message: string }
  /** A `setup` request (run once, before the clock) failed: nothing was measured. `message`
   * names the request and gives the status (or error kind) and a short body excerpt, with
   * every secret masked. */
  | { kind: 'setup-failed'; message: string };

/** Runs a profile's load against its target and measures it. */
export interface LoadEngine {
  run(profile: Profile, options: EngineRunOptions): Promise<EngineOutcome>;
}

/** Monotonic time in ms (for durations) and wall time (for timestamps). */
export interface Clock {
  nowMs(): number;
  epochMs(): number;
}

/**
 * `FileStore.readText`'s error code for bytes that are not UTF-8 text; the error's
 * `looksLike` says `utf-16` (a UTF-16 byte-order mark, or NULs between ASCII letters),
 * `binary` (NUL bytes) or `other-encoding` (Latin-1, Windows-1252…), and `byteOffset` where
 * decoding failed.
 */
export const NOT_UTF8_TEXT = 'ERR_NOT_UTF8_TEXT';

/** Reading the profile and writing results; errors carry the OS code (ENOENT, EACCES, …). */
export interface FileStore {
  /** UTF-8 text without a leading byte-order mark; anything else fails with `NOT_UTF8_TEXT`. */
  readText(path: string): Promise<string>;
  /** Writes atomically (temporary file, then rename), creating missing directories; on any
   * failure the temporary file is removed and `path` is left as it was. */
  writeText(path: string, text: string): Promise<void>;
  /**
   * `writeText` for text too large to hold as one string: the pieces are written in order as
   * they are produced. Just as atomic: if producing a piece throws or a write fails, nothing
   * appears at `path` and the temporary file is removed; the error is rethrown.
   */
  writeTextPieces(path: string, pieces: Iterable<string>): Promise<void>;
  /**
   * What is at `path` now, and the path it names once `.`/`..` and symbolic links are resolved
   * (for a path that does not exist yet: as far as its directory exists), so two spellings of
   * one file compare equal.
   */
  inspectPath(
    path: string,
  ): Promise<{ kind: 'file' | 'directory' | 'missing' | 'other'; resolvedPath: string }>;
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

/** owner/repo of the repository the action runs in. */
export interface RepoRef {
  owner: string;
  repo: string;
}

/** A baseline candidate: a workflow run on the base branch that uploaded the results artifact. */
export interface BaselineRef {
  artifactId: number;
  artifactName: string;
  runId: number;
  /** Commit the baseline run measured. */
  commit: string;
  branch: string;
  /** ISO time the run was created. */
  createdAt: string;
  runUrl: string;
}

export type BaselineLookup =
  | { kind: 'found'; ref: BaselineRef; exactMergeBase: boolean }
  /** Nothing usable: `reason` says why, for the report's "no baseline yet" note. */
  | { kind: 'none'; reason: string };

/** Where main-branch results live between runs: workflow artifacts. */
export interface BaselineStore {
  /** Uploads a results file as this run's artifact `artifactName` (retention in days). */
  save(filePath: string, artifactName: string, retentionDays: number): Promise<void>;
  /**
   * Finds the baseline for a pull request: the successful run of `workflowFile` on `branch`
   * whose head is `mergeBaseSha`, else the nearest earlier one that still has the artifact.
   */
  find(query: {
    repo: RepoRef;
    workflowFile: string;
    branch: string;
    mergeBaseSha?: string;
    artifactName: string;
  }): Promise<BaselineLookup>;
  /** Downloads the artifact and returns the results file's text. */
  download(repo: RepoRef, ref: BaselineRef): Promise<string>;
  /** The named, unexpired artifact of one given run (the fork pattern's measuring run). */
  findInRun(repo: RepoRef, runId: number, artifactName: string): Promise<BaselineRef | undefined>;
}

/** Pull-request comments, keyed by a hidden marker so each profile has exactly one. */
export interface CommentGateway {
  /**
   * Creates or updates the comment carrying `marker` (written by the same account), looking
   * through every page of the PR's comments.
   */
  upsert(
    repo: RepoRef,
    issueNumber: number,
    marker: string,
    body: string,
  ): Promise<{ action: 'created' | 'updated'; url: string }>;
  /**
   * Puts one job's section into the comment the jobs of one `comment-key` share (found by the
   * group marker, written by the same account, every page looked through), keeping the other
   * jobs' sections; re-reads after writing and writes again when a concurrent job erased one.
   */
  upsertSection(
    repo: RepoRef,
    issueNumber: number,
    write: SharedSectionWrite,
  ): Promise<SharedSectionResult>;
}

/** What became of a job's section of a shared comment. */
export interface SharedSectionResult {
  /** created / updated: written and found there on re-reading; unchanged: it was already
   * there; stale: the comment holds this section from a later run, so nothing was written. */
  action: 'created' | 'updated' | 'unchanged' | 'stale';
  /** The comment's page URL (empty only when there is none). */
  url: string;
  /** Writes made: more than 1 when a concurrent job erased a section and it was merged back. */
  writes: number;
  /** What the size budget cut, unreadable sections left out: for the log. */
  notes: string[];
  /** For `stale`: the run whose section was kept. */
  keptRun?: RunStamp;
}

/** Commit statuses: what gates a fork pull request reported from a workflow_run workflow. */
export interface CommitStatus {
  state: 'success' | 'failure';
  /** The check's name, e.g. `loadgate/loadgate-checkout`. */
  context: string;
  description: string;
  targetUrl?: string;
}

export interface CommitStatusGateway {
  setStatus(repo: RepoRef, sha: string, status: CommitStatus): Promise<void>;
}

/** The facts of the pull request or push, read back from the API where the event can't be trusted. */
export interface PullRequestInfo {
  number: number;
  headSha: string;
  baseRef: string;
  /** Merge base of head and base, from the compare API. */
  mergeBaseSha?: string;
}

/** The action's own outputs: step outputs and the job summary. */
export interface ActionIO {
  setOutput(name: string, value: string): void;
  writeSummary(markdown: string): Promise<void>;
}

/**
 * Workflow artifacts found by name across the repository (newest first), for what runs carry
 * forward: the history (`<artifact-name>-history`) and release baselines
 * (`<artifact-name>-release-<tag>`). Refs are `BaselineRef`s so `download` reads them alike.
 */
export interface ArtifactStore {
  /**
   * The newest unexpired artifacts called exactly `name` (at most `limit`, newest first), and the
   * newest expired one when none is usable, so the caller can say when the chain broke.
   */
  listByName(
    repo: RepoRef,
    name: string,
    limit: number,
  ): Promise<{ usable: BaselineRef[]; newestExpired?: BaselineRef & { expiredAt?: string } }>;
  /** Downloads the artifact and returns the text of its one `.json` file. */
  download(repo: RepoRef, ref: BaselineRef): Promise<string>;
  /** Uploads `filePath` as artifact `name`, kept as long as the repository allows (at most
   * `maxRetentionDays`). */
  save(filePath: string, name: string, maxRetentionDays: number): Promise<void>;
  /** Deletes an artifact (needs `actions: write`; errors carry the HTTP `status`, 403 without
   * it). */
  delete(repo: RepoRef, ref: BaselineRef): Promise<void>;
}

/** An artifact of the workflow run the job belongs to. */
export interface ThisRunArtifact {
  id: number;
  name: string;
}

/**
 * The artifacts of this job's own workflow run: a shard job uploads its results, and the
 * `mode: merge` job (which waits for the shard jobs with `needs:`) lists and downloads them.
 * Needs no GitHub token: the job's runtime token names the run.
 */
export interface ThisRunArtifactStore {
  /** Uploads `filePath` alone as this run's artifact `name`, kept `retentionDays` (1 or more). */
  upload(filePath: string, name: string, retentionDays: number): Promise<void>;
  /** Every artifact of this run, the newest upload of each name. */
  list(): Promise<ThisRunArtifact[]>;
  /** Downloads one and returns the text of its one `.json` file (unvalidated). */
  download(artifact: ThisRunArtifact): Promise<string>;
}

/** A published release, as the release gate names what it compared with. */
export interface ReleaseInfo {
  tag: string;
  name?: string;
  url: string;
  /** ISO time it was published. */
  publishedAt: string;
}

export interface ReleaseLookup {
  /** The newest published release (never a draft or prerelease); undefined when there is none. */
  latestRelease(repo: RepoRef): Promise<ReleaseInfo | undefined>;
}

/** An issue loadgate keeps (one per workflow and profile), as found by its marker. */
export interface TrackedIssue {
  number: number;
  state: 'open' | 'closed';
  /** ISO time it was closed, for closed issues. */
  closedAt?: string;
  title: string;
  body: string;
  url: string;
}

/**
 * Regression issues. `find` looks through every page of issues with `label` (open and closed),
 * never by title or search, and takes the one whose body carries `marker`, newest first.
 * Errors for a token without `issues: write` carry `status` 403 (see IssuePermissionError).
 */
export interface IssueGateway {
  find(repo: RepoRef, label: string, marker: string): Promise<TrackedIssue | undefined>;
  /** Opens an issue with `label` (creating the label when the repository lacks it). */
  create(
    repo: RepoRef,
    issue: { title: string; body: string; label: string },
  ): Promise<TrackedIssue>;
  update(
    repo: RepoRef,
    number: number,
    change: { title?: string; body?: string; state?: 'open' | 'closed' },
  ): Promise<void>;
  comment(repo: RepoRef, number: number, body: string): Promise<void>;
}

/**
 * A Prometheus Pushgateway. `url` is its base URL (checked: http(s), no credentials, no query);
 * `groupingPath` the group's `/metrics/job/…` path (`buildGroupingPath`). Errors carry the HTTP
 * `status` and the gateway's `body` as it answered (its 400s say what it refused), or none when
 * it could not be reached.
 */
export interface MetricsPusher {
  /** Replaces the group's metrics with `text` (text format 0.0.4): a PUT. */
  push(url: string, groupingPath: string, text: string): Promise<void>;
  /** Removes the group and all its metrics: a DELETE. */
  delete(url: string, groupingPath: string): Promise<void>;
}

export interface ProbeRunOptions {
  /** Time between probes (ms); probe k is due at `recorder.startMs + k × intervalMs`. */
  intervalMs: number;
  /** Records every probe (and reports each finished one through its callback). */
  recorder: HeartbeatRecorder;
  /** Aborting stops the probes: those in flight get a moment to finish, then are cut. */
  signal: AbortSignal;
}

/** The heartbeat's prober: one request per interval, scenarios in turn, until stopped. */
export interface ProbeEngine {
  /** Resolves once stopped and its connections are closed. */
  run(profile: Profile, options: ProbeRunOptions): Promise<void>;
}

export type MetricsServing =
  | { ok: true; url: string; close(): Promise<void> }
  /** Could not listen (the port is in use, the address is not this machine's …). */
  | { ok: false; message: string };

/** Serves Prometheus `/metrics` for scrapers. */
export interface MetricsEndpoint {
  /** Serves `render()` (text format 0.0.4) at `/metrics` on `address`. */
  serve(address: ListenAddress, render: () => string): Promise<MetricsServing>;
}

/** How a wait for the target ended (`ReadinessProbe`). */
export type ReadinessOutcome =
  /** `message` says after how many tries and how long. */
  | { kind: 'ready'; message: string }
  /** Never ready within the time (or deployed but protected): the message says why, in one
   * line (`target not ready after 10m: GET /healthz answered 503 (last of 41 tries)`). */
  | { kind: 'not-ready'; message: string }
  /** The signal aborted the wait (Ctrl-C). */
  | { kind: 'stopped' };

/**
 * Waits, before any load and outside every figure, until the profile's target answers
 * `settings.path` as asked (`--wait-for`): backoff between tries, K matching answers in a row,
 * at most `settings.timeoutMs`. `onLine` gets the lines to show (the start, then progress at
 * most every 10 s), already masked, never with a header value. Each try sends the profile's
 * default headers and `settings.headers` over them (`chooseReadinessHeaders`). `subject` names
 * what is waited for in the messages (default `target`). Never throws for what the target does.
 */
export interface ReadinessProbe {
  waitUntilReady(
    profile: Profile,
    settings: WaitForSettings,
    options: { signal?: AbortSignal; onLine: (text: string) => void; subject?: string },
  ): Promise<ReadinessOutcome>;
}

/**
 * What the accept label (input `accept-label`) reads from GitHub about a pull request. Only the
 * account the token writes as counts as the author of comments, so an acceptance record in
 * someone else's comment is never read.
 */
export interface AcceptanceGateway {
  /** Every `labeled` and `unlabeled` event of the issue or pull request (every page), in the
   * order GitHub lists them (oldest first). */
  listLabelEvents(repo: RepoRef, issueNumber: number): Promise<LabelEvent[]>;
  /** Whether `login` may write: GitHub's collaborator permission. Never throws: a 404 is
   * `not-collaborator`, any other failure `failed` with its reason. */
  checkWriter(repo: RepoRef, login: string): Promise<WriterCheck>;
  /** The bodies of the comments the token's own account wrote on the issue, newest first. */
  listOwnCommentBodies(repo: RepoRef, issueNumber: number): Promise<string[]>;
}

/**
 * The results a pull request's earlier run kept (artifact `<artifact-name>-pr`): what the
 * `labeled` and `unlabeled` events re-judge without measuring again.
 */
export interface HeadResultsLookup {
  /**
   * The newest unexpired artifact `artifactName` of a completed run of `workflowFile` at
   * `headSha` (whatever its conclusion: a run that failed on a regression is the one to accept),
   * run `exceptRunId` (the asking run) left out; undefined when there is none. What the run
   * kept beside it is found with `BaselineStore.findInRun` (`readKeptCompanions`).
   */
  findHeadResults(query: {
    repo: RepoRef;
    workflowFile: string;
    headSha: string;
    artifactName: string;
    exceptRunId?: number;
  }): Promise<BaselineRef | undefined>;
}
