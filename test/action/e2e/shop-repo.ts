/**
 * The repository the end-to-end tests act out: acme/shop with a load-test workflow
 * (loadtest.yml) running loadgate on `loadtest/checkout.yml` against a local target whose
 * latency the test sets. `push` and `pullRequest` play one job of a workflow run each, with its
 * own fresh checkout, from "GitHub lists the run" to "the run completed".
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FakeGitHub, type JobRun } from '../../fakes/fake-github.js';
import type { PullRequestSeed } from '../../fakes/github-api/pull-objects.js';
import { startTargetServer, type TargetServer } from '../../helpers/target-server.js';
import {
  pullRequestEvent,
  pullRequestLabelEvent,
  pushEvent,
  REPO,
  releaseEvent,
  scheduleEvent,
} from './event-payloads.js';
import { runBuiltAction, type StepContext, type StepResult } from './run-built-action.js';

export { REPO } from './event-payloads.js';

/** The job's GITHUB_TOKEN, and the read-only one GitHub gives fork pull requests. */
export const JOB_TOKEN = 'ghs_jobtoken0000000000000000000000000000';
export const READ_ONLY_TOKEN = 'ghs_readonly000000000000000000000000000';
export const ARTIFACT = 'loadgate-checkout';
export const MARKER = `<!-- loadgate:${ARTIFACT} -->`;

/** A 40-digit commit sha made of `c` repeated: sha('a') → aaaa…a. */
export function sha(c: string): string {
  return c.repeat(40);
}

/**
 * 100 arrivals/s for 5 s: five one-second windows, the fewest the noise test accepts before a
 * regression may fail the gate. p50 is gated (ten requests per window suffice, and the median
 * shrugs off a busy CI machine); p95 has an absolute limit; generator send lag is allowed more
 * than the default 10 ms, because the gate under test is the target's latency.
 */
function profile(targetUrl: string): string {
  return `name: shop checkout
baseUrl: ${targetUrl}
scenarios:
  - { name: home, weight: 2, path: / }
  - { name: product, weight: 2, path: /api/products/42 }
  - { name: add to cart, weight: 1, method: POST, path: /api/cart, json: { sku: 42 } }
load: { executor: constant-arrival-rate, rate: 100/s, duration: 5s, warmup: 0s, connections: 16 }
thresholds:
  p95: { critical: 60ms }
  sendLagP99: { target: 250ms }
regressions:
  p50: { fail: 50%, floor: 10ms }
`;
}

export interface StepRun {
  run: JobRun;
  step: StepResult;
}

export class ShopRepo {
  private readonly workspaces: string[] = [];

  private constructor(
    readonly fake: FakeGitHub,
    readonly target: TargetServer,
    private readonly latency: { ms: number; slowRequests: number; slowMs: number },
  ) {}

  static async start(): Promise<ShopRepo> {
    const fake = await FakeGitHub.start(REPO.owner, REPO.repo);
    fake.api.addInstallationToken(JOB_TOKEN);
    fake.api.addInstallationToken(READ_ONLY_TOKEN, { readOnly: true });
    const latency = { ms: 5, slowRequests: 0, slowMs: 0 };
    const target = await startTargetServer({
      latencyMs: () => {
        if (latency.slowRequests <= 0) return latency.ms;
        latency.slowRequests -= 1;
        return latency.slowMs;
      },
    });
    return new ShopRepo(fake, target, latency);
  }

  /** The target's latency from now on, in ms. */
  setLatency(ms: number): void {
    this.latency.ms = ms;
  }

  /** The next `requests` requests take `ms` each, then the latency set before returns: one
   * odd run that a re-measure does not confirm. */
  slowDownFor(requests: number, ms: number): void {
    this.latency.slowRequests = requests;
    this.latency.slowMs = ms;
  }

  /** A scheduled run of loadtest.yml on main at `sha` (cron `17 * * * *`: hourly). */
  schedule(sha: string, options: { inputs?: Record<string, string>; token?: string } = {}) {
    const run = this.fake.startRun({ headSha: sha, branch: 'main', event: 'schedule' });
    const payload = scheduleEvent(this.fake, '17 * * * *');
    const context = { eventName: 'schedule' as const, payload, sha, ref: 'refs/heads/main' };
    return this.play(run, context, options.inputs ?? {}, options.token);
  }

  /** A release event for `tag` at `sha`: `published` (a final release) or `prereleased`. */
  release(
    tag: string,
    sha: string,
    options: { prerelease: boolean; inputs?: Record<string, string> },
  ): Promise<StepRun> {
    const run = this.fake.startRun({ headSha: sha, branch: tag, event: 'release' });
    const payload = releaseEvent(this.fake, { tag, prerelease: options.prerelease, sha });
    const context = { eventName: 'release' as const, payload, sha, ref: `refs/tags/${tag}` };
    return this.play(run, context, options.inputs ?? {});
  }

  /** A push of `after` to main, and the loadtest.yml run it triggers. */
  push(before: string, after: string): Promise<StepRun> {
    const { run, context } = this.pushRun(before, after);
    return this.play(run, context, {});
  }

  /** The loadtest.yml run a push of `after` to main triggers, listed, before its jobs run. */
  pushRun(before: string, after: string) {
    const run = this.fake.startRun({ headSha: after, branch: 'main', event: 'push' });
    const payload = pushEvent(this.fake, 'main', before, after);
    const context = { eventName: 'push' as const, payload, sha: after, ref: 'refs/heads/main' };
    return { run, context };
  }

