import { messageOf } from '../../core/input/format-issues.js';
import type { Profile } from '../../core/profile/types.js';
import { buildRunFamilies, type RunMetricLabels } from '../../core/render/prometheus-run.js';
import { renderExposition } from '../../core/render/prometheus-text.js';
import {
  buildGroupingPath,
  checkPushgatewayUrl,
  type GroupingKey,
} from '../../core/render/pushgateway-path.js';
import type { ResultsFileV1 } from '../../core/result/types.js';
import { resolveSeries } from '../run-memory.js';
import { planned, writeSideFile } from './local-sinks.js';
import type { FinishedRun, OutputOption, Sink } from './sink.js';

/** The run in the monitoring stack: a text exposition file and a Pushgateway push. */

const PROMETHEUS_FILE: OutputOption = {
  flag: {
    name: 'prometheus-file',
    commands: ['run', 'compare', 'merge'],
    placeholder: 'FILE',
    help: "write the run's metrics as Prometheus text (textfile collector)",
    example: '--prometheus-file loadgate.prom',
  },
  input: {
    name: 'prometheus-file',
    description:
      "Where to write the run's metrics in the Prometheus text format 0.0.4 (for node_exporter's textfile collector or any scraper); not written when empty.",
  },
};

const PUSHGATEWAY: OutputOption = {
  flag: {
    name: 'pushgateway',
    commands: ['run'],
    placeholder: 'URL',
    help: "push the run's metrics to this Prometheus Pushgateway when it ends",
    example: '--pushgateway http://127.0.0.1:9091',
  },
  input: {
    name: 'pushgateway',
    description:
      "URL of a Prometheus Pushgateway to push the run's metrics to when it ends (each run replaces the last of its profile, target, layer and interval). Credentials from the environment: LOADGATE_PUSHGATEWAY_TOKEN, or LOADGATE_PUSHGATEWAY_USER and LOADGATE_PUSHGATEWAY_PASSWORD. A failed push is a warning.",
  },
};

/**
 * The run's layer and interval as its series was filed (the results file's), else as a run of
 * this profile from the CLI is filed (`resolveSeries` without an event: the profile's, else
 * `manual`); unknown for a results file without labels judged without its profile.
 */
function seriesOf(result: ResultsFileV1, profile: Profile | undefined) {
  const resolved = profile ? resolveSeries({ given: {}, event: { name: '' } }, profile) : undefined;
  const layer = result.run?.layer ?? resolved?.layer;
  const interval = result.run?.interval ?? resolved?.interval;
  return {
    ...(layer === undefined ? {} : { layer }),
    ...(interval === undefined ? {} : { interval }),
  };
}

/** The labels `buildRunFamilies` takes besides the results: the profile's (or the flags'
 * `environment` and `client`, already applied to it) and the run's series. */
export function runMetricLabelsOf(run: Pick<FinishedRun, 'result' | 'profile'>): RunMetricLabels {
  const { profile } = run;
  // A run measured here has its profile; a results file read back (`compare`) recorded them.
  const environment = profile?.environment ?? run.result.run?.environment;
  const client = profile?.client ?? run.result.run?.client;
  return {
    ...(environment ? { environment } : {}),
    ...(client ? { client } : {}),
    ...seriesOf(run.result, profile),
  };
}

/**
 * The group a run's metrics are pushed to: its profile, target, layer and interval, so each run
 * replaces the last of its kind (`manual` for a layer or interval not known: what a CLI run
 * without them is filed as).
 */
export function groupingKeyOf(result: ResultsFileV1, labels: RunMetricLabels): GroupingKey {
  return {
    profile: result.profile.name,
    target: result.target,
    layer: labels.layer ?? 'manual',
    interval: labels.interval ?? 'manual',
  };
}

/** How a group is named in messages: `job=loadgate profile="shop" …`, values as given. */
export function describeGroup(key: GroupingKey): string {
  return `job="loadgate" profile=${JSON.stringify(key.profile)} target=${JSON.stringify(key.target)} layer=${JSON.stringify(key.layer)} interval=${JSON.stringify(key.interval)}`;
}

/** The run's metrics as a text file (written atomically: the textfile collector may read at
 * any moment). A file that cannot be written is a warning: the verdict stands. */
export const prometheusFileSink: Sink = {
  name: 'the Prometheus metrics file',
  stage: 'judged',
  options: [PROMETHEUS_FILE],
  plannedFiles: (settings) => planned(settings, PROMETHEUS_FILE, 'loadgate.prom'),
  async deliver(run, settings, { files, output }) {
    const path = settings.valueOf(PROMETHEUS_FILE);
    if (path === undefined) return;
    const text = renderExposition(
      buildRunFamilies(run.result, run.verdict, runMetricLabelsOf(run)),
    );
    if (await writeSideFile(path, text, files, output)) output.info(`metrics: ${path}`);
  },
};

/**
 * The run's metrics pushed to a Pushgateway (PUT: the group's previous metrics go). A push that
 * fails (gateway down, a 400 for metrics it refuses) is a warning quoting the gateway's answer;
 * the verdict, the exit code and the results file stand.
 */
export const pushgatewaySink: Sink = {
  name: 'the Pushgateway push',
  stage: 'judged',
  options: [PUSHGATEWAY],
  checkSettings: (settings) => {
    const text = settings.valueOf(PUSHGATEWAY);
    const checked = text === undefined ? undefined : checkPushgatewayUrl(text);
    return checked?.ok === false
      ? [{ path: settings.labelOf(PUSHGATEWAY), message: checked.message }]
      : [];
  },
  async deliver(run, settings, { output, pusher }) {
    const text = settings.valueOf(PUSHGATEWAY);
    if (text === undefined) return;
    const url = checkPushgatewayUrl(text);
    if (!url.ok) {
      output.warn(`${settings.labelOf(PUSHGATEWAY)}: ${url.message}; nothing was pushed`);
      return;
    }
    if (pusher === undefined) {
      output.warn(
        `${settings.labelOf(PUSHGATEWAY)}: pushing is not available here; nothing was pushed`,
      );
      return;
    }
    const labels = runMetricLabelsOf(run);
    const key = groupingKeyOf(run.result, labels);
    const exposition = renderExposition(buildRunFamilies(run.result, run.verdict, labels));
    try {
      await pusher.push(url.value, buildGroupingPath(key), exposition);
      output.info(`metrics pushed to ${url.value} (${describeGroup(key)})`);
    } catch (error) {
      // The reason last: a gateway's 400 body can run to several lines.
      output.warn(
        `could not push the metrics to the Pushgateway (the verdict stands): ${messageOf(error)}`,
      );
    }
  },
};
