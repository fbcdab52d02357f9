#!/usr/bin/env node
import { createRequire as __loadgateCreateRequire } from 'node:module'; const require = __loadgateCreateRequire(import.meta.url);
import {
  CLI_WAIT_FOR_LABELS,
  DEFAULT_WORKERS,
  HISTORY_OPTION,
  LAYERS,
  LAYER_FORM,
  MAX_CONFIRM_REMEASURES,
  NodeFileStore,
  OUTPUT_FLAGS,
  PushgatewayClient,
  RUN_COUNTS,
  RUN_METRICS,
  SINKS,
  SUMMARY_QUANTILES,
  UndiciReadinessProbe,
  buildGroupingPath,
  buildResultsFile,
  checkInterval,
  checkMetricLabelValue,
  checkPushgatewayUrl,
  checkRunCount,
  checkWorkers,
  chooseLoadEngine,
  cliSettings,
  defaultRules,
  deliverJudged,
  describeGroup,
  describeReadError,
  formatIssues,
  formatProgressLine,
  judgeResults,
  loadProfile,
  loadProfileRules,
  mergeResults,
  messageOf,
  plannedFilesOf,
  readConfirmTimes,
  readHistoryFile,
  readHistoryFrom,
  readPushgatewayAuth,
  readResultsFrom,
  readRunEnvironment,
  readWaitFor,
  renderExposition,
  renderTrendText,
  resolveRunLabels,
  resultsPathOf,
  runLoadTest,
  sanitizeTarget,
  systemClock,
  writeResults
} from "./chunks/chunk-M6MBWBUI.js";
import {
  DeadlineSweeper,
  ERROR_KINDS,
  FAILURE_KIND_NAMES,
  RequestSender,
  ResponseClass,
  ScenarioStats,
  UndiciEngine,
  VERSION,
  buildRequestTemplates,
  buildTlsOptions,
  checkCount,
  checkDuration,
  createHistogram,
  createRandom,
  describeValue,
  formatCount,
  formatDurationMs,
  formatLatencyMs,
  formatRate,
  formatRunDuration,
  listLaneTimeoutsMs,
  neutralizeLogText,
  prepareHistograms,
  recordMs,
  require_undici,
  roundMs,
  splitBaseUrl
} from "./chunks/chunk-WAXALGBR.js";
import {
  __toESM
} from "./chunks/chunk-MVY2A3H3.js";

// src/cli-main.ts
import { fileURLToPath } from "node:url";

// src/app/compare-results.ts
async function readJudgingInputs(request, { files, output }) {
  const issues = [];
  const baseline = request.baselinePath ? await readResultsFrom(request.baselinePath, "--baseline", files) : void 0;
  if (baseline && !baseline.ok) issues.push(...baseline.issues);
  let rules;
  if (request.profilePath) {
    const loaded = await loadProfileRules(request.profilePath, files);
    if (loaded.ok) {
      rules = loaded.rules;
      for (const warning of loaded.warnings) output.warn(warning);
    } else issues.push(...loaded.issues);
  }
  if (issues.length > 0) return { ok: false, issues };
  return {
    ok: true,
    inputs: { ...baseline?.ok ? { baseline: baseline.result } : {}, ...rules ? { rules } : {} }
  };
}
async function judgeReadResults(current, inputs, outputs, deps, resultsPath) {
  const { files, output } = deps;
  const run = judgeResults(
    {
      current,
      ...inputs.baseline ? { baseline: inputs.baseline } : {},
      rules: inputs.rules ?? defaultRules(current.scenarios.map((s) => s.name)),
      origin: "read",
      ...resultsPath === void 0 ? {} : { resultsPath }
    },
    output
  );
  await deliverJudged(SINKS, run, outputs, { files, output });
  output.info(run.markdown);
  return run;
}
async function compareResults(request, deps) {
  const current = await readResultsFrom(request.currentPath, "--current", deps.files);
  const inputs = await readJudgingInputs(request, deps);
  const issues = [...current.ok ? [] : current.issues, ...inputs.ok ? [] : inputs.issues];
  if (!current.ok || !inputs.ok) {
    deps.output.error(formatIssues(issues, "input"));
    return { kind: "bad-input", issues };
  }
  const run = await judgeReadResults(current.result, inputs.inputs, request.outputs, deps);
  return { kind: "judged", run };
}

// src/app/delete-pushgateway-group.ts
async function deletePushgatewayGroup(request, deps) {
  const { output } = deps;
  const loaded = await loadProfile(
    {
      ...request.profilePath ? { profilePath: request.profilePath } : {},
      overrides: {
        ...request.target ? { target: request.target } : {},
        // No load is sent: the one-URL profile needs a rate only to be built, for its name and
        // target.
        ...request.profilePath ? {} : { rate: "1" }
      }
    },
    deps.files,
    deps.env
  );
  if (!loaded.ok) {
    output.error(formatIssues(loaded.issues, "profile"));
    return "bad-input";
  }
  const { profile } = loaded;
  output.mask(profile.secretValues);
  const series = resolveRunLabels({
    eventName: "",
    ...request.layer ? { givenLayer: request.layer } : {},
    ...request.interval ? { givenInterval: request.interval } : {},
    ...profile.layer ? { profileLayer: profile.layer } : {},
    ...profile.interval ? { profileInterval: profile.interval } : {},
    ...profile.load.preset ? { profilePreset: profile.load.preset } : {}
  });
  const key = {
    profile: profile.name,
    target: sanitizeTarget(profile.baseUrl),
    layer: series.layer,
    interval: series.interval
  };
  try {
    await deps.pusher.delete(request.pushgatewayUrl, buildGroupingPath(key));
  } catch (error) {
    output.error(`could not delete the group (${describeGroup(key)}): ${messageOf(error)}`);
    return "failed";
  }
  output.info(`deleted from ${request.pushgatewayUrl}: ${describeGroup(key)}`);
  return "deleted";
}

// src/app/merge-shards.ts
async function mergeShards(request, deps) {
  const { files, output } = deps;
  const issues = [];
  const shards = [];
  for (const path2 of request.shardPaths) {
    const read = await readResultsFrom(path2, "FILE", files);
    if (read.ok) shards.push({ name: path2, result: read.result });
    else issues.push(...read.issues);
  }
  let merged;
  if (issues.length === 0) {
    const outcome = mergeResults(shards);
    if (outcome.ok) merged = outcome.result;
    else issues.push(...outcome.issues);
  }
  const inputs = await readJudgingInputs(request, deps);
  if (!inputs.ok) issues.push(...inputs.issues);
  issues.push(...await checkOutputPaths(request, deps));
  if (issues.length > 0 || merged === void 0 || !inputs.ok) {
    output.error(formatIssues(issues, "input"));
    return { kind: "bad-input", issues };
  }
  const path = resultsPathOf(request.outputs);
  const written = path === void 0 ? void 0 : await writeResults(merged, path, files, output);
  output.info(describeMerged(merged, written));
  const run = await judgeReadResults(merged, inputs.inputs, request.outputs, deps, written);
  return { kind: "judged", run };
}
function describeMerged(result, path) {
  const where = path === void 0 ? "" : ` into ${path}`;
  return `merged ${result.merged?.shards ?? 0} shards${where}: ${formatCount(result.totals.requests)} requests in ${formatRunDuration(result.durationMs)} (${formatRate(result.throughput.rps)})`;
}
async function checkOutputPaths(request, deps) {
  const inputs = [
    ...request.shardPaths.map((path) => ({ path, label: "FILE" })),
    ...request.baselinePath ? [{ path: request.baselinePath, label: "--baseline" }] : []
  ];
  const read = await Promise.all(
    inputs.map(async (input) => ({ ...input, ...await deps.files.inspectPath(input.path) }))
  );
  const issues = [];
  for (const planned of plannedFilesOf(request.outputs)) {
    const found = await deps.files.inspectPath(planned.path);
    if (found.kind === "directory") {
      issues.push({
        path: planned.label,
        message: `${planned.path} is a directory; expected a file path, e.g. ${planned.path.replace(/\/+$/, "")}/${planned.exampleName}`
      });
      continue;
    }
    const same = read.find((input) => input.resolvedPath === found.resolvedPath);
    if (same) {
      issues.push({
        path: planned.label,
        message: `${planned.path} is also ${same.label === "FILE" ? `the shard file ${same.path}` : `the ${same.label} file`}: writing it would overwrite what this merge reads; choose another file`
      });
    }
  }
  return issues;
}

// src/app/run-demo.ts
var DEMO_SLOWDOWN = 1.3;
async function runDemo(request, deps) {
  const { output } = deps;
  const resultsPath = resultsPathOf(request.outputs) ?? "loadgate-results.json";
  const baselinePath = resultsPath.replace(/(\.json)?$/, "-baseline.json");
  const markdownPath = resultsPath.replace(/(\.json)?$/, "-report.md");
  const target = await deps.startDemoTarget();
  try {
    output.info(
      `demo target listening on ${target.url}

1/2 \xB7 the main branch: measuring the baseline`
    );
    const base = await runLoadTest(
      {
        profilePath: request.demoProfilePath,
        overrides: { target: target.url },
        outputs: cliSettings({ out: baselinePath })
      },
      deps
    );
    if (base.kind !== "judged" || base.run.verdict.level === "fail") return base;
    target.setSlowdownFactor(DEMO_SLOWDOWN);
    output.info(
      `
2/2 \xB7 a pull request whose build answers ${Math.round((DEMO_SLOWDOWN - 1) * 100)} % slower: measuring and comparing`
    );
    const pr = await runLoadTest(
      {
        profilePath: request.demoProfilePath,
        overrides: { target: target.url },
        outputs: cliSettings({ out: resultsPath, markdown: markdownPath }),
        baselinePath
      },
      deps
    );
    if (pr.kind !== "judged") return pr;
    output.info(
      `
\u2500\u2500\u2500\u2500\u2500\u2500\u2500\u2500 the pull-request comment (also in ${markdownPath}) \u2500\u2500\u2500\u2500\u2500\u2500\u2500\u2500

${pr.run.markdown}
\u2500\u2500\u2500\u2500\u2500\u2500\u2500\u2500`
    );
    const gate = pr.run.verdict.level === "fail" ? "would fail the pull request check" : "would pass";
    output.info(
      `In a pull request this run ${gate}. Files: ${baselinePath}, ${resultsPath}, ${markdownPath}.`
    );
    return { kind: "demonstrated", run: pr.run };
  } finally {
    await target.close();
  }
}

// src/core/stats/probe-health.ts
var DEFAULT_FAIL_AFTER = 3;
var ProbeHealth = class {
  /**
   * @param scenarioCount scenarios in the profile.
   * @param failAfter consecutive failures that make a scenario down, ≥ 1.
   */
  constructor(scenarioCount, failAfter) {
    this.failAfter = failAfter;
    this.streaks = new Array(scenarioCount).fill(0);
    this.lastSuccess = new Array(scenarioCount).fill(void 0);
  }
  failAfter;
  streaks;
  /** Per scenario: undefined before its first probe, else whether the last one succeeded. */
  lastSuccess;
  /** Records one finished probe of `scenario`. */
  record(scenario, success) {
    const before = this.streaks[scenario] ?? 0;
    this.lastSuccess[scenario] = success;
    if (success) {
      this.streaks[scenario] = 0;
      return before >= this.failAfter ? { consecutiveFailures: 0, transition: "recovered", previousFailures: before } : { consecutiveFailures: 0 };
    }
    const streak = before + 1;
    this.streaks[scenario] = streak;
    return streak === this.failAfter ? { consecutiveFailures: streak, transition: "down" } : { consecutiveFailures: streak };
  }
  /** Failed probes in a row for `scenario` now. */
  consecutiveFailures(scenario) {
    return this.streaks[scenario] ?? 0;
  }
  /** Whether the last probe of `scenario` succeeded; undefined before its first. */
  lastProbeSucceeded(scenario) {
    return this.lastSuccess[scenario];
  }
  /** Whether `scenario` has reached `failAfter` failures in a row and not recovered. */
  isDown(scenario) {
    return (this.streaks[scenario] ?? 0) >= this.failAfter;
  }
};

