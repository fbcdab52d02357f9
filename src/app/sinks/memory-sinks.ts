/**
 * What runs with memory leave behind: the history (a file on the CLI, the artifact
 * `<artifact-name>-history` in the action), a release's baseline (the artifact
 * `<artifact-name>-release-<tag>`), and the regression issue. Each is a side channel: a failure
 * is a warning, and the verdict, the summary and the results stand.
 */
import { serializeHistory } from '../../core/history/history-file.js';
import type { HistoryFileV1 } from '../../core/history/types.js';
import { messageOf } from '../../core/input/format-issues.js';
import {
  decideIssueAction,
  issueKeyOf,
  issueMarkerOf,
  REGRESSION_LABEL,
} from '../../core/notify/regression-issue.js';
import type { ArtifactStore, BaselineRef, RepoRef } from '../../ports.js';
import { VERSION } from '../../version.js';
import { describeWriteError } from '../describe-read-error.js';
import {
  HISTORY_ARTIFACTS_MERGED,
  historyArtifactName,
  readHistoryArtifacts,
} from '../run-memory.js';
import type { ActionPorts, FinishedRun, OutputOption, Sink } from './sink.js';

const HISTORY: OutputOption = {
  flag: {
    name: 'history',
    commands: ['run'],
    placeholder: 'FILE',
    help: 'keep a history: judge against its last runs, then add this run',
    example: '--history loadgate-history.json',
  },
  input: {
    name: 'history',
    description:
      'Keep the history of baseline-branch runs as the artifact <artifact-name>-history (needs actions: read): scheduled and manual runs are judged against a rolling baseline of their last runs, and the job summary shows the trend.',
    default: 'true',
  },
};

const REGRESSION_ISSUE: OutputOption = {
  input: {
    name: 'regression-issue',
    description:
      'On the baseline branch, open one issue (label loadgate-regression) when a regression is confirmed, keep it up to date, and close it on recovery. Needs issues: write.',
    default: 'true',
  },
};

const CLOSE_AFTER: OutputOption = {
  input: {
    name: 'close-after',
    description: 'Passing runs in a row after which the regression issue is closed.',
    default: '2',
  },
};

/** The CLI's history file path, when `--history` was given. */
export const HISTORY_OPTION = HISTORY;

/** The artifact a release's results are kept in, for `baseline: latest-release` to find. The
 * whole tag counts (not `slugify`, which keeps a path's last part only): a monorepo's `api/v1.0.0`
 * and `web/v1.0.0` are different releases. */
export function releaseArtifactName(artifactName: string, tag: string): string {
  const slug = tag
    .toLowerCase()
    .replace(/[^a-z0-9._-]+/g, '-')
    .replace(/^-+|-+$/g, '');
  return `${artifactName}-release-${slug || 'tag'}`;
}

/** The history, after the run is in it: written to `--history FILE`, or uploaded as an artifact. */
export const historySink: Sink = {
  name: 'the history',
  stage: 'judged',
  options: [HISTORY],
  plannedFiles(settings) {
    // The action's input is a switch, not a path: only the CLI writes a file of the user's.
    const path = settings.labelOf(HISTORY).startsWith('--') ? settings.valueOf(HISTORY) : undefined;
    return path === undefined
      ? []
      : [{ path, label: settings.labelOf(HISTORY), exampleName: 'loadgate-history.json' }];
  },
  async deliver(run, settings, { files, output, action }) {
    const memory = run.memory;
    if (!memory) return;
    if (!action) {
      const path = settings.valueOf(HISTORY);
      if (path === undefined) return;
      try {
        await files.writeText(path, serializeHistory(stamped(memory.history)));
        output.info(`history: ${path} (${memory.history.entries.length} entries)`);
      } catch (error) {
        output.warn(
          `could not write the history ${path} (${describeWriteError(error)}); the verdict stands`,
        );
      }
      return;
    }
    if (!action.artifacts || !action.repo || !action.tempDir) return;
    const name = historyArtifactName(action.config.artifactName);
    let history = memory.history;
    // A run that finished since this one read the history uploaded its own: merge it in now,
    // so the newest artifact holds both entries.
    const newer = await newerArtifacts(action.artifacts, action.repo, name, memory.sources ?? []);
    if (newer.length > 0) {
      // Only those: the ones this run read are in its history already.
      const merged = await readHistoryArtifacts(action.artifacts, action.repo, newer, {
        nowMs: memory.nowMs,
        output,
        into: history,
      });
      history = merged.history ?? history;
      output.info(
        `merged the history uploaded meanwhile by run ${newer.map((r) => r.runId).join(', ')}`,
      );
    }
    const path = `${action.tempDir}/loadgate-history/${name}.json`;
    try {
      await files.writeText(path, serializeHistory(stamped(history)));
      await action.artifacts.save(path, name, MAX_RETENTION_DAYS);
      output.info(`saved the history as artifact ${name} (${history.entries.length} entries)`);
    } catch (error) {
      output.warn(
        `could not save the history artifact ${name}: ${messageOf(error)}; the verdict stands`,
      );
      return;
    }
    await pruneHistoryArtifacts(action.artifacts, action.repo, name, output);
  },
};

/** The history as this version writes it (`appendEntry` leaves `tool` to the writer). */
function stamped(history: HistoryFileV1): HistoryFileV1 {
  return { ...history, tool: { name: 'loadgate', version: VERSION } };
}

/** GitHub's longest artifact retention (private repositories); the store clamps it to what the
 * repository allows. */
const MAX_RETENTION_DAYS = 400;

/** Older history artifacts looked at for pruning, per run (a run prunes what the last left). */
const PRUNE_SCAN = 50;

