import { createRequire as __loadgateCreateRequire } from 'node:module'; const require = __loadgateCreateRequire(import.meta.url);
import {
  ACCEPT_SCOPES,
  ACTION_WAIT_FOR_LABELS,
  DEFAULT_ACCEPT_LABEL,
  DEFAULT_MAX_CHARS,
  DEFAULT_WORKERS,
  DETAILS_CLOSE,
  LAYERS,
  LAYER_FORM,
  MAX_CONFIRM_REMEASURES,
  NodeFileStore,
  OUTPUT_INPUTS,
  PushgatewayClient,
  RUN_COUNTS,
  SINKS,
  UndiciReadinessProbe,
  actionSettings,
  checkInterval,
  checkRunCount,
  checkShard,
  checkWorkers,
  chooseLoadEngine,
  cutText,
  defaultRules,
  deliverJudged,
  deliverMeasured,
  describeNoShards,
  escapeText,
  failsStep,
  findAcceptanceRecord,
  findLatestLabelEvent,
  findLostSections,
  formatCodeSpan,
  formatIssues,
  formatIssuesInline,
  formatProgressLine,
  iconOfLevel,
  isSideBySidePair,
  joinBlocks,
  judgeResults,
  loadHistoryArtifacts,
  loadProfile,
  loadProfileRules,
  maskUrlText,
  mergeResults,
  mergeSections,
  messageOf,
  normalizeSectionKey,
  orderSections,
  parseSections,
  planAction,
  prepareMemory,
  pullRequestArtifactName,
  pullRequestBaselineSideArtifactName,
  pullRequestConfirmationArtifactName,
  readConfirmTimes,
  readPushgatewayAuth,
  readResultsFile,
  readResultsFrom,
  readRunEnvironment,
  readWaitFor,
  releaseArtifactName,
  renderBulletList,
  renderCommentMarker,
  renderRemark,
  renderSectionBlock,
  renderTable,
  resolveConfirm,
  runLoadTest,
  sectionAnchorId,
  selectShardArtifacts,
  shardArtifactName,
  splitHeaderLines,
  systemClock,
  truncateBlocks,
  upsertSection
} from "./chunks/chunk-M6MBWBUI.js";
import {
  describeValue,
  formatCount,
  formatLatencyMs,
  formatPercent,
  formatRate,
  neutralizeLogText,
  quoteForTerminal,
  splitNameList
} from "./chunks/chunk-WAXALGBR.js";
import {
  Octokit,
  error,
  getInput,
  info,
  legacyRestEndpointMethods,
  notice,
  paginateRest,
  requestLog,
  require_light,
  retry,
  setFailed,
  setOutput,
  setSecret,
  summary,
  warning
} from "./chunks/chunk-PWR5C5CU.js";
import {
  __toESM
} from "./chunks/chunk-MVY2A3H3.js";

// src/main.ts
import { tmpdir } from "node:os";

// src/app/resolve-baseline.ts
function baselineTempPath(tempDir) {
  return `${tempDir}/loadgate-baseline.json`;
}
async function resolveBaseline(context, query, deps) {
  const pr = context.pullRequest;
  if (!pr || !context.workflowFile)
    return { note: "No baseline: not a pull request of a known workflow." };
  const repo = { owner: context.owner, repo: context.repo };
  try {
    const checked = await deps.readPullRequest(pr.number).catch(() => void 0);
    const lookup = await deps.store.find({
      repo,
      workflowFile: context.workflowFile,
      branch: query.branch,
      ...checked?.mergeBaseSha ? { mergeBaseSha: checked.mergeBaseSha } : {},
      artifactName: query.artifactName
    });
    if (lookup.kind === "none") return { note: `No baseline yet: ${lookup.reason}` };
    const { ref } = lookup;
    const text = await deps.store.download(repo, ref);
    const read = readResultsFile(text, `baseline artifact ${ref.artifactName} of run ${ref.runId}`);
    if (!read.ok) {
      const why = formatIssuesInline(read.issues);
      deps.output.warn(`ignoring the baseline: ${why}`);
      return {
        note: `No usable baseline: the artifact of run ${ref.runId} is not a valid results file.`
      };
    }
    const path = baselineTempPath(query.tempDir);
    await deps.files.writeText(path, text);
    const info2 = {
      commit: ref.commit,
      ref: `refs/heads/${ref.branch}`,
      runId: String(ref.runId),
      runUrl: ref.runUrl,
      date: ref.createdAt
    };
    const nearest = lookup.exactMergeBase ? [] : ["The baseline is the nearest earlier run on the base branch, not the merge base itself."];
    return {
      path,
      result: read.result,
      info: info2,
      ...nearest.length ? { note: nearest[0] } : {}
    };
  } catch (error2) {
    deps.output.warn(`could not get the baseline (${messageOf(error2)}); comparing without one`);
    return {
      note: "No baseline: looking it up failed (see the log); absolute thresholds were still checked."
    };
  }
}
async function resolveReleaseBaseline(repo, query, deps) {
  try {
    const release = await deps.releases.latestRelease(repo);
    if (!release) return { note: "No baseline: the repository has no published release yet." };
    const name = query.releaseArtifactName(release.tag);
    const listed = await deps.artifacts.listByName(repo, name, 1);
    const ref = listed.usable[0];
    if (!ref) {
      const why = listed.newestExpired ? `its artifact ${name} has expired` : `no run kept its results (artifact ${name}); run loadgate on the release event to keep them`;
      return { note: `No baseline: release ${release.tag} is the latest, but ${why}.` };
    }
    const text = await deps.artifacts.download(repo, ref);
    const read = readResultsFile(text, `release baseline ${name} of run ${ref.runId}`);
    if (!read.ok) {
      deps.output.warn(`ignoring the release baseline: ${formatIssuesInline(read.issues)}`);
      return {
        note: `No usable baseline: the artifact of release ${release.tag} is not a valid results file.`
      };
    }
    const path = `${query.tempDir}/loadgate-release-baseline.json`;
    await deps.files.writeText(path, text);
    return {
      path,
      result: read.result,
      info: {
        ...ref.commit ? { commit: ref.commit } : {},
        ref: release.tag,
        runId: String(ref.runId),
        ...ref.runUrl ? { runUrl: ref.runUrl } : {},
        date: read.result.startedAt
      },
      note: `Compared with release ${release.tag} (published ${release.publishedAt.slice(0, 10)}), the newest published release.`
    };
  } catch (error2) {
    deps.output.warn(
      `could not get the release baseline (${messageOf(error2)}); comparing without one`
    );
    return {
      note: "No baseline: looking up the latest release failed (see the log); absolute thresholds were still checked."
    };
  }
}

// src/app/run-action.ts
function runDepsOf(deps, action) {
  return {
    engine: deps.engine,
    files: deps.files,
    output: deps.output,
    environment: deps.environment,
    ...deps.nowMs ? { nowEpochMs: deps.nowMs } : {},
    ...deps.pusher ? { pusher: deps.pusher } : {},
    ...deps.readiness ? { readiness: deps.readiness } : {},
    action
  };
}
async function runAction(config, deps) {
  const { output, context } = deps;
  const plan = planAction(config, context);
  const repo = context ? { owner: context.owner, repo: context.repo } : void 0;
  const sideBySide = config.baselineTarget !== void 0 && plan.findBaseline;
  const baseline = sideBySide ? {
    ...config.baselinePath ? { path: config.baselinePath } : {},
    note: SIDE_BY_SIDE_NOTE
  } : await resolveActionBaseline(config, plan, deps);
  if (config.baselineTarget !== void 0 && !sideBySide) {
    output.info(
      `input baseline-target applies to pull requests: this ${context?.eventName ?? "local"} run is measured alone, as the baseline branch's runs always are`
    );
  }
  if (baseline.note) output.info(baseline.note);
  const described = context ? describeActionRun(config, context) : void 0;
  const acceptance = await prepareAcceptance(config, context, deps);
  const memory = plan.keepHistory && context && described && repo && deps.artifacts ? await prepareActionMemory(config, context, described, deps.artifacts, deps, baseline) : void 0;
  return runLoadTest(
    {
      ...measureRequestOf(config),
      marker: config.artifactName,
      ...baseline.path ? { baselinePath: baseline.path } : {},
      ...baseline.result ? { baselineResult: baseline.result } : {},
      baselineLabel: config.baselinePath ? "input baseline-path" : "the downloaded baseline",
      ...baseline.info ? { baselineInfo: baseline.info } : {},
      ...baseline.note ? { notes: [baseline.note] } : {},
      ...plan.saveBaseline && deps.baselines || plan.releaseTag ? { baselineCandidate: true } : {},
      ...memory ? { memory } : {},
      ...acceptance ? { acceptance } : {},
      ...described ? { series: described.series, runFacts: described.facts } : {},
      confirm: resolveConfirm(config.confirm, context?.eventName ?? "", memory !== void 0),
      ...sideBySide && config.baselineTarget !== void 0 ? {
        sideBySide: {
          baselineTarget: config.baselineTarget,
          label: "input baseline-target",
          targetLabel: "input target"
        }
      } : {}
    },
    runDepsOf(deps, actionPortsOf(config, plan, deps))
  );
}
var SIDE_BY_SIDE_NOTE = "Measured side by side against input baseline-target: the base branch's stored baseline was not used for this run (the base branch's own runs still save it).";
function actionPortsOf(config, plan, deps) {
  const { context } = deps;
  const repo = context ? { owner: context.owner, repo: context.repo } : void 0;
  const commentOn = plan.comment ? context?.pullRequest?.number : void 0;
  return {
    config,
    io: deps.io,
    ...repo ? { repo } : {},
    ...deps.baselines ? { baselines: deps.baselines } : {},
    ...deps.comments ? { comments: deps.comments } : {},
    ...commentOn !== void 0 ? { commentOn } : {},
    ...context?.runId !== void 0 ? { runStamp: { runId: context.runId, attempt: context.runAttempt ?? 1 } } : {},
    ...deps.artifacts ? { artifacts: deps.artifacts } : {},
    ...deps.runArtifacts ? { runArtifacts: deps.runArtifacts } : {},
    ...deps.issues ? { issues: deps.issues } : {},
    // A pull request's results are kept for the label events that re-judge them (a measuring
    // step: shards and their merge job are not re-judged by label events, see isLabelEvent).
    ...context?.pullRequest && config.acceptScope !== "none" && config.mode === "run" && !config.shard ? { keepResultsForLabel: true } : {},
    tempDir: deps.tempDir,
    ...plan.releaseTag ? { releaseTag: plan.releaseTag } : {},
    ...context?.workflowFile ? { workflowFile: context.workflowFile } : {},
    ...context ? { repoUrl: `${context.serverUrl}/${context.owner}/${context.repo}` } : {}
  };
}
function measureRequestOf(config) {
  return {
    ...config.profilePath ? { profilePath: config.profilePath } : {},
    overrides: {
      target: config.target,
      rate: config.rate,
      duration: config.duration,
      environment: config.environment,
      client: config.client,
      ...config.shard ? { shard: `${config.shard.index}/${config.shard.count}` } : {}
    },
    overrideLabels: {
      target: "input target",
      rate: "input rate",
      duration: "input duration",
      environment: "input environment",
      client: "input client",
      shard: "input shard"
    },
    ...config.selection ? {
      selection: config.selection,
      selectionLabels: { category: "input category", scenario: "input scenario" }
    } : {},
    ...config.startAt ? { startAt: config.startAt, startAtLabel: "input start-at" } : {},
    ...config.waitFor ? { waitFor: config.waitFor } : {},
    outputs: actionSettings(config.givenInputs)
  };
}
async function resolveActionBaseline(config, plan, deps) {
  const { output, context } = deps;
  const repo = context ? { owner: context.owner, repo: context.repo } : void 0;
  let baseline = {};
  if (config.baselinePath) baseline = { path: config.baselinePath };
  else if (
    // `baseline: latest-release` is asked for explicitly: it wins on a pull request too.
    config.baseline !== "latest-release" && plan.findBaseline && context && deps.baselines && deps.readPullRequest && plan.baselineBranch
  ) {
    baseline = await resolveBaseline(
      context,
      { branch: plan.baselineBranch, artifactName: config.artifactName, tempDir: deps.tempDir },
      { store: deps.baselines, files: deps.files, output, readPullRequest: deps.readPullRequest }
    );
  } else if (config.baseline === "latest-release" && repo && deps.releases && deps.artifacts) {
    baseline = await resolveReleaseBaseline(
      repo,
      {
        artifactName: config.artifactName,
        tempDir: deps.tempDir,
        releaseArtifactName: (tag) => releaseArtifactName(config.artifactName, tag)
      },
      { releases: deps.releases, artifacts: deps.artifacts, files: deps.files, output }
    );
  } else if (config.baseline === "latest-release") {
    baseline = {
      note: "No baseline: baseline: latest-release looks the release up through the GitHub API, which needs input github-token in a repository; absolute thresholds were still checked."
    };
  }
  return baseline;
}
async function prepareActionMemory(config, context, described, artifacts, deps, baseline) {
  const nowMs = (deps.nowMs ?? Date.now)();
  const repo = { owner: context.owner, repo: context.repo };
  const loaded = await loadHistoryArtifacts(
    artifacts,
    repo,
    config.artifactName,
    nowMs,
    deps.output
  );
  return {
    history: loaded.history,
    notes: loaded.notes,
    sources: loaded.sources,
    ...described.series,
    facts: described.facts,
    baselineRuns: config.baselineRuns,
    rolling: baseline.path === void 0 && baseline.result === void 0,
    confirm: resolveConfirm(config.confirm, context.eventName, true) > 0,
    trendRows: config.trendRuns,
    nowMs
  };
}
function describeActionRun(config, context) {
  const runUrl = context.runId !== void 0 ? `${context.serverUrl}/${context.owner}/${context.repo}/actions/runs/${context.runId}` : void 0;
  return {
    series: {
      given: {
        ...config.layer ? { layer: config.layer } : {},
        ...config.interval ? { interval: config.interval } : {}
      },
      event: {
        name: context.eventName,
        ...context.scheduleCron ? { scheduleCron: context.scheduleCron } : {}
      }
    },
    facts: {
      event: context.eventName,
      ...context.runId !== void 0 ? { runId: context.runId } : {},
      ...context.runAttempt !== void 0 ? { runAttempt: context.runAttempt } : {},
      ...runUrl ? { runUrl } : {}
    }
  };
}