  /** A pull_request event of `pull` (base main), forked from main at `mergeBaseSha`. */
  pullRequest(
    pull: Omit<PullRequestSeed, 'headRef' | 'baseRef'>,
    options: {
      mergeBaseSha: string;
      before?: string;
      token?: string;
      inputs?: Record<string, string>;
    },
  ): Promise<StepRun> {
    const { run, context } = this.pullRequestRun(pull, options);
    return this.play(run, context, options.inputs ?? {}, options.token);
  }

  /** The loadtest.yml run a pull_request event of `pull` triggers, listed, before its jobs run. */
  pullRequestRun(
    pull: Omit<PullRequestSeed, 'headRef' | 'baseRef'>,
    options: { mergeBaseSha: string; before?: string },
  ) {
    const seed = { ...pull, headRef: 'feature', baseRef: 'main' };
    this.fake.api.setComparison(REPO, pull.baseSha, pull.headSha, {
      mergeBaseSha: options.mergeBaseSha,
    });
    const action = options.before
      ? { kind: 'synchronize' as const, before: options.before }
      : { kind: 'opened' as const };
    const payload = pullRequestEvent(this.fake, seed, action);
    const run = this.fake.startRun({
      headSha: pull.headSha,
      branch: 'feature',
      event: 'pull_request',
    });
    // The runner checks out (and GITHUB_SHA names) the test merge of head into base.
    const mergeSha = `e${String(pull.number).padStart(39, '0')}`;
    const ref = `refs/pull/${pull.number}/merge`;
    const context = { eventName: 'pull_request' as const, payload, sha: mergeSha, ref };
    return { run, context };
  }

  /**
   * `actor` applies (`labeled`) or removes (`unlabeled`) `label` on `pull`, and the loadtest.yml
   * run that event triggers (the workflow lists labeled and unlabeled among its pull_request
   * types) runs its job.
   */
  labelPullRequest(
    pull: Omit<PullRequestSeed, 'headRef' | 'baseRef'>,
    change: { action: 'labeled' | 'unlabeled'; label: string; actor: string },
    options: { inputs?: Record<string, string>; token?: string } = {},
  ): Promise<StepRun> {
    const seed = { ...pull, headRef: 'feature', baseRef: 'main' };
    const payload = pullRequestLabelEvent(this.fake, seed, change);
    const run = this.fake.startRun({
      headSha: pull.headSha,
      branch: 'feature',
      event: 'pull_request',
    });
    const mergeSha = `e${String(pull.number).padStart(39, '0')}`;
    const ref = `refs/pull/${pull.number}/merge`;
    const context = { eventName: 'pull_request' as const, payload, sha: mergeSha, ref };
    return this.play(run, context, options.inputs ?? {}, options.token);
  }

  /**
   * A sharded run as examples/workflows/sharded.yml has it: `count` shard jobs of `run` at once
   * (a matrix: each `shard: i/count`, all waiting for one `start-at` `startInMs` from now), then
   * the merge job (`needs:` them, `mode: merge`), every job with `inputs`. The run ends as its
   * jobs did.
   */
  async sharded(
    run: JobRun,
    context: Omit<StepContext, 'run' | 'token'>,
    options: { count: number; startInMs: number; inputs?: Record<string, string> },
  ): Promise<{ shards: StepResult[]; merge: StepResult }> {
    const { count, inputs = {} } = options;
    const startAt = String(Date.now() + options.startInMs);
    const shards = await Promise.all(
      Array.from({ length: count }, (_, i) =>
        this.job(run, context, { ...inputs, shard: `${i + 1}/${count}`, 'start-at': startAt }),
      ),
    );
    const merge = await this.job(run, context, { ...inputs, mode: 'merge' });
    const ok = [...shards, merge].every((step) => step.code === 0);
    this.fake.finishRun(run.runId, ok ? 'success' : 'failure');
    return { shards, merge };
  }

  /** The comments on pull request `number` that carry the sticky comment's marker. */
  stickyComments(number: number) {
    return this.fake.api.commentsOn(REPO, number).filter((c) => c.body.includes(MARKER));
  }

  async close(): Promise<void> {
    await Promise.all([this.fake.close(), this.target.close()]);
    for (const dir of this.workspaces) rmSync(dir, { recursive: true, force: true });
  }

  /** One job of `run` with its own checkout (the profile in it); the run ends as the step did. */
  async play(
    run: JobRun,
    context: Omit<StepContext, 'run' | 'token'>,
    inputs: Record<string, string>,
    token = JOB_TOKEN,
  ): Promise<StepRun> {
    const step = await this.job(run, context, inputs, token);
    // One step is the whole job here, so its result is the run's conclusion.
    this.fake.finishRun(run.runId, step.code === 0 ? 'success' : 'failure');
    return { run, step };
  }

  /** One job of `run` with its own checkout (the profile in it); the run goes on. */
  async job(
    run: JobRun,
    context: Omit<StepContext, 'run' | 'token'>,
    inputs: Record<string, string>,
    token = JOB_TOKEN,
  ): Promise<StepResult> {
    const workspace = mkdtempSync(join(tmpdir(), 'loadgate-e2e-'));
    this.workspaces.push(workspace);
    mkdirSync(join(workspace, 'loadtest'));
    writeFileSync(join(workspace, 'loadtest', 'checkout.yml'), profile(this.target.url));
    return runBuiltAction(
      workspace,
      this.fake,
      { ...context, run, token },
      { profile: 'loadtest/checkout.yml', ...inputs },
    );
  }
}
