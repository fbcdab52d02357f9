/**
 * Scheduled runs with memory and release gates, with the built action run as the runner runs
 * it against the local GitHub: each run reads the history the previous one uploaded, is judged
 * against the rolling baseline of the earlier runs, re-measures a breach before it counts, and
 * keeps the one regression issue. The target's latency is what the test changes between runs.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { makeZip } from '../fakes/artifact-service/make-zip.js';
import { findClosedPort } from '../helpers/loopback-port.js';
import { startPushgateway } from '../helpers/pushgateway.js';
import { ARTIFACT, READ_ONLY_TOKEN, REPO, ShopRepo, sha } from './e2e/shop-repo.js';

const HISTORY = `${ARTIFACT}-history`;
/** 100 arrivals/s for 3 s: the between-run test needs no per-second windows. */
const INPUTS = { duration: '3s' };
/** A release candidate is compared like a pull request, on per-second windows: five at least. */
const RELEASE_INPUTS = { duration: '5s' };
const STEADY_MS = 5;
const SLOW_MS = 40;

let shop: ShopRepo;
beforeEach(async () => {
  shop = await ShopRepo.start();
});
afterEach(() => shop.close());

function regressionIssues() {
  return shop.fake.api
    .issuesIn(REPO)
    .filter((issue) => issue.labels.some((label) => label.name === 'loadgate-regression'));
}

function historyArtifacts() {
  return shop.fake.artifacts.artifacts.filter((a) => a.body.name === HISTORY && a.finalized);
}

/** The trend table's data rows in a job summary (one per run shown). */
function trendRows(summary: string): string[] {
  const section = summary.slice(summary.indexOf('Trend'));
  return section.split('\n').filter((line) => /^\| 20\d\d-/.test(line));
}