// src/core/cli/parse-heartbeat-args.ts
var HEARTBEAT_FLAGS = [
  "interval",
  "listen",
  "out",
  "fail-after",
  "target",
  "pushgateway",
  "push-every",
  "environment",
  "client",
  "category",
  "scenario"
];
var HEARTBEAT_SWITCHES = ["exit-on-failure"];
var HEARTBEAT_EXAMPLES = {
  interval: "--interval 5s",
  listen: "--listen 127.0.0.1:9464",
  out: "--out heartbeat-results.json",
  "fail-after": "--fail-after 3",
  target: "--target http://127.0.0.1:8080",
  pushgateway: "--pushgateway http://127.0.0.1:9091",
  "push-every": "--push-every 12",
  environment: "--environment staging",
  client: "--client team-a",
  category: "--category policy",
  scenario: "--scenario health"
};
var DEFAULT_HEARTBEAT_INTERVAL_MS = 5e3;
var HEARTBEAT_INTERVAL = {
  minMs: 100,
  maxMs: 36e5,
  allowZero: false
};
var FAIL_AFTER_MAX = 1e3;
var PUSH_EVERY_MAX = 1e6;
var DEFAULT_PUSH_EVERY = 1;
var LISTEN_FORM = "HOST:PORT like 127.0.0.1:9464, :9464 (every interface) or a port alone";
function parseListenAddress(text) {
  const match = /^(?:(?:\[([0-9A-Fa-f:.]+)\]|([^\s:[\]]*)):)?(\d{1,5})$/.exec(text);
  const port = Number(match?.[3]);
  if (match === null || port > 65535) {
    return { ok: false, message: `expected ${LISTEN_FORM}, got ${describeValue(text)}` };
  }
  const hasHost = text.includes(":");
  const host = match[1] ?? match[2];
  if (!hasHost) return { ok: true, value: { host: "127.0.0.1", port } };
  return { ok: true, value: host ? { host, port } : { port } };
}
function parseHeartbeatFlags(values, positionals) {
  const issues = [];
  const [profilePath, ...extra] = positionals;
  for (const argument of extra) {
    issues.push({ path: "arguments", message: `unexpected argument "${argument}"` });
  }
  const target = values.get("target");
  if (profilePath === void 0 && target === void 0) {
    issues.push({
      path: "PROFILE",
      message: "required: the profile whose scenarios to probe, e.g. loadgate heartbeat profile.yml (or --target URL for one URL)"
    });
  }
  let intervalMs = DEFAULT_HEARTBEAT_INTERVAL_MS;
  const intervalText = values.get("interval");
  if (intervalText !== void 0) {
    const checked = checkDuration(intervalText, HEARTBEAT_INTERVAL);
    if (checked.ok) intervalMs = checked.value;
    else issues.push({ path: "--interval", message: checked.message });
  }
  let listen;
  const listenText = values.get("listen");
  if (listenText !== void 0) {
    const checked = parseListenAddress(listenText);
    if (checked.ok) listen = checked.value;
    else issues.push({ path: "--listen", message: checked.message });
  }
  let failAfter = DEFAULT_FAIL_AFTER;
  const failAfterText = values.get("fail-after");
  if (failAfterText !== void 0) {
    const checked = checkCount(failAfterText, "failed probes", 1, FAIL_AFTER_MAX);
    if (checked.ok) failAfter = checked.value;
    else issues.push({ path: "--fail-after", message: checked.message });
  }
  const pushText = values.get("pushgateway");
  let pushUrl;
  if (pushText !== void 0) {
    const checked = checkPushgatewayUrl(pushText);
    if (checked.ok) pushUrl = checked.value;
    else issues.push({ path: "--pushgateway", message: checked.message });
  }
  let pushEvery = DEFAULT_PUSH_EVERY;
  const pushEveryText = values.get("push-every");
  if (pushEveryText !== void 0) {
    const checked = checkCount(pushEveryText, "probes", 1, PUSH_EVERY_MAX);
    if (!checked.ok) issues.push({ path: "--push-every", message: checked.message });
    else if (pushText === void 0) {
      issues.push({
        path: "--push-every",
        message: "applies to pushes: add --pushgateway URL"
      });
    } else pushEvery = checked.value;
  }
  const labels = {};
  for (const name of ["environment", "client"]) {
    const text = values.get(name);
    if (text === void 0) continue;
    const checked = checkMetricLabelValue(text);
    if (checked.ok) labels[name] = checked.value;
    else issues.push({ path: `--${name}`, message: checked.message });
  }
  if (issues.length > 0) return { ok: false, issues };
  const outPath = values.get("out");
  return {
    ok: true,
    cli: {
      command: "heartbeat",
      ...profilePath !== void 0 ? { profilePath } : {},
      ...target !== void 0 ? { target } : {},
      intervalMs,
      ...listen ? { listen } : {},
      ...outPath !== void 0 ? { outPath } : {},
      failAfter,
      exitOnFailure: values.has("exit-on-failure"),
      ...pushUrl !== void 0 ? { pushgateway: { url: pushUrl, every: pushEvery } } : {},
      ...labels
    }
  };
}
function heartbeatIntervalSlug(intervalMs, profileInterval) {
  return profileInterval ?? `every-${formatDurationMs(intervalMs).replace(/[^a-z0-9-]/g, "-")}`;
}

// src/core/render/heartbeat-lines.ts
var LATE_SHOWN_FROM_MS = 5;
function stamp(epochMs) {
  return new Date(epochMs).toISOString();
}
function describeOutcome(result) {
  if (result.outcome === "error") return `error ${result.kind ?? "other"}`;
  const kind = result.outcome === "failed" && result.kind ? ` (${result.kind})` : "";
  return `${result.outcome} ${result.status ?? ""}${kind}`;
}
function formatProbeLine(result, name, atEpochMs) {
  const parts = [`${stamp(atEpochMs)} "${name}" ${describeOutcome(result)}`];
  if (result.latencyMs !== void 0) parts[0] += ` in ${formatLatencyMs(result.latencyMs)}`;
  if (!result.success) parts.push(`${result.health.consecutiveFailures} in a row`);
  if (result.sendLagMs !== void 0 && result.sendLagMs >= LATE_SHOWN_FROM_MS) {
    parts.push(`sent ${formatLatencyMs(result.sendLagMs)} late`);
  }
  return parts.join(", ");
}
function formatDownLine(result, name, failAfter) {
  return `heartbeat: "${name}" is DOWN: ${result.health.consecutiveFailures} probes in a row failed (--fail-after ${failAfter}); the last: ${describeOutcome(result)}`;
}
function formatRecoveredLine(result, name) {
  const before = result.health.previousFailures ?? 0;
  return `heartbeat: "${name}" recovered: ${describeOutcome(result)} after ${before} failed probes in a row`;
}
function formatSummaryLine(snapshot, names, failAfter) {
  const head = `heartbeat up ${formatRunDuration(snapshot.upMs)}, ${snapshot.probes} probes (${snapshot.missedSlots} missed)`;
  const scenarios = snapshot.scenarios.map((pulse, i) => {
    const { window } = pulse;
    const parts = [
      `"${names[i] ?? String(i)}" ${window.completions} probes`,
      `${window.failures} failed`
    ];
    if (window.quantilesMs) {
      parts.push(
        `p50 ${formatLatencyMs(window.quantilesMs.p50)}`,
        `p99 ${formatLatencyMs(window.quantilesMs.p99)}`
      );
    }
    if (pulse.consecutiveFailures >= failAfter) {
      parts.push(`DOWN (${pulse.consecutiveFailures} in a row)`);
    }
    return parts.join(", ");
  });
  return `${head}; last minute: ${scenarios.join("; ")}`;
}

// src/core/stats/rolling-window.ts
var ROLLING_WINDOW_MS = 6e4;
var ROLLING_SLOT_COUNT = 12;
var RollingWindow = class {
  slots;
  slotMs;
  /**
   * @param windowMs length covered (ms), > 0.
   * @param slotCount slots it is cut into, ≥ 1: a read covers between `windowMs - slotMs` and
   *   `windowMs` of history.
   */
  constructor(windowMs = ROLLING_WINDOW_MS, slotCount = ROLLING_SLOT_COUNT) {
    this.slotMs = windowMs / slotCount;
    this.slots = Array.from({ length: slotCount }, () => ({
      period: Number.NEGATIVE_INFINITY,
      completions: 0,
      failures: 0,
      histogram: void 0
    }));
  }
  /**
   * Counts one completion at `nowMs`, with its latency when it was an answer.
   * @param latencyMs undefined for a transport error (no response time exists).
   * @param failed whether it counts as a failure.
   */
  record(nowMs, latencyMs, failed) {
    const period = Math.floor(nowMs / this.slotMs);
    const slot = this.slotOf(period);
    if (slot.period > period) return;
    if (slot.period !== period) {
      slot.period = period;
      slot.completions = 0;
      slot.failures = 0;
      slot.histogram?.reset();
    }
    slot.completions++;
    if (failed) slot.failures++;
    if (latencyMs !== void 0) {
      slot.histogram ??= createHistogram();
      recordMs(slot.histogram, latencyMs);
    }
  }
  /**
   * Adds the live slots' latencies at `nowMs` into `into` and their counts into `counts`.
   * Neither is reset here, so several windows can be merged into one.
   */
  addLiveInto(nowMs, into, counts) {
    const current = Math.floor(nowMs / this.slotMs);
    for (const slot of this.slots) {
      if (slot.period <= current - this.slots.length || slot.period > current) continue;
      counts.completions += slot.completions;
      counts.failures += slot.failures;
      if (slot.histogram !== void 0 && slot.histogram.totalCount > 0) into.add(slot.histogram);
    }
  }
  /** Frees the slots' WebAssembly memory; the window must not be used afterwards. */
  destroy() {
    for (const slot of this.slots) {
      slot.histogram?.destroy();
      slot.histogram = void 0;
    }
  }
  slotOf(period) {
    const n = this.slots.length;
    return this.slots[(period % n + n) % n];
  }
};
function readWindows(windows, nowMs, scratch) {
  scratch.reset();
  const counts = { completions: 0, failures: 0 };
  for (const window of windows) window.addLiveInto(nowMs, scratch, counts);
  const latencyCount = scratch.totalCount;
  if (latencyCount === 0) return { ...counts, latencyCount };
  const at = (percentile) => roundMs(scratch.getValueAtPercentile(percentile) / 1e3);
  return {
    ...counts,
    latencyCount,
    quantilesMs: { p50: at(50), p90: at(90), p95: at(95), p99: at(99), p999: at(99.9) }
  };
}
function createScratchHistogram() {
  return createHistogram();
}

// src/core/render/heartbeat-metrics.ts
var OUTCOMES = [
  ["ok", "ok"],
  ["blocked", "blocked"],
  ["failed", "failed"],
  ["error", "errors"]
];
var HEARTBEAT_METRICS = {
  success: {
    name: "loadgate_probe_success",
    help: "Whether the last probe of the scenario succeeded (1) or failed (0)."
  },
  consecutiveFailures: {
    name: "loadgate_probe_consecutive_failures",
    help: "Failed probes in a row for the scenario (0 after a success)."
  },
  probes: {
    name: "loadgate_probes_total",
    help: "Finished probes by outcome: success (ok, or blocked as expected) or failure (failed, or no answer)."
  },
  up: {
    name: "loadgate_heartbeat_up_seconds",
    help: "How long the heartbeat has been running, in seconds."
  }
};
function commonLabels(labels) {
  return {
    profile: labels.profile,
    ...labels.environment ? { environment: labels.environment } : {},
    ...labels.client ? { client: labels.client } : {}
  };
}
function wholeRunPulse(snapshot) {
  const errorKinds = {};
  for (const kind of ERROR_KINDS) errorKinds[kind] = 0;
  let ok = 0;
  let blocked = 0;
  let failed = 0;
  let errors = 0;
  for (const pulse of snapshot.scenarios) {
    ok += pulse.ok;
    blocked += pulse.blocked;
    failed += pulse.failed;
    errors += pulse.errors;
    for (const [kind, n] of Object.entries(pulse.errorKinds)) {
      errorKinds[kind] = (errorKinds[kind] ?? 0) + n;
    }
  }
  return {
    ok,
    blocked,
    failed,
    errors,
    errorKinds,
    latencySumMs: snapshot.latencySumMs,
    latencyCount: snapshot.latencyCount,
    window: snapshot.window
  };
}
function durationSamples({ labels, pulse }) {
  const quantiles = pulse.window.quantilesMs;
  return [
    ...SUMMARY_QUANTILES.map(({ quantile, field }) => ({
      labels: { ...labels, quantile },
      value: quantiles ? secondsOf(quantiles[field]) : Number.NaN
    })),
    { suffix: "_sum", labels, value: secondsOf(pulse.latencySumMs) },
    { suffix: "_count", labels, value: pulse.latencyCount }
  ];
}
function errorSamples({ labels, pulse, wholeRun }) {
  return Object.entries(pulse.errorKinds).filter(([, n]) => wholeRun || n > 0).map(([kind, value]) => ({ labels: { ...labels, kind }, value }));
}
function buildHeartbeatFamilies(snapshot, facts) {
  const common = commonLabels(facts.labels);
  const perScenario = snapshot.scenarios.map((pulse, i) => {
    const scenario = facts.scenarios[i];
    const labels = {
      ...common,
      scenario: scenario?.name ?? String(i),
      ...scenario?.category ? { category: scenario.category } : {}
    };
    return { labels, pulse, wholeRun: false };
  });
  const scopes = [
    { labels: common, pulse: wholeRunPulse(snapshot), wholeRun: true },
    ...perScenario
  ];
  const windowSeconds = Math.min(snapshot.upMs, ROLLING_WINDOW_MS) / 1e3;
  const rateOf = (window) => windowSeconds > 0 ? round6(window.completions / windowSeconds) : 0;
  const family = (metric, type, samples) => ({ ...metric, type, samples });
  const each = (sample) => perScenario.flatMap(({ labels }, i) => sample(snapshot.scenarios[i], labels));
  return [
    family(RUN_METRICS.duration, "summary", scopes.flatMap(durationSamples)),
    family(
      RUN_METRICS.requests,
      "counter",
      scopes.flatMap(
        ({ labels, pulse }) => OUTCOMES.map(([outcome, field]) => ({
          labels: { ...labels, outcome },
          value: pulse[field]
        }))
      )
    ),
    family(RUN_METRICS.errors, "counter", scopes.flatMap(errorSamples)),
    family(RUN_METRICS.dropped, "counter", [{ labels: common, value: snapshot.missedSlots }]),
    family(
      RUN_METRICS.rate,
      "gauge",
      scopes.map(({ labels, pulse }) => ({ labels, value: rateOf(pulse.window) }))
    ),
    family(RUN_METRICS.timestamp, "gauge", [
      { labels: common, value: facts.startedAtEpochMs / 1e3 }
    ]),
    family(RUN_METRICS.info, "gauge", [
      {
        labels: {
          ...common,
          target: facts.target,
          layer: "heartbeat",
          interval: facts.interval,
          ...facts.commit ? { commit: facts.commit } : {}
        },
        value: 1
      }
    ]),
    family(
      HEARTBEAT_METRICS.success,
      "gauge",
      each(
        (pulse, labels) => pulse.lastSuccess === void 0 ? [] : [{ labels, value: pulse.lastSuccess ? 1 : 0 }]
      )
    ),
    family(
      HEARTBEAT_METRICS.consecutiveFailures,
      "gauge",
      each((pulse, labels) => [{ labels, value: pulse.consecutiveFailures }])
    ),
    family(
      HEARTBEAT_METRICS.probes,
      "counter",
      each((pulse, labels) => [
        { labels: { ...labels, outcome: "success" }, value: pulse.ok + pulse.blocked },
        { labels: { ...labels, outcome: "failure" }, value: pulse.failed + pulse.errors }
      ])
    ),
    family(HEARTBEAT_METRICS.up, "gauge", [
      { labels: common, value: round6(snapshot.upMs / 1e3) }
    ])
  ];
}
function secondsOf(ms) {
  return Math.round(ms * 1e3) / 1e6;
}
function round6(value) {
  return Math.round(value * 1e6) / 1e6;
}

