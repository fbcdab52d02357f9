/**
 * The built action on a preview host's deployments (`on: deployment_status`, `target: auto`,
 * `wait-for`): the deployment's URL becomes the target, the deployed commit's pull request (found
 * through `GET /commits/{sha}/pulls`) gets the comment, statuses that are not success and other
 * environments skip the step, and a preview that never gets ready fails the step as "could not
 * be load-tested", never as a regression. Everything GitHub-side is the local fake.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findClosedPort } from '../helpers/loopback-port.js';
import { type DeploymentSeed, deploymentStatusEvent } from './e2e/deployment-payload.js';
import { REPO, ShopRepo, sha } from './e2e/shop-repo.js';

const HEAD = sha('d');
const PULL = 9;

let shop: ShopRepo;
beforeAll(async () => {
  shop = await ShopRepo.start();
  shop.fake.api.setPullRequest(REPO, {
    number: PULL,
    headSha: HEAD,
    headRef: 'feature',
    baseSha: sha('a'),
    baseRef: 'main',
  });
});
afterAll(() => shop?.close());

/** One job of the preview workflow, run by a deployment_status event of `seed`. */
async function deployed(seed: Omit<DeploymentSeed, 'sha' | 'ref'>, inputs: Record<string, string>) {
  const run = shop.fake.startRun({ headSha: HEAD, branch: 'feature', event: 'deployment_status' });
  const payload = deploymentStatusEvent(shop.fake, { ...seed, sha: HEAD, ref: 'feature' });
  const context = {
    eventName: 'deployment_status' as const,
    payload,
    sha: HEAD,
    ref: 'refs/heads/feature',
  };
  const from = shop.fake.requests.length;
  const targetFrom = shop.target.requestCount();
  const step = await shop.job(run, context, { target: 'auto', ...inputs });
  shop.fake.finishRun(run.runId, step.code === 0 ? 'success' : 'failure');
  const routes = shop.fake.requests
    .slice(from)
    .flatMap((r) => (r.owner === 'api' ? [r.route] : []));
  return { step, routes, targetRequests: shop.target.requests.slice(targetFrom) };
}

const notices = (stdout: string) =>
  stdout.split('\n').filter((line) => line.startsWith('::notice::'));

describe('the built action on deployment_status events', { timeout: 60_000 }, () => {
  it('skips a deployment that is not a success yet, with a notice: no load, no comment', async () => {
    const { step, routes, targetRequests } = await deployed(
      { environment: 'Preview', state: 'pending', environmentUrl: shop.target.url },
      { 'deployment-environment': 'Preview' },
    );
    expect(step.code).toBe(0);
    expect(notices(step.stdout)).toEqual([
      '::notice::loadgate skipped: the deployment to "Preview" is "pending"; the load test runs when it reports success',
    ]);
    expect(step.errors).toEqual([]);
    expect(routes).toEqual([]);
    expect(targetRequests).toEqual([]);
  });

  it('skips a deployment to another environment than deployment-environment', async () => {
    const { step, targetRequests } = await deployed(
      { environment: 'Production', state: 'success', environmentUrl: shop.target.url },
      { 'deployment-environment': 'Preview' },
    );
    expect(step.code).toBe(0);
    expect(notices(step.stdout)).toEqual([
      '::notice::loadgate skipped: the deployment is to "Production", not "Preview" (input deployment-environment)',
    ]);
    expect(targetRequests).toEqual([]);
  });

  it('tests environment_url once ready, and comments on the pull request of the deployed commit', async () => {
    const { step, routes, targetRequests } = await deployed(
      {
        environment: 'Preview',
        state: 'success',
        environmentUrl: shop.target.url,
        targetUrl: 'http://github.localhost/build-log',
      },
      { 'deployment-environment': 'preview', 'wait-for': '/healthz', 'wait-for-body': 'ok' },
    );
    expect(step.errors).toEqual([]);
    expect(step.code).toBe(0);
    expect(step.stdout).toContain(
      `target: auto: testing the deployment of ${HEAD.slice(0, 7)} (Preview) at ${shop.target.url} for pull request #${PULL}`,
    );
    expect(step.stdout).toMatch(/target ready: GET \/healthz answered 200 3 times in a row/);
    // The readiness tries came first, then the load, all at the deployment's URL.
    const paths = targetRequests.map((r) => r.path);
    expect(paths.slice(0, 3)).toEqual(['/healthz', '/healthz', '/healthz']);
    expect(paths.slice(3)).not.toContain('/healthz');
    expect(paths.length).toBeGreaterThan(100);
    // The commit's pull request, from the API; then as for a pull_request event.
    expect(routes[0]).toBe('list-commit-pulls');
    expect(routes).toContain('create-comment');
    const comments = shop.fake.api
      .commentsOn(REPO, PULL)
      .filter((c) => c.body.includes('<!-- loadgate:'));
    expect(comments).toHaveLength(1);
    expect(comments[0]?.body).toMatch(/loadgate: (pass|warn) — shop checkout/);
  });

  it('fails a preview that never gets ready as "could not be load-tested", not as a regression', async () => {
    const port = await findClosedPort();
    const { step, targetRequests } = await deployed(
      { environment: 'Preview', state: 'success', environmentUrl: `http://127.0.0.1:${port}` },
      { 'wait-for': '/healthz', 'wait-timeout': '2s' },
    );
    expect(step.code).toBe(1);
    // The log's line, then the failed step's: the target's fault, named as such.
    expect(step.errors).toEqual([
      expect.stringMatching(
        /^target not ready after 2s: GET \/healthz: connection refused \(last of \d+ tries\); no load was sent$/,
      ),
      expect.stringMatching(
        /^loadgate: the target could not be load-tested: target not ready after 2s: GET \/healthz: connection refused \(last of \d+ tries\)$/,
      ),
    ]);
    expect(step.summary).not.toMatch(/regress/i);
    expect(step.outputs.verdict).toBeUndefined();
    expect(targetRequests).toEqual([]);
  });

  it('fails target: auto on an event that carries no deployment, saying what to do', async () => {
    const run = shop.fake.startRun({ headSha: HEAD, branch: 'main', event: 'push' });
    const step = await shop.job(
      run,
      { eventName: 'push', payload: {}, sha: HEAD, ref: 'refs/heads/main' },
      { target: 'auto' },
    );
    expect(step.code).toBe(1);
    expect(step.errors.join('\n')).toContain(
      'input target: auto takes the URL from a deployment_status event, and this run has a push event',
    );
  });
});
