import type { ActionConfig } from '../../core/action/parse-action-inputs.js';
import { type InputIssue, messageOf } from '../../core/input/format-issues.js';
import type { BaselineSave } from '../../core/judge/baseline-save.js';
import type { Verdict } from '../../core/judge/types.js';
import type { Profile } from '../../core/profile/types.js';
import type { RunStamp } from '../../core/render/comment-sections.js';
import type { ResultsFileV1 } from '../../core/result/types.js';
import type {
  ActionIO,
  ArtifactStore,
  BaselineRef,
  BaselineStore,
  CommentGateway,
  CommitStatusGateway,
  FileStore,
  IssueGateway,
  MetricsPusher,
  Output,
  RepoRef,
  ThisRunArtifactStore,
} from '../../ports.js';
import type { RememberedRun } from '../run-memory.js';

/** The CLI commands that write outputs. */
export type OutputCommand = 'run' | 'compare' | 'merge' | 'demo';

/**
 * A flag or input an output declares for itself. The CLI parser accepts the flags, the help
 * text lists them, the action reads the inputs, and a test holds action.yml to the inputs.
 */
export interface OutputOption {
  flag?: {
    /** Without the dashes: `markdown` for `--markdown FILE`. */
    name: string;
    commands: readonly OutputCommand[];
    /** The value's placeholder in the help: `FILE`. */
    placeholder: string;
    /** The help line, without the default (added from `default`). */
    help: string;
    /** Shown when the flag is given without a value: `--markdown report.md`. */
    example: string;
    default?: string;
  };
  input?: { name: string; description: string; default?: string };
}

/** Where the values of the outputs' own options come from: CLI flags or action inputs. */
export interface OutputSettings {
  /** The given value, else the default of that surface; undefined when neither. */
  valueOf(option: OutputOption): string | undefined;
  /** How messages name the option: `--markdown`, `input markdown-path`. */
  labelOf(option: OutputOption): string;
}

/** Settings from the CLI's output flags (by flag name, as `parseCliArgs` returns them). */
export function cliSettings(flags: Readonly<Record<string, string>>): OutputSettings {
  return {
    valueOf: (o) => (o.flag ? (flags[o.flag.name] ?? o.flag.default) : undefined),
    labelOf: (o) => (o.flag ? `--${o.flag.name}` : (o.input?.name ?? 'output')),
  };
}

/** Settings from the action's inputs (trimmed, empty = not given, as the runner passes them). */
export function actionSettings(inputs: Readonly<Record<string, string>>): OutputSettings {
  return {
    valueOf: (o) => (o.input ? (inputs[o.input.name] ?? o.input.default) : undefined),
    labelOf: (o) => (o.input ? `input ${o.input.name}` : `--${o.flag?.name ?? 'output'}`),
  };
}

/** A run measured here, before it is judged: what the results file holds. */
export interface MeasuredRun {
  result: ResultsFileV1;
  profile: Profile;
  /** Where the results file was written; absent until then, or when every write failed. */
  resultsPath?: string;
}

/** A judged run: what every output after the results file receives. */
export interface FinishedRun {
  result: ResultsFileV1;
  verdict: Verdict;
  /** The markdown report (PR comment and job summary text). */
  markdown: string;
  /** Measured by this command, or read from a results file or another run's artifact. */
  origin: 'measured' | 'read';
  /** The results it was judged against (a rolling baseline: their exact merge), if any. */
  baseline?: ResultsFileV1;
  profile?: Profile;
  resultsPath?: string;
  /** For a baseline candidate: whether it may be saved as the baseline, and if not, why. */
  baselineSave?: BaselineSave;
  /** For a run that keeps a history: the history with this run in it, and its series. */
  memory?: RememberedRun & {
    /** The history artifacts it was read from (the action), to spot one uploaded meanwhile. */
    sources?: readonly BaselineRef[];
    /** Epoch ms the history was aged by. */
    nowMs: number;
  };
}