// src/core/schedule/probe-scenarios.ts
function referencesOf(template) {
  if (template.kind === "text") {
    return template.parts.filter((p) => typeof p !== "string");
  }
  return template.parts.flatMap(
    (p) => typeof p === "string" ? [] : p.kind === "whole" ? [p.reference] : referencesOf(p.template)
  );
}
function templatesOf(dynamic) {
  return [
    ...dynamic.path ? [dynamic.path] : [],
    ...Object.values(dynamic.headers ?? {}),
    ...dynamic.body ? [dynamic.body] : []
  ];
}
function usesSetupValues(scenario) {
  const dynamic = scenario.dynamic;
  if (dynamic === void 0) return false;
  return templatesOf(dynamic).some((t) => referencesOf(t).some((r) => r.kind === "setup"));
}
function quoteList(names) {
  const shown = names.slice(0, 10).map((n) => JSON.stringify(n));
  const rest = names.length - shown.length;
  return rest > 0 ? `${shown.join(", ")} and ${rest} more` : shown.join(", ");
}
function selectProbeScenarios(profile) {
  const { journeys: _, setup: __, ...rest } = profile;
  const needsSetup = profile.scenarios.filter(
    (s) => s.journey === void 0 && s.setup !== true && usesSetupValues(s)
  );
  const kept = profile.scenarios.filter(
    (s) => s.journey === void 0 && s.setup !== true && !usesSetupValues(s)
  );
  const notes = [];
  const journeys = profile.journeys ?? [];
  if (journeys.length > 0) {
    notes.push(
      `heartbeat: journeys are not probed (a probe is one request; a step needs the steps before it): ${quoteList(journeys.map((j) => j.name))}`
    );
  }
  if (profile.setup !== void 0) {
    notes.push(
      needsSetup.length > 0 ? `heartbeat: the setup is not run, so scenarios that use its values are not probed: ${quoteList(needsSetup.map((s) => s.name))}` : "heartbeat: the setup is not run (probes send no log-in)"
    );
  }
  const issue = kept.length === 0 ? {
    path: "scenarios",
    message: "has nothing a heartbeat can probe: every scenario is a journey or uses setup values; add a plain scenario (one request that needs no setup value)"
  } : void 0;
  return { profile: { ...rest, scenarios: kept }, notes, ...issue ? { issue } : {} };
}

// src/core/schedule/probe-schedule.ts
var MAX_PROBE_CONNECTIONS = 4;
function chooseProbeConnections(profileConnections) {
  return Math.max(1, Math.min(profileConnections, MAX_PROBE_CONNECTIONS));
}
var ProbeSchedule = class {
  /**
   * @param startMs due time of slot 0, on the caller's monotonic clock (ms).
   * @param intervalMs grid spacing (ms), > 0.
   * @param scenarioCount scenarios to cycle through, ≥ 1.
   * @throws RangeError for a non-positive interval or no scenarios (callers validate input).
   */
  constructor(startMs, intervalMs, scenarioCount) {
    this.startMs = startMs;
    this.intervalMs = intervalMs;
    this.scenarioCount = scenarioCount;
    if (!(intervalMs > 0)) throw new RangeError(`interval must be > 0 ms, got ${intervalMs}`);
    if (!(scenarioCount >= 1)) throw new RangeError("a probe schedule needs a scenario");
  }
  startMs;
  intervalMs;
  scenarioCount;
  nextSlot = 0;
  taken = 0;
  /** Due time (ms) of the next probe to take. */
  nextDueMs() {
    return this.dueMs(this.nextSlot);
  }
  /** Due time (ms) of grid slot `slot`. */
  dueMs(slot) {
    return this.startMs + slot * this.intervalMs;
  }
  /**
   * Takes the next probe at `nowMs`; undefined when it is not due yet (a timer that fired
   * early: wait `nextDueMs() - nowMs` more).
   */
  take(nowMs) {
    const first = this.nextSlot;
    if (nowMs < this.dueMs(first)) return void 0;
    const latest = Math.floor((nowMs - this.startMs) / this.intervalMs);
    const slot = Math.max(first, this.dueMs(latest + 1) <= nowMs ? latest + 1 : latest);
    const sequence = this.taken;
    this.taken++;
    this.nextSlot = slot + 1;
    const intendedMs = this.dueMs(slot);
    return {
      slot,
      sequence,
      scenario: sequence % this.scenarioCount,
      intendedMs,
      latenessMs: nowMs - intendedMs,
      missedSlots: slot - first
    };
  }
};

// src/core/stats/heartbeat-recorder.ts
var HeartbeatRecorder = class {
  /**
   * @param scenarioCount scenarios in the profile.
   * @param startMs when the heartbeat started (its first probe is due then).
   * @param failAfter consecutive failures that make a scenario down (see `ProbeHealth`).
   * @param onProbe called once per finished probe (not for probes cut by a stop).
   */
  constructor(scenarioCount, startMs, failAfter, onProbe = () => {
  }) {
    this.scenarioCount = scenarioCount;
    this.startMs = startMs;
    this.onProbe = onProbe;
    this.totals = Array.from({ length: scenarioCount }, () => new ScenarioStats());
    this.windows = Array.from({ length: scenarioCount }, () => new RollingWindow());
    this.latencySumMs = new Array(scenarioCount).fill(0);
    this.health = new ProbeHealth(scenarioCount, failAfter);
    this.scratch = createScratchHistogram();
  }
  scenarioCount;
  startMs;
  onProbe;
  totals;
  windows;
  latencySumMs;
  health;
  scratch;
  probes = 0;
  missedSlots = 0;
  destroyed = false;
  /** Release lateness of the probes in flight, by due time (unique per probe): as many entries
   * as probes in flight, each removed when its probe ends. */
  inFlightLagMs = /* @__PURE__ */ new Map();
  /**
   * The schedule released a probe at `releasedMs` (its send lag: how late against `intendedMs`);
   * `missedSlots` grid slots before it were passed over.
   */
  onReleased(scenario, intendedMs, releasedMs, missedSlots) {
    this.probes++;
    this.missedSlots += missedSlots;
    const lagMs = releasedMs - intendedMs;
    this.stats(scenario).recordSendLag(lagMs);
    this.inFlightLagMs.set(intendedMs, lagMs);
  }
  /** The HTTP client wrote the probe to a connection: nothing to keep (the send lag is the
   * scheduler's, taken at release; connecting is part of the latency). */
  onSent(_scenario, _intendedMs, _sentMs) {
  }
  onResponse(scenario, intendedMs, sentMs, doneMs, status, cls) {
    const latencyMs = doneMs - intendedMs;
    this.stats(scenario).recordResponse(latencyMs, doneMs - sentMs, status, cls);
    this.latencySumMs[scenario] = (this.latencySumMs[scenario] ?? 0) + latencyMs;
    const outcome = cls === ResponseClass.ok ? "ok" : cls === ResponseClass.blocked ? "blocked" : "failed";
    const success = outcome !== "failed";
    this.windows[scenario]?.record(doneMs, latencyMs, !success);
    const kind = FAILURE_KIND_NAMES[cls];
    this.onProbe({
      scenario,
      intendedMs,
      doneMs,
      outcome,
      success,
      status,
      ...kind ? { kind } : {},
      latencyMs: roundMs(latencyMs),
      ...this.takeSendLag(intendedMs),
      health: this.health.record(scenario, success)
    });
  }
  onError(scenario, intendedMs, doneMs, kind) {
    this.stats(scenario).recordError(kind);
    this.windows[scenario]?.record(doneMs, void 0, true);
    this.onProbe({
      scenario,
      intendedMs,
      doneMs,
      outcome: "error",
      success: false,
      kind,
      ...this.takeSendLag(intendedMs),
      health: this.health.record(scenario, false)
    });
  }
  onRedirected(scenario, _intendedMs) {
    this.stats(scenario).redirects++;
  }
  /** A probe still in flight when the heartbeat stopped: neither a success nor a failure. */
  onInterrupted(scenario, intendedMs) {
    this.stats(scenario).interrupted++;
    this.inFlightLagMs.delete(intendedMs);
  }
  /** Whether `scenario` has failed `failAfter` times in a row and not recovered since. */
  isDown(scenario) {
    return this.health.isDown(scenario);
  }
  /** The figures at `nowMs`: totals since the start and the last minute. */
  snapshot(nowMs) {
    const scenarios = [];
    let latencySumMs = 0;
    let latencyCount = 0;
    for (let i = 0; i < this.scenarioCount; i++) {
      const stats = this.stats(i);
      const answered = stats.ok + stats.blocked + stats.failed;
      const sumMs = this.latencySumMs[i] ?? 0;
      latencySumMs += sumMs;
      latencyCount += answered;
      const errorKinds = {};
      for (const [kind, n] of stats.errorKinds) errorKinds[kind] = n;
      for (const [kind, n] of Object.entries(stats.failureKinds)) if (n > 0) errorKinds[kind] = n;
      const lastSuccess = this.health.lastProbeSucceeded(i);
      scenarios.push({
        ok: stats.ok,
        blocked: stats.blocked,
        failed: stats.failed,
        errors: stats.errors,
        errorKinds,
        latencySumMs: roundMs(sumMs),
        latencyCount: answered,
        window: readWindows([this.windows[i]], nowMs, this.scratch),
        ...lastSuccess === void 0 ? {} : { lastSuccess },
        consecutiveFailures: this.health.consecutiveFailures(i)
      });
    }
    return {
      upMs: Math.max(0, nowMs - this.startMs),
      probes: this.probes,
      missedSlots: this.missedSlots,
      latencySumMs: roundMs(latencySumMs),
      latencyCount,
      window: readWindows(this.windows, nowMs, this.scratch),
      scenarios
    };
  }
  /**
   * The whole heartbeat as a run's recording, for the results file: totals and histograms since
   * the start, the send lag (how late probes were released against the grid). No per-second
   * timeline: it would grow by a point a second for as long as the heartbeat runs. The recorder
   * must not be used afterwards.
   */
  finish(nowMs) {
    const durationMs = Math.max(0, nowMs - this.startMs);
    const overall = new ScenarioStats();
    for (const stats of this.totals) overall.addFrom(stats);
    const lag = overall.summarizeSendLag();
    const recording = {
      durationMs: roundMs(durationMs),
      overall: overall.toFigures(durationMs),
      scenarios: this.totals.map((stats) => stats.toFigures(durationMs)),
      timeline: [],
      scenarioTimelines: this.totals.map(() => []),
      sendLagMs: { p50: lag.p50, p99: lag.p99, max: lag.max },
      warmup: { requests: 0, errors: 0 }
    };
    overall.destroy();
    this.destroy();
    return recording;
  }
  /** Frees every histogram (`finish` does it too); a second call does nothing. */
  destroy() {
    if (this.destroyed) return;
    this.destroyed = true;
    for (const stats of this.totals) stats.destroy();
    for (const window of this.windows) window.destroy();
    this.scratch.destroy();
  }
  /** The send lag of the probe due at `intendedMs`, forgotten as it ends. */
  takeSendLag(intendedMs) {
    const lagMs = this.inFlightLagMs.get(intendedMs);
    this.inFlightLagMs.delete(intendedMs);
    return lagMs === void 0 ? {} : { sendLagMs: roundMs(lagMs) };
  }
  /** @throws RangeError for an unknown index (a bug: indices come from the schedule). */
  stats(index) {
    const stats = this.totals[index];
    if (stats === void 0) throw new RangeError(`scenario index ${index} out of range`);
    return stats;
  }
};

