import { describe, expect, it } from 'vitest';
import { parseActionInputs, slugify } from '../../../src/core/action/parse-action-inputs.js';
import { failsStep, planAction } from '../../../src/core/action/plan-action.js';
import { readEventContext } from '../../../src/core/action/read-event-context.js';
import { formatIssues } from '../../../src/core/input/format-issues.js';

describe('parseActionInputs', () => {
  it('fills defaults and names the artifact after the profile', () => {
    const parsed = parseActionInputs({ profile: 'loadtest/Checkout API.yml', comment: '' });
    expect(parsed).toEqual({
      ok: true,
      config: {
        mode: 'run',
        profilePath: 'loadtest/Checkout API.yml',
        workers: 'auto',
        artifactName: 'loadgate-checkout-api',
        comment: true,
        failOn: 'fail',
        retentionDays: 90,
        uploadResults: false,
        baseline: 'auto',
        baselineRuns: 5,
        confirm: 'auto',
        trendRuns: 20,
        history: true,
        regressionIssue: true,
        closeAfter: 2,
        acceptLabel: 'loadgate:accept-regression',
        acceptScope: 'regressions',
        // The outputs read their own inputs (paths with their defaults) from these.
        givenInputs: { profile: 'loadtest/Checkout API.yml' },
      },
    });
  });

  it('reads accept-label and accept-scope, and names a bad one with the expected form', () => {
    const parsed = parseActionInputs({
      profile: 'p.yml',
      'accept-label': 'perf: accepted',
      'accept-scope': ' ALL ',
    });
    expect(parsed.ok && [parsed.config.acceptLabel, parsed.config.acceptScope]).toEqual([
      'perf: accepted',
      'all',
    ]);
    const bad = parseActionInputs({
      profile: 'p.yml',
      'accept-label': 'x'.repeat(51),
      'accept-scope': 'slos',
    });
    expect(bad.ok ? [] : bad.issues).toEqual([
      {
        path: 'input accept-label',
        message: expect.stringMatching(
          /^expected a label name of up to 50 characters on one line, like loadgate:accept-regression, got "x{51}"$/,
        ),
      },
      {
        path: 'input accept-scope',
        message:
          'expected regressions, all, none (regressions: the label accepts regressions against the baseline only; all: absolute thresholds too; none: the label is not read), got "slos"',
      },
    ]);
  });

  it('reports every bad input at once, by name, with the expected form', () => {
    const parsed = parseActionInputs({
      mode: 'measure',
      'fail-on': 'sometimes',
      comment: 'maybe',
      'retention-days': '0',
      'artifact-name': 'a/b',
    });
    expect(parsed.ok).toBe(false);
    if (parsed.ok) return;
    expect(parsed.issues.map((i) => i.path)).toEqual([
      'input mode',
      'input fail-on',
      'input comment',
      'input retention-days',
      'input profile',
      'input artifact-name',
    ]);
    expect(parsed.issues[0]?.message).toBe('expected one of run, report, merge, got "measure"');
  });

  it('reads the series inputs: labels, baseline source, K, confirm and trend rows', () => {
    const parsed = parseActionInputs({
      profile: 'p.yml',
      layer: ' Heartbeat ',
      interval: 'every-15m',
      baseline: 'LATEST-RELEASE',
      'baseline-runs': '12',
      confirm: 'off',
      'trend-runs': '200',
    });
    expect(parsed.ok && parsed.config).toMatchObject({
      layer: 'heartbeat',
      interval: 'every-15m',
      baseline: 'latest-release',
      baselineRuns: 12,
      confirm: 0,
      trendRuns: 200,
    });
  });

  it.each([
    ['true', 1],
    ['yes', 1],
    ['false', 0],
    ['0', 0],
    ['3', 3],
    [' 5 ', 5],
    ['Auto', 'auto'],
    ['', 'auto'],
  ] as const)('reads confirm %j as %j', (text, confirm) => {
    const parsed = parseActionInputs({ profile: 'p.yml', confirm: text });
    expect(parsed.ok && parsed.config.confirm).toBe(confirm);
  });

  it('reports every bad series input at once, by name, with the expected form', () => {
    const parsed = parseActionInputs({
      profile: 'p.yml',
      layer: 'nightly',
      interval: 'Every Day',
      baseline: 'previous',
      'baseline-runs': '0',
      confirm: 'maybe',
      'trend-runs': '2.5',
    });
    expect(parsed.ok ? [] : parsed.issues).toEqual([
      {
        path: 'input layer',
        message:
          'expected one of heartbeat, scheduled, manual, pull-request, release, got "nightly"',
      },
      {
        path: 'input interval',
        message:
          'expected hourly, daily, weekly, or a slug of lowercase letters, digits and "-" (up to 40 characters, like every-15m), got "Every Day"',
      },
      { path: 'input baseline', message: 'expected auto or latest-release, got "previous"' },
      {
        path: 'input baseline-runs',
        message: 'expected a whole number of runs from 1 to 50, got "0"',
      },
      {
        path: 'input confirm',
        message: 'expected auto, or the re-measures from 0 to 5 (true = 1, false = 0), got "maybe"',
      },
      {
        path: 'input trend-runs',
        message: 'expected a whole number of runs from 1 to 200, got "2.5"',
      },
    ]);
  });

  it.each([
    ['confirm', '6'],
    ['confirm', '9'],
    ['confirm', '-1'],
    ['confirm', '1.5'],
    ['confirm', '2x'],
    ['baseline-runs', '51'],
    ['baseline-runs', '1e1'],
    ['baseline-runs', '0x5'],
    ['trend-runs', '201'],
    ['trend-runs', '-1'],
  ])('refuses %s %j', (name, value) => {
    const parsed = parseActionInputs({ profile: 'p.yml', [name]: value });
    expect(parsed.ok ? [] : parsed.issues.map((issue) => issue.path)).toEqual([`input ${name}`]);
  });

  it('refuses baseline latest-release together with a baseline file', () => {
    const parsed = parseActionInputs({
      profile: 'p.yml',
      baseline: 'latest-release',
      'baseline-path': 'b.json',
    });
    expect(parsed.ok ? [] : parsed.issues).toEqual([
      {
        path: 'input baseline',
        message:
          'latest-release looks the baseline up, but input baseline-path gives one: set only one of them',
      },
    ]);
  });

  it('refuses names of Object.prototype as booleans', () => {
    const parsed = parseActionInputs({
      profile: 'p.yml',
      comment: 'constructor',
      confirm: 'toString',
    });
    expect(parsed.ok ? [] : parsed.issues.map((issue) => issue.path)).toEqual([
      'input confirm',
      'input comment',
    ]);
  });

  it('reads a shard and its start, and the merge mode', () => {
    const shard = parseActionInputs({
      profile: 'p.yml',
      shard: ' 2 / 4 ',
      'start-at': '1772366400000',
    });
    expect(shard.ok && shard.config).toMatchObject({
      mode: 'run',
      shard: { index: 2, count: 4 },
      startAt: '1772366400000',
    });
    // start-at alone: a single run that waits for an agreed moment.
    const alone = parseActionInputs({ profile: 'p.yml', 'start-at': '2026-03-01T12:00:00Z' });
    expect(alone.ok && alone.config.shard).toBeUndefined();
    const merge = parseActionInputs({ profile: 'p.yml', mode: 'Merge' });
    expect(merge.ok && merge.config.mode).toBe('merge');
  });

  it.each(['2', '0/4', '5/4', '1/1001', '-1/4', '1/4/2', 'two/four'])(
    'refuses shard %j with the expected form',
    (text) => {
      const parsed = parseActionInputs({ profile: 'p.yml', shard: text });
      expect(parsed.ok ? [] : parsed.issues).toEqual([
        {
          path: 'input shard',
          message: `expected i/N like 2/4 (shard i of N, 1 ≤ i ≤ N ≤ 1000), got "${text}"`,
        },
      ]);
    },
  );

  it('refuses shard and start-at outside mode run, and a merge without the profile', () => {
    const merge = parseActionInputs({ mode: 'merge', shard: '1/2', 'start-at': '1772366400000' });
    expect(merge.ok ? [] : merge.issues).toEqual([
      {
        path: 'input profile',
        message:
          'give the profile the shard jobs ran (its thresholds judge the merged run), or their input target, rate and duration',
      },
      {
        path: 'input shard',
        message:
          'the merge job measures nothing: give shard to the shard jobs (mode run) and leave it out here',
      },
      {
        path: 'input start-at',
        message:
          'the merge job measures nothing: give start-at to the shard jobs (mode run) and leave it out here',
      },
    ]);
    const report = parseActionInputs({ mode: 'report', 'start-at': '1772366400000' });
    expect(report.ok ? [] : report.issues).toEqual([
      {
        path: 'input start-at',
        message: 'mode report measures nothing: start-at belongs to a measuring step (mode run)',
      },
    ]);
  });

  it('reads workers as the CLI reads --workers: a count, or auto (the default)', () => {
    const given = parseActionInputs({ profile: 'p.yml', workers: ' 3 ' });
    expect(given.ok && given.config.workers).toBe(3);
    const auto = parseActionInputs({ profile: 'p.yml', workers: 'AUTO' });
    expect(auto.ok && auto.config.workers).toBe('auto');
    const unset = parseActionInputs({ profile: 'p.yml', workers: '' });
    expect(unset.ok && unset.config.workers).toBe('auto');
    // action.yml's default reaches a merge job too: it is not refused there.
    const merge = parseActionInputs({ profile: 'p.yml', mode: 'merge', workers: 'auto' });
    expect(merge.ok).toBe(true);
  });

  it.each(['0', '65', 'many', '2.5', '-1', '2 threads'])(
    'refuses workers %j, naming the input and the expected form',
    (text) => {
      const parsed = parseActionInputs({ profile: 'p.yml', workers: text });
      if (parsed.ok) throw new Error('expected the input to be refused');
      expect(parsed.issues).toEqual([
        {
          path: 'input workers',
          message: `expected a whole number of worker threads from 1 to 64, or auto, got "${text}"`,
        },
      ]);
      // What the failed step shows.
      expect(formatIssues(parsed.issues, 'inputs')).toBe(
        `Invalid inputs (1 problem):\n  - input workers: expected a whole number of worker threads from 1 to 64, or auto, got "${text}"`,
      );
    },
  );

  it('refuses a count of workers where nothing is measured', () => {
    const merge = parseActionInputs({ profile: 'p.yml', mode: 'merge', workers: '2' });
    expect(merge.ok ? [] : merge.issues).toEqual([
      {
        path: 'input workers',
        message:
          'the merge job measures nothing: give workers to the shard jobs (mode run) and leave it out here',
      },
    ]);
    const report = parseActionInputs({ mode: 'report', workers: '2' });
    expect(report.ok ? [] : report.issues).toEqual([
      {
        path: 'input workers',
        message: 'mode report measures nothing: workers belongs to a measuring step (mode run)',
      },
    ]);
  });

  it('slugifies file names', () => {
    expect(slugify('a/b/Smoke Test.yaml')).toBe('smoke-test');
    expect(slugify('***')).toBe('default');
  });
});