/** The action's side: present only when the action runs, so those outputs skip on the CLI. */
export interface ActionPorts {
  config: ActionConfig;
  io: ActionIO;
  repo?: RepoRef;
  baselines?: BaselineStore;
  comments?: CommentGateway;
  statuses?: CommitStatusGateway;
  /** The pull request this step comments on, when it comments. */
  commentOn?: number;
  /** This workflow run (GITHUB_RUN_ID, GITHUB_RUN_ATTEMPT): stamps its section of a shared
   * comment, so an older run's late section never replaces a newer one's. */
  runStamp?: RunStamp;
  /** The commit this step sets a status on (report mode). */
  statusOn?: string;
  /** Artifacts found by name: the history and release baselines. */
  artifacts?: ArtifactStore;
  /** This workflow run's own artifacts (needs only the job's runtime token): the HTML report. */
  runArtifacts?: ThisRunArtifactStore;
  /** Regression issues (needs `issues: write`). */
  issues?: IssueGateway;
  /** Where the history file is written before it is uploaded (RUNNER_TEMP). */
  tempDir?: string;
  /** The release this run keeps its results for (a published release, or `layer: release` on a
   * tag). */
  releaseTag?: string;
  /** The workflow's file name, part of the regression issue's key. */
  workflowFile?: string;
  /** `https://github.com/<owner>/<repo>`, for compare links. */
  repoUrl?: string;
  /** A pull request's run with the accept label in use: its results are uploaded as
   * `<artifact-name>-pr` (as with input upload-results), for the label events to re-judge. */
  keepResultsForLabel?: true;
}

export interface SinkPorts {
  files: FileStore;
  output: Output;
  action?: ActionPorts;
  /** A Prometheus Pushgateway, for `--pushgateway` (absent where pushing is not wired). */
  pusher?: MetricsPusher;
  /** Called by the results file once it is written (or could not be): nothing measured can be
   * lost from then on (the CLI hands stop signals back to their default then). */
  onResultsWritten?: () => void;
}

/** A file an output will write, checked before any load is sent. */
export interface PlannedFile {
  path: string;
  label: string;
  /** A file name for the hint when the path is a directory. */
  exampleName: string;
}

interface SinkBase {
  /** For the warning when it fails unexpectedly: `the markdown report`. */
  name: string;
  options: readonly OutputOption[];
  plannedFiles?(settings: OutputSettings): PlannedFile[];
  /** Problems with its options' values (a malformed URL), checked before any load is sent;
   * each at the option's label. */
  checkSettings?(settings: OutputSettings): InputIssue[];
}

/**
 * One output of a run. `measured` sinks run before judging, with the results only (the
 * results file: nothing measured may wait for, or be lost to, anything later); `judged` sinks
 * run after, in registry order, and are side channels: a failure is a warning, never a
 * changed verdict.
 */
export type Sink = SinkBase &
  (
    | {
        stage: 'measured';
        deliver(
          run: MeasuredRun,
          settings: OutputSettings,
          ports: SinkPorts,
        ): Promise<Partial<MeasuredRun> | undefined>;
      }
    | {
        stage: 'judged';
        deliver(run: FinishedRun, settings: OutputSettings, ports: SinkPorts): Promise<void>;
      }
  );

/** Runs the `measured` sinks in order; returns the run with what they add (the results path). */
export async function deliverMeasured(
  sinks: readonly Sink[],
  run: MeasuredRun,
  settings: OutputSettings,
  ports: SinkPorts,
): Promise<MeasuredRun> {
  let delivered = run;
  for (const sink of sinks) {
    if (sink.stage !== 'measured') continue;
    delivered = { ...delivered, ...(await sink.deliver(delivered, settings, ports)) };
  }
  return delivered;
}

/**
 * Runs the `judged` sinks in order. Each handles its own expected failures with its own
 * message; anything else it throws is caught here, so one broken output never stops the
 * ones after it nor changes the outcome.
 */
export async function deliverJudged(
  sinks: readonly Sink[],
  run: FinishedRun,
  settings: OutputSettings,
  ports: SinkPorts,
): Promise<void> {
  for (const sink of sinks) {
    if (sink.stage !== 'judged') continue;
    try {
      await sink.deliver(run, settings, ports);
    } catch (error) {
      ports.output.warn(`${sink.name} failed: ${messageOf(error)}; the verdict stands`);
    }
  }
}