// src/app/run-heartbeat.ts
var SUMMARY_EVERY_MS = 6e4;
async function runHeartbeat(request, deps) {
  const { output, clock } = deps;
  const loaded = await loadProfile(
    {
      ...request.profilePath !== void 0 ? { profilePath: request.profilePath } : {},
      overrides: {
        ...request.target !== void 0 ? { target: request.target } : {},
        // Without a profile, `--target` alone makes a one-URL profile; its rate is not used.
        ...request.profilePath === void 0 ? { rate: "1" } : {},
        ...request.environment !== void 0 ? { environment: request.environment } : {},
        ...request.client !== void 0 ? { client: request.client } : {}
      },
      ...request.selection !== void 0 ? { selection: request.selection } : {},
      // Probes follow their own interval: a heartbeat profile need not write a `load` section.
      defaultLoad: { preset: "heartbeat" }
    },
    deps.files,
    deps.environment.env
  );
  const issues = [...loaded.ok ? [] : loaded.issues, ...await checkOutPath(request, deps)];
  if (!loaded.ok || issues.length > 0) {
    output.error(formatIssues(issues, loaded.ok ? "input" : "profile"));
    return { kind: "bad-input", issues };
  }
  const probed = selectProbeScenarios(loaded.profile);
  if (probed.issue) {
    output.error(formatIssues([probed.issue], "profile"));
    return { kind: "bad-input", issues: [probed.issue] };
  }
  const { profile } = probed;
  output.mask(profile.secretValues);
  for (const warning of loaded.warnings) output.warn(warning);
  for (const note of probed.notes) output.info(note);
  const interval = heartbeatIntervalSlug(request.intervalMs, profile.interval);
  const facts = {
    labels: {
      profile: profile.name,
      ...profile.environment ? { environment: profile.environment } : {},
      ...profile.client ? { client: profile.client } : {}
    },
    scenarios: profile.scenarios.map((s) => ({
      name: s.name,
      ...s.category ? { category: s.category } : {}
    })),
    target: sanitizeTarget(profile.baseUrl),
    interval,
    ...deps.environment.gitSha ? { commit: deps.environment.gitSha } : {},
    startedAtEpochMs: 0
  };
  let recorder;
  const exposition = () => recorder ? renderExposition(buildHeartbeatFamilies(recorder.snapshot(clock.nowMs()), facts)) : "";
  const serving = request.listen ? await deps.metrics.serve(request.listen, exposition) : void 0;
  if (serving?.ok === false) {
    const listenIssues = [{ path: "--listen", message: serving.message }];
    output.error(formatIssues(listenIssues, "input"));
    return { kind: "bad-input", issues: listenIssues };
  }
  const stop = new AbortController();
  const onSignal = () => stop.abort();
  deps.signal.addEventListener("abort", onSignal, { once: true });
  const names = profile.scenarios.map((s) => s.name);
  let down;
  let finished = 0;
  let lastSummaryMs = clock.nowMs();
  const pusher = request.pushgateway ? startPushing(request, profile, facts, deps) : void 0;
  const onProbe = (result) => {
    const name = names[result.scenario] ?? String(result.scenario);
    if (request.lines === "probe") output.info(formatProbeLine(result, name, clock.epochMs()));
    if (result.health.transition === "down") {
      const stopping = request.exitOnFailure ? "; stopping (--exit-on-failure)" : "";
      output.error(`${formatDownLine(result, name, request.failAfter)}${stopping}`);
      if (request.exitOnFailure && down === void 0) {
        down = name;
        stop.abort();
      }
    } else if (result.health.transition === "recovered") {
      output.info(formatRecoveredLine(result, name));
    }
    const nowMs = clock.nowMs();
    if (request.lines === "minute" && nowMs - lastSummaryMs >= SUMMARY_EVERY_MS && recorder) {
      lastSummaryMs = nowMs;
      output.info(formatSummaryLine(recorder.snapshot(nowMs), names, request.failAfter));
    }
    finished++;
    if (pusher && finished % pusher.every === 0) pusher.push(exposition());
  };
  facts.startedAtEpochMs = clock.epochMs();
  recorder = new HeartbeatRecorder(
    profile.scenarios.length,
    clock.nowMs(),
    request.failAfter,
    onProbe
  );
  output.info(describeStart(profile, request, serving?.ok ? serving.url : void 0));
  try {
    await deps.probes.run(profile, {
      intervalMs: request.intervalMs,
      recorder,
      signal: stop.signal
    });
  } finally {
    deps.signal.removeEventListener("abort", onSignal);
  }
  const endMs = clock.nowMs();
  const last = recorder.snapshot(endMs);
  if (request.lines === "minute") output.info(formatSummaryLine(last, names, request.failAfter));
  if (pusher) await pusher.finish(exposition());
  await (serving?.ok ? serving.close() : void 0);
  const run = recorder.finish(endMs);
  recorder = void 0;
  let resultsPath;
  if (request.outPath !== void 0) {
    const result = buildResultsFile(
      profileAsRun(profile, request.intervalMs, run.durationMs),
      run,
      {
        toolVersion: VERSION,
        startedAtEpochMs: facts.startedAtEpochMs,
        status: down === void 0 ? "completed" : "aborted",
        ...down === void 0 ? {} : { abortReason: `"${down}" failed ${request.failAfter} probes in a row` },
        plannedRequests: last.probes + last.missedSlots,
        environment: {
          node: deps.environment.node,
          platform: deps.environment.platform,
          arch: deps.environment.arch,
          cpus: deps.environment.cpus,
          ci: deps.environment.ci,
          ...deps.environment.gitSha ? { gitSha: deps.environment.gitSha } : {},
          ...deps.environment.gitRef ? { gitRef: deps.environment.gitRef } : {}
        },
        run: { layer: "heartbeat", interval }
      }
    );
    resultsPath = await writeResults(result, request.outPath, deps.files, output);
    if (resultsPath !== void 0) output.info(`results: ${resultsPath}`);
  }
  const where = resultsPath === void 0 ? {} : { resultsPath };
  return down === void 0 ? { kind: "stopped", ...where } : { kind: "down", scenario: down, ...where };
}
async function checkOutPath(request, deps) {
  if (request.outPath === void 0) return [];
  const found = await deps.files.inspectPath(request.outPath);
  if (found.kind !== "directory") return [];
  const path = request.outPath.replace(/\/+$/, "");
  return [
    {
      path: "--out",
      message: `${request.outPath} is a directory; expected a file path, e.g. ${path}/heartbeat-results.json`
    }
  ];
}
function profileAsRun(profile, intervalMs, durationMs) {
  return {
    ...profile,
    load: {
      ...profile.load,
      plan: { executor: "constant-arrival-rate", ratePerSec: 1e3 / intervalMs, durationMs },
      preset: "heartbeat",
      warmupMs: 0,
      connections: chooseProbeConnections(profile.load.connections),
      maxInFlight: chooseProbeConnections(profile.load.connections)
    }
  };
}
function describeStart(profile, request, metricsUrl) {
  const count = profile.scenarios.length;
  const what = `${count} scenario${count === 1 ? "" : "s"} of "${profile.name}"`;
  const parts = [
    `heartbeat: probing ${what} at ${sanitizeTarget(profile.baseUrl)} every ${formatDurationMs(request.intervalMs)}`,
    `down after ${request.failAfter} failed probes in a row`
  ];
  if (metricsUrl) parts.push(`metrics on ${metricsUrl}`);
  if (request.pushgateway) {
    const every = request.pushgateway.every;
    parts.push(
      `pushed to ${request.pushgateway.url} every ${every === 1 ? "probe" : `${every} probes`}`
    );
  }
  return `${parts.join("; ")}. Ctrl-C to stop.`;
}
function startPushing(request, profile, facts, deps) {
  const settings = request.pushgateway;
  const path = buildGroupingPath({
    profile: profile.name,
    target: facts.target,
    layer: "heartbeat",
    interval: facts.interval
  });
  let inFlight;
  let failing = false;
  const send = async (text) => {
    try {
      if (deps.pusher === void 0) throw new Error("pushing is not available here");
      await deps.pusher.push(settings.url, path, text);
      if (failing) deps.output.info(`heartbeat: pushing to ${settings.url} works again`);
      failing = false;
    } catch (error) {
      if (!failing) {
        deps.output.warn(
          `could not push the metrics to the Pushgateway: ${messageOf(error)}; the heartbeat goes on (said once until a push succeeds)`
        );
      }
      failing = true;
    }
  };
  return {
    every: settings.every,
    push(text) {
      if (inFlight) return;
      inFlight = send(text).finally(() => {
        inFlight = void 0;
      });
    },
    async finish(text) {
      await inFlight;
      await send(text);
    }
  };
}

