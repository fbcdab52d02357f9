import type { ActionConfig } from '../core/action/parse-action-inputs.js';
import { shardArtifactName } from '../core/action/shard-artifacts.js';
import { messageOf } from '../core/input/format-issues.js';
import type { ShardSpec } from '../core/input/shard-flags.js';
import { renderShardSummary } from '../core/render/shard-summary.js';
import type { ActionDeps } from './run-action.js';
import { describeActionRun, measureRequestOf, runDepsOf } from './run-action.js';
import { runLoadTest } from './run-load-test.js';
import type { ActionOutcome } from './run-report.js';

/** Days a shard's artifact is kept: the merge job of the same run reads it minutes later. */
export const SHARD_RETENTION_DAYS = 1;

/**
 * One job of a sharded run (input `shard: i/N`): measures the share of the schedule, writes the
 * results file, and uploads it as `<artifact-name>-shard-<i>` for the `mode: merge` job. Nothing
 * is judged, compared, commented, saved as a baseline or added to the history here: a shard's
 * load is 1/N of the profile's, so only the merged run has a verdict. The step fails when the
 * share could not be measured or uploaded: the merge would then miss it.
 */
export async function runShardJob(
  config: ActionConfig & { shard: ShardSpec },
  deps: ActionDeps,
): Promise<ActionOutcome> {
  const { output, context } = deps;
  const which = `shard ${config.shard.index}/${config.shard.count}`;
  const artifactName = shardArtifactName(config.artifactName, config.shard.index);
  if (!deps.runArtifacts) {
    return {
      kind: 'cannot-report',
      message: `${which} uploads its results as an artifact of this workflow run, which needs the runner's artifact service (ACTIONS_RUNTIME_TOKEN): run it as a step of a GitHub Actions job`,
    };
  }
  const described = context ? describeActionRun(config, context) : undefined;
  const outcome = await runLoadTest(
    {
      ...measureRequestOf(config),
      ...(described ? { series: described.series, runFacts: described.facts } : {}),
    },
    // The action's ports tell the run it is the action's: the outputs that need a verdict
    // are simply not delivered for a shard, rather than refused as on the CLI.
    runDepsOf(deps, { config, io: deps.io }),
  );
  if (outcome.kind !== 'shard-measured') return outcome;
  if (outcome.status === 'interrupted') {
    return {
      kind: 'cannot-report',
      message: `${which} was interrupted: its results are not uploaded, since a part of a share would make the merged run lighter than the profile`,
    };
  }
  if (outcome.resultsPath === undefined) {
    return {
      kind: 'cannot-report',
      message: `${which}: the results file could not be written, so there is nothing to upload`,
    };
  }
  deps.io.setOutput('results-path', outcome.resultsPath);
  let uploadError: string | undefined;
  try {
    await deps.runArtifacts.upload(outcome.resultsPath, artifactName, SHARD_RETENTION_DAYS);
    output.info(`uploaded ${which} as artifact ${artifactName} for the merge job`);
  } catch (error) {
    uploadError = messageOf(error);
  }
  await writeSummarySafely(
    deps,
    renderShardSummary(outcome.result, {
      artifactName: artifactName,
      ...(uploadError ? { error: uploadError } : {}),
    }),
  );
  if (uploadError) {
    return {
      kind: 'cannot-report',
      message: `could not upload ${which} as artifact ${artifactName}: ${uploadError}`,
    };
  }
  return outcome;
}

/** A job summary that cannot be written is a warning: the shard's results are uploaded. */
async function writeSummarySafely(deps: ActionDeps, markdown: string): Promise<void> {
  try {
    await deps.io.writeSummary(markdown);
  } catch (error) {
    deps.output.warn(`the job summary failed: ${messageOf(error)}`);
  }
}