/**
 * Every run uploads the whole history again, so older history artifacts are copies of what the
 * newest holds: left alone, hourly runs would keep ~2,000 of them for 90 days (gigabytes of
 * artifact storage for a year-long history). Once this run's upload is in, all but the newest
 * `HISTORY_ARTIFACTS_MERGED` are deleted (those a race may still need). Deleting needs
 * `actions: write`; without it they are left to expire, said once as a note, never a warning.
 */
async function pruneHistoryArtifacts(
  store: ArtifactStore,
  repo: RepoRef,
  name: string,
  output: { info(text: string): void },
): Promise<void> {
  let stale: BaselineRef[];
  try {
    stale = (await store.listByName(repo, name, PRUNE_SCAN)).usable.slice(HISTORY_ARTIFACTS_MERGED);
  } catch {
    return;
  }
  let deleted = 0;
  for (const ref of stale) {
    try {
      await store.delete(repo, ref);
      deleted += 1;
    } catch (error) {
      const status = (error as { status?: number; httpStatus?: number }).status;
      output.info(
        status === 403
          ? `older ${name} artifacts are left to expire: deleting them needs "permissions: actions: write"`
          : `could not delete an older ${name} artifact (${messageOf(error)}); it will expire`,
      );
      break;
    }
  }
  if (deleted > 0)
    output.info(`deleted ${deleted} older ${name} artifact${deleted === 1 ? '' : 's'}`);
}

async function newerArtifacts(
  store: ArtifactStore,
  repo: RepoRef,
  name: string,
  read: readonly BaselineRef[],
): Promise<BaselineRef[]> {
  try {
    const listed = await store.listByName(repo, name, HISTORY_ARTIFACTS_MERGED);
    const known = new Set(read.map((r) => r.artifactId));
    const newestRead = read.reduce((max, r) => (r.createdAt > max ? r.createdAt : max), '');
    return listed.usable.filter((r) => !known.has(r.artifactId) && r.createdAt >= newestRead);
  } catch {
    return [];
  }
}

/** A release run's results, kept as that release's baseline (a failing run is not kept). */
export const releaseBaselineSink: Sink = {
  name: 'the release baseline',
  stage: 'judged',
  options: [],
  async deliver(run, _settings, { action, output }) {
    const tag = action?.releaseTag;
    if (!action?.artifacts || !tag || !run.resultsPath || run.origin !== 'measured') return;
    if (run.baselineSave?.save === false) {
      output.warn(
        `not keeping this run as the baseline of release ${tag}: ${run.baselineSave.reason}`,
      );
      return;
    }
    const name = releaseArtifactName(action.config.artifactName, tag);
    try {
      await action.artifacts.save(run.resultsPath, name, MAX_RETENTION_DAYS);
      output.info(`saved the results as the baseline of release ${tag} (artifact ${name})`);
    } catch (error) {
      output.warn(`could not save the release baseline ${name}: ${messageOf(error)}`);
    }
  },
};

/** The one issue per workflow and profile that says a regression is confirmed, and when it ends. */
export const regressionIssueSink: Sink = {
  name: 'the regression issue',
  stage: 'judged',
  options: [REGRESSION_ISSUE, CLOSE_AFTER],
  async deliver(run, _settings, { action, output }) {
    if (!action?.issues || !action.repo || !run.memory || !action.config.regressionIssue) return;
    await keepRegressionIssue(run, action, output);
  },
};

async function keepRegressionIssue(
  run: FinishedRun,
  action: ActionPorts,
  output: { info(t: string): void; warn(t: string): void },
): Promise<void> {
  const memory = run.memory;
  const issues = action.issues;
  const repo = action.repo;
  if (!memory || !issues || !repo) return;
  const key = issueKeyOf({
    workflowFile: action.workflowFile ?? 'workflow',
    profile: memory.key.profile,
    heartbeat: memory.key.layer === 'heartbeat',
  });
  const marker = issueMarkerOf(key);
  try {
    const existing = await issues.find(repo, REGRESSION_LABEL, marker);
    const decision = decideIssueAction({
      ...(existing
        ? {
            existing: {
              number: existing.number,
              state: existing.state,
              ...(existing.closedAt ? { closedAt: existing.closedAt } : {}),
              body: existing.body,
            },
          }
        : {}),
      run: {
        level: run.verdict.level,
        confirmedBreach: memory.confirmedBreach,
        reasons: run.verdict.reasons,
        entry: memory.entry,
        ...(memory.entry.runUrl ? { runUrl: memory.entry.runUrl } : {}),
      },
      history: memory.series,
      closeAfter: action.config.closeAfter,
      nowMs: memory.nowMs,
      repoUrl: action.repoUrl ?? `https://github.com/${repo.owner}/${repo.repo}`,
      issueKey: key,
    });
    if (decision.kind === 'none') return;
    if (decision.kind === 'open') {
      const opened = await issues.create(repo, {
        title: decision.title,
        body: decision.body,
        label: REGRESSION_LABEL,
      });
      output.info(`opened the regression issue #${opened.number}: ${opened.url}`);
      return;
    }
    if (!existing) return;
    await issues.update(repo, existing.number, {
      body: decision.body,
      ...(decision.state ? { state: decision.state } : {}),
    });
    if (decision.comment) await issues.comment(repo, existing.number, decision.comment);
    const what =
      decision.state === 'closed' ? 'closed' : decision.state === 'open' ? 'reopened' : 'updated';
    output.info(`${what} the regression issue #${existing.number}: ${existing.url}`);
  } catch (error) {
    const status = (error as { status?: number }).status;
    output.warn(
      status === 403
        ? `could not keep the regression issue: the token may not write issues; add "permissions: issues: write" to the workflow (the verdict, summary and history are unaffected)`
        : `could not keep the regression issue: ${messageOf(error)}; the verdict stands`,
    );
  }
}