// src/core/cli/help-text.ts
var GENERAL = `loadgate \u2014 HTTP load tests that gate pull requests

Usage:
  loadgate run [profile.yml] [options]   run a load profile (or one URL) and write a results file
  loadgate compare --current FILE [...]  judge a results file against a baseline and print the report
  loadgate merge FILE... [options]       merge the shards' results files (run --shard i/N) into
                                         one, then judge it as compare does
  loadgate heartbeat PROFILE [options]   probe the profile's scenarios every few seconds, for days
  loadgate demo                          run the example profile against a built-in demo API
  loadgate serve-demo [--port N]         serve the demo API on 127.0.0.1 until Ctrl-C
  loadgate history show FILE [--last N]  print the trend of a history file (see run --history)
  loadgate pushgateway delete [...]      remove a run's metrics group from a Pushgateway
  loadgate help [command]                this help, or a command's
  loadgate version

Exit codes: 0 ran fine \xB7 1 gate failed \xB7 2 bad input \xB7 3 could not run against the target \xB7 130 interrupted`;
var RUN_HEAD = `Usage: loadgate run [profile.yml] [options]

Runs the profile's load against its target, prints a summary and writes the results file.
Without a profile, --target URL with --rate N (or --vus N) sends GET requests to that URL.

Options (each overrides the profile):
  --target URL        base URL to test (replaces the profile's baseUrl)
  --rate N            arrivals per second (arrival-rate executors; scales ramps to this peak)
  --duration D        e.g. 30s, 2m, 1m30s (scales ramps to this total)
  --vus N             virtual users (VU executors; scales ramps to this peak)
  --connections N     TCP connections to keep open
  --baseline FILE     compare with this results file (checked before any load is sent)
  --baseline-target URL
                      measure URL side by side with the target in the same run (arrivals
                      alternate between them) and judge the target against it with a paired
                      test; its results go to <out>-baseline.json
  --layer L           the run's kind, kept as its own series: heartbeat, scheduled, manual,
                      pull-request or release (default: the profile's layer, else manual)
  --interval I        how often it runs: hourly, daily, weekly or a slug like every-15m
                      (default: the profile's interval, else manual)
  --environment E     the exported metrics' environment label, e.g. staging (default: the
                      profile's environment)
  --client C          the exported metrics' client label, e.g. team-a (default: the profile's
                      client)

Part of the profile (each repeatable; a scenario runs when its name is given with --scenario
OR its category with --category; the rate or VUs asked for go to those scenarios, shared by
their weights):
  --category NAME     run the scenarios of this category (scenarios[].category)
  --scenario NAME     run the scenario of this name

Scheduled runs (with --history FILE):
  --baseline-runs K   judge against the last K passing runs of the series, merged (default 5,
                      1 to 50)

Confirming before failing (with --baseline, --baseline-target or --history; default off):
  --confirm[=N]       re-measure what broke the gate up to N more times (0 to 5; alone: 1);
                      it counts only if the same rule breaches every time. With a baseline:
                      regressions at fail only, each re-measure at most 60 s of a constant
                      plan (side by side: both targets again); a broken threshold fails at
                      once; an unconfirmed regression warns. With --history: every breach;
                      an unconfirmed one is not gated
  --no-confirm        never re-measure (the same as --confirm=0)

Several cores:
  --workers N|auto    engine threads sharing the load: thread j of N sends arrivals k \u2261 j
                      (mod N) at their own times, with its share of the connections; results
                      merged exactly. auto (default): 1 on 1 or 2 cores, else cores \u2212 1, at
                      most 64

A target that is still deploying (a preview), before any load and outside every figure:
  --wait-for PATH     poll PATH on the target (like /healthz) with backoff (1 s doubling to
                      15 s) until it answers 3 times in a row as expected; never ready: exit 3
  --wait-for-status S the status(es) that count as ready (default 200; like 200,204)
  --wait-timeout D    give up after D (default 10m; from 1s to 6h)
  --wait-for-body T   ready only when the body (its first 1 MiB) contains T, like the commit
                      SHA the preview should serve (a stale preview answers 200 too)
  --wait-for-header 'Name: value'
                      send this header with each check (repeatable), over the profile's own
                      headers, like a protection bypass; values are never printed. With
                      --baseline-target, both targets are waited for

One load from several machines (merge the shards' results with loadgate merge):
  --shard i/N         run shard i of N: arrivals k \u2261 i\u22121 (mod N) of the profile's schedule at
                      their own times, 1/N of its VUs; writes the results, no verdict (no
                      --baseline, --history, --markdown, --json, --prometheus-file, --pushgateway)
  --start-at TIME     wait until TIME to start (after connecting and setup), so all shards start
                      together: ISO 8601 with a zone (2026-03-01T12:00:00Z) or epoch ms; at most
                      1 h ago, at most 24 h ahead

Outputs:`;
var RUN_TAIL = `The profile's thresholds (and, with --baseline, its regression rules) decide the verdict.
Ctrl-C stops the run and still writes what was measured (exit 130).
Exit codes: 0 pass or warn \xB7 1 the gate failed \xB7 2 bad input \xB7 3 target unreachable (or lost
mid-run), not ready in --wait-timeout, a setup request failed, or a unique data source ran out
\xB7 130 interrupted
A shard (--shard) is never judged: 0 when it ran, with the same 2, 3 and 130.`;
var COMPARE_USAGE = "Usage: loadgate compare --current FILE [--baseline FILE] [--profile FILE]";
var COMPARE = `Judges a results file: absolute thresholds always, regressions against --baseline when given,
with the rules of --profile (or the defaults: p95, p99 and error-rate regressions with floors).
Prints the markdown report.

Exit codes: 0 pass or warn \xB7 1 fail \xB7 2 bad input (a missing, corrupt or wrong-version file)`;
var MERGE_USAGE = "Usage: loadgate merge FILE... [--profile FILE] [--baseline FILE]";
var MERGE = `Merges the results files of the N shards of one run (loadgate run --shard i/N) into the
results file one process sending the whole profile would have written, writes it (--out), then
judges it as compare does: the thresholds of --profile (or the defaults), regressions against
--baseline, the same outputs. Counters are summed, every histogram (the run's, each scenario's,
each second's) is merged exactly, and rates are requests over the union of the shards' windows.

Refused (exit 2, every problem named, nothing written): a file that is not a shard's, shards of
different profiles or load flags (profile.hash), a different N, a shard missing or given twice,
different --start-at, scenarios or executor; --out naming a shard or the baseline.

With --start-at, each shard records how far from it its schedule really started: the merged
result warns above 100 ms and fails above 1 s (threshold startSkew).

Exit codes: 0 pass or warn \xB7 1 fail \xB7 2 bad input (a mixed set, a missing or corrupt file)`;
var HISTORY = `Usage: loadgate history show FILE [--last N]

Prints the trend kept in a history file (written by loadgate run --history FILE): the newest N
runs of each series (profile, layer, interval) with when, commit, p50/p95/p99, rps, error and
block rate and verdict.

Options:
  --last N            runs shown per series, 1 to 10000 (default 30)

Exit codes: 0 shown \xB7 2 bad input (a missing, corrupt or newer-version file)`;
var HEARTBEAT = `Usage: loadgate heartbeat PROFILE [options]

Runs until stopped: every interval it sends one request, cycling through the profile's
scenarios in order (a policy check and a health check alternate), on a fixed grid (a late
probe never shifts the next). The profile's load section is not used.

Options:
  --interval D        time between probes, 100ms to 1h (default 5s)
  --listen ADDR:PORT  serve Prometheus /metrics there: 127.0.0.1:9464, :9464 (every
                      interface) or a port alone (loopback); 0 picks a free port
  --out FILE          write the results file of the whole heartbeat when it stops
  --fail-after N      failed probes in a row that make a scenario down (default 3)
  --exit-on-failure   stop and exit 1 once a scenario is down (for a CronJob or CI)
  --target URL        base URL to probe (replaces the profile's baseUrl; without a profile,
                      probes that one URL)
  --pushgateway URL   push the metrics to this Pushgateway (credentials from
                      LOADGATE_PUSHGATEWAY_TOKEN, or _USER and _PASSWORD)
  --push-every N      push every N finished probes (default 1)
  --environment E     the metrics' environment label (default: the profile's)
  --client C          the metrics' client label (default: the profile's)
  --category NAME     probe only the scenarios of this category (repeatable)
  --scenario NAME     probe only the scenario of this name (repeatable; with --category, a
                      scenario is probed when its name or its category is given)

A terminal gets one line per probe, a log one summary line a minute. Ctrl-C or SIGTERM stops
it: probes in flight end (or are cut), --out is written, exit 0.
Exit codes: 0 stopped \xB7 1 a scenario was down with --exit-on-failure \xB7 2 bad input (profile,
flags, a --listen address in use)`;
var PUSHGATEWAY = `Usage: loadgate pushgateway delete --pushgateway URL [PROFILE] [--target URL] [--layer L]
                                [--interval I]

Removes from the Pushgateway the group that "loadgate run PROFILE --pushgateway URL" pushes to
(job loadgate with the run's profile, target, layer and interval), so a profile or target you
retired stops showing in Prometheus. Nothing is sent to the target.

Options (give the ones the run had):
  --pushgateway URL   the Pushgateway, e.g. http://127.0.0.1:9091 (credentials from
                      LOADGATE_PUSHGATEWAY_TOKEN, or LOADGATE_PUSHGATEWAY_USER and _PASSWORD)
  --target URL        the run's --target (without PROFILE: the one-URL run of that URL)
  --layer L           the run's layer (default: the profile's, else manual)
  --interval I        the run's interval (default: the profile's, else manual)

Exit codes: 0 deleted (or there was nothing to delete) \xB7 2 bad input \xB7 3 the Pushgateway could
not be reached or refused`;
var DEMO = `The whole product in one command, nothing leaves this machine: starts a small demo API on
127.0.0.1, measures it with examples/demo.yml as the main branch's baseline, makes it 30 % slower
as a pull request might, measures again against the baseline, and prints the pull-request
comment and the verdict. Writes FILE, FILE-baseline.json and FILE-report.md. A profile given
(e.g. examples/shop-journey.yml: log in, browse, cart, checkout) runs instead of examples/demo.yml.`;
function flagLine(flag) {
  const usage = `--${flag.name} ${flag.placeholder}`;
  const text = flag.default ? `${flag.help} (default ${flag.default})` : flag.help;
  return `  ${usage.padEnd(18)}  ${text}`;
}
function usageOf(flags) {
  return flags.map((flag) => ` [--${flag.name} ${flag.placeholder}]`).join("");
}
function renderHelp(topic, outputFlags = []) {
  const of = (command) => outputFlags.filter((flag) => flag.commands.includes(command));
  if (topic === "run") return [RUN_HEAD, ...of("run").map(flagLine), "", RUN_TAIL].join("\n");
  if (topic === "history") return HISTORY;
  if (topic === "pushgateway") return PUSHGATEWAY;
  if (topic === "heartbeat") return HEARTBEAT;
  if (topic === "demo") {
    const lines = of("demo").map(flagLine);
    return [
      `Usage: loadgate demo [profile.yml]${usageOf(of("demo"))}`,
      "",
      DEMO,
      "",
      ...lines
    ].join("\n");
  }
  if (topic === "merge") {
    const flags = of("merge");
    const lines = flags.length ? ["", "Outputs:", ...flags.map(flagLine)] : [];
    return [`${MERGE_USAGE}${usageOf(flags)}`, "", MERGE, ...lines].join("\n");
  }
  if (topic === "compare") {
    const flags = of("compare");
    const lines = flags.length ? ["", "Outputs:", ...flags.map(flagLine)] : [];
    return [`${COMPARE_USAGE}${usageOf(flags)}`, "", COMPARE, ...lines].join("\n");
  }
  return GENERAL;
}