const env = (over: Record<string, string> = {}) => ({
  GITHUB_REPOSITORY: 'acme/shop',
  GITHUB_EVENT_NAME: 'push',
  GITHUB_SHA: 'abc',
  GITHUB_REF: 'refs/heads/main',
  GITHUB_WORKFLOW_REF: 'acme/shop/.github/workflows/loadtest.yml@refs/heads/main',
  GITHUB_RUN_ID: '42',
  ...over,
});
const config = (over = {}) => {
  const parsed = parseActionInputs({ profile: 'p.yml', ...over });
  if (!parsed.ok) throw new Error('bad config');
  return parsed.config;
};

describe('readEventContext and planAction', () => {
  it('a push to the default branch saves the baseline and looks for none', () => {
    const context = readEventContext(env(), { repository: { default_branch: 'main' } });
    expect(context).toMatchObject({
      owner: 'acme',
      repo: 'shop',
      workflowFile: 'loadtest.yml',
      runId: 42,
      defaultBranch: 'main',
    });
    expect(planAction(config(), context)).toEqual({
      saveBaseline: true,
      findBaseline: false,
      baselineBranch: 'main',
      comment: false,
      keepHistory: true,
    });
    expect(planAction(config({ history: 'false' }), context)).toMatchObject({
      saveBaseline: true,
      keepHistory: false,
    });
  });

  it('a schedule keeps the history even when its payload names no repository', () => {
    const context = readEventContext(env({ GITHUB_EVENT_NAME: 'schedule' }), {
      schedule: '17 * * * *',
    });
    expect(context?.defaultBranch).toBeUndefined();
    expect(planAction(config(), context)).toMatchObject({
      saveBaseline: true,
      keepHistory: true,
      baselineBranch: 'main',
    });
  });

  it('a published release keeps its results as that release’s baseline; a prerelease does not', () => {
    const release = (prerelease: boolean) =>
      readEventContext(env({ GITHUB_EVENT_NAME: 'release', GITHUB_REF: 'refs/tags/v1.2.0' }), {
        release: { tag_name: 'v1.2.0', prerelease, draft: false, html_url: 'https://x/r' },
      });
    expect(planAction(config(), release(false))).toMatchObject({
      releaseTag: 'v1.2.0',
      saveBaseline: false,
      keepHistory: false,
    });
    expect(planAction(config(), release(true)).releaseTag).toBeUndefined();
    const tagPush = readEventContext(env({ GITHUB_REF: 'refs/tags/v2.0.0' }), {});
    expect(planAction(config({ layer: 'release' }), tagPush).releaseTag).toBe('v2.0.0');
    expect(planAction(config(), tagPush).releaseTag).toBeUndefined();
  });

  it('a shard comments, gates and saves nothing, on any event: it uploads its share', () => {
    const push = readEventContext(env(), { repository: { default_branch: 'main' } });
    const pr = readEventContext(
      env({ GITHUB_EVENT_NAME: 'pull_request', GITHUB_REF: 'refs/pull/7/merge' }),
      { pull_request: { number: 7, head: { sha: 'h1' }, base: { ref: 'main' } } },
    );
    const release = readEventContext(
      env({ GITHUB_EVENT_NAME: 'release', GITHUB_REF: 'refs/tags/v1.0.0' }),
      { release: { tag_name: 'v1.0.0', prerelease: false, draft: false } },
    );
    for (const context of [push, pr, release]) {
      expect(planAction(config({ shard: '3/4' }), context)).toEqual({
        saveBaseline: false,
        findBaseline: false,
        comment: false,
        keepHistory: false,
        shardArtifact: 'loadgate-p-shard-3',
      });
    }
    // The merge job is planned as a measuring step is: it judges and delivers once.
    expect(planAction(config({ mode: 'merge' }), push)).toMatchObject({
      saveBaseline: true,
      keepHistory: true,
    });
    expect(planAction(config({ mode: 'merge' }), pr)).toMatchObject({ comment: true });
  });

  it('rejects bad close-after and history values with the input named', () => {
    const parsed = parseActionInputs({
      profile: 'p.yml',
      'close-after': '0',
      history: 'sometimes',
    });
    expect(parsed.ok).toBe(false);
    if (parsed.ok) return;
    expect(parsed.issues).toEqual([
      { path: 'input history', message: 'expected true or false, got "sometimes"' },
      {
        path: 'input close-after',
        message: 'expected a whole number of passing runs from 1 to 50, got "0"',
      },
    ]);
  });

  it('a pull request looks up its base branch’s baseline and comments', () => {
    const payload = {
      repository: { default_branch: 'main' },
      pull_request: { number: 7, head: { sha: 'h1' }, base: { ref: 'release' } },
    };
    const context = readEventContext(
      env({ GITHUB_EVENT_NAME: 'pull_request', GITHUB_REF: 'refs/pull/7/merge' }),
      payload,
    );
    expect(context?.pullRequest).toEqual({ number: 7, headSha: 'h1', baseRef: 'release' });
    expect(planAction(config(), context)).toEqual({
      saveBaseline: false,
      findBaseline: true,
      baselineBranch: 'release',
      comment: true,
      keepHistory: false,
    });
    expect(
      planAction(config({ comment: 'false', 'baseline-path': 'b.json' }), context),
    ).toMatchObject({ findBaseline: false, comment: false });
  });

  it('a push to another branch neither saves nor looks up', () => {
    const context = readEventContext(env({ GITHUB_REF: 'refs/heads/feature' }), {
      repository: { default_branch: 'main' },
    });
    expect(planAction(config(), context)).toMatchObject({
      saveBaseline: false,
      findBaseline: false,
    });
  });

  it('reads the run attempt, the schedule’s cron and a release from the event', () => {
    const scheduled = readEventContext(
      env({ GITHUB_EVENT_NAME: 'schedule', GITHUB_RUN_ATTEMPT: '3' }),
      { schedule: ' 0 9 * * 1 ' },
    );
    expect(scheduled).toMatchObject({ runAttempt: 3, scheduleCron: '0 9 * * 1' });
    expect(scheduled?.release).toBeUndefined();
    const released = readEventContext(env({ GITHUB_EVENT_NAME: 'release' }), {
      release: {
        tag_name: 'v1.4.0',
        prerelease: false,
        draft: false,
        html_url: 'https://github.com/acme/shop/releases/tag/v1.4.0',
      },
    });
    expect(released?.release).toEqual({
      tag: 'v1.4.0',
      prerelease: false,
      draft: false,
      url: 'https://github.com/acme/shop/releases/tag/v1.4.0',
    });
    expect(
      readEventContext(env(), { release: { tag_name: 'v2.0.0-rc.1', prerelease: true } })?.release,
    ).toEqual({ tag: 'v2.0.0-rc.1', prerelease: true, draft: false, url: '' });
  });

  it('leaves out an attempt, cron or release it cannot read', () => {
    const context = readEventContext(env({ GITHUB_RUN_ATTEMPT: 'x' }), {
      schedule: 5,
      release: { tag_name: '' },
    });
    expect(context).toBeDefined();
    expect(context?.runAttempt).toBeUndefined();
    expect(context?.scheduleCron).toBeUndefined();
    expect(context?.release).toBeUndefined();
    expect(readEventContext(env({ GITHUB_RUN_ATTEMPT: '0' }), {})?.runAttempt).toBeUndefined();
  });

  it('outside Actions there is no context', () => {
    expect(readEventContext({}, {})).toBeUndefined();
  });

  it.each([
    ['fail', 'fail', true],
    ['warn', 'fail', false],
    ['warn', 'warn', true],
    ['pass', 'warn', false],
    ['fail', 'never', false],
  ] as const)('level %s with fail-on %s fails the step: %s', (level, failOn, fails) => {
    expect(failsStep(level, failOn)).toBe(fails);
  });
});