describe('scheduled runs with memory, on the built action', { timeout: 240_000 }, () => {
  it('steady, steady, slow ×2, recovered ×2: one issue, opened when confirmed, closed after recovery', async () => {
    const latencies = [STEADY_MS, STEADY_MS, SLOW_MS, SLOW_MS, STEADY_MS, STEADY_MS];
    const steps = [];
    for (const [i, ms] of latencies.entries()) {
      shop.setLatency(ms);
      const { step } = await shop.schedule(sha(String(i + 1)), { inputs: INPUTS });
      steps.push(step);
    }
    const [first, second, slow1, slow2, back1, back2] = steps;
    if (!first || !second || !slow1 || !slow2 || !back1 || !back2) throw new Error('runs missing');

    // Every run said where its memory came from.
    expect(first.summary).toContain('No history yet');
    expect(second.summary).toContain('Compared with a rolling baseline');
    expect(first.code).toBe(0);
    expect(second.code).toBe(0);

    // The slowdown fails the gate once re-measured, and opens exactly one issue.
    expect(slow1.code).toBe(1);
    expect(slow1.stdout).toContain('re-measuring the whole profile once to confirm');
    expect(slow1.summary).toMatch(/confirmed on re-measuring/);
    expect(slow1.stdout).toMatch(/opened the regression issue #\d+/);
    expect(slow2.code).toBe(1);
    expect(slow2.stdout).toMatch(/updated the regression issue #\d+/);

    // Recovery: the first passing run updates, the second closes with the figures.
    expect(back1.code).toBe(0);
    expect(back1.stdout).toMatch(/updated the regression issue #\d+/);
    expect(back2.code).toBe(0);
    expect(back2.stdout).toMatch(/closed the regression issue #\d+/);

    const issues = regressionIssues();
    expect(issues).toHaveLength(1);
    const [issue] = issues;
    expect(issue?.state).toBe('closed');
    expect(issue?.title).toContain('shop checkout');
    expect(issue?.body).toContain('<!-- loadgate:issue key=');
    const comments = shop.fake.api.commentsOn(REPO, issue?.number ?? 0);
    // No comment while the regression stayed the same; one when it recovered.
    expect(comments).toHaveLength(1);
    expect(comments[0]?.body).toMatch(/recover/i);

    // Every run is in the history, each run uploaded it, and it stays small. Older uploads are
    // copies of the newest: from the fourth run on, each run deletes what lies beyond three.
    expect(trendRows(back2.summary)).toHaveLength(6);
    expect(slow2.stdout).toContain(`deleted 1 older ${HISTORY} artifact`);
    const uploads = historyArtifacts();
    expect(uploads).toHaveLength(3);
    const newest = uploads.at(-1);
    expect(newest?.body.size_in_bytes).toBeLessThan(64 * 1024);
    expect(back2.warnings).toEqual([]);
  });

  it('a single odd run that does not hold on re-measuring opens nothing and passes', async () => {
    shop.setLatency(STEADY_MS);
    await shop.schedule(sha('1'), { inputs: INPUTS });
    await shop.schedule(sha('2'), { inputs: INPUTS });
    // Slow for the first measurement only (300 requests), steady for the re-measure.
    shop.slowDownFor(300, SLOW_MS);
    const { step } = await shop.schedule(sha('3'), { inputs: INPUTS });

    expect(step.stdout).toContain('re-measuring the whole profile once to confirm');
    expect(step.code).toBe(0);
    expect(step.summary).toMatch(/unconfirmed/);
    expect(regressionIssues()).toEqual([]);
  });

  it('a token that cannot write issues: one warning naming the permission, nothing else changes', async () => {
    shop.setLatency(STEADY_MS);
    await shop.schedule(sha('1'), { inputs: INPUTS, token: READ_ONLY_TOKEN });
    await shop.schedule(sha('2'), { inputs: INPUTS, token: READ_ONLY_TOKEN });
    shop.setLatency(SLOW_MS);
    const { step } = await shop.schedule(sha('3'), { inputs: INPUTS, token: READ_ONLY_TOKEN });

    expect(step.code).toBe(1);
    expect(step.errors).toEqual([expect.stringMatching(/^loadgate: the gate failed \(fail\)/)]);
    // The failing run is not the next baseline (as without the issue), and the issue is the one
    // thing that could not be done: said once, with the permission to add.
    expect(step.warnings).toEqual([
      expect.stringMatching(/^not saving this run as the baseline: the gate failed/),
      expect.stringContaining('add "permissions: issues: write" to the workflow'),
    ]);
    expect(regressionIssues()).toEqual([]);
    expect(historyArtifacts()).toHaveLength(3);
    expect(trendRows(step.summary)).toHaveLength(3);
  });

  it('an expired history: says so and starts a new one, never fails for it', async () => {
    const old = shop.fake.artifacts.addRun({
      headSha: sha('0'),
      createdAt: '2025-01-01T09:17:00Z',
    });
    shop.fake.artifacts.addArtifact(Number(old.id), {
      name: HISTORY,
      zip: await makeZip([{ name: `${HISTORY}.json`, content: '{}' }]),
      expired: true,
    });
    shop.setLatency(STEADY_MS);
    const { step } = await shop.schedule(sha('1'), { inputs: INPUTS });

    expect(step.code).toBe(0);
    expect(step.summary).toMatch(/The history expired on \d{4}-\d\d-\d\d .*starts a new one/);
    expect(trendRows(step.summary)).toHaveLength(1);
    expect(historyArtifacts()).toHaveLength(2);
  });
});

describe('a heartbeat, on the built action', { timeout: 120_000 }, () => {
  it('the target down, still down on re-measuring: one "is down" issue; two good heartbeats close it', async () => {
    const down = `http://127.0.0.1:${await findClosedPort()}`;
    const heartbeat = { ...INPUTS, layer: 'heartbeat', interval: 'every-10m' };
    shop.setLatency(STEADY_MS);
    const ok = await shop.schedule(sha('1'), { inputs: heartbeat });
    expect(ok.step.code).toBe(0);

    const dead = await shop.schedule(sha('2'), { inputs: { ...heartbeat, target: down } });
    expect(dead.step.code).toBe(1);
    expect(dead.step.errors).toEqual([
      expect.stringMatching(/^could not connect to http:\/\/127\.0\.0\.1:\d+: connection refused/),
      expect.stringMatching(
        /^loadgate: the target could not be load-tested: could not connect to http:\/\/127\.0\.0\.1:\d+: connection refused/,
      ),
    ]);
    // Down is remembered like any run: re-measured, confirmed, in the history and the issue.
    expect(dead.step.stdout).toContain('re-measuring the whole profile once to confirm');
    expect(dead.step.stdout).toMatch(/opened the regression issue #\d+/);
    const [issue] = regressionIssues();
    expect(issue?.title).toBe('loadgate: shop checkout is down');
    expect(issue?.body).toContain(':heartbeat -->');
    expect(trendRows(dead.step.summary)).toHaveLength(2);

    await shop.schedule(sha('3'), { inputs: heartbeat });
    const back = await shop.schedule(sha('4'), { inputs: heartbeat });
    expect(back.step.stdout).toMatch(/closed the regression issue #\d+/);
    expect(regressionIssues().map((i) => i.state)).toEqual(['closed']);
  });
});

describe('the Prometheus side of a scheduled run, on the built action', {
  timeout: 120_000,
}, () => {
  it('pushes to a real Pushgateway under the run’s series (scheduled, hourly), with its environment label', async () => {
    const gateway = await startPushgateway();
    try {
      shop.setLatency(STEADY_MS);
      const { step } = await shop.schedule(sha('1'), {
        inputs: { ...INPUTS, pushgateway: gateway.url, environment: 'staging' },
      });
      expect(step.code).toBe(0);
      expect(step.warnings).toEqual([]);
      const verdict = (await gateway.scrape('loadgate_verdict')).find(
        (s) => s.labels.verdict === 'pass',
      );
      // The group of a scheduled hourly run: the action's series, not the CLI's "manual".
      expect(verdict?.labels).toMatchObject({
        job: 'loadgate',
        profile: 'shop checkout',
        target: shop.target.url,
        layer: 'scheduled',
        interval: 'hourly',
        environment: 'staging',
      });
      expect(verdict?.value).toBe(1);
      const requests = (await gateway.scrape('loadgate_http_requests_total')).filter(
        (s) => s.labels.scenario === undefined,
      );
      const total = requests.reduce((sum, s) => sum + s.value, 0);
      expect(total).toBe(300);
    } finally {
      await gateway.stop();
    }
  });
});

describe('release gates, on the built action', { timeout: 120_000 }, () => {
  it('a release keeps its results; a release candidate compares with them', async () => {
    shop.setLatency(STEADY_MS);
    const released = await shop.release('v1.0.0', sha('1'), {
      prerelease: false,
      inputs: RELEASE_INPUTS,
    });
    expect(released.step.code).toBe(0);
    expect(released.step.stdout).toContain('saved the results as the baseline of release v1.0.0');
    shop.fake.api.addRelease(REPO, { tag: 'v1.0.0' });
    shop.fake.api.addRelease(REPO, { tag: 'v1.1.0-rc.1', prerelease: true });

    shop.setLatency(SLOW_MS);
    const candidate = await shop.release('v1.1.0-rc.1', sha('2'), {
      prerelease: true,
      inputs: { ...RELEASE_INPUTS, baseline: 'latest-release' },
    });
    expect(candidate.step.summary).toContain('Compared with release v1.0.0');
    expect(candidate.step.summary).toMatch(/Baseline: commit 1111111 \(v1\.0\.0\)/);
    expect(candidate.step.code).toBe(1);
    // The candidate is gated, never kept as a release baseline itself.
    const kept = shop.fake.artifacts.artifacts.map((a) => a.body.name);
    expect(kept.filter((name) => name.includes('-release-'))).toEqual([
      `${ARTIFACT}-release-v1.0.0`,
    ]);
  });
});