// src/core/cli/parse-cli-args.ts
var COMMAND_FLAGS = {
  run: [
    "target",
    "rate",
    "duration",
    "vus",
    "connections",
    "workers",
    "baseline",
    "layer",
    "interval",
    "baseline-runs",
    "category",
    "scenario",
    "environment",
    "client",
    "shard",
    "start-at",
    "baseline-target",
    "wait-for",
    "wait-for-status",
    "wait-timeout",
    "wait-for-body",
    "wait-for-header"
  ],
  compare: ["current", "baseline", "profile"],
  merge: ["baseline", "profile"],
  history: ["last"],
  pushgateway: ["pushgateway", "target", "layer", "interval"],
  heartbeat: HEARTBEAT_FLAGS,
  demo: [],
  "serve-demo": ["port", "slowdown"]
};
var COMMAND_SWITCHES = {
  run: ["confirm", "no-confirm"],
  heartbeat: HEARTBEAT_SWITCHES
};
var SWITCH_VALUES = /* @__PURE__ */ new Map([
  [
    "confirm",
    `--confirm=N, N from 0 to ${MAX_CONFIRM_REMEASURES} re-measures (--confirm alone = 1)`
  ]
]);
var HISTORY_SUBCOMMANDS = ["show"];
function parseCliArgs(argv, outputFlags = []) {
  const [command, ...rest] = argv;
  if (command === void 0 || command === "help" || command === "--help" || command === "-h") {
    return { ok: true, cli: { command: "help", ...rest[0] ? { topic: rest[0] } : {} } };
  }
  if (command === "version" || command === "--version" || command === "-v")
    return { ok: true, cli: { command: "version" } };
  const own = COMMAND_FLAGS[command];
  if (!own) {
    return {
      ok: false,
      issues: [
        {
          path: "command",
          message: `unknown command "${command}"; expected run, compare, heartbeat, demo, merge, serve-demo, history, pushgateway, help or version`
        }
      ]
    };
  }
  if (rest.includes("--help") || rest.includes("-h"))
    return { ok: true, cli: { command: "help", topic: command } };
  const outputs = outputFlags.filter((flag) => flag.commands.includes(command));
  const switches = COMMAND_SWITCHES[command] ?? [];
  const flags = [...own, ...switches, ...outputs.map((flag) => flag.name)];
  const examples = {
    ...command === "heartbeat" ? HEARTBEAT_EXAMPLES : {},
    ...Object.fromEntries(outputs.map((flag) => [flag.name, flag.example]))
  };
  const { values, lists, positionals, issues } = tokenize(
    rest,
    command,
    { flags, switches },
    examples
  );
  if (command === "history") return parseHistory(positionals, values.get("last"), issues);
  if (command === "pushgateway") return parsePushgatewayDelete(positionals, values, issues);
  if (command === "heartbeat") {
    const heartbeat = parseHeartbeatFlags(values, positionals);
    if (!heartbeat.ok) return { ok: false, issues: [...issues, ...heartbeat.issues] };
    if (issues.length > 0) return { ok: false, issues };
    return { ok: true, cli: { ...heartbeat.cli, ...readSelectionFlags(lists) } };
  }
  const maxPositionals = command === "merge" ? Number.POSITIVE_INFINITY : command === "run" || command === "demo" ? 1 : 0;
  for (const extra of positionals.slice(maxPositionals)) {
    issues.push({ path: "arguments", message: `unexpected argument "${extra}"` });
  }
  if (issues.length > 0) return { ok: false, issues };
  const str = (name) => values.get(name);
  const given = {};
  for (const { name } of outputs) {
    const value = str(name);
    if (value !== void 0) given[name] = value;
  }
  if (command === "demo") {
    const profilePath = positionals[0];
    return {
      ok: true,
      cli: { command: "demo", outputs: given, ...profilePath ? { profilePath } : {} }
    };
  }
  if (command === "serve-demo") return parseServeDemo(str("port"), str("slowdown"));
  const baselinePath = str("baseline");
  const reportPaths = { ...baselinePath ? { baselinePath } : {}, outputs: given };
  if (command === "compare") {
    const currentPath = str("current");
    if (currentPath === void 0) {
      return {
        ok: false,
        issues: [
          {
            path: "--current",
            message: "required: the results file to judge, e.g. --current loadgate-results.json"
          }
        ]
      };
    }
    const profilePath = str("profile");
    return {
      ok: true,
      cli: {
        command: "compare",
        currentPath,
        ...profilePath ? { profilePath } : {},
        ...reportPaths
      }
    };
  }
  if (command === "merge") {
    if (positionals.length === 0) {
      return {
        ok: false,
        issues: [
          {
            path: "FILE",
            message: "required: the shards' results files, e.g. loadgate merge shard-*.json --out merged.json"
          }
        ]
      };
    }
    const profilePath = str("profile");
    return {
      ok: true,
      cli: {
        command: "merge",
        shardPaths: [...positionals],
        ...profilePath ? { profilePath } : {},
        ...reportPaths
      }
    };
  }
  const overrides = {};
  const overrideKeys = [
    "target",
    "rate",
    "duration",
    "vus",
    "connections",
    "environment",
    "client",
    "shard"
  ];
  for (const key of overrideKeys) {
    const value = str(key);
    if (value !== void 0) overrides[key] = value;
  }
  const series = parseSeriesFlags(values);
  const workersText = str("workers");
  const workers = workersText === void 0 ? void 0 : checkWorkers(workersText);
  const waitFor = readWaitFor(
    {
      path: str("wait-for"),
      status: str("wait-for-status"),
      timeout: str("wait-timeout"),
      body: str("wait-for-body"),
      headers: lists.get("wait-for-header")
    },
    CLI_WAIT_FOR_LABELS
  );
  if (!series.ok || workers?.ok === false || !waitFor.ok) {
    return {
      ok: false,
      issues: [
        ...series.ok ? [] : series.issues,
        ...workers?.ok === false ? [{ path: "--workers", message: workers.message }] : [],
        ...waitFor.ok ? [] : waitFor.issues
      ]
    };
  }
  const startAt = str("start-at");
  const baselineTarget = str("baseline-target");
  return {
    ok: true,
    cli: {
      command: "run",
      ...positionals[0] ? { profilePath: positionals[0] } : {},
      overrides,
      ...startAt === void 0 ? {} : { startAt },
      ...baselineTarget === void 0 ? {} : { baselineTarget },
      ...workers?.ok ? { workers: workers.value } : {},
      ...waitFor.value ? { waitFor: waitFor.value } : {},
      ...reportPaths,
      ...series.flags,
      ...readSelectionFlags(lists)
    }
  };
}
function readSelectionFlags(lists) {
  const categories = lists.get("category") ?? [];
  const scenarios = lists.get("scenario") ?? [];
  return categories.length + scenarios.length === 0 ? {} : { selection: { categories: [...categories], scenarios: [...scenarios] } };
}
function parseSeriesFlags(values) {
  const issues = [];
  const flags = {};
  const layer = values.get("layer");
  if (layer !== void 0) {
    const known = LAYERS.find((name) => name === layer.toLowerCase());
    if (known) flags.layer = known;
    else
      issues.push({
        path: "--layer",
        message: `expected ${LAYER_FORM}, got ${describeValue(layer)}`
      });
  }
  const interval = values.get("interval");
  if (interval !== void 0) {
    const checked = checkInterval(interval);
    if (checked.ok) flags.interval = checked.value;
    else issues.push({ path: "--interval", message: checked.message });
  }
  const baselineRuns = values.get("baseline-runs");
  if (baselineRuns !== void 0) {
    const checked = checkRunCount(baselineRuns, RUN_COUNTS.baselineRuns);
    if (checked.ok) flags.baselineRuns = checked.value;
    else issues.push({ path: "--baseline-runs", message: checked.message });
  }
  const confirm = values.get("confirm");
  const noConfirm = values.has("no-confirm");
  if (confirm !== void 0 && noConfirm) {
    issues.push({ path: "--confirm", message: "give --confirm or --no-confirm, not both" });
  } else if (noConfirm) flags.confirm = 0;
  else if (confirm !== void 0) {
    const times = readConfirmTimes(confirm === "" ? "1" : confirm);
    if (times === void 0)
      issues.push({
        path: "--confirm",
        message: `expected ${SWITCH_VALUES.get("confirm")}, got ${describeValue(confirm)}`
      });
    else flags.confirm = times;
  }
  return issues.length > 0 ? { ok: false, issues } : { ok: true, flags };
}
function parseHistory(positionals, lastText, issues) {
  const [subcommand, historyPath, ...extra] = positionals;
  if (subcommand === void 0) {
    issues.push({
      path: "history",
      message: "needs a subcommand: loadgate history show FILE [--last N]"
    });
  } else if (!HISTORY_SUBCOMMANDS.includes(subcommand)) {
    issues.push({
      path: "history",
      message: `unknown subcommand "${subcommand}"; expected ${HISTORY_SUBCOMMANDS.join(", ")}`
    });
  } else if (historyPath === void 0) {
    issues.push({
      path: "FILE",
      message: "required: the history file to show, e.g. loadgate history show history.json"
    });
  }
  for (const argument of extra) {
    issues.push({ path: "arguments", message: `unexpected argument "${argument}"` });
  }
  const checked = lastText === void 0 ? void 0 : checkRunCount(lastText, RUN_COUNTS.historyShow);
  if (checked?.ok === false) issues.push({ path: "--last", message: checked.message });
  if (issues.length > 0 || historyPath === void 0) return { ok: false, issues };
  return {
    ok: true,
    cli: {
      command: "history-show",
      historyPath,
      last: checked?.ok ? checked.value : RUN_COUNTS.historyShow.default
    }
  };
}
var PUSHGATEWAY_USAGE = "loadgate pushgateway delete --pushgateway URL [PROFILE] [--target URL] [--layer L] [--interval I]";
function parsePushgatewayDelete(positionals, values, issues) {
  const [subcommand, profilePath, ...extra] = positionals;
  if (subcommand !== "delete") {
    issues.push({
      path: "pushgateway",
      message: subcommand === void 0 ? `needs a subcommand: ${PUSHGATEWAY_USAGE}` : `unknown subcommand "${subcommand}"; expected delete`
    });
  }
  for (const argument of extra) {
    issues.push({ path: "arguments", message: `unexpected argument "${argument}"` });
  }
  const urlText = values.get("pushgateway");
  const url = urlText === void 0 ? void 0 : checkPushgatewayUrl(urlText);
  if (url === void 0) {
    issues.push({
      path: "--pushgateway",
      message: "required: the Pushgateway to delete from, e.g. --pushgateway http://127.0.0.1:9091"
    });
  } else if (!url.ok) issues.push({ path: "--pushgateway", message: url.message });
  const target = values.get("target");
  if (profilePath === void 0 && target === void 0 && subcommand === "delete") {
    issues.push({
      path: "PROFILE",
      message: `required: the profile whose group to delete (or --target URL for a one-URL run): ${PUSHGATEWAY_USAGE}`
    });
  }
  const series = parseSeriesFlags(values);
  if (!series.ok) issues.push(...series.issues);
  if (issues.length > 0 || !url?.ok || !series.ok) return { ok: false, issues };
  return {
    ok: true,
    cli: {
      command: "pushgateway-delete",
      pushgatewayUrl: url.value,
      ...profilePath === void 0 ? {} : { profilePath },
      ...target === void 0 ? {} : { target },
      ...series.flags.layer ? { layer: series.flags.layer } : {},
      ...series.flags.interval ? { interval: series.flags.interval } : {}
    }
  };
}
function parseServeDemo(portText = "8080", slowdownText = "1") {
  const port = Number(portText);
  const slowdownFactor = Number(slowdownText);
  const issues = [];
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    issues.push({
      path: "--port",
      message: `expected a port number from 0 to 65535, got "${portText}"`
    });
  }
  if (!Number.isFinite(slowdownFactor) || slowdownFactor <= 0 || slowdownFactor > 100) {
    issues.push({
      path: "--slowdown",
      message: `expected a factor such as 1.3 (30 % slower), got "${slowdownText}"`
    });
  }
  return issues.length > 0 ? { ok: false, issues } : { ok: true, cli: { command: "serve-demo", port, slowdownFactor } };
}
function tokenize(args, command, known, outputExamples) {
  const { flags, switches } = known;
  const values = /* @__PURE__ */ new Map();
  const lists = /* @__PURE__ */ new Map();
  const positionals = [];
  const issues = [];
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    if (!arg.startsWith("--") || arg === "--") {
      if (arg !== "--") positionals.push(arg);
      continue;
    }
    const eq = arg.indexOf("=");
    const name = eq >= 0 ? arg.slice(2, eq) : arg.slice(2);
    let value = eq >= 0 ? arg.slice(eq + 1) : void 0;
    if (switches.includes(name)) {
      const form = SWITCH_VALUES.get(name);
      const next2 = args[i + 1];
      if (value === void 0 && form !== void 0 && next2 !== void 0 && /^\d+$/.test(next2)) {
        issues.push({ path: `--${name}`, message: `write the value after =: ${form}` });
        i++;
      } else if (value === void 0) values.set(name, "");
      else if (form !== void 0 && value === "")
        issues.push({
          path: `--${name}`,
          message: `expected ${form}, got ${describeValue(value)}`
        });
      else if (form !== void 0) values.set(name, value);
      else issues.push({ path: `--${name}`, message: `takes no value; write --${name} alone` });
      continue;
    }
    const next = args[i + 1];
    if (value === void 0 && next !== void 0 && !next.startsWith("--")) {
      value = next;
      i++;
    }
    if (!flags.includes(name)) {
      issues.push({
        path: `--${name}`,
        message: `unknown option for "${command}"; expected one of ${flags.map((f) => `--${f}`).join(", ")}`
      });
    } else if (value === void 0 || value === "") {
      const example = outputExamples[name] ?? exampleFor(name);
      issues.push({ path: `--${name}`, message: `needs a value, e.g. ${example}` });
    } else {
      values.set(name, value);
      lists.set(name, [...lists.get(name) ?? [], value]);
    }
  }
  return { values, lists, positionals, issues };
}
function exampleFor(flag) {
  const examples = {
    target: "--target http://127.0.0.1:8080",
    rate: "--rate 100 (requests per second)",
    duration: "--duration 30s",
    vus: "--vus 10",
    connections: "--connections 50",
    workers: "--workers 4 (or auto)",
    current: "--current loadgate-results.json",
    baseline: "--baseline baseline.json",
    profile: "--profile loadtest.yml",
    port: "--port 8080",
    slowdown: "--slowdown 1.3",
    layer: "--layer scheduled",
    interval: "--interval daily",
    "baseline-runs": "--baseline-runs 5",
    last: "--last 30",
    environment: "--environment staging",
    client: "--client team-a",
    pushgateway: "--pushgateway http://127.0.0.1:9091",
    category: "--category policy",
    scenario: '--scenario "health check"',
    shard: "--shard 2/4",
    "start-at": "--start-at 2026-03-01T12:00:00Z",
    "baseline-target": "--baseline-target https://main.staging.example.com",
    "wait-for": "--wait-for /healthz",
    "wait-for-status": "--wait-for-status 200",
    "wait-timeout": "--wait-timeout 10m",
    "wait-for-body": '--wait-for-body "$GITHUB_SHA"',
    "wait-for-header": `--wait-for-header "x-vercel-protection-bypass: $BYPASS_SECRET"`
  };
  return examples[flag] ?? `--${flag} VALUE`;
}

// src/shell/console-output.ts
var CI_PROGRESS_EVERY_MS = 5e3;
var ConsoleOutput = class {
  constructor(streams, nowMs) {
    this.streams = streams;
    this.nowMs = nowMs;
  }
  streams;
  nowMs;
  secrets = [];
  liveLine = false;
  lastProgressMs = Number.NEGATIVE_INFINITY;
  info(text) {
    this.endLiveLine();
    this.streams.stdout.write(`${this.clean(text)}
`);
  }
  warn(text) {
    this.endLiveLine();
    this.streams.stderr.write(`${this.clean(text, "warning: ")}
`);
  }
  error(text) {
    this.endLiveLine();
    this.streams.stderr.write(`${this.clean(text, "error: ")}
`);
  }
  progress(snapshot) {
    const line = this.clean(formatProgressLine(snapshot));
    if (this.streams.stdout.isTTY) {
      this.streams.stdout.write(`\r\x1B[2K${line}`);
      this.liveLine = true;
      return;
    }
    const now = this.nowMs();
    if (now - this.lastProgressMs < CI_PROGRESS_EVERY_MS) return;
    this.lastProgressMs = now;
    this.streams.stdout.write(`${line}
`);
  }
  progressDone() {
    this.endLiveLine();
  }
  mask(values) {
    this.secrets = [.../* @__PURE__ */ new Set([...this.secrets, ...values.filter((v) => v.length > 0)])].sort(
      (a, b) => b.length - a.length
    );
  }
  redact(text) {
    let out = text;
    for (const secret of this.secrets) out = out.split(secret).join("***");
    return out;
  }
  /**
   * Secrets masked first (a secret may hold any character), then made inert: the only control
   * characters that reach the stream are our own line ends and the live line's `\r\x1b[2K`, and
   * no line can be read as a GitHub Actions workflow command (the CLI runs in workflows too).
   */
  clean(text, prefix = "") {
    return neutralizeLogText(`${prefix}${this.redact(text)}`);
  }
  endLiveLine() {
    if (!this.liveLine) return;
    this.streams.stdout.write("\n");
    this.liveLine = false;
  }
};

// src/shell/demo-target.ts
import { createServer } from "node:http";

// src/shell/demo-latency.ts
var LOG_SIGMA = 0.35;
var MAX_MULTIPLE_OF_MEDIAN = 5;
function drawStandardNormal(uniform) {
  const radius = Math.sqrt(-2 * Math.log(1 - uniform()));
  return radius * Math.cos(2 * Math.PI * uniform());
}
function createLatencySampler(seed) {
  const uniform = createRandom(seed);
  return (medianMs) => {
    const multiple = Math.exp(LOG_SIGMA * drawStandardNormal(uniform));
    return medianMs * Math.min(multiple, MAX_MULTIPLE_OF_MEDIAN);
  };
}

// src/shell/demo-request.ts
var MAX_BODY_BYTES = 1024 * 1024;
function readRequestBodyText(req) {
  return new Promise((resolve) => {
    const chunks = [];
    let byteCount = 0;
    req.on("data", (chunk) => {
      byteCount += chunk.length;
      if (byteCount <= MAX_BODY_BYTES) chunks.push(chunk);
    });
    req.on(
      "end",
      () => resolve(byteCount <= MAX_BODY_BYTES ? Buffer.concat(chunks).toString("utf8") : void 0)
    );
    req.on("error", () => resolve(void 0));
  });
}
function parseRequestTarget(target) {
  try {
    return new URL(target ?? "/", "http://demo.invalid");
  } catch {
    return void 0;
  }
}

// src/shell/demo-catalog.ts
var PRODUCT_NAMES = [
  "Espresso beans 1 kg",
  "Pour-over kettle",
  "Ceramic dripper",
  "Paper filters (100)",
  "Hand grinder",
  "Burr grinder",
  "Milk frother",
  "Glass carafe",
  "Travel mug",
  "Digital scale",
  "Cold brew jar",
  "Moka pot",
  "French press",
  "Tamper",
  "Knock box",
  "Descaler",
  "Decaf beans 500 g",
  "Cupping spoon",
  "Barista apron",
  "Latte art pitcher"
];
var DEMO_PRODUCTS = PRODUCT_NAMES.map((name, index) => ({
  id: index + 1,
  name,
  // Deterministic but varied prices, so responses are not all the same shape of numbers.
  priceCents: 499 + index * 7919 % 9e3,
  inStock: index % 5 !== 3
}));
function findDemoProduct(id) {
  const base = DEMO_PRODUCTS[(id - 1) % DEMO_PRODUCTS.length] ?? DEMO_PRODUCTS[0];
  if (base === void 0) throw new Error("demo catalogue is empty");
  return { ...base, id };
}
function searchDemoProducts(query, limit) {
  const needle = query.trim().toLowerCase();
  return DEMO_PRODUCTS.filter((product) => product.name.toLowerCase().includes(needle)).slice(
    0,
    limit
  );
}

