import { resolveRunLabels } from '../core/action/run-labels.js';
import { formatIssues, messageOf } from '../core/input/format-issues.js';
import type { Layer } from '../core/input/series-labels.js';
import { buildGroupingPath, type GroupingKey } from '../core/render/pushgateway-path.js';
import { sanitizeTarget } from '../core/result/build-result.js';
import type { FileStore, MetricsPusher, Output } from '../ports.js';
import { loadProfile } from './load-profile.js';
import { describeGroup } from './sinks/prometheus-sinks.js';

export interface DeleteGroupRequest {
  /** Already checked (`checkPushgatewayUrl`). */
  pushgatewayUrl: string;
  profilePath?: string;
  target?: string;
  layer?: Layer;
  interval?: string;
}

export interface DeleteGroupDeps {
  files: FileStore;
  output: Output;
  env: Record<string, string | undefined>;
  pusher: MetricsPusher;
}

/** `deleted`: the gateway accepted (also when there was no such group); `failed`: it could not
 * be reached or refused (said on the output). */
export type DeleteGroupOutcome = 'deleted' | 'bad-input' | 'failed';

/**
 * `loadgate pushgateway delete`: removes the group a run of the profile pushes to. The key is
 * built as the run builds it: the profile's name, its target as the results file records it,
 * and the layer and interval resolved as a CLI run resolves them (flag, else profile, else
 * `manual`). Nothing is sent to the target.
 */
export async function deletePushgatewayGroup(
  request: DeleteGroupRequest,
  deps: DeleteGroupDeps,
): Promise<DeleteGroupOutcome> {
  const { output } = deps;
  const loaded = await loadProfile(
    {
      ...(request.profilePath ? { profilePath: request.profilePath } : {}),
      overrides: {
        ...(request.target ? { target: request.target } : {}),
        // No load is sent: the one-URL profile needs a rate only to be built, for its name and
        // target.
        ...(request.profilePath ? {} : { rate: '1' }),
      },
    },
    deps.files,
    deps.env,
  );
  if (!loaded.ok) {
    output.error(formatIssues(loaded.issues, 'profile'));
    return 'bad-input';
  }
  const { profile } = loaded;
  output.mask(profile.secretValues);
  const series = resolveRunLabels({
    eventName: '',
    ...(request.layer ? { givenLayer: request.layer } : {}),
    ...(request.interval ? { givenInterval: request.interval } : {}),
    ...(profile.layer ? { profileLayer: profile.layer } : {}),
    ...(profile.interval ? { profileInterval: profile.interval } : {}),
    ...(profile.load.preset ? { profilePreset: profile.load.preset } : {}),
  });
  const key: GroupingKey = {
    profile: profile.name,
    target: sanitizeTarget(profile.baseUrl),
    layer: series.layer,
    interval: series.interval,
  };
  try {
    await deps.pusher.delete(request.pushgatewayUrl, buildGroupingPath(key));
  } catch (error) {
    output.error(`could not delete the group (${describeGroup(key)}): ${messageOf(error)}`);
    return 'failed';
  }
  output.info(`deleted from ${request.pushgatewayUrl}: ${describeGroup(key)}`);
  return 'deleted';
}