// src/app/run-report.ts
function cannotReport(message) {
  return { kind: "cannot-report", message };
}
async function readKeptCompanions(kept, store, output) {
  const { repo, runId, current, artifactName, head } = kept;
  const read = async (name) => {
    try {
      const ref = await store.findInRun(repo, runId, name);
      if (!ref) return void 0;
      const parsed = readResultsFile(
        await store.download(repo, ref),
        `artifact ${name} of run ${runId}`
      );
      return parsed.ok ? parsed.result : cannotReport(formatIssuesInline(parsed.issues));
    } catch (error2) {
      return cannotReport(
        `could not get artifact ${name} of run ${runId} kept for ${head}: ${messageOf(error2)}`
      );
    }
  };
  const pairedSide = async (target, name) => {
    const side = await read(name);
    if (side === void 0) {
      return cannotReport(
        `run ${runId} measured ${head} side by side but kept no baseline target results (artifact ${name}), so its paired verdict cannot be judged again: re-run that workflow run`
      );
    }
    if ("kind" in side) return side;
    if (!isSideBySidePair(target, side)) {
      return cannotReport(
        `artifact ${name} of run ${runId} is not the other side of the results measured side by side for ${head} (another target or another start): not re-judging`
      );
    }
    return side;
  };
  const sideBySide = current.sideBySide?.side === "target";
  let baselineSide;
  if (sideBySide) {
    const side = await pairedSide(current, pullRequestBaselineSideArtifactName(artifactName));
    if ("kind" in side) return side;
    baselineSide = side;
  }
  const confirmations = [];
  const startedMs = Date.parse(current.startedAt);
  for (let k = 1; k <= MAX_CONFIRM_REMEASURES; k++) {
    const name = pullRequestConfirmationArtifactName(artifactName, k);
    const again = await read(name);
    if (again === void 0) break;
    if ("kind" in again) return again;
    if (again.target !== current.target || !(Date.parse(again.startedAt) > startedMs)) {
      output.info(
        `artifact ${name} of run ${runId} is not a re-measure of these results (another target, or measured before them: an earlier attempt's); re-measures from it on are not used`
      );
      break;
    }
    if (!sideBySide) {
      confirmations.push({ result: again });
      continue;
    }
    const side = await pairedSide(again, `${name}-baseline`);
    if ("kind" in side) return side;
    confirmations.push({ result: again, baseline: side });
  }
  return {
    ...baselineSide ? { sideBaseline: { result: baselineSide, note: SIDE_BY_SIDE_NOTE } } : {},
    confirmations
  };
}
async function judgeReadResults(request, config, files, output) {
  const { current, baseline, notes } = request;
  const confirmations = request.confirmations ?? [];
  const loaded = config.profilePath ? await loadProfileRules(config.profilePath, files) : void 0;
  if (loaded && !loaded.ok) {
    return cannotReport(`the profile is invalid: ${formatIssuesInline(loaded.issues)}`);
  }
  const acceptance = await request.prepareAcceptance?.();
  return judgeResults(
    {
      current,
      ...baseline.result ? { baseline: baseline.result } : {},
      rules: loaded?.ok ? loaded.rules : defaultRules(current.scenarios.map((s) => s.name)),
      origin: "read",
      marker: config.artifactName,
      ...baseline.info ? { baselineInfo: baseline.info } : {},
      ...notes.length > 0 ? { notes } : {},
      ...acceptance ? { acceptance } : {},
      ...confirmations.length > 0 ? {
        confirmations,
        // The wall time is the run's and was not kept: the report states the count only.
        confirm: {
          mode: "regressions",
          maxRemeasures: Math.max(
            confirmations.length,
            resolveConfirm(config.confirm, "pull_request", false)
          )
        }
      } : {}
    },
    output
  );
}
async function runReport(config, deps) {
  const { context, output } = deps;
  const run2 = context?.workflowRun;
  if (!context || !run2 || !deps.baselines || !deps.readPullRequest) {
    return cannotReport(
      "mode report runs in a workflow_run workflow with a token (see the README\u2019s fork pattern)"
    );
  }
  const repo = { owner: context.owner, repo: context.repo };
  const name = pullRequestArtifactName(config.artifactName);
  const ref = await deps.baselines.findInRun(repo, run2.id, name);
  if (!ref)
    return cannotReport(
      `run ${run2.id} uploaded no artifact ${name} (give its loadgate step upload-results: true)`
    );
  const read = readResultsFile(
    await deps.baselines.download(repo, ref),
    `artifact ${name} of run ${run2.id}`
  );
  if (!read.ok) return cannotReport(formatIssuesInline(read.issues));
  const current = read.result;
  const prNumber = Number(current.environment.gitRef?.match(/^refs\/pull\/(\d+)\//)?.[1]);
  if (!Number.isInteger(prNumber) || prNumber <= 0) {
    return cannotReport(
      `the results of run ${run2.id} do not come from a pull request (ref ${current.environment.gitRef ?? "unknown"})`
    );
  }
  const pr = await deps.readPullRequest(prNumber);
  if (pr.headSha !== run2.headSha) {
    return cannotReport(
      `pull request #${prNumber} is at ${pr.headSha.slice(0, 7)}, but run ${run2.id} measured ${run2.headSha.slice(0, 7)}: not reporting on it`
    );
  }
  const prContext = {
    ...context,
    pullRequest: { number: prNumber, headSha: pr.headSha, baseRef: pr.baseRef },
    ...run2.workflowFile ? { workflowFile: run2.workflowFile } : {}
  };
  const companions = await readKeptCompanions(
    {
      repo,
      runId: run2.id,
      current,
      artifactName: config.artifactName,
      head: run2.headSha.slice(0, 7)
    },
    deps.baselines,
    output
  );
  if ("kind" in companions) return companions;
  const baseline = companions.sideBaseline ?? await resolveBaseline(
    prContext,
    {
      branch: config.baselineBranch ?? pr.baseRef,
      artifactName: config.artifactName,
      tempDir: deps.tempDir
    },
    // The pull request verified above, not a second read that could see a newer head.
    { store: deps.baselines, files: deps.files, output, readPullRequest: async () => pr }
  );
  const finished = await judgeReadResults(
    {
      current,
      baseline,
      notes: baseline.note ? [baseline.note] : [],
      confirmations: companions.confirmations
    },
    config,
    deps.files,
    output
  );
  if ("kind" in finished) return finished;
  await deliverJudged(SINKS, finished, actionSettings(config.givenInputs), {
    files: deps.files,
    output,
    action: {
      config,
      io: deps.io,
      repo,
      baselines: deps.baselines,
      ...deps.comments ? { comments: deps.comments } : {},
      ...deps.statuses ? { statuses: deps.statuses } : {},
      ...deps.runArtifacts ? { runArtifacts: deps.runArtifacts } : {},
      ...config.comment ? { commentOn: prNumber } : {},
      ...context.runId !== void 0 ? { runStamp: { runId: context.runId, attempt: context.runAttempt ?? 1 } } : {},
      statusOn: pr.headSha
    }
  });
  return { kind: "judged", run: finished };
}

// src/app/accept-label.ts
var LABEL_ACTIONS = /* @__PURE__ */ new Set(["labeled", "unlabeled"]);
function isLabelEvent(config, context) {
  return config.mode === "run" && config.shard === void 0 && config.acceptScope !== "none" && context?.pullRequest !== void 0 && context.eventName.startsWith("pull_request") && LABEL_ACTIONS.has(context.action ?? "");
}
async function prepareAcceptance(config, context, deps) {
  const pr = context?.pullRequest;
  if (config.acceptScope === "none" || !context || !pr || !deps.labels) return void 0;
  const repo = { owner: context.owner, repo: context.repo };
  const label = config.acceptLabel;
  let events;
  try {
    events = await deps.labels.listLabelEvents(repo, pr.number);
  } catch (error2) {
    deps.output.warn(
      `could not read the label events of pull request #${pr.number} (${messageOf(error2)}); the label ${label} accepts nothing in this run`
    );
    return void 0;
  }
  const latest = findLatestLabelEvent(events, label);
  if (latest === void 0) return void 0;
  const writer = latest.action === "labeled" ? await deps.labels.checkWriter(repo, latest.actor) : void 0;
  let stored;
  try {
    const bodies = await deps.labels.listOwnCommentBodies(repo, pr.number);
    const found = findAcceptanceRecord(bodies, config.artifactName);
    for (const note of found.notes) deps.output.warn(note);
    stored = found.record;
  } catch (error2) {
    deps.output.warn(
      `could not read the pull-request comment for an earlier acceptance (${messageOf(error2)}); only a label applied after these results were measured counts`
    );
  }
  return {
    label,
    scope: config.acceptScope === "all" ? "all" : "regressions",
    events,
    ...writer ? { writer } : {},
    ...stored ? { stored } : {},
    headSha: pr.headSha
  };
}
async function runLabelEvent(config, deps) {
  const { context, output } = deps;
  const pr = context?.pullRequest;
  if (!context || !pr || !context.workflowFile || !deps.headResults || !deps.baselines) {
    return cannotReport(
      "a label event re-judges the results of the run that measured the pull request, which needs a pull_request workflow and input github-token"
    );
  }
  const repo = { owner: context.owner, repo: context.repo };
  const head = pr.headSha.slice(0, 7);
  const name = pullRequestArtifactName(config.artifactName);
  output.info(
    `pull request #${pr.number} was ${context.action ?? "labeled"}: re-judging the results kept for ${head}; no load is sent`
  );
  let text;
  let runId;
  try {
    const ref = await deps.headResults.findHeadResults({
      repo,
      workflowFile: context.workflowFile,
      headSha: pr.headSha,
      artifactName: name,
      ...context.runId !== void 0 ? { exceptRunId: context.runId } : {}
    });
    if (!ref) {
      return cannotReport(
        `no completed run of ${context.workflowFile} at ${head} kept its results (artifact ${name}) yet, so there is nothing to re-judge: the run measuring this commit may still be going (give the workflow a concurrency group per pull request, so label events wait for it) or stopped before judging`
      );
    }
    runId = ref.runId;
    text = await deps.baselines.download(repo, ref);
  } catch (error2) {
    return cannotReport(`could not get the results kept for ${head}: ${messageOf(error2)}`);
  }
  const read = readResultsFile(text, `artifact ${name} of run ${runId}`);
  if (!read.ok) return cannotReport(formatIssuesInline(read.issues));
  const current = read.result;
  const plan = planAction(config, context);
  const companions = await readKeptCompanions(
    { repo, runId, current, artifactName: config.artifactName, head },
    deps.baselines,
    output
  );
  if ("kind" in companions) return companions;
  const baseline = companions.sideBaseline ?? await resolveActionBaseline(config, plan, deps);
  if (baseline.note) output.info(baseline.note);
  const rejudged = `Re-judged for the ${context.action ?? "label"} event from the results run ${runId} kept for ${head}: no load was sent.`;
  const finished = await judgeReadResults(
    {
      current,
      baseline,
      notes: [rejudged, ...baseline.note ? [baseline.note] : []],
      confirmations: companions.confirmations,
      prepareAcceptance: () => prepareAcceptance(config, context, deps)
    },
    config,
    deps.files,
    output
  );
  if ("kind" in finished) return finished;
  await deliverJudged(SINKS, finished, actionSettings(config.givenInputs), {
    files: deps.files,
    output,
    action: actionPortsOf(config, plan, deps)
  });
  return { kind: "judged", run: finished };
}

// src/core/action/deployment-target.ts
var AUTO_TARGET = "auto";
function resolveDeploymentTarget(context, wantedEnvironment) {
  const deployment = context?.deployment;
  if (context?.eventName !== "deployment_status" || deployment === void 0) {
    const event = context?.eventName ? `a ${context.eventName} event` : "no GitHub event";
    return {
      kind: "refused",
      issue: {
        path: "input target",
        message: `auto takes the URL from a deployment_status event, and this run has ${event}: run the workflow on deployment_status, or give the URL (like target: https://preview.example.com)`
      }
    };
  }
  const environment = deployment.environment;
  const named = environment === "" ? "an unnamed environment" : quoteForTerminal(environment);
  if (wantedEnvironment !== void 0 && environment.toLowerCase() !== wantedEnvironment.toLowerCase()) {
    return {
      kind: "skip",
      notice: `loadgate skipped: the deployment is to ${named}, not ${quoteForTerminal(wantedEnvironment)} (input deployment-environment)`
    };
  }
  if (deployment.state !== "success") {
    return {
      kind: "skip",
      notice: `loadgate skipped: the deployment to ${named} is ${quoteForTerminal(deployment.state)}; the load test runs when it reports success`
    };
  }
  const url = deployment.environmentUrl ?? deployment.targetUrl;
  if (url === void 0) {
    return {
      kind: "refused",
      issue: {
        path: "input target",
        message: `auto: the successful deployment to ${named} gives no environment_url or target_url to test; give the URL as input target instead`
      }
    };
  }
  return { kind: "measure", url, sha: deployment.sha, environment };
}
function choosePullRequest(pulls, sha) {
  const open = pulls.filter((pull) => pull.state === "open");
  return open.find((pull) => pull.headSha === sha) ?? open[0];
}

// src/app/resolve-deployment.ts
async function resolveAutoTarget(config, context, deps) {
  if (config.target?.toLowerCase() !== AUTO_TARGET) return { kind: "measure", config, context };
  const resolved = resolveDeploymentTarget(context, config.deploymentEnvironment);
  if (resolved.kind === "skip") return resolved;
  if (resolved.kind === "refused") return { kind: "bad-input", issues: [resolved.issue] };
  const { output } = deps;
  const short = resolved.sha.slice(0, 7);
  let pull;
  if (deps.listPullRequestsOfCommit) {
    try {
      pull = choosePullRequest(await deps.listPullRequestsOfCommit(resolved.sha), resolved.sha);
      if (pull === void 0)
        output.info(
          `no open pull request has commit ${short}: no comment; the job summary has the report`
        );
    } catch (error2) {
      output.warn(
        `could not find the pull request of commit ${short} (${messageOf(error2)}): no comment; the job summary has the report`
      );
    }
  }
  const where = resolved.environment === "" ? "" : ` (${resolved.environment})`;
  const forPull = pull ? ` for pull request #${pull.number}` : "";
  output.info(
    `target: auto: testing the deployment of ${short}${where} at ${maskUrlText(resolved.url)}${forPull}`
  );
  return {
    kind: "measure",
    config: { ...config, target: resolved.url },
    context: context && pull ? {
      ...context,
      pullRequest: { number: pull.number, headSha: resolved.sha, baseRef: pull.baseRef }
    } : context
  };
}

// src/app/run-merge-job.ts
function cannotMerge(message) {
  return { kind: "cannot-report", message };
}
async function runMergeJob(config, deps) {
  const { output, context } = deps;
  const judging = await loadJudgingProfile(config, deps);
  if (!judging.ok) {
    output.error(formatIssues(judging.issues, "profile"));
    return { kind: "bad-input", issues: judging.issues };
  }
  const explicit = config.baselinePath ? await readResultsFrom(config.baselinePath, "input baseline-path", deps.files) : void 0;
  if (explicit && !explicit.ok) {
    output.error(formatIssues(explicit.issues, "input"));
    return { kind: "bad-input", issues: explicit.issues };
  }
  if (!deps.runArtifacts) {
    return cannotMerge(
      "mode merge reads the shards' artifacts of this workflow run, which needs the runner's artifact service (ACTIONS_RUNTIME_TOKEN): run it as a job of the workflow whose shard jobs it waits for"
    );
  }
  const gathered = await gatherShards(config.artifactName, deps.runArtifacts, deps);
  if (!gathered.ok) return gathered.outcome;
  const merged = mergeResults(gathered.inputs);
  if (!merged.ok) return refuseShards(merged.issues, deps);
  const current = merged.result;
  output.info(
    `merged ${gathered.inputs.length} shards: ${current.totals.requests} requests over ${(current.durationMs / 1e3).toFixed(1)} s`
  );
  const plan = planAction(config, context);
  const resolved = explicit?.ok ? { path: config.baselinePath, result: explicit.result } : await resolveActionBaseline(config, plan, deps);
  if (resolved.note) output.info(resolved.note);
  const described = context ? describeActionRun(config, context) : void 0;
  const memory = plan.keepHistory && context && described && deps.artifacts ? {
    ...await prepareActionMemory(
      config,
      context,
      described,
      deps.artifacts,
      deps,
      resolved
    ),
    // The shards' machines are gone: a breach is confirmed by the series' previous run.
    confirm: false
  } : void 0;
  const { profile } = judging;
  const prepared = memory ? prepareMemory(memory, profile) : void 0;
  const rolling = resolved.result === void 0 && prepared?.baseline !== void 0;
  const baseline = resolved.result ?? prepared?.baseline;
  const memoryNotes = [...memory?.notes ?? [], ...prepared?.notes ?? []];
  for (const note of memoryNotes) output.info(note);
  const notes = [...memoryNotes, ...resolved.note ? [resolved.note] : []];
  const settings = actionSettings(config.givenInputs);
  const ports = { files: deps.files, output, action: actionPortsOf(config, plan, deps) };
  const written = await deliverMeasured(SINKS, { result: current, profile }, settings, ports);
  const run2 = judgeResults(
    {
      current,
      ...baseline ? { baseline } : {},
      ...rolling && prepared ? { baselineRuns: prepared.baselineEntries } : {},
      ...memory && prepared ? { memory: { request: memory, prepared } } : {},
      rules: judging.rules,
      origin: "measured",
      profile,
      ...written.resultsPath ? { resultsPath: written.resultsPath } : {},
      ...resolved.info ? { baselineInfo: resolved.info } : rolling && prepared?.info ? { baselineInfo: prepared.info } : {},
      marker: config.artifactName,
      ...notes.length > 0 ? { notes } : {},
      ...plan.saveBaseline && deps.baselines || plan.releaseTag ? { baselineCandidate: { resultsWritten: written.resultsPath !== void 0 } } : {}
    },
    output
  );
  await deliverJudged(SINKS, run2, settings, ports);
  return outcomeOfMerged(current, run2);
}
async function loadJudgingProfile(config, deps) {
  if (config.profilePath) {
    const loaded = await loadProfileRules(config.profilePath, deps.files);
    if (!loaded.ok) return loaded;
    for (const warning2 of loaded.warnings) deps.output.warn(warning2);
    return { ok: true, profile: loaded.profile, rules: loaded.rules };
  }
  const quick = await loadProfile(
    {
      overrides: { target: config.target, rate: config.rate, duration: config.duration },
      overrideLabels: { target: "input target", rate: "input rate", duration: "input duration" }
    },
    deps.files,
    deps.environment.env
  );
  return quick.ok ? { ok: true, profile: quick.profile, rules: quick.profile.rules } : quick;
}
async function gatherShards(artifactName, store, deps) {
  let listed;
  try {
    listed = await store.list();
  } catch (error2) {
    return {
      ok: false,
      outcome: cannotMerge(`could not list this workflow run's artifacts: ${messageOf(error2)}`)
    };
  }
  const shards = selectShardArtifacts(listed, artifactName);
  if (shards.length === 0) {
    const names = listed.map((artifact) => artifact.name);
    return { ok: false, outcome: cannotMerge(describeNoShards(artifactName, names)) };
  }
  deps.output.info(
    `found ${shards.length} shard artifact${shards.length === 1 ? "" : "s"}: ${shards.map((s) => s.artifact.name).join(", ")}`
  );
  const inputs = [];
  const issues = [];
  for (const { artifact } of shards) {
    let text;
    try {
      text = await store.download(artifact);
    } catch (error2) {
      issues.push({ path: artifact.name, message: `could not be downloaded: ${messageOf(error2)}` });
      continue;
    }
    const read = readResultsFile(text, `artifact ${artifact.name}`);
    if (read.ok) inputs.push({ name: artifact.name, result: read.result });
    else issues.push(...read.issues);
  }
  if (issues.length > 0) return { ok: false, outcome: refuseShards(issues, deps) };
  return { ok: true, inputs };
}
function refuseShards(issues, deps) {
  deps.output.error(formatIssues(issues, "shards"));
  const missing = issues.some((issue) => / is missing$/.test(issue.message));
  const hint = missing ? " (a shard job that failed, was cancelled or skipped uploads nothing: see its log, then re-run it)" : "";
  return cannotMerge(`cannot merge the shards: ${formatIssuesInline(issues)}${hint}`);
}
function outcomeOfMerged(current, run2) {
  if (current.status === "completed") return { kind: "judged", run: run2 };
  if (current.status === "interrupted") return { kind: "interrupted", run: run2 };
  const message = current.abortReason ?? "a shard stopped before the end of the schedule";
  return { kind: "target-unusable", message, run: run2 };
}

// src/core/render/shard-summary.ts
function renderShardSummary(result, upload) {
  const shard = result.shard;
  const which = shard ? `shard ${shard.index} of ${shard.count}` : "shard";
  const skew = shard?.startSkewMs === void 0 ? [] : [
    `Started ${Math.round(Math.abs(shard.startSkewMs))} ms ${shard.startSkewMs < 0 ? "before" : "after"} the agreed start-at.`
  ];
  const table = renderTable(
    ["requests", "rate", "p50", "p95", "p99", "errors"],
    [
      [
        formatCount(result.totals.requests),
        formatRate(result.throughput.rps),
        formatLatencyMs(result.latencyMs.p50),
        formatLatencyMs(result.latencyMs.p95),
        formatLatencyMs(result.latencyMs.p99),
        formatPercent(result.errorRate)
      ]
    ]
  );
  const where = upload.error ? `**Not uploaded**: the artifact ${formatCodeSpan(upload.artifactName)} could not be uploaded (${escapeText(upload.error)}), so the merge job will miss this shard.` : `Uploaded as the artifact ${formatCodeSpan(upload.artifactName)} for the merge job (\`mode: merge\`), which merges every shard exactly and judges the whole run once: its comment and verdict are the ones that count.`;
  return joinBlocks([
    `### loadgate: ${which} of ${escapeText(result.profile.name)} measured`,
    `This job sent one share of the profile's load. A share is not judged on its own: its rate and percentiles are not the profile's.`,
    table,
    ...skew,
    where
  ]);
}

// src/app/run-shard-job.ts
var SHARD_RETENTION_DAYS = 1;
async function runShardJob(config, deps) {
  const { output, context } = deps;
  const which = `shard ${config.shard.index}/${config.shard.count}`;
  const artifactName = shardArtifactName(config.artifactName, config.shard.index);
  if (!deps.runArtifacts) {
    return {
      kind: "cannot-report",
      message: `${which} uploads its results as an artifact of this workflow run, which needs the runner's artifact service (ACTIONS_RUNTIME_TOKEN): run it as a step of a GitHub Actions job`
    };
  }
  const described = context ? describeActionRun(config, context) : void 0;
  const outcome = await runLoadTest(
    {
      ...measureRequestOf(config),
      ...described ? { series: described.series, runFacts: described.facts } : {}
    },
    // The action's ports tell the run it is the action's: the outputs that need a verdict
    // are simply not delivered for a shard, rather than refused as on the CLI.
    runDepsOf(deps, { config, io: deps.io })
  );
  if (outcome.kind !== "shard-measured") return outcome;
  if (outcome.status === "interrupted") {
    return {
      kind: "cannot-report",
      message: `${which} was interrupted: its results are not uploaded, since a part of a share would make the merged run lighter than the profile`
    };
  }
  if (outcome.resultsPath === void 0) {
    return {
      kind: "cannot-report",
      message: `${which}: the results file could not be written, so there is nothing to upload`
    };
  }
  deps.io.setOutput("results-path", outcome.resultsPath);
  let uploadError;
  try {
    await deps.runArtifacts.upload(outcome.resultsPath, artifactName, SHARD_RETENTION_DAYS);
    output.info(`uploaded ${which} as artifact ${artifactName} for the merge job`);
  } catch (error2) {
    uploadError = messageOf(error2);
  }
  await writeSummarySafely(
    deps,
    renderShardSummary(outcome.result, {
      artifactName,
      ...uploadError ? { error: uploadError } : {}
    })
  );
  if (uploadError) {
    return {
      kind: "cannot-report",
      message: `could not upload ${which} as artifact ${artifactName}: ${uploadError}`
    };
  }
  return outcome;
}
async function writeSummarySafely(deps, markdown) {
  try {
    await deps.io.writeSummary(markdown);
  } catch (error2) {
    deps.output.warn(`the job summary failed: ${messageOf(error2)}`);
  }
}

// src/core/action/parse-action-inputs.ts
var ACTION_MODES = ["run", "report", "merge"];
var BASELINE_SOURCES = ["auto", "latest-release"];
var ACTION_OWN_INPUTS = [
  "profile",
  "target",
  "rate",
  "duration",
  "github-token",
  "baseline-branch",
  "artifact-name",
  "baseline-path",
  "fail-on",
  "mode",
  "layer",
  "interval",
  "baseline",
  "baseline-runs",
  "confirm",
  "trend-runs",
  "category",
  "scenario",
  "environment",
  "client",
  "shard",
  "start-at",
  "workers",
  "wait-for",
  "wait-for-status",
  "wait-timeout",
  "wait-for-body",
  "deployment-environment",
  "accept-label",
  "accept-scope",
  "baseline-target",
  "wait-for-headers"
];
var MAX_LABEL_CHARS = 50;
function readAcceptInputs(get, issues) {
  const label = get("accept-label") ?? DEFAULT_ACCEPT_LABEL;
  if (Array.from(label).length > MAX_LABEL_CHARS || /[\u0000-\u001f\u007f]/.test(label)) {
    issues.push({
      path: "input accept-label",
      message: `expected a label name of up to ${MAX_LABEL_CHARS} characters on one line, like ${DEFAULT_ACCEPT_LABEL}, got ${describeValue(label)}`
    });
  }
  const scopeText = get("accept-scope");
  const scope = ACCEPT_SCOPES.find((known) => known === scopeText?.toLowerCase());
  if (scopeText !== void 0 && scope === void 0) {
    issues.push({
      path: "input accept-scope",
      message: `expected ${ACCEPT_SCOPES.join(", ")} (regressions: the label accepts regressions against the baseline only; all: absolute thresholds too; none: the label is not read), got ${describeValue(scopeText)}`
    });
  }
  return { acceptLabel: label, acceptScope: scope ?? "regressions" };
}
var COMMENT_KEY_FORM = /^[A-Za-z0-9._-]{1,64}$/;
var BOOLEANS = /* @__PURE__ */ new Map([
  ["true", true],
  ["yes", true],
  ["on", true],
  ["false", false],
  ["no", false],
  ["off", false]
]);
function slugify(text) {
  const base = text.replace(/^.*[\\/]/, "").replace(/\.(ya?ml|json)$/i, "");
  return base.toLowerCase().replace(/[^a-z0-9._-]+/g, "-").replace(/^-+|-+$/g, "") || "default";
}
function readSeriesInputs(get, issues) {
  const problem = (name, form, text) => issues.push({ path: `input ${name}`, message: `expected ${form}, got ${describeValue(text)}` });
  const count = (name, bounds) => {
    const text = get(name);
    const checked = text === void 0 ? void 0 : checkRunCount(text, bounds);
    if (checked?.ok === false) issues.push({ path: `input ${name}`, message: checked.message });
    return checked?.ok ? checked.value : bounds.default;
  };
  const layerText = get("layer");
  const layer = LAYERS.find((known) => known === layerText?.toLowerCase());
  if (layerText !== void 0 && layer === void 0) problem("layer", LAYER_FORM, layerText);
  const intervalText = get("interval");
  const interval = intervalText === void 0 ? void 0 : checkInterval(intervalText);
  if (interval?.ok === false) issues.push({ path: "input interval", message: interval.message });
  const baselineText = get("baseline");
  const baseline = BASELINE_SOURCES.find((known) => known === baselineText?.toLowerCase());
  if (baselineText !== void 0 && baseline === void 0)
    problem("baseline", BASELINE_SOURCES.join(" or "), baselineText);
  const baselineRuns = count("baseline-runs", RUN_COUNTS.baselineRuns);
  const confirmText = get("confirm");
  const confirmAuto = confirmText === void 0 || confirmText.toLowerCase() === "auto";
  const confirmTimes = confirmAuto ? void 0 : readConfirmTimes(confirmText);
  if (!confirmAuto && confirmTimes === void 0)
    problem(
      "confirm",
      `auto, or the re-measures from 0 to ${MAX_CONFIRM_REMEASURES} (true = 1, false = 0)`,
      confirmText
    );
  const trendRuns = count("trend-runs", RUN_COUNTS.trendRuns);
  return {
    ...layer ? { layer } : {},
    ...interval?.ok ? { interval: interval.value } : {},
    baseline: baseline ?? "auto",
    baselineRuns,
    confirm: confirmTimes ?? "auto",
    trendRuns
  };
}
function refuseOutsideRun(issues, mode, name) {
  issues.push({
    path: `input ${name}`,
    message: mode === "merge" ? `the merge job measures nothing: give ${name} to the shard jobs (mode run) and leave it out here` : `mode report measures nothing: ${name} belongs to a measuring step (mode run)`
  });
}
function readShardInputs(get, mode, issues) {
  const shardText = get("shard");
  const startAt = get("start-at");
  const shard = shardText === void 0 ? void 0 : checkShard(shardText);
  if (shard?.ok === false) issues.push({ path: "input shard", message: shard.message });
  if (mode !== "run" && shardText !== void 0) refuseOutsideRun(issues, mode, "shard");
  if (mode !== "run" && startAt !== void 0) refuseOutsideRun(issues, mode, "start-at");
  return {
    ...shard?.ok ? { shard: shard.value } : {},
    ...startAt !== void 0 ? { startAt } : {}
  };
}
function readWorkersInput(get, mode, issues) {
  const text = get("workers");
  if (text === void 0) return DEFAULT_WORKERS;
  const workers = checkWorkers(text);
  if (!workers.ok) {
    issues.push({ path: "input workers", message: workers.message });
    return DEFAULT_WORKERS;
  }
  if (mode !== "run" && workers.value !== DEFAULT_WORKERS)
    refuseOutsideRun(issues, mode, "workers");
  return workers.value;
}
function readPreviewInputs(get, mode, issues) {
  const waitFor = readWaitFor(
    {
      path: get("wait-for"),
      status: get("wait-for-status"),
      timeout: get("wait-timeout"),
      body: get("wait-for-body"),
      headers: splitHeaderLines(get("wait-for-headers"))
    },
    ACTION_WAIT_FOR_LABELS
  );
  if (!waitFor.ok) issues.push(...waitFor.issues);
  const auto = get("target")?.toLowerCase() === AUTO_TARGET;
  if (mode !== "run" && get("wait-for") !== void 0) refuseOutsideRun(issues, mode, "wait-for");
  if (mode !== "run" && auto) refuseOutsideRun(issues, mode, "target");
  const deploymentEnvironment = get("deployment-environment");
  if (deploymentEnvironment !== void 0 && !auto) {
    issues.push({
      path: "input deployment-environment",
      message: "applies to target: auto (the URL of a deployment_status event); set target: auto, or leave it out"
    });
  }
  return {
    ...waitFor.ok && waitFor.value ? { waitFor: waitFor.value } : {},
    ...deploymentEnvironment === void 0 ? {} : { deploymentEnvironment }
  };
}
function parseActionInputs(raw) {
  const get = (name) => {
    const value = raw[name]?.trim();
    return value === void 0 || value === "" ? void 0 : value;
  };
  const issues = [];
  const oneOf = (name, allowed, fallback) => {
    const value = get(name);
    if (value === void 0) return fallback;
    if (allowed.includes(value.toLowerCase()))
      return value.toLowerCase();
    issues.push({
      path: `input ${name}`,
      message: `expected one of ${allowed.join(", ")}, got "${value}"`
    });
    return fallback;
  };
  const mode = oneOf("mode", ACTION_MODES, "run");
  const failOn = oneOf("fail-on", ["fail", "warn", "never"], "fail");
  const flag = (name, fallback) => {
    const text = get(name);
    if (text === void 0) return fallback;
    const value = BOOLEANS.get(text.toLowerCase());
    if (value === void 0)
      issues.push({ path: `input ${name}`, message: `expected true or false, got "${text}"` });
    return value ?? fallback;
  };
  const series = readSeriesInputs(get, issues);
  const comment = flag("comment", true);
  const commentKey = get("comment-key");
  if (commentKey !== void 0 && !COMMENT_KEY_FORM.test(commentKey)) {
    issues.push({
      path: "input comment-key",
      message: `expected letters, digits, ".", "_" or "-" (up to 64), like perf, got ${describeValue(commentKey)}`
    });
  }
  const uploadResults = flag("upload-results", false);
  const accept = readAcceptInputs(get, issues);
  const history = flag("history", true);
  const regressionIssue = flag("regression-issue", true);
  const closeAfterText = get("close-after") ?? "2";
  const closeAfter = /^\d+$/.test(closeAfterText) ? Number(closeAfterText) : Number.NaN;
  if (!(closeAfter >= 1 && closeAfter <= 50)) {
    issues.push({
      path: "input close-after",
      message: `expected a whole number of passing runs from 1 to 50, got "${closeAfterText}"`
    });
  }
  const retentionText = get("retention-days") ?? "90";
  const retentionDays = Number(retentionText);
  if (!Number.isInteger(retentionDays) || retentionDays < 1 || retentionDays > 400) {
    issues.push({
      path: "input retention-days",
      message: `expected a whole number of days from 1 to 400, got "${retentionText}"`
    });
  }
  const profilePath = get("profile");
  const target = get("target");
  if (mode === "run" && !profilePath && !target) {
    issues.push({
      path: "input profile",
      message: "give a profile file, or input target with input rate (and duration)"
    });
  }
  if (mode === "merge" && !profilePath && !target) {
    issues.push({
      path: "input profile",
      message: "give the profile the shard jobs ran (its thresholds judge the merged run), or their input target, rate and duration"
    });
  }
  const artifactName = get("artifact-name") ?? `loadgate-${slugify(profilePath ?? "quick")}`;
  if (!/^[A-Za-z0-9._-]{1,200}$/.test(artifactName)) {
    issues.push({
      path: "input artifact-name",
      message: `expected letters, digits, ".", "_" or "-" (up to 200), got "${artifactName}"`
    });
  }
  const shard = readShardInputs(get, mode, issues);
  const workers = readWorkersInput(get, mode, issues);
  const preview = readPreviewInputs(get, mode, issues);
  const baselineTarget = get("baseline-target");
  if (mode !== "run" && baselineTarget !== void 0) {
    issues.push({
      path: "input baseline-target",
      message: `mode ${mode} measures nothing: baseline-target belongs to a measuring step (mode run)`
    });
  }
  if (series.baseline === "latest-release" && get("baseline-path") !== void 0) {
    issues.push({
      path: "input baseline",
      message: "latest-release looks the baseline up, but input baseline-path gives one: set only one of them"
    });
  }
  if (issues.length > 0) return { ok: false, issues };
  const optional = (name) => get(name);
  const categories = splitNameList(get("category") ?? "");
  const scenarios = splitNameList(get("scenario") ?? "");
  return {
    ok: true,
    config: {
      mode,
      ...profilePath ? { profilePath } : {},
      ...target ? { target } : {},
      ...optional("rate") ? { rate: optional("rate") } : {},
      ...optional("duration") ? { duration: optional("duration") } : {},
      ...shard,
      workers,
      ...preview,
      ...optional("environment") ? { environment: optional("environment") } : {},
      ...optional("client") ? { client: optional("client") } : {},
      ...categories.length + scenarios.length > 0 ? { selection: { categories, scenarios } } : {},
      ...optional("baseline-branch") ? { baselineBranch: optional("baseline-branch") } : {},
      ...optional("baseline-path") ? { baselinePath: optional("baseline-path") } : {},
      ...baselineTarget !== void 0 ? { baselineTarget } : {},
      artifactName,
      comment,
      ...commentKey !== void 0 ? { commentKey } : {},
      failOn,
      retentionDays,
      uploadResults,
      history,
      regressionIssue,
      closeAfter,
      ...accept,
      ...series,
      givenInputs: Object.fromEntries(
        Object.keys(raw).flatMap((name) => {
          const value = get(name);
          return value === void 0 ? [] : [[name, value]];
        })
      )
    }
  };
}

// src/core/action/read-event-context.ts
function readEventContext(env, payload) {
  const [owner, repo] = (env.GITHUB_REPOSITORY ?? "").split("/");
  if (!owner || !repo) return void 0;
  const p = payload ?? {};
  const pr = p.pull_request;
  const workflowFile = env.GITHUB_WORKFLOW_REF?.match(/\/([^/@]+\.ya?ml)@/)?.[1];
  const runId = Number(env.GITHUB_RUN_ID);
  const runAttempt = Number(env.GITHUB_RUN_ATTEMPT);
  const scheduleCron = typeof p.schedule === "string" ? p.schedule.trim() : "";
  const release = readRelease(p);
  return {
    eventName: env.GITHUB_EVENT_NAME ?? "",
    owner,
    repo,
    sha: env.GITHUB_SHA ?? "",
    ref: env.GITHUB_REF ?? "",
    ...p.repository?.default_branch ? { defaultBranch: p.repository.default_branch } : {},
    ...pr?.number && pr.head?.sha && pr.base?.ref ? { pullRequest: { number: pr.number, headSha: pr.head.sha, baseRef: pr.base.ref } } : {},
    ...workflowFile ? { workflowFile } : {},
    ...Number.isInteger(runId) && runId > 0 ? { runId } : {},
    ...Number.isInteger(runAttempt) && runAttempt > 0 ? { runAttempt } : {},
    ...scheduleCron ? { scheduleCron } : {},
    ...release ? { release } : {},
    serverUrl: env.GITHUB_SERVER_URL ?? "https://github.com",
    ...readWorkflowRun(p) ? { workflowRun: readWorkflowRun(p) } : {},
    ...readDeployment(p) ? { deployment: readDeployment(p) } : {},
    ...typeof p.action === "string" && p.action !== "" ? { action: p.action } : {}
  };
}
function readDeployment(p) {
  const status = p.deployment_status;
  const text = (value) => typeof value === "string" ? value.trim() : "";
  const state = text(status?.state);
  const sha = text(p.deployment?.sha);
  if (state === "" || sha === "") return void 0;
  const environmentUrl = text(status?.environment_url);
  const targetUrl = text(status?.target_url);
  return {
    state,
    environment: text(status?.environment) || text(p.deployment?.environment),
    ...environmentUrl ? { environmentUrl } : {},
    ...targetUrl ? { targetUrl } : {},
    sha
  };
}
function readWorkflowRun(p) {
  const run2 = p.workflow_run;
  if (!run2?.id || !run2.head_sha) return void 0;
  const workflowFile = run2.path?.match(/([^/]+\.ya?ml)$/)?.[1];
  return { id: run2.id, headSha: run2.head_sha, ...workflowFile ? { workflowFile } : {} };
}
function readRelease(p) {
  const release = p.release;
  if (typeof release?.tag_name !== "string" || release.tag_name === "") return void 0;
  return {
    tag: release.tag_name,
    prerelease: release.prerelease === true,
    draft: release.draft === true,
    url: typeof release.html_url === "string" ? release.html_url : ""
  };
}

// src/shell/actions-io.ts
import { readFile } from "node:fs/promises";
var ActionsIO = class {
  setOutput(name, value) {
    setOutput(name, value);
  }
  async writeSummary(markdown) {
    await summary.addRaw(markdown, true).write();
  }
};
function readActionInputs(names) {
  return Object.fromEntries(names.map((name) => [name, getInput(name)]));
}
async function readEventPayload(path) {
  if (!path) return {};
  try {
    return JSON.parse(await readFile(path, "utf8"));
  } catch {
    return {};
  }
}

// src/shell/actions-output.ts
var PROGRESS_EVERY_MS = 5e3;
var ActionsOutput = class {
  constructor(nowMs) {
    this.nowMs = nowMs;
  }
  nowMs;
  lastProgressMs = Number.NEGATIVE_INFINITY;
  info(text) {
    info(neutralizeLogText(text));
  }
  warn(text) {
    warning(neutralizeLogText(text));
  }
  error(text) {
    error(neutralizeLogText(text));
  }
  progress(snapshot) {
    const now = this.nowMs();
    if (now - this.lastProgressMs < PROGRESS_EVERY_MS) return;
    this.lastProgressMs = now;
    info(neutralizeLogText(formatProgressLine(snapshot)));
  }
  progressDone() {
  }
  mask(values) {
    for (const value of values) if (value) setSecret(value);
  }
};

// src/shell/github/comment-error.ts
var CommentError = class extends Error {
  constructor(kind, status, operation, message, options) {
    super(message, options);
    this.kind = kind;
    this.status = status;
    this.operation = operation;
  }
  kind;
  status;
  operation;
  name = "CommentError";
};
function isRequestError(error2) {
  return error2 instanceof Error && typeof error2.status === "number";
}
function githubMessage(error2) {
  const data = error2.response?.data;
  if (typeof data === "object" && data !== null && "message" in data) {
    return String(data.message);
  }
  return error2.message;
}
function classify(error2, message) {
  const remaining = error2.response?.headers?.["x-ratelimit-remaining"];
  if (error2.status === 429 || String(remaining) === "0" || /rate limit/i.test(message)) {
    return "rate-limited";
  }
  if (error2.status === 401 || error2.status === 403) return "forbidden";
  if (error2.status === 404) return "not-found";
  return "other";
}
function toCommentError(error2, operation) {
  if (error2 instanceof CommentError) return error2;
  if (!isRequestError(error2)) {
    const text2 = messageOf(error2);
    return new CommentError("other", void 0, operation, `${operation} comment: ${text2}`, {
      cause: error2
    });
  }
  const reason = githubMessage(error2);
  const kind = classify(error2, reason);
  const text = `${operation} comment: HTTP ${error2.status} ${reason}`;
  return new CommentError(kind, error2.status, operation, text, { cause: error2 });
}
var EXPLANATIONS = {
  forbidden: "the token cannot write comments (fork pull requests get a read-only token; give the job `permissions: pull-requests: write`, or report from a workflow_run job)",
  "not-found": "GitHub does not know this pull request, or the token cannot see the repository",
  "rate-limited": "GitHub rate-limited the token for longer than is worth waiting",
  conflict: "other jobs with the same comment-key kept rewriting the shared comment, so this job's section may be missing from it",
  other: "GitHub did not accept the request"
};
function describeCommentError(error2) {
  return `${EXPLANATIONS[error2.kind]} (${error2.message})`;
}

// src/core/render/shared-comment-budget.ts
function splitBlocks(markdown) {
  const blocks = [];
  let open;
  for (const part of markdown.trim().split("\n\n")) {
    const joined = open === void 0 ? part : `${open}

${part}`;
    const fences = joined.split("\n").filter((line) => /^\s*(```|~~~)/.test(line)).length;
    if (fences % 2 === 1) open = joined;
    else {
      open = void 0;
      if (joined !== "") blocks.push(joined);
    }
  }
  if (open !== void 0) blocks.push(open);
  return blocks;
}
function isChart(block) {
  return block.startsWith("```mermaid");
}
function isChartLegend(block) {
  return block.startsWith("Blue: this run's p95");
}
function dropCharts(blocks, remark) {
  const kept = [];
  let dropped = false;
  for (let i = 0; i < blocks.length; i++) {
    const block = blocks[i] ?? "";
    if (!isChart(block)) {
      kept.push(block);
      continue;
    }
    if (!dropped) kept.push(remark);
    dropped = true;
    if (isChartLegend(blocks[i + 1] ?? "")) i += 1;
  }
  return dropped ? kept : void 0;
}
function dropDetails(blocks, remark) {
  const kept = [];
  let depth = 0;
  let dropped = false;
  for (const block of blocks) {
    if (block.startsWith("<details>")) {
      if (depth === 0 && !dropped) kept.push(remark);
      depth += 1;
      dropped = true;
    } else if (block === DETAILS_CLOSE && depth > 0) depth -= 1;
    else if (depth === 0) kept.push(block);
  }
  return dropped ? kept : void 0;
}
function remarkOf(what, maxChars, section) {
  return renderRemark(
    `${what} to keep the shared comment under ${formatCount(maxChars)} characters; the job summary of run ${formatCount(section.run.runId)} has the whole report.`
  );
}
function describeCuts(cuts, maxChars) {
  const over = `The shared comment was over ${formatCount(maxChars)} characters`;
  const notes = [];
  if (cuts.charts.length > 0)
    notes.push(`${over}: left out the charts of ${cuts.charts.join(", ")}.`);
  if (cuts.details.length > 0)
    notes.push(`${over}: left out the details of ${cuts.details.join(", ")}.`);
  if (cuts.ends.length > 0) notes.push(`${over}: cut the end of ${cuts.ends.join(", ")}.`);
  return notes;
}
function findSectionCap(lengths, available) {
  const total = (cap) => lengths.reduce((sum, n) => sum + Math.min(n, cap), 0);
  let lo = 0;
  let hi = Math.max(0, ...lengths);
  while (lo < hi) {
    const mid = Math.ceil((lo + hi) / 2);
    if (total(mid) <= available) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}
function fitSections(sections, measure, maxChars) {
  const cuts = { charts: [], details: [], ends: [] };
  const current = sections.map((s) => ({ ...s }));
  const steps = [
    { drop: dropCharts, what: "The charts were left out", log: cuts.charts },
    { drop: dropDetails, what: "The details were left out", log: cuts.details }
  ];
  for (const step of steps) {
    const largestFirst = [...current].sort((a, b) => b.body.length - a.body.length);
    for (const section of largestFirst) {
      if (measure(current) <= maxChars) return { sections: current, cuts };
      const shrunk = step.drop(splitBlocks(section.body), remarkOf(step.what, maxChars, section));
      if (!shrunk) continue;
      section.body = joinBlocks(shrunk).trim();
      step.log.push(section.key);
    }
  }
  if (measure(current) <= maxChars) return { sections: current, cuts };
  const available = maxChars - measure(current.map((s) => ({ ...s, body: "" })));
  const cap = findSectionCap(
    current.map((s) => s.body.length),
    available
  );
  for (const section of current) {
    if (section.body.length <= cap) continue;
    const sentence = remarkOf("The rest of this section was cut", maxChars, section);
    const cut = joinBlocks(truncateBlocks(splitBlocks(section.body), cap, sentence)).trim();
    section.body = cutText(cut, cap).trim();
    cuts.ends.push(section.key);
  }
  return { sections: current, cuts };
}

// src/core/render/shared-comment.ts
var LEVELS_WORST_FIRST = ["fail", "warn", "pass"];
function renderSharedCommentMarker(groupKey) {
  return renderCommentMarker(`group:${groupKey}`);
}
function worstLevel(sections) {
  return LEVELS_WORST_FIRST.find((l) => sections.some((s) => s.level === l)) ?? "pass";
}
function renderSharedHeadline(groupKey, sections) {
  const worst = worstLevel(sections);
  const counts = LEVELS_WORST_FIRST.flatMap((level) => {
    const n2 = sections.filter((s) => s.level === level).length;
    return n2 > 0 ? [`${formatCount(n2)} ${level}`] : [];
  });
  const n = sections.length;
  const title = `${formatCount(n)} profile${n === 1 ? "" : "s"} (${counts.join(", ")})`;
  const ordered = orderSections(sections);
  const lines = LEVELS_WORST_FIRST.flatMap(
    (level) => ordered.filter((s) => s.level === level).map(
      (s) => `${iconOfLevel(level)} ${level}: [${escapeText(s.title, 100)}](#${sectionAnchorId(groupKey, s.key)})`
    )
  );
  return [`## ${iconOfLevel(worst)} loadgate: ${worst} \u2014 ${title}`, renderBulletList(lines)];
}
function renderSharedFooter(groupKey) {
  return `<sub>One comment for every loadgate job of this pull request with comment-key ${formatCodeSpan(groupKey, 64)}: each job updates only its own section, and a section is never replaced by an older run.</sub>`;
}
function assemble(groupKey, sections) {
  const ordered = orderSections(sections);
  return joinBlocks([
    renderSharedCommentMarker(groupKey),
    ...renderSharedHeadline(groupKey, ordered),
    ...ordered.map((s) => renderSectionBlock(groupKey, s)),
    renderSharedFooter(groupKey)
  ]);
}
function renderSharedComment(input) {
  const maxChars = input.maxChars ?? DEFAULT_MAX_CHARS;
  const fitted = fitSections(
    input.sections,
    (sections) => assemble(input.groupKey, sections).length,
    maxChars
  );
  const markdown = assemble(input.groupKey, fitted.sections);
  const notes = describeCuts(fitted.cuts, maxChars);
  if (markdown.length > maxChars) notes.push("The shared comment was cut at its end to fit.");
  return { markdown: cutText(markdown, maxChars), notes };
}

// src/core/notify/shared-comment-plan.ts
function splitCopies(copies) {
  const [comment, ...duplicates] = [...copies].sort((a, b) => a.id - b.id);
  return { comment, duplicates };
}
function planSharedWrite(copies, write) {
  const { comment, duplicates } = splitCopies(copies);
  const parsed = [comment, ...duplicates].flatMap((c) => c ? [parseSections(c.body)] : []);
  const seen = mergeSections(parsed.map((p) => p.sections));
  const mine = { ...write.section, key: normalizeSectionKey(write.section.key) };
  const upserted = upsertSection(seen, mine);
  if (!upserted.ok) {
    return { kind: "stale", commentId: comment?.id ?? 0, current: upserted.current };
  }
  const rendered = renderSharedComment({
    groupKey: write.groupKey,
    sections: upserted.sections,
    ...write.maxChars !== void 0 ? { maxChars: write.maxChars } : {}
  });
  const unreadable = parsed.reduce((sum, p) => sum + p.unreadable, 0);
  const notes = unreadable > 0 ? [
    ...rendered.notes,
    `Left out ${unreadable} section${unreadable === 1 ? "" : "s"} of the shared comment that could not be read (edited by hand?).`
  ] : rendered.notes;
  if (comment && comment.body === rendered.markdown) {
    return {
      kind: "unchanged",
      commentId: comment.id,
      expected: upserted.sections,
      duplicateIds: duplicates.map((d) => d.id)
    };
  }
  return {
    kind: "write",
    ...comment ? { commentId: comment.id } : {},
    body: rendered.markdown,
    expected: upserted.sections,
    notes
  };
}
function checkSharedWrite(copies, expected) {
  const { comment, duplicates } = splitCopies(copies);
  if (!comment) return { ok: false, lost: [...expected] };
  const required = mergeSections([
    expected,
    ...duplicates.map((d) => parseSections(d.body).sections)
  ]);
  const lost = findLostSections(required, parseSections(comment.body).sections);
  return lost.length > 0 ? { ok: false, lost } : { ok: true, commentId: comment.id, duplicateIds: duplicates.map((d) => d.id) };
}

// src/shell/github/shared-comment-sync.ts
var DEFAULT_SHARED_TIMING = {
  maxWrites: 5,
  settleMs: 1500,
  backoffMs: 1e3
};
var timerSleep = (ms) => new Promise((resolve3) => setTimeout(resolve3, ms));
function urlOf(copies, id) {
  return copies.find((c) => c.id === id)?.url ?? "";
}
async function removeDuplicates(store, ids, notes) {
  for (const id of ids) {
    try {
      await store.remove(id);
    } catch (error2) {
      if (error2 instanceof CommentError && error2.kind === "not-found") continue;
      notes.push(`Could not delete duplicate shared comment ${id}: ${String(error2)}`);
    }
  }
}
async function syncSharedSection(store, write, timing = {}) {
  const sleep = timing.sleep ?? timerSleep;
  const random = timing.random ?? Math.random;
  const maxWrites = timing.maxWrites ?? DEFAULT_SHARED_TIMING.maxWrites;
  const settleMs = timing.settleMs ?? DEFAULT_SHARED_TIMING.settleMs;
  const backoffMs = timing.backoffMs ?? DEFAULT_SHARED_TIMING.backoffMs;
  const created = /* @__PURE__ */ new Set();
  const notes = [];
  let writes = 0;
  let copies = await store.list();
  const actionFor = (id) => created.has(id) ? "created" : "updated";
  while (writes < maxWrites) {
    const plan = planSharedWrite(copies, write);
    if (plan.kind === "stale") {
      return {
        action: "stale",
        url: urlOf(copies, plan.commentId),
        writes,
        notes,
        keptRun: plan.current.run
      };
    }
    if (plan.kind === "unchanged") {
      await removeDuplicates(store, plan.duplicateIds, notes);
      const action = writes === 0 ? "unchanged" : actionFor(plan.commentId);
      return { action, url: urlOf(copies, plan.commentId), writes, notes };
    }
    writes += 1;
    try {
      const written = plan.commentId === void 0 ? await store.create(plan.body) : await store.update(plan.commentId, plan.body);
      if (plan.commentId === void 0) created.add(written.id);
    } catch (error2) {
      if (!(error2 instanceof CommentError && error2.kind === "not-found")) throw error2;
      if (plan.commentId === void 0) throw error2;
      copies = await store.list();
      continue;
    }
    notes.splice(0, notes.length, ...plan.notes);
    await sleep(settleMs * (1 + random()));
    copies = await store.list();
    const check = checkSharedWrite(copies, plan.expected);
    if (check.ok) {
      await removeDuplicates(store, check.duplicateIds, notes);
      return {
        action: actionFor(check.commentId),
        url: urlOf(copies, check.commentId),
        writes,
        notes
      };
    }
    if (writes < maxWrites) await sleep(backoffMs * writes * random());
  }
  throw new CommentError(
    "conflict",
    void 0,
    "update",
    `update comment: the shared comment was rewritten by other jobs after each of ${maxWrites} writes`
  );
}

// src/shell/github/comment-gateway.ts
var ACTIONS_BOT_LOGIN = "github-actions[bot]";
function carriesMarker(body, marker) {
  const wanted = marker.trim();
  return (body ?? "").split(/\r?\n/).some((line) => line.trim() === wanted);
}
var GitHubCommentGateway = class {
  constructor(octokit, options = {}) {
    this.octokit = octokit;
    this.options = options;
  }
  octokit;
  options;
  author;
  async upsert(repo, issueNumber, marker, body) {
    const existing = (await this.listOurs(repo, issueNumber, marker)).at(-1);
    if (existing) {
      const { data: data2 } = await this.call(
        "update",
        () => this.octokit.rest.issues.updateComment({
          owner: repo.owner,
          repo: repo.repo,
          comment_id: existing.id,
          body
        })
      );
      return { action: "updated", url: data2.html_url };
    }
    const { data } = await this.call(
      "create",
      () => this.octokit.rest.issues.createComment({
        owner: repo.owner,
        repo: repo.repo,
        issue_number: issueNumber,
        body
      })
    );
    return { action: "created", url: data.html_url };
  }
  /**
   * One job's section of the comment shared by the jobs of one `comment-key`: the comment is
   * ours (author-checked) with the group marker, found on any page; see shared-comment-sync.ts
   * for how concurrent jobs keep each other's sections.
   */
  upsertSection(repo, issueNumber, write) {
    return syncSharedSection(
      this.sharedStore(repo, issueNumber, renderSharedCommentMarker(write.groupKey)),
      write,
      this.options.sharedTiming
    );
  }
  /** Our comments (by login, case-insensitive) carrying `marker` as a line, oldest first. */
  async listOurs(repo, issueNumber, marker) {
    const author = (await this.resolveAuthor()).toLowerCase();
    const comments = await this.call(
      "list",
      () => this.octokit.paginate(this.octokit.rest.issues.listComments, {
        owner: repo.owner,
        repo: repo.repo,
        issue_number: issueNumber,
        per_page: 100
      })
    );
    return comments.filter(
      (c) => c.user?.login.toLowerCase() === author && carriesMarker(c.body, marker)
    );
  }
  sharedStore(repo, issueNumber, marker) {
    const listed = (c) => ({
      id: c.id,
      body: c.body ?? "",
      url: c.html_url
    });
    const where = { owner: repo.owner, repo: repo.repo };
    return {
      list: async () => (await this.listOurs(repo, issueNumber, marker)).map(listed),
      create: async (body) => {
        const request = { ...where, issue_number: issueNumber, body };
        const { data } = await this.call(
          "create",
          () => this.octokit.rest.issues.createComment(request)
        );
        return listed(data);
      },
      update: async (id, body) => {
        const request = { ...where, comment_id: id, body };
        const { data } = await this.call(
          "update",
          () => this.octokit.rest.issues.updateComment(request)
        );
        return listed(data);
      },
      remove: async (id) => {
        await this.call(
          "delete",
          () => this.octokit.rest.issues.deleteComment({ ...where, comment_id: id })
        );
      }
    };
  }
  /**
   * The login whose comments count as ours (see `authorLogin`). Resolved once per gateway; a
   * failure is not cached, so a later upsert asks again. Public for readers of our own comments
   * (the accept label's record).
   */
  resolveAuthor() {
    if (this.options.authorLogin) return Promise.resolve(this.options.authorLogin);
    this.author ??= this.fetchAuthor().catch((error2) => {
      this.author = void 0;
      throw error2;
    });
    return this.author;
  }
  async fetchAuthor() {
    try {
      const { data } = await this.octokit.rest.users.getAuthenticated();
      return data.login;
    } catch (error2) {
      const failure = toCommentError(error2, "identify");
      if (failure.kind === "forbidden" && failure.status === 403) return ACTIONS_BOT_LOGIN;
      throw failure;
    }
  }
  async call(operation, request) {
    try {
      return await request();
    } catch (error2) {
      throw toCommentError(error2, operation);
    }
  }
};

// src/shell/github/commit-status.ts
var MAX_DESCRIPTION = 140;
var GitHubCommitStatus = class {
  constructor(octokit) {
    this.octokit = octokit;
  }
  octokit;
  async setStatus(repo, sha, status) {
    const description = status.description.length > MAX_DESCRIPTION ? `${status.description.slice(0, MAX_DESCRIPTION - 1)}\u2026` : status.description;
    await this.octokit.rest.repos.createCommitStatus({
      owner: repo.owner,
      repo: repo.repo,
      sha,
      state: status.state,
      context: status.context,
      description,
      ...status.targetUrl ? { target_url: status.targetUrl } : {}
    });
  }
};

// node_modules/@octokit/plugin-throttling/dist-bundle/index.js
var import_light = __toESM(require_light(), 1);
var VERSION = "0.0.0-development";
var noop = () => Promise.resolve();
function wrapRequest(state, request, options) {
  return state.retryLimiter.schedule(doRequest, state, request, options);
}
async function doRequest(state, request, options) {
  const { pathname } = new URL(options.url, "http://github.test");
  const isAuth = isAuthRequest(options.method, pathname);
  const isWrite = !isAuth && options.method !== "GET" && options.method !== "HEAD";
  const isSearch = options.method === "GET" && pathname.startsWith("/search/");
  const isGraphQL = pathname.startsWith("/graphql");
  const retryCount = ~~request.retryCount;
  const jobOptions = retryCount > 0 ? { priority: 0, weight: 0 } : {};
  if (state.clustering) {
    jobOptions.expiration = 1e3 * 60;
  }
  if (isWrite || isGraphQL) {
    await state.write.key(state.id).schedule(jobOptions, noop);
  }
  if (isWrite && state.triggersNotification(pathname)) {
    await state.notifications.key(state.id).schedule(jobOptions, noop);
  }
  if (isSearch) {
    await state.search.key(state.id).schedule(jobOptions, noop);
  }
  const req = (isAuth ? state.auth : state.global).key(state.id).schedule(jobOptions, request, options);
  if (isGraphQL) {
    const res = await req;
    if (res.data.errors != null && res.data.errors.some((error2) => error2.type === "RATE_LIMITED")) {
      const error2 = Object.assign(new Error("GraphQL Rate Limit Exceeded"), {
        response: res,
        data: res.data
      });
      throw error2;
    }
  }
  return req;
}
function isAuthRequest(method, pathname) {
  return method === "PATCH" && // https://docs.github.com/en/rest/apps/apps?apiVersion=2022-11-28#create-a-scoped-access-token
  /^\/applications\/[^/]+\/token\/scoped$/.test(pathname) || method === "POST" && // https://docs.github.com/en/rest/apps/oauth-applications?apiVersion=2022-11-28#reset-a-token
  (/^\/applications\/[^/]+\/token$/.test(pathname) || // https://docs.github.com/en/rest/apps/apps?apiVersion=2022-11-28#create-an-installation-access-token-for-an-app
  /^\/app\/installations\/[^/]+\/access_tokens$/.test(pathname) || // https://docs.github.com/en/apps/oauth-apps/building-oauth-apps/authorizing-oauth-apps
  pathname === "/login/oauth/access_token");
}
var triggers_notification_paths_default = [
  "/orgs/{org}/invitations",
  "/orgs/{org}/invitations/{invitation_id}",
  "/orgs/{org}/teams/{team_slug}/discussions",
  "/orgs/{org}/teams/{team_slug}/discussions/{discussion_number}/comments",
  "/repos/{owner}/{repo}/collaborators/{username}",
  "/repos/{owner}/{repo}/commits/{commit_sha}/comments",
  "/repos/{owner}/{repo}/issues",
  "/repos/{owner}/{repo}/issues/{issue_number}/comments",
  "/repos/{owner}/{repo}/issues/{issue_number}/sub_issue",
  "/repos/{owner}/{repo}/issues/{issue_number}/sub_issues/priority",
  "/repos/{owner}/{repo}/pulls",
  "/repos/{owner}/{repo}/pulls/{pull_number}/comments",
  "/repos/{owner}/{repo}/pulls/{pull_number}/comments/{comment_id}/replies",
  "/repos/{owner}/{repo}/pulls/{pull_number}/merge",
  "/repos/{owner}/{repo}/pulls/{pull_number}/requested_reviewers",
  "/repos/{owner}/{repo}/pulls/{pull_number}/reviews",
  "/repos/{owner}/{repo}/releases",
  "/teams/{team_id}/discussions",
  "/teams/{team_id}/discussions/{discussion_number}/comments"
];
function routeMatcher(paths) {
  const regexes = paths.map(
    (path) => path.split("/").map((c) => c.startsWith("{") ? "(?:.+?)" : c).join("/")
  );
  const regex2 = `^(?:${regexes.map((r) => `(?:${r})`).join("|")})[^/]*$`;
  return new RegExp(regex2, "i");
}
var regex = routeMatcher(triggers_notification_paths_default);
var triggersNotification = regex.test.bind(regex);
var groups = {};
var createGroups = function(Bottleneck, common) {
  groups.global = new Bottleneck.Group({
    id: "octokit-global",
    maxConcurrent: 10,
    ...common
  });
  groups.auth = new Bottleneck.Group({
    id: "octokit-auth",
    maxConcurrent: 1,
    ...common
  });
  groups.search = new Bottleneck.Group({
    id: "octokit-search",
    maxConcurrent: 1,
    minTime: 2e3,
    ...common
  });
  groups.write = new Bottleneck.Group({
    id: "octokit-write",
    maxConcurrent: 1,
    minTime: 1e3,
    ...common
  });
  groups.notifications = new Bottleneck.Group({
    id: "octokit-notifications",
    maxConcurrent: 1,
    minTime: 3e3,
    ...common
  });
};
function throttling(octokit, octokitOptions) {
  const {
    enabled = true,
    Bottleneck = import_light.default,
    id = "no-id",
    timeout = 1e3 * 60 * 2,
    // Redis TTL: 2 minutes
    connection
  } = octokitOptions.throttle || {};
  if (!enabled) {
    return {};
  }
  const common = { timeout };
  if (typeof connection !== "undefined") {
    common.connection = connection;
  }
  const state = Object.assign(
    {
      clustering: connection != null,
      triggersNotification,
      fallbackSecondaryRateRetryAfter: 60,
      retryAfterBaseValue: 1e3,
      id
    },
    octokitOptions.throttle
  );
  if (typeof state.onSecondaryRateLimit !== "function" || typeof state.onRateLimit !== "function") {
    throw new Error(`octokit/plugin-throttling error:
        You must pass the onSecondaryRateLimit and onRateLimit error handlers.
        See https://octokit.github.io/rest.js/#throttling

        const octokit = new Octokit({
          throttle: {
            onSecondaryRateLimit: (retryAfter, options) => {/* ... */},
            onRateLimit: (retryAfter, options) => {/* ... */}
          }
        })
    `);
  }
  let initialized = false;
  const initializeBottleneck = () => {
    if (initialized) {
      return;
    }
    initialized = true;
    if (groups.global == null) {
      createGroups(Bottleneck, common);
    }
    state.global = state.global ?? groups.global;
    state.auth = state.auth ?? groups.auth;
    state.search = state.search ?? groups.search;
    state.write = state.write ?? groups.write;
    state.notifications = state.notifications ?? groups.notifications;
    state.retryLimiter = state.retryLimiter ?? new Bottleneck();
    const events = {};
    const emitter = new Bottleneck.Events(events);
    events.on("secondary-limit", state.onSecondaryRateLimit);
    events.on("rate-limit", state.onRateLimit);
    events.on(
      "error",
      (e) => octokit.log.warn("Error in throttling-plugin limit handler", e)
    );
    state.retryLimiter.on("failed", async function(error2, info2) {
      const [state2, request, options] = info2.args;
      const { pathname } = new URL(options.url, "http://github.test");
      const shouldRetryGraphQL = pathname.startsWith("/graphql") && error2.status !== 401;
      if (!(shouldRetryGraphQL || error2.status === 403 || error2.status === 429)) {
        return;
      }
      const retryCount = ~~request.retryCount;
      request.retryCount = retryCount;
      options.request.retryCount = retryCount;
      const { wantRetry, retryAfter = 0 } = await (async function() {
        if (/\bsecondary rate\b/i.test(error2.message)) {
          const retryAfter2 = Number(error2.response.headers["retry-after"]) || state2.fallbackSecondaryRateRetryAfter;
          const wantRetry2 = await emitter.trigger(
            "secondary-limit",
            retryAfter2,
            options,
            octokit,
            retryCount
          );
          return { wantRetry: wantRetry2, retryAfter: retryAfter2 };
        }
        if (error2.response.headers != null && error2.response.headers["x-ratelimit-remaining"] === "0" || (error2.response.data?.errors ?? []).some(
          (error22) => error22.type === "RATE_LIMITED"
        )) {
          const rateLimitReset = new Date(
            ~~error2.response.headers["x-ratelimit-reset"] * 1e3
          ).getTime();
          const retryAfter2 = Math.max(
            // Add one second so we retry _after_ the reset time
            // https://docs.github.com/en/rest/overview/resources-in-the-rest-api?apiVersion=2022-11-28#exceeding-the-rate-limit
            Math.ceil((rateLimitReset - Date.now()) / 1e3) + 1,
            0
          );
          const wantRetry2 = await emitter.trigger(
            "rate-limit",
            retryAfter2,
            options,
            octokit,
            retryCount
          );
          return { wantRetry: wantRetry2, retryAfter: retryAfter2 };
        }
        return {};
      })();
      if (wantRetry) {
        request.retryCount++;
        return retryAfter * state2.retryAfterBaseValue;
      }
    });
  };
  octokit.hook.wrap("request", (request, options) => {
    initializeBottleneck();
    return wrapRequest(state, request, options);
  });
  return {};
}
throttling.VERSION = VERSION;
throttling.triggersNotification = triggersNotification;

// node_modules/@octokit/rest/dist-src/version.js
var VERSION2 = "22.0.1";

// node_modules/@octokit/rest/dist-src/index.js
var Octokit2 = Octokit.plugin(requestLog, legacyRestEndpointMethods, paginateRest).defaults(
  {
    userAgent: `octokit-rest.js/${VERSION2}`
  }
);

// src/shell/github/create-octokit.ts
var DEFAULT_BASE_URL = "https://api.github.com";
var DO_NOT_RETRY = [400, 401, 403, 404, 410, 422, 429, 451];
var GitHubClient = Octokit2.plugin(retry, throttling);
function createOctokit(options) {
  const log = options.log;
  const maxRetries = options.rateLimitRetries ?? 2;
  const maxWait = options.maxRateLimitWaitSeconds ?? 120;
  const onLimit = (what) => (retryAfter, request, _o, count) => {
    const route = `${request.method} ${request.url}`;
    if (count >= maxRetries || retryAfter > maxWait) {
      log?.warn(`GitHub ${what} on ${route}; not waiting ${retryAfter} s for it.`);
      return false;
    }
    log?.info(`GitHub ${what} on ${route}; retrying in ${retryAfter} s.`);
    return true;
  };
  return new GitHubClient({
    auth: options.token,
    baseUrl: (options.baseUrl || DEFAULT_BASE_URL).replace(/\/+$/, ""),
    // plugin-request-log reports every failed request at error level, including the expected
    // 403 of GET /user with an Actions token; failures reach callers as errors anyway.
    log: {
      debug: () => {
      },
      info: () => {
      },
      warn: (message) => log?.warn(message),
      error: () => {
      }
    },
    retry: {
      retries: options.retries ?? 3,
      retryAfterBaseValue: options.retryDelayMs ?? 1e3,
      doNotRetry: DO_NOT_RETRY
    },
    throttle: {
      id: options.limiterId ?? "loadgate",
      onRateLimit: onLimit("rate limit"),
      onSecondaryRateLimit: onLimit("secondary rate limit")
    }
  });
}

// src/shell/store/baseline-runs-api.ts
var RUNS_PAGE_SIZE = 20;
var WorkflowNotFoundError = class extends Error {
  constructor(workflowFile, options) {
    super(`workflow ${workflowFile} not found`, options);
  }
};
async function* listSuccessfulRuns(octokit, filter, limit) {
  let yielded = 0;
  const pages = octokit.paginate.iterator(octokit.rest.actions.listWorkflowRuns, {
    owner: filter.repo.owner,
    repo: filter.repo.repo,
    // The API takes the workflow's file name (e.g. loadtest.yml) as well as its numeric id.
    workflow_id: filter.workflowFile,
    branch: filter.branch,
    status: "success",
    exclude_pull_requests: true,
    per_page: RUNS_PAGE_SIZE,
    ...filter.headSha ? { head_sha: filter.headSha } : {},
    // Server-side cut-off (search syntax), so a busy branch's newer runs do not use up the limit.
    ...filter.createdAtOrBefore ? { created: `<=${filter.createdAtOrBefore}` } : {}
  });
  try {
    for await (const page of pages) {
      for (const run2 of page.data) {
        if (yielded >= limit) return;
        yielded += 1;
        yield run2;
      }
    }
  } catch (error2) {
    if (hasStatus(error2, 404))
      throw new WorkflowNotFoundError(filter.workflowFile, { cause: error2 });
    throw error2;
  }
}
function isExpired(artifact, nowMs) {
  return artifact.expired || artifact.expires_at !== null && Date.parse(artifact.expires_at) <= nowMs;
}
async function findRunArtifact(octokit, repo, runId, name, nowMs) {
  const { data } = await octokit.rest.actions.listWorkflowRunArtifacts({
    owner: repo.owner,
    repo: repo.repo,
    run_id: runId,
    name,
    per_page: 100
  });
  const named = data.artifacts.filter((a) => a.name === name).sort((a, b) => b.id - a.id);
  const usable = named.find((a) => !isExpired(a, nowMs));
  return usable ? { usable } : { expired: named[0] };
}
async function readCommitDate(octokit, repo, sha) {
  try {
    const { data } = await octokit.rest.repos.getCommit({
      owner: repo.owner,
      repo: repo.repo,
      ref: sha,
      per_page: 1
    });
    return data.commit.committer?.date ?? data.commit.author?.date;
  } catch (error2) {
    if (hasStatus(error2, 404) || hasStatus(error2, 422)) return void 0;
    throw error2;
  }
}
function hasStatus(error2, status) {
  return typeof error2 === "object" && error2 !== null && "status" in error2 && error2.status === status;
}

// src/shell/github/github-request-error.ts
var GITHUB_REQUEST_FAILED = "ERR_GITHUB_REQUEST";
var GitHubRequestError = class extends Error {
  constructor(route, httpStatus, reason, options) {
    const answer = httpStatus === void 0 ? reason : `HTTP ${httpStatus} ${reason}`;
    super(`${route} failed: ${answer}`, options);
    this.route = route;
    this.httpStatus = httpStatus;
  }
  route;
  httpStatus;
  name = "GitHubRequestError";
  code = GITHUB_REQUEST_FAILED;
};
function isRequestError2(error2) {
  return error2 instanceof Error && typeof error2.status === "number";
}
function githubMessage2(error2) {
  const data = error2.response?.data;
  if (typeof data === "object" && data !== null && "message" in data) return String(data.message);
  return error2.message;
}
function toGitHubRequestError(error2, route) {
  if (error2 instanceof GitHubRequestError) return error2;
  if (!isRequestError2(error2)) {
    return new GitHubRequestError(route, void 0, messageOf(error2), { cause: error2 });
  }
  return new GitHubRequestError(route, error2.status, githubMessage2(error2), { cause: error2 });
}

// src/shell/github/issue-error.ts
var ISSUES_PERMISSION = "ERR_ISSUES_PERMISSION";
var IssuePermissionError = class extends Error {
  constructor(route, httpStatus, reason, options) {
    super(
      `the token may not write issues: give the workflow \`permissions: issues: write\` (${route} answered HTTP ${httpStatus} ${reason})`,
      options
    );
    this.route = route;
    this.httpStatus = httpStatus;
  }
  route;
  httpStatus;
  name = "IssuePermissionError";
  code = ISSUES_PERMISSION;
  status = 403;
};
function isRateLimit(error2, message) {
  const remaining = error2.response?.headers?.["x-ratelimit-remaining"];
  return error2.status === 429 || String(remaining) === "0" || /rate limit/i.test(message);
}
function toIssueError(error2, route, kind) {
  if (error2 instanceof IssuePermissionError) return error2;
  if (!isRequestError2(error2)) return toGitHubRequestError(error2, route);
  const reason = githubMessage2(error2);
  const forbidden = error2.status === 403 && !isRateLimit(error2, reason);
  if (forbidden || kind === "write" && error2.status === 404) {
    return new IssuePermissionError(route, error2.status, reason, { cause: error2 });
  }
  return new GitHubRequestError(route, error2.status, reason, { cause: error2 });
}

// src/shell/github/issue-gateway.ts
var REGRESSION_LABEL_STYLE = {
  color: "b60205",
  description: "A performance regression that loadgate confirmed on a scheduled run"
};
var ROUTES = {
  user: "GET /user",
  list: "GET /repos/{owner}/{repo}/issues",
  create: "POST /repos/{owner}/{repo}/issues",
  update: "PATCH /repos/{owner}/{repo}/issues/{issue_number}",
  comment: "POST /repos/{owner}/{repo}/issues/{issue_number}/comments",
  getLabel: "GET /repos/{owner}/{repo}/labels/{name}",
  createLabel: "POST /repos/{owner}/{repo}/labels"
};
function toTracked(issue) {
  const closed = issue.state === "closed";
  return {
    number: issue.number,
    state: closed ? "closed" : "open",
    ...closed && issue.closed_at ? { closedAt: issue.closed_at } : {},
    title: issue.title,
    body: issue.body ?? "",
    url: issue.html_url
  };
}
function isOurs(user, login) {
  if (!user) return false;
  if (user.type === "Bot" || user.login.endsWith("[bot]")) return true;
  return login !== void 0 && user.login.toLowerCase() === login.toLowerCase();
}
var GitHubIssueGateway = class {
  constructor(octokit, options = {}) {
    this.octokit = octokit;
    this.options = options;
  }
  octokit;
  options;
  author;
  async find(repo, label, marker) {
    const wanted = marker.trim();
    if (wanted === "") throw new Error("an issue marker must not be empty");
    const issues = await this.call(
      ROUTES.list,
      "read",
      () => this.octokit.paginate(this.octokit.rest.issues.listForRepo, {
        owner: repo.owner,
        repo: repo.repo,
        labels: label,
        state: "all",
        per_page: 100
      })
    );
    const marked = issues.filter((i) => !i.pull_request && (i.body ?? "").includes(wanted));
    if (marked.length === 0) return void 0;
    const login = await this.resolveAuthor();
    const newest = marked.filter((i) => isOurs(i.user, login)).sort((a, b) => b.created_at.localeCompare(a.created_at) || b.number - a.number)[0];
    return newest && toTracked(newest);
  }
  async create(repo, issue) {
    await this.ensureLabel(repo, issue.label);
    const { data } = await this.call(
      ROUTES.create,
      "write",
      () => this.octokit.rest.issues.create({
        owner: repo.owner,
        repo: repo.repo,
        title: issue.title,
        body: issue.body,
        labels: [issue.label]
      })
    );
    return toTracked(data);
  }
  /** Closing says `completed`; reopening needs no reason (GitHub records `reopened`). */
  async update(repo, number, change) {
    const { title, body, state } = change;
    if (title === void 0 && body === void 0 && state === void 0) return;
    await this.call(
      ROUTES.update,
      "write",
      () => this.octokit.rest.issues.update({
        owner: repo.owner,
        repo: repo.repo,
        issue_number: number,
        ...title !== void 0 ? { title } : {},
        ...body !== void 0 ? { body } : {},
        ...state !== void 0 ? { state } : {},
        ...state === "closed" ? { state_reason: "completed" } : {}
      })
    );
  }
  async comment(repo, number, body) {
    await this.call(
      ROUTES.comment,
      "write",
      () => this.octokit.rest.issues.createComment({
        owner: repo.owner,
        repo: repo.repo,
        issue_number: number,
        body
      })
    );
  }
  /**
   * Creates the label with our colour and description when the repository lacks it. GitHub
   * would create a missing label with the issue, grey and unexplained; so past a permission
   * error, a failure here (or a parallel run creating it first: 422) does not stop the issue.
   */
  async ensureLabel(repo, name) {
    try {
      await this.octokit.rest.issues.getLabel({ owner: repo.owner, repo: repo.repo, name });
      return;
    } catch (error2) {
      if (!hasStatus(error2, 404)) throw toIssueError(error2, ROUTES.getLabel, "read");
    }
    const style = this.options.labelStyle ?? REGRESSION_LABEL_STYLE;
    try {
      await this.octokit.rest.issues.createLabel({
        owner: repo.owner,
        repo: repo.repo,
        name,
        color: style.color,
        description: style.description
      });
    } catch (error2) {
      const failure = toIssueError(error2, ROUTES.createLabel, "write");
      if (failure instanceof IssuePermissionError) throw failure;
    }
  }
  /** Resolved once per gateway; a failure is not cached, so a later call asks again. */
  resolveAuthor() {
    if (this.options.authorLogin) return Promise.resolve(this.options.authorLogin);
    this.author ??= this.fetchAuthor().catch((error2) => {
      this.author = void 0;
      throw error2;
    });
    return this.author;
  }
  async fetchAuthor() {
    try {
      const { data } = await this.octokit.rest.users.getAuthenticated();
      return data.login;
    } catch (error2) {
      const failure = toIssueError(error2, ROUTES.user, "read");
      if (failure instanceof IssuePermissionError) return void 0;
      throw failure;
    }
  }
  async call(route, kind, request) {
    try {
      return await request();
    } catch (error2) {
      throw toIssueError(error2, route, kind);
    }
  }
};

// src/shell/github/label-events.ts
function statusOf(error2) {
  const status = error2?.status;
  return typeof status === "number" ? status : void 0;
}
var GitHubAcceptanceGateway = class {
  constructor(octokit, options) {
    this.octokit = octokit;
    this.options = options;
  }
  octokit;
  options;
  async listLabelEvents(repo, issueNumber) {
    const events = await this.octokit.paginate(this.octokit.rest.issues.listEvents, {
      owner: repo.owner,
      repo: repo.repo,
      issue_number: issueNumber,
      per_page: 100
    });
    return events.flatMap((e) => {
      if (e.event !== "labeled" && e.event !== "unlabeled") return [];
      const label = e.label?.name;
      const actor = e.actor?.login;
      if (!label || !actor) return [];
      return [{ id: e.id, action: e.event, label, actor, createdAt: e.created_at }];
    });
  }
  async checkWriter(repo, login) {
    try {
      const { data } = await this.octokit.rest.repos.getCollaboratorPermissionLevel({
        owner: repo.owner,
        repo: repo.repo,
        username: login
      });
      return {
        kind: "permission",
        permission: data.permission,
        ...data.role_name ? { roleName: data.role_name } : {}
      };
    } catch (error2) {
      if (statusOf(error2) === 404) return { kind: "not-collaborator" };
      return { kind: "failed", reason: messageOf(error2) };
    }
  }
  async listOwnCommentBodies(repo, issueNumber) {
    const author = (await this.options.resolveAuthor()).toLowerCase();
    const comments = await this.octokit.paginate(this.octokit.rest.issues.listComments, {
      owner: repo.owner,
      repo: repo.repo,
      issue_number: issueNumber,
      per_page: 100
    });
    return comments.filter((c) => c.user?.login.toLowerCase() === author).map((c) => c.body ?? "").reverse();
  }
};

// src/shell/github/pull-request-api.ts
var PullRequestReadError = class extends Error {
  constructor(message, status, options) {
    super(message, options);
    this.status = status;
  }
  status;
  name = "PullRequestReadError";
};
function statusOf2(error2) {
  const status = error2?.status;
  return typeof status === "number" ? status : void 0;
}
async function readPullRequest(octokit, repo, number) {
  const pull = await octokit.rest.pulls.get({ owner: repo.owner, repo: repo.repo, pull_number: number }).then(
    (response) => response.data,
    (error2) => {
      const reason = messageOf(error2);
      throw new PullRequestReadError(
        `Could not read pull request #${number} of ${repo.owner}/${repo.repo}: ${reason}`,
        statusOf2(error2),
        { cause: error2 }
      );
    }
  );
  const info2 = { number, headSha: pull.head.sha, baseRef: pull.base.ref };
  const mergeBaseSha = await readMergeBase(octokit, repo, pull.base.sha, pull.head.sha);
  if (mergeBaseSha !== void 0) info2.mergeBaseSha = mergeBaseSha;
  return info2;
}
async function readMergeBase(octokit, repo, baseSha, headSha) {
  try {
    const { data } = await octokit.rest.repos.compareCommitsWithBasehead({
      owner: repo.owner,
      repo: repo.repo,
      basehead: `${baseSha}...${headSha}`,
      // Only merge_base_commit is needed; one commit per page keeps a big diff's answer small.
      per_page: 1
    });
    return data.merge_base_commit.sha || void 0;
  } catch {
    return void 0;
  }
}
async function listPullRequestsOfCommit(octokit, repo, sha) {
  const { data } = await octokit.rest.repos.listPullRequestsAssociatedWithCommit({
    owner: repo.owner,
    repo: repo.repo,
    commit_sha: sha,
    per_page: 100
  });
  return data.map((pull) => ({
    number: pull.number,
    state: pull.state,
    headSha: pull.head.sha,
    baseRef: pull.base.ref
  }));
}

// src/shell/github/release-lookup.ts
var ROUTE = "GET /repos/{owner}/{repo}/releases/latest";
var GitHubReleaseLookup = class {
  constructor(octokit) {
    this.octokit = octokit;
  }
  octokit;
  async latestRelease(repo) {
    try {
      const { data } = await this.octokit.rest.repos.getLatestRelease({
        owner: repo.owner,
        repo: repo.repo
      });
      return {
        tag: data.tag_name,
        ...data.name ? { name: data.name } : {},
        url: data.html_url,
        publishedAt: data.published_at ?? data.created_at
      };
    } catch (error2) {
      if (hasStatus(error2, 404)) return void 0;
      throw toGitHubRequestError(error2, ROUTE);
    }
  }
};

// src/shell/store/artifact-baseline-store.ts
import { mkdir, rm } from "node:fs/promises";
import { dirname, join as join2, resolve } from "node:path";

// src/shell/store/find-artifact-results.ts
import { readdir, readFile as readFile2 } from "node:fs/promises";
import { join } from "node:path";
async function readArtifactResultsText(dir, ref, what = `baseline artifact ${ref.artifactName} (id ${ref.artifactId}) of run ${ref.runId}`) {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  const files = entries.filter((entry) => entry.isFile()).map((entry) => join(entry.parentPath, entry.name));
  const jsonFiles = files.filter((file) => file.toLowerCase().endsWith(".json"));
  const [only, ...others] = jsonFiles;
  if (only !== void 0 && others.length === 0) return readFile2(only, "utf8");
  const names = (list) => list.map((file) => file.slice(dir.length + 1)).join(", ") || "nothing";
  if (only === void 0) {
    throw new Error(`${what} holds no .json results file (it holds ${names(files)})`);
  }
  throw new Error(
    `${what} holds ${jsonFiles.length} .json files (${names(jsonFiles)}); expected one`
  );
}

// src/shell/store/baseline-reasons.ts
function shortSha(sha) {
  return sha.slice(0, 7);
}
function describeMissingWorkflow(query) {
  return `workflow ${query.workflowFile} was not found in ${query.repo.owner}/${query.repo.repo} (or the token cannot read its Actions runs)`;
}
function describeMissingBaseline(query, scan) {
  const where = `${query.workflowFile} on ${query.branch}`;
  const before = query.mergeBaseSha ? ` at or before the merge base ${shortSha(query.mergeBaseSha)}` : "";
  if (scan.runsChecked === 0) return `no successful run of ${where}${before} yet`;
  if (scan.expired) {
    const { runId, commit, expiresAt } = scan.expired;
    const when = expiresAt ? ` on ${expiresAt.slice(0, 10)}` : "";
    return `the newest baseline artifacts have expired: ${query.artifactName} of run ${runId} (commit ${shortSha(commit)}) expired${when}; artifacts are deleted after the repository's retention period (90 days by default), so run ${where} again to record a new baseline`;
  }
  if (scan.limitReached) {
    return `none of the ${scan.runsChecked} newest successful runs of ${where}${before} has the artifact ${query.artifactName}`;
  }
  return `no successful run of ${where}${before} has the artifact ${query.artifactName} yet`;
}

// src/shell/store/find-baseline.ts
var MAX_RUNS_AT_MERGE_BASE = 10;
function toRef(run2, artifact, query) {
  return {
    artifactId: artifact.id,
    artifactName: artifact.name,
    runId: Number(run2.id),
    commit: run2.head_sha,
    branch: run2.head_branch ?? query.branch,
    createdAt: run2.created_at,
    runUrl: run2.html_url
  };
}
async function findBaseline(octokit, query, limits) {
  const scan = { runsChecked: 0, limitReached: false };
  const checked = /* @__PURE__ */ new Set();
  const filter = { repo: query.repo, workflowFile: query.workflowFile, branch: query.branch };
  const firstWithArtifact = async (runs) => {
    for await (const run2 of runs) {
      const runId = Number(run2.id);
      if (checked.has(runId)) continue;
      if (scan.runsChecked >= limits.maxRuns) {
        scan.limitReached = true;
        return void 0;
      }
      checked.add(runId);
      scan.runsChecked += 1;
      const found = await findRunArtifact(
        octokit,
        query.repo,
        runId,
        query.artifactName,
        limits.nowMs
      );
      if (found.usable) return toRef(run2, found.usable, query);
      if (found.expired && !scan.expired) {
        scan.expired = { runId, commit: run2.head_sha, expiresAt: found.expired.expires_at };
      }
    }
    return void 0;
  };
  try {
    let cutoff;
    if (query.mergeBaseSha) {
      const exactRuns = [];
      const atMergeBase = { ...filter, headSha: query.mergeBaseSha };
      for await (const run2 of listSuccessfulRuns(octokit, atMergeBase, MAX_RUNS_AT_MERGE_BASE)) {
        if (run2.head_sha === query.mergeBaseSha) exactRuns.push(run2);
      }
      const exact = await firstWithArtifact(exactRuns);
      if (exact) return { kind: "found", ref: exact, exactMergeBase: true };
      cutoff = exactRuns.map((run2) => run2.created_at).sort()[0] ?? await readCommitDate(octokit, query.repo, query.mergeBaseSha);
    }
    const earlier = listSuccessfulRuns(
      octokit,
      { ...filter, createdAtOrBefore: cutoff },
      limits.maxRuns + MAX_RUNS_AT_MERGE_BASE
    );
    const ref = await firstWithArtifact(onlyUpTo(earlier, cutoff));
    if (ref) return { kind: "found", ref, exactMergeBase: ref.commit === query.mergeBaseSha };
    return { kind: "none", reason: describeMissingBaseline(query, scan) };
  } catch (error2) {
    if (error2 instanceof WorkflowNotFoundError)
      return { kind: "none", reason: describeMissingWorkflow(query) };
    throw error2;
  }
}
async function* onlyUpTo(runs, cutoff) {
  for await (const run2 of runs) {
    if (cutoff === void 0 || Date.parse(run2.created_at) <= Date.parse(cutoff)) yield run2;
  }
}

// src/shell/store/artifact-baseline-store.ts
var DEFAULT_MAX_RUNS_CHECKED = 50;
var ArtifactBaselineStore = class {
  constructor(options) {
    this.options = options;
    this.artifactClient = options.artifactClient;
  }
  options;
  artifactClient;
  /** Uploads `filePath` alone, at the root of artifact `artifactName`, kept `retentionDays`. */
  async save(filePath, artifactName, retentionDays) {
    const client = await this.loadArtifactClient();
    const absolute = resolve(filePath);
    await client.uploadArtifact(artifactName, [absolute], dirname(absolute), { retentionDays });
  }
  /** Finds the merge-base run's artifact, else the nearest earlier run's (see findBaseline). */
  find(query) {
    return findBaseline(this.options.octokit, query, {
      maxRuns: this.options.maxRunsChecked ?? DEFAULT_MAX_RUNS_CHECKED,
      nowMs: (this.options.now ?? Date.now)()
    });
  }
  /**
   * Downloads and unzips the artifact into a fresh folder and returns the results file's text,
   * unvalidated: the caller parses it and explains a corrupt baseline in the report.
   */
  async download(repo, ref) {
    const client = await this.loadArtifactClient();
    const dir = join2(this.options.tempDir, `loadgate-baseline-${ref.runId}-${ref.artifactId}`);
    await rm(dir, { recursive: true, force: true });
    await mkdir(dir, { recursive: true });
    try {
      await client.downloadArtifact(ref.artifactId, {
        path: dir,
        findBy: {
          token: this.options.token,
          workflowRunId: ref.runId,
          repositoryOwner: repo.owner,
          repositoryName: repo.repo
        }
      });
    } catch (error2) {
      const message = messageOf(error2);
      throw new Error(
        `could not download baseline artifact ${ref.artifactName} (id ${ref.artifactId}) of run ${ref.runId}: ${message}`,
        { cause: error2 }
      );
    }
    return readArtifactResultsText(dir, ref);
  }
  /** The run's newest unexpired artifact `artifactName`, as a ref `download` accepts. */
  async findInRun(repo, runId, artifactName) {
    const { usable } = await findRunArtifact(
      this.options.octokit,
      repo,
      runId,
      artifactName,
      (this.options.now ?? Date.now)()
    );
    if (!usable) return void 0;
    const run2 = usable.workflow_run;
    return {
      artifactId: usable.id,
      artifactName: usable.name,
      runId,
      commit: run2?.head_sha ?? "",
      branch: run2?.head_branch ?? "",
      createdAt: usable.created_at ?? "",
      runUrl: ""
    };
  }
  async loadArtifactClient() {
    if (!this.artifactClient) {
      const { DefaultArtifactClient } = await import("./chunks/artifact-NER434J2.js");
      this.artifactClient = new DefaultArtifactClient();
    }
    return this.artifactClient;
  }
};

// src/shell/store/artifact-store.ts
var DEFAULT_RETENTION_DAYS = 90;
var DEFAULT_MAX_ARTIFACTS_SCANNED = 1e3;
var PAGE_SIZE = 100;
function isWholeDays(days) {
  return days !== void 0 && Number.isFinite(days) && days >= 1;
}
function chooseRetentionDays(maxRetentionDays, repositoryRetentionDays) {
  const limits = [maxRetentionDays, repositoryRetentionDays].filter(isWholeDays).map((days) => Math.floor(days));
  return limits.length === 0 ? DEFAULT_RETENTION_DAYS : Math.min(...limits);
}
var GitHubArtifactStore = class {
  constructor(options) {
    this.options = options;
    this.files = new ArtifactBaselineStore({
      octokit: options.octokit,
      token: options.token,
      tempDir: options.tempDir,
      ...options.artifactClient ? { artifactClient: options.artifactClient } : {}
    });
  }
  options;
  /** Uploads and cross-run downloads work exactly as for baselines. */
  files;
  /**
   * Reads `GET /repos/{o}/{r}/actions/artifacts?name=…` newest first, page by page until
   * `limit` usable artifacts are found or `maxArtifactsScanned` were read. Expired artifacts
   * are skipped; the newest of them is returned when none was usable.
   */
  async listByName(repo, name, limit) {
    const nowMs = (this.options.now ?? Date.now)();
    const maxScanned = this.options.maxArtifactsScanned ?? DEFAULT_MAX_ARTIFACTS_SCANNED;
    const usable = [];
    let newestExpired;
    if (limit < 1) return { usable };
    let scanned = 0;
    const pages = this.options.octokit.paginate.iterator(
      this.options.octokit.rest.actions.listArtifactsForRepo,
      { owner: repo.owner, repo: repo.repo, name, per_page: PAGE_SIZE }
    );
    scan: for await (const page of pages) {
      for (const artifact of page.data) {
        scanned += 1;
        if (artifact.name === name && artifact.workflow_run?.id) {
          if (!isExpired(artifact, nowMs)) usable.push(this.toRef(repo, artifact));
          else if (!newestExpired || isNewer(artifact, newestExpired)) newestExpired = artifact;
        }
        if (usable.length >= limit || scanned >= maxScanned) break scan;
      }
    }
    usable.sort((a, b) => b.createdAt.localeCompare(a.createdAt) || b.artifactId - a.artifactId);
    if (usable.length > 0 || !newestExpired) return { usable };
    return {
      usable,
      newestExpired: {
        ...this.toRef(repo, newestExpired),
        ...newestExpired.expires_at ? { expiredAt: newestExpired.expires_at } : {}
      }
    };
  }
  /** Downloads the artifact into a fresh folder and returns its one `.json` file's text. */
  download(repo, ref) {
    return this.files.download(repo, ref);
  }
  /** Uploads `filePath` as artifact `name`, kept as long as both the caller and the repository
   * allow (see chooseRetentionDays). */
  save(filePath, name, maxRetentionDays) {
    const days = chooseRetentionDays(maxRetentionDays, this.options.repositoryRetentionDays);
    return this.files.save(filePath, name, days);
  }
  /** Deletes the artifact; GitHub answers 403 to a token without `actions: write`. */
  async delete(repo, ref) {
    await this.options.octokit.rest.actions.deleteArtifact({
      owner: repo.owner,
      repo: repo.repo,
      artifact_id: ref.artifactId
    });
  }
  toRef(repo, artifact) {
    const run2 = artifact.workflow_run;
    const runId = run2?.id ?? 0;
    const server = this.options.serverUrl?.replace(/\/+$/, "");
    return {
      artifactId: artifact.id,
      artifactName: artifact.name,
      runId,
      commit: run2?.head_sha ?? "",
      branch: run2?.head_branch ?? "",
      createdAt: artifact.created_at ?? "",
      runUrl: server ? `${server}/${repo.owner}/${repo.repo}/actions/runs/${runId}` : ""
    };
  }
};
function isNewer(a, b) {
  const byTime = (a.created_at ?? "").localeCompare(b.created_at ?? "");
  return byTime > 0 || byTime === 0 && a.id > b.id;
}

// src/shell/store/find-head-results.ts
var MAX_RUNS = 20;
var GitHubHeadResultsLookup = class {
  constructor(options) {
    this.options = options;
  }
  options;
  async findHeadResults(query) {
    const { octokit } = this.options;
    const nowMs = (this.options.now ?? Date.now)();
    const { data } = await octokit.rest.actions.listWorkflowRuns({
      owner: query.repo.owner,
      repo: query.repo.repo,
      // The API takes the workflow's file name (e.g. loadtest.yml) as well as its numeric id.
      workflow_id: query.workflowFile,
      head_sha: query.headSha,
      status: "completed",
      exclude_pull_requests: true,
      per_page: MAX_RUNS
    });
    for (const run2 of data.workflow_runs) {
      if (run2.id === query.exceptRunId || run2.head_sha !== query.headSha) continue;
      const found = await findRunArtifact(octokit, query.repo, run2.id, query.artifactName, nowMs);
      if (!found.usable) continue;
      return {
        artifactId: found.usable.id,
        artifactName: found.usable.name,
        runId: run2.id,
        commit: run2.head_sha,
        branch: run2.head_branch ?? "",
        createdAt: run2.created_at,
        runUrl: run2.html_url
      };
    }
    return void 0;
  }
};

// src/shell/store/this-run-artifacts.ts
import { mkdir as mkdir2, rm as rm2 } from "node:fs/promises";
import { dirname as dirname2, join as join3, resolve as resolve2 } from "node:path";
var ActionsThisRunArtifacts = class {
  constructor(options) {
    this.options = options;
    this.client = options.artifactClient;
  }
  options;
  client;
  /** Uploads `filePath` alone, at the root of artifact `name`, kept `retentionDays`. */
  async upload(filePath, name, retentionDays) {
    const client = await this.loadClient();
    const absolute = resolve2(filePath);
    await client.uploadArtifact(name, [absolute], dirname2(absolute), { retentionDays });
  }
  /** This run's artifacts; of a name uploaded more than once (re-run attempts), the newest. */
  async list() {
    const client = await this.loadClient();
    const { artifacts } = await client.listArtifacts({ latest: true });
    return artifacts.map((artifact) => ({ id: artifact.id, name: artifact.name }));
  }
  /** Downloads into a fresh folder and returns the text of the artifact's one `.json` file. */
  async download(artifact) {
    const client = await this.loadClient();
    const dir = join3(this.options.tempDir, `loadgate-run-artifact-${artifact.id}`);
    await rm2(dir, { recursive: true, force: true });
    await mkdir2(dir, { recursive: true });
    const what = `artifact ${artifact.name} (id ${artifact.id}) of this workflow run`;
    try {
      await client.downloadArtifact(artifact.id, { path: dir });
    } catch (error2) {
      throw new Error(`could not download ${what}: ${messageOf(error2)}`, { cause: error2 });
    }
    return readArtifactResultsText(
      dir,
      { artifactName: artifact.name, artifactId: artifact.id, runId: 0 },
      what
    );
  }
  async loadClient() {
    if (!this.client) {
      const { DefaultArtifactClient } = await import("./chunks/artifact-NER434J2.js");
      this.client = new DefaultArtifactClient();
    }
    return this.client;
  }
};

// src/main.ts
var ACTION_INPUTS = [
  ...ACTION_OWN_INPUTS,
  ...OUTPUT_INPUTS.map((input) => input.name)
];
function describeStepFailure(outcome, failOn) {
  switch (outcome.kind) {
    case "bad-input":
      return "loadgate: bad input (see the errors above)";
    case "target-unusable":
      return `loadgate: the target could not be load-tested: ${outcome.message.split("\n")[0]}`;
    case "interrupted":
      return "loadgate: the run was interrupted";
    case "cannot-report":
      return `loadgate: ${outcome.message}`;
    case "shard-measured":
      return outcome.status === "interrupted" ? "loadgate: the run was interrupted" : void 0;
    case "judged": {
      const { level, reasons, acceptance } = outcome.run.verdict;
      if (!failsStep(acceptance?.gateLevel ?? level, failOn)) return void 0;
      return `loadgate: the gate failed (${level}): ${reasons[0] ?? "see the job summary"}`;
    }
  }
}
async function run() {
  try {
    const raw = readActionInputs(ACTION_INPUTS);
    const token = raw["github-token"]?.trim() ?? "";
    if (token) setSecret(token);
    const parsed = parseActionInputs(raw);
    if (!parsed.ok) {
      setFailed(formatIssues(parsed.issues, "inputs"));
      return;
    }
    const env = process.env;
    const clock = systemClock;
    const output = new ActionsOutput(clock.nowMs);
    const eventContext = readEventContext(env, await readEventPayload(env.GITHUB_EVENT_PATH));
    const tempDir = env.RUNNER_TEMP || tmpdir();
    const octokit = token && eventContext ? createOctokit({
      token,
      ...env.GITHUB_API_URL ? { baseUrl: env.GITHUB_API_URL } : {},
      log: output
    }) : void 0;
    const repo = eventContext ? { owner: eventContext.owner, repo: eventContext.repo } : void 0;
    const resolved = await resolveAutoTarget(parsed.config, eventContext, {
      output,
      ...octokit && repo ? {
        listPullRequestsOfCommit: (sha) => listPullRequestsOfCommit(octokit, repo, sha)
      } : {}
    });
    if (resolved.kind === "skip") {
      notice(neutralizeLogText(resolved.notice));
      return;
    }
    if (resolved.kind === "bad-input") {
      setFailed(formatIssues(resolved.issues, "inputs"));
      return;
    }
    const context = resolved.context;
    const shared = {
      files: new NodeFileStore(),
      output,
      environment: await readRunEnvironment(env),
      io: new ActionsIO(),
      tempDir,
      nowMs: clock.epochMs,
      ...context ? { context } : {},
      ...octokit && repo ? {
        baselines: new ArtifactBaselineStore({ octokit, token, tempDir }),
        artifacts: new GitHubArtifactStore({
          octokit,
          token,
          tempDir,
          serverUrl: context?.serverUrl ?? "https://github.com",
          ...Number(env.GITHUB_RETENTION_DAYS) > 0 ? { repositoryRetentionDays: Number(env.GITHUB_RETENTION_DAYS) } : {}
        }),
        releases: new GitHubReleaseLookup(octokit),
        issues: new GitHubIssueGateway(octokit),
        comments: explainFailures(new GitHubCommentGateway(octokit)),
        readPullRequest: (n) => readPullRequest(octokit, repo, n),
        ...createAcceptancePorts(octokit)
      } : {},
      // The job's own run's artifacts (shards and their merge) need only the runtime token.
      ...env.ACTIONS_RUNTIME_TOKEN ? { runArtifacts: new ActionsThisRunArtifacts({ tempDir }) } : {}
    };
    const config = resolved.config;
    const measuring = () => {
      const chosen = chooseLoadEngine(config.workers, clock, "input workers");
      if (chosen.note !== void 0) output.info(chosen.note);
      return {
        ...shared,
        engine: chosen.engine,
        pusher: createPusher(env, output),
        readiness: new UndiciReadinessProbe(clock)
      };
    };
    const outcome = config.mode === "report" ? await runReport(config, {
      ...shared,
      ...octokit ? { statuses: new GitHubCommitStatus(octokit) } : {}
    }) : config.mode === "merge" ? await runMergeJob(config, shared) : config.shard ? await runShardJob({ ...config, shard: config.shard }, measuring()) : isLabelEvent(config, context) ? await runLabelEvent(config, shared) : await runAction(config, measuring());
    const failure = describeStepFailure(outcome, parsed.config.failOn);
    if (failure) setFailed(neutralizeLogText(failure));
  } catch (error2) {
    setFailed(neutralizeLogText(`loadgate: internal error: ${messageOf(error2)}`));
  }
}
function createAcceptancePorts(octokit) {
  const comments = new GitHubCommentGateway(octokit);
  return {
    labels: new GitHubAcceptanceGateway(octokit, { resolveAuthor: () => comments.resolveAuthor() }),
    headResults: new GitHubHeadResultsLookup({ octokit })
  };
}
function createPusher(env, output) {
  const auth = readPushgatewayAuth(env);
  output.mask(auth.secrets);
  return new PushgatewayClient({ auth });
}
function explainFailures(gateway) {
  const explain = (error2) => {
    throw error2 instanceof CommentError ? new Error(describeCommentError(error2), { cause: error2 }) : error2;
  };
  return {
    upsert: (...args) => gateway.upsert(...args).catch(explain),
    upsertSection: (...args) => gateway.upsertSection(...args).catch(explain)
  };
}

// src/index.ts
void run();