// src/shell/demo-shop.ts
import { randomBytes } from "node:crypto";
var DEMO_USERS = [
  { user: "ada", password: "analytical-engine" },
  { user: "grace", password: "compiler-1952" },
  { user: "alan", password: "enigma-bombe" },
  { user: "edsger", password: "shortest-path" },
  { user: "barbara", password: "substitution" }
];
var DEFAULT_MAX_TOKENS = 1e4;
var DEFAULT_MAX_CARTS = 1e4;
var DEFAULT_MAX_CART_LINES = 100;
function makeRandomId(prefix) {
  return `${prefix}${randomBytes(12).toString("base64url")}`;
}
function putCapped(map, key, value, cap) {
  map.set(key, value);
  while (map.size > cap) {
    const oldest = map.keys().next();
    if (oldest.done === true) break;
    map.delete(oldest.value);
  }
}
function createDemoShop(limits = {}) {
  const maxTokens = limits.maxTokens ?? DEFAULT_MAX_TOKENS;
  const maxCarts = limits.maxCarts ?? DEFAULT_MAX_CARTS;
  const maxCartLines = limits.maxCartLines ?? DEFAULT_MAX_CART_LINES;
  const newId = limits.newId ?? makeRandomId;
  const passwords = new Map(DEMO_USERS.map(({ user, password }) => [user, password]));
  const tokens = /* @__PURE__ */ new Map();
  const carts = /* @__PURE__ */ new Map();
  return {
    logIn(user, password) {
      if (passwords.get(user) !== password) return void 0;
      const token = newId("t_");
      putCapped(tokens, token, user, maxTokens);
      return token;
    },
    isKnownToken: (token) => tokens.has(token),
    openCart() {
      const cartId = newId("c_");
      putCapped(carts, cartId, /* @__PURE__ */ new Map(), maxCarts);
      return cartId;
    },
    readCart: (cartId) => carts.get(cartId),
    addItem(cartId, productId, quantity) {
      const cart = carts.get(cartId);
      if (cart === void 0) return "no-cart";
      const current = cart.get(productId);
      if (current === void 0 && cart.size >= maxCartLines) return "cart-full";
      cart.set(productId, (current ?? 0) + quantity);
      return "added";
    },
    checkOut(cartId) {
      const cart = carts.get(cartId);
      if (cart === void 0) return void 0;
      carts.delete(cartId);
      let totalCents = 0;
      let itemCount = 0;
      for (const [productId, quantity] of cart) {
        totalCents += findDemoProduct(productId).priceCents * quantity;
        itemCount += quantity;
      }
      return { totalCents, itemCount };
    },
    size: () => ({ tokens: tokens.size, carts: carts.size })
  };
}

// src/shell/demo-routes.ts
var PRODUCT_PATH = /^\/api\/products\/([^/]+)$/;
var PRODUCT_ID = /^[1-9]\d{0,8}$/;
var SEARCH_RESULT_LIMIT = 10;
var CART_PATH = /^\/api\/cart(?:\/([^/]+)(\/items|\/checkout)?)?$/;
var BEARER = /^Bearer +(\S+)$/i;
var MAX_QUANTITY = 1e3;
function answerJson(status, value, medianLatencyMs) {
  return { status, contentType: "application/json", body: JSON.stringify(value), medianLatencyMs };
}
function answerText(status, text, medianLatencyMs) {
  return { status, contentType: "text/plain", body: text, medianLatencyMs };
}
function looksLikeSqlInjection(query) {
  const lower = query.toLowerCase();
  if (!lower.includes("'")) return false;
  return /\bor\b/.test(lower) || lower.includes("union") || lower.includes("--");
}
function parseJson(text) {
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch {
    return { ok: false };
  }
}
function parseJsonObject(text) {
  const parsed = parseJson(text);
  const value = parsed.ok ? parsed.value : void 0;
  return typeof value === "object" && value !== null && !Array.isArray(value) ? value : void 0;
}
function readCount(value, max) {
  const text = typeof value === "number" ? String(value) : value;
  if (typeof text !== "string" || !PRODUCT_ID.test(text)) return void 0;
  const count = Number(text);
  return count <= max ? count : void 0;
}
var UNAUTHORIZED = {
  ...answerJson(401, { error: "send authorization: Bearer <token> from POST /auth/token" }, 1),
  headers: { "www-authenticate": "Bearer" }
};
function answerLogIn(shop, bodyText) {
  const fields = parseJsonObject(bodyText);
  if (typeof fields?.user !== "string" || typeof fields.password !== "string") {
    return answerJson(400, { error: 'expected JSON {"user": "\u2026", "password": "\u2026"}' }, 2);
  }
  const token = shop.logIn(fields.user, fields.password);
  if (token === void 0) return answerJson(401, { error: "unknown user or wrong password" }, 12);
  return answerJson(200, { token, tokenType: "Bearer" }, 12);
}
function answerCart(shop, request, cartId, action, nextOrderId) {
  const token = BEARER.exec(request.authorization ?? "")?.[1];
  if (token === void 0 || !shop.isKnownToken(token)) return UNAUTHORIZED;
  const { method } = request;
  if (cartId === void 0) {
    if (method !== "POST") return answerJson(404, { error: "not found" }, 0);
    const newCartId = shop.openCart();
    return {
      ...answerJson(201, { cartId: newCartId }, 6),
      headers: { location: `/api/cart/${encodeURIComponent(newCartId)}` }
    };
  }
  const cartNotFound = answerJson(404, { error: "cart not found" }, 2);
  if (action === void 0 && method === "GET") {
    const cart = shop.readCart(cartId);
    if (cart === void 0) return cartNotFound;
    const items = [...cart].map(([productId, qty]) => ({ productId, qty }));
    return answerJson(200, { cartId, items }, 3);
  }
  if (action === "/items" && method === "POST") {
    if (shop.readCart(cartId) === void 0) return cartNotFound;
    const fields = parseJsonObject(request.bodyText);
    const productId = readCount(fields?.productId, Number.MAX_SAFE_INTEGER);
    if (productId === void 0) return answerJson(400, { error: "unknown productId" }, 2);
    const qty = fields?.qty === void 0 ? 1 : readCount(fields.qty, MAX_QUANTITY);
    if (qty === void 0) {
      return answerJson(400, { error: `qty must be a whole number from 1 to ${MAX_QUANTITY}` }, 2);
    }
    if (shop.addItem(cartId, productId, qty) === "cart-full") {
      return answerJson(409, { error: "the cart holds too many different products" }, 2);
    }
    return answerJson(200, { cartId, productId, qty }, 5);
  }
  if (action === "/checkout" && method === "POST") {
    const order = shop.checkOut(cartId);
    if (order === void 0) return cartNotFound;
    return answerJson(200, { orderId: nextOrderId(), cartId, ...order }, 15);
  }
  return answerJson(404, { error: "not found" }, 0);
}
function createDemoRouter(shop = createDemoShop()) {
  let lastOrderId = 1e3;
  const nextOrderId = () => {
    lastOrderId += 1;
    return lastOrderId;
  };
  return (request) => {
    const { method, pathname, searchParams, bodyText } = request;
    if (method === "GET" && pathname === "/healthz") return answerText(200, "ok", 0);
    if (method === "GET" && pathname === "/api/products") return answerJson(200, DEMO_PRODUCTS, 4);
    const productMatch = method === "GET" ? PRODUCT_PATH.exec(pathname) : null;
    if (productMatch) {
      const idText = productMatch[1] ?? "";
      if (!PRODUCT_ID.test(idText)) return answerJson(404, { error: "product not found" }, 3);
      return answerJson(200, findDemoProduct(Number(idText)), 3);
    }
    if (method === "POST" && pathname === "/api/orders") {
      const parsed = parseJson(bodyText);
      if (!parsed.ok) return answerJson(400, { error: "body must be valid JSON" }, 8);
      return answerJson(201, { id: nextOrderId(), status: "created" }, 8);
    }
    if (method === "POST" && pathname === "/auth/token") return answerLogIn(shop, bodyText);
    const cartMatch = CART_PATH.exec(pathname);
    if (cartMatch) return answerCart(shop, request, cartMatch[1], cartMatch[2], nextOrderId);
    if (method === "GET" && pathname === "/search") {
      const query = searchParams.get("q") ?? "";
      if (looksLikeSqlInjection(query)) return answerText(403, "blocked by policy", 1);
      const results = searchDemoProducts(query, SEARCH_RESULT_LIMIT);
      return answerJson(200, { query, count: results.length, results }, 5);
    }
    return answerJson(404, { error: "not found" }, 0);
  };
}

// src/shell/demo-target.ts
var DEFAULT_SEED = 279822558;
var KEEP_ALIVE_TIMEOUT_MS = 65e3;
function checkSlowdownFactor(factor) {
  if (!Number.isFinite(factor) || factor < 0) {
    throw new RangeError(`slowdownFactor must be a finite number >= 0, got ${factor}`);
  }
  return factor;
}
function sendAnswer(res, answer) {
  if (res.destroyed) return;
  res.writeHead(answer.status, {
    ...answer.headers,
    "content-type": `${answer.contentType}; charset=utf-8`,
    "content-length": Buffer.byteLength(answer.body)
  });
  res.end(answer.body);
}
async function startDemoTarget(options = {}) {
  const host = options.host ?? "127.0.0.1";
  let slowdownFactor = checkSlowdownFactor(options.slowdownFactor ?? 1);
  const drawLatencyMs = createLatencySampler(options.seed ?? DEFAULT_SEED);
  const route = createDemoRouter();
  const pendingTimers = /* @__PURE__ */ new Set();
  let receivedCount = 0;
  async function handleRequest(req, res) {
    receivedCount += 1;
    const factorAtArrival = slowdownFactor;
    const bodyText = await readRequestBodyText(req);
    if (bodyText === void 0) {
      sendAnswer(res, { status: 413, contentType: "text/plain", body: "body too large" });
      return;
    }
    const url = parseRequestTarget(req.url);
    if (url === void 0) {
      sendAnswer(res, { status: 400, contentType: "text/plain", body: "bad request target" });
      return;
    }
    const answer = route({
      method: req.method ?? "GET",
      pathname: url.pathname,
      searchParams: url.searchParams,
      bodyText,
      authorization: req.headers.authorization
    });
    if (answer.medianLatencyMs <= 0) {
      sendAnswer(res, answer);
      return;
    }
    const latencyMs = drawLatencyMs(answer.medianLatencyMs) * factorAtArrival;
    const timer = setTimeout(() => {
      pendingTimers.delete(timer);
      sendAnswer(res, answer);
    }, latencyMs);
    pendingTimers.add(timer);
  }
  const server = createServer(
    { keepAliveTimeout: KEEP_ALIVE_TIMEOUT_MS },
    (req, res) => void handleRequest(req, res)
  );
  await new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, host, () => {
      server.off("error", reject);
      resolve();
    });
  });
  const { port } = server.address();
  const urlHost = host.includes(":") ? `[${host}]` : host;
  let closing;
  return {
    url: `http://${urlHost}:${port}`,
    setSlowdownFactor(factor) {
      slowdownFactor = checkSlowdownFactor(factor);
    },
    requestCount: () => receivedCount,
    close() {
      closing ??= new Promise((resolve) => {
        for (const timer of pendingTimers) clearTimeout(timer);
        pendingTimers.clear();
        server.close(() => resolve());
        server.closeAllConnections();
      });
      return closing;
    }
  };
}

// src/shell/heartbeat/metrics-server.ts
import { createServer as createServer2 } from "node:http";
var EXPOSITION_CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";
function describeListenError(error, where) {
  switch (error.code) {
    case "EADDRINUSE":
      return `${where} is already in use (another heartbeat or exporter?); choose another port`;
    case "EADDRNOTAVAIL":
      return `${where} is not an address of this machine`;
    case "EACCES":
      return `${where} needs privileges to listen on (ports below 1024); choose a port from 1024`;
    case "ENOTFOUND":
    case "EAI_AGAIN":
      return `${where}: the host name does not resolve`;
    default:
      return `cannot listen on ${where}: ${error.message}`;
  }
}
function urlOf(server, requested) {
  const { port, address, family } = server.address();
  const host = requested.host ?? address;
  const shown = family === "IPv6" && host.includes(":") ? `[${host}]` : host;
  return `http://${shown}:${port}/metrics`;
}
var nodeMetricsEndpoint = {
  serve(address, render) {
    const server = createServer2((req, res) => {
      const path = (req.url ?? "/").split("?")[0];
      if (path !== "/metrics") {
        res.writeHead(404, { "content-type": "text/plain; charset=utf-8" });
        res.end("not found: metrics are at /metrics\n");
        return;
      }
      if (req.method !== "GET" && req.method !== "HEAD") {
        res.writeHead(405, { allow: "GET, HEAD" });
        res.end();
        return;
      }
      let body;
      try {
        body = render();
      } catch (error) {
        res.writeHead(500, { "content-type": "text/plain; charset=utf-8" });
        res.end(`internal error: ${error instanceof Error ? error.message : String(error)}
`);
        return;
      }
      res.writeHead(200, {
        "content-type": EXPOSITION_CONTENT_TYPE,
        "content-length": Buffer.byteLength(body)
      });
      res.end(req.method === "HEAD" ? void 0 : body);
    });
    const where = `${address.host ?? ""}:${address.port}`;
    return new Promise((resolve) => {
      const onError = (error) => {
        resolve({ ok: false, message: describeListenError(error, where) });
      };
      server.once("error", onError);
      server.listen({ port: address.port, ...address.host ? { host: address.host } : {} }, () => {
        server.off("error", onError);
        let closing;
        resolve({
          ok: true,
          url: urlOf(server, address),
          close: () => {
            closing ??= new Promise((done) => {
              server.close(() => done());
              server.closeAllConnections();
            });
            return closing;
          }
        });
      });
    });
  }
};

// src/shell/heartbeat/probe-engine.ts
var import_undici = __toESM(require_undici(), 1);
var CONNECT_TIMEOUT_MS = 5e3;
var KEEP_ALIVE_IDLE_MS = 4e3;
var PROBE_DRAIN_MS = 2e3;
var UndiciProbeEngine = class {
  /** @param makeDeadlines builds the run's deadline sweeper (tests look at it). */
  constructor(clock, makeDeadlines = (timeoutsMs, nowMs) => new DeadlineSweeper(timeoutsMs, nowMs)) {
    this.clock = clock;
    this.makeDeadlines = makeDeadlines;
  }
  clock;
  makeDeadlines;
  async run(profile, options) {
    const { recorder, intervalMs, signal } = options;
    const { origin } = splitBaseUrl(profile.baseUrl);
    const connections = chooseProbeConnections(profile.load.connections);
    const tls = buildTlsOptions(profile);
    const http2 = profile.protocol === "http2";
    const pool = new import_undici.Pool(origin.origin, {
      connections,
      pipelining: 1,
      connect: { timeout: CONNECT_TIMEOUT_MS, ...tls },
      ...http2 ? { allowH2: true } : {},
      // Below the 5 s idle timeout many servers use without saying so: reusing a connection the
      // server is closing at that moment fails a probe that would have succeeded, and a false
      // failure pages someone. At the default 5 s interval each probe connects afresh (as a
      // blackbox prober does); shorter intervals reuse the connection. A server's keep-alive
      // hint still sets its own timeout.
      keepAliveTimeout: KEEP_ALIVE_IDLE_MS,
      keepAliveMaxTimeout: 6e5
    });
    prepareHistograms();
    const templates = buildRequestTemplates(profile);
    const nowMs = () => this.clock.nowMs();
    const deadlines = this.makeDeadlines(listLaneTimeoutsMs(templates), nowMs);
    const sender = new RequestSender(
      pool,
      templates,
      recorder,
      nowMs,
      deadlines,
      { origin: origin.origin, connections, connectTimeoutMs: CONNECT_TIMEOUT_MS, tls }
    );
    const schedule = new ProbeSchedule(recorder.startMs, intervalMs, profile.scenarios.length);
    let inFlight = 0;
    let stopped = false;
    let timer;
    let onIdle;
    const restIfIdle = () => {
      if (inFlight > 0) return;
      deadlines.sweep();
      deadlines.stop();
    };
    const done = () => {
      inFlight--;
      if (inFlight > 0) return;
      setImmediate(restIfIdle);
      onIdle?.();
    };
    const arm = () => {
      const waitMs = Math.max(0, Math.ceil(schedule.nextDueMs() - nowMs()));
      timer = setTimeout(fire, waitMs);
    };
    const fire = () => {
      timer = void 0;
      if (stopped) return;
      const releasedMs = nowMs();
      const probe = schedule.take(releasedMs);
      if (probe !== void 0) {
        recorder.onReleased(probe.scenario, probe.intendedMs, releasedMs, probe.missedSlots);
        inFlight++;
        deadlines.start();
        sender.send(probe.scenario, probe.intendedMs, done);
      }
      arm();
    };
    await new Promise((resolve) => {
      const stop = () => {
        stopped = true;
        if (timer !== void 0) clearTimeout(timer);
        resolve();
      };
      if (signal.aborted) stop();
      else {
        signal.addEventListener("abort", stop, { once: true });
        fire();
      }
    });
    if (inFlight > 0) {
      await new Promise((resolve) => {
        const cut2 = setTimeout(resolve, PROBE_DRAIN_MS);
        onIdle = () => {
          clearTimeout(cut2);
          resolve();
        };
      });
    }
    sender.stopping = true;
    const cut = inFlight > 0;
    await Promise.all([cut ? pool.destroy() : pool.close(), sender.closeOtherOrigins(cut)]);
    deadlines.stop();
  }
};

// src/shell/stop-signals.ts
var STOP_SIGNALS = {
  SIGINT: 130,
  SIGTERM: 143,
  // A closed terminal or SSH session: the measured results are as worth keeping as on Ctrl-C.
  SIGHUP: 129
};
function listenForStopSignals(output) {
  const controller = new AbortController();
  const onSignal = (name) => {
    if (controller.signal.aborted) {
      process.exit(STOP_SIGNALS[name] ?? 130);
    }
    output.warn(
      `${name}: stopping; writing the results measured so far (send it again to quit at once)`
    );
    controller.abort();
  };
  const names = Object.keys(STOP_SIGNALS);
  for (const name of names) process.on(name, onSignal);
  return {
    signal: controller.signal,
    dispose: () => {
      for (const name of names) process.off(name, onSignal);
    }
  };
}

// src/cli-main.ts
var ExitCode = {
  ok: 0,
  gateFailed: 1,
  badInput: 2,
  targetUnusable: 3,
  interrupted: 130
};
function exitCodeOf(outcome) {
  switch (outcome.kind) {
    case "bad-input":
      return ExitCode.badInput;
    case "target-unusable":
      return ExitCode.targetUnusable;
    case "interrupted":
      return ExitCode.interrupted;
    case "demonstrated":
      return ExitCode.ok;
    case "judged":
      return outcome.run.verdict.level === "fail" ? ExitCode.gateFailed : ExitCode.ok;
    case "shard-measured":
      return outcome.status === "interrupted" ? ExitCode.interrupted : ExitCode.ok;
  }
}
var DEMO_PROFILE_PATH = fileURLToPath(new URL("../examples/demo.yml", import.meta.url));
async function runCli(argv) {
  const clock = systemClock;
  const output = new ConsoleOutput({ stdout: process.stdout, stderr: process.stderr }, clock.nowMs);
  const parsed = parseCliArgs(argv, OUTPUT_FLAGS);
  if (!parsed.ok) {
    output.error(`${formatIssues(parsed.issues, "arguments")}
Run "loadgate help" for usage.`);
    return ExitCode.badInput;
  }
  const { cli } = parsed;
  if (cli.command === "help") {
    output.info(renderHelp(cli.topic, OUTPUT_FLAGS));
    return ExitCode.ok;
  }
  if (cli.command === "version") {
    output.info(VERSION);
    return ExitCode.ok;
  }
  if (cli.command === "serve-demo") return serveDemo(cli.port, cli.slowdownFactor, output);
  const stop = listenForStopSignals(output);
  try {
    const pushAuth = readPushgatewayAuth(process.env);
    output.mask(pushAuth.secrets);
    const deps = {
      engine: chooseEngine(cli, output),
      files: new NodeFileStore(),
      output,
      environment: await readRunEnvironment(process.env),
      signal: stop.signal,
      pusher: new PushgatewayClient({ auth: pushAuth })
    };
    if (cli.command === "demo") {
      const outcome2 = await runDemo(
        {
          demoProfilePath: cli.profilePath ?? DEMO_PROFILE_PATH,
          outputs: cliSettings(cli.outputs)
        },
        { ...deps, startDemoTarget: () => startDemoTarget() }
      );
      return exitCodeOf(outcome2);
    }
    if (cli.command === "compare") {
      stop.dispose();
      const { command: _2, outputs: outputs2, ...request2 } = cli;
      return exitCodeOf(await compareResults({ ...request2, outputs: cliSettings(outputs2) }, deps));
    }
    if (cli.command === "merge") {
      stop.dispose();
      const { command: _2, outputs: outputs2, ...request2 } = cli;
      return exitCodeOf(await mergeShards({ ...request2, outputs: cliSettings(outputs2) }, deps));
    }
    if (cli.command === "history-show") {
      stop.dispose();
      return showHistory(cli.historyPath, cli.last, deps.files, output);
    }
    if (cli.command === "heartbeat") {
      const { command: _2, ...request2 } = cli;
      const outcome2 = await runHeartbeat(
        { ...request2, lines: process.stdout.isTTY ? "probe" : "minute" },
        { ...deps, probes: new UndiciProbeEngine(clock), metrics: nodeMetricsEndpoint, clock }
      );
      return outcome2.kind === "bad-input" ? ExitCode.badInput : outcome2.kind === "down" ? ExitCode.gateFailed : ExitCode.ok;
    }
    if (cli.command === "pushgateway-delete") {
      stop.dispose();
      const { command: _2, ...request2 } = cli;
      const deleted = await deletePushgatewayGroup(request2, { ...deps, env: process.env });
      return deleted === "deleted" ? ExitCode.ok : deleted === "bad-input" ? ExitCode.badInput : ExitCode.targetUnusable;
    }
    const {
      command: _,
      outputs,
      layer,
      interval,
      baselineRuns,
      confirm,
      workers: _workers,
      baselineTarget,
      ...request
    } = cli;
    const settings = cliSettings(outputs);
    const historyPath = settings.valueOf(HISTORY_OPTION);
    let memory;
    if (historyPath !== void 0) {
      const read = await readHistoryFrom(historyPath, "--history", deps.files);
      if (!read.ok) {
        output.error(formatIssues(read.issues, "input"));
        return ExitCode.badInput;
      }
      memory = {
        history: read.history,
        notes: read.notes,
        given: { ...layer ? { layer } : {}, ...interval ? { interval } : {} },
        event: { name: "" },
        facts: {},
        baselineRuns: baselineRuns ?? RUN_COUNTS.baselineRuns.default,
        rolling: request.baselinePath === void 0,
        confirm: (confirm ?? 0) > 0,
        trendRows: RUN_COUNTS.trendRuns.default,
        nowMs: clock.epochMs()
      };
    } else if (baselineRuns !== void 0) {
      output.error(
        formatIssues(
          [
            {
              path: "--baseline-runs",
              message: "applies to runs that keep a history: add --history FILE"
            }
          ],
          "arguments"
        )
      );
      return ExitCode.badInput;
    } else if (confirm !== void 0 && request.baselinePath === void 0 && baselineTarget === void 0) {
      output.error(
        formatIssues(
          [
            {
              path: "--confirm",
              message: "applies to runs compared with a baseline: add --baseline FILE or --baseline-target URL (a regression is re-measured before it fails) or --history FILE"
            }
          ],
          "arguments"
        )
      );
      return ExitCode.badInput;
    }
    const given = { ...layer ? { layer } : {}, ...interval ? { interval } : {} };
    const outcome = await runLoadTest(
      {
        ...request,
        outputs: settings,
        ...baselineTarget === void 0 ? {} : { sideBySide: { baselineTarget } },
        ...memory ? { memory } : { series: { given, event: { name: "" } } },
        ...confirm === void 0 ? {} : { confirm }
      },
      {
        ...deps,
        onResultsWritten: stop.dispose,
        nowEpochMs: () => clock.epochMs(),
        readiness: new UndiciReadinessProbe(clock)
      }
    );
    return exitCodeOf(outcome);
  } finally {
    stop.dispose();
  }
}
function chooseEngine(cli, output) {
  if (cli.command !== "run") return new UndiciEngine(systemClock);
  const chosen = chooseLoadEngine(cli.workers ?? DEFAULT_WORKERS, systemClock, "--workers");
  if (chosen.note !== void 0) output.info(chosen.note);
  return chosen.engine;
}
async function showHistory(path, last, files, output) {
  let text;
  try {
    text = await files.readText(path);
  } catch (error) {
    output.error(
      formatIssues(
        [{ path: "FILE", message: `cannot read ${path}: ${describeReadError(error)}` }],
        "arguments"
      )
    );
    return ExitCode.badInput;
  }
  const read = readHistoryFile(text, path);
  if (!read.ok) {
    output.error(formatIssues(read.issues, "history file"));
    return ExitCode.badInput;
  }
  const bySeries = /* @__PURE__ */ new Map();
  for (const entry of read.history.entries) {
    const key = JSON.stringify([entry.profile, entry.layer, entry.interval]);
    bySeries.set(key, [...bySeries.get(key) ?? [], entry]);
  }
  if (bySeries.size === 0) output.info(`${path}: no runs yet`);
  for (const entries of bySeries.values()) output.info(renderTrendText(entries, { last }));
  return ExitCode.ok;
}
async function serveDemo(port, slowdownFactor, output) {
  const target = await startDemoTarget({ port, slowdownFactor });
  output.info(`demo API on ${target.url} (slowdown ${slowdownFactor}); Ctrl-C to stop`);
  await new Promise((resolve) => {
    process.once("SIGINT", () => resolve());
    process.once("SIGTERM", () => resolve());
  });
  await target.close();
  return ExitCode.ok;
}

// src/cli.ts
runCli(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error) => {
    process.stderr.write(
      `loadgate: internal error: ${error instanceof Error ? error.stack ?? error.message : String(error)}
`
    );
    process.exitCode = 70;
  }
);
