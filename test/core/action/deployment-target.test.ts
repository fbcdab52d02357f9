import { describe, expect, it } from 'vitest';
import {
  choosePullRequest,
  resolveDeploymentTarget,
} from '../../../src/core/action/deployment-target.js';
import {
  type EventContext,
  readEventContext,
} from '../../../src/core/action/read-event-context.js';

const SHA = 'd'.repeat(40);
const ENV = { GITHUB_REPOSITORY: 'acme/shop', GITHUB_EVENT_NAME: 'deployment_status' };

/** A deployment_status payload as GitHub sends it (the fields loadgate reads, and a few more). */
function payload(status: Record<string, unknown>, deployment: Record<string, unknown> = {}) {
  return {
    action: 'created',
    deployment: { id: 41, sha: SHA, ref: 'feature', environment: 'Preview', ...deployment },
    deployment_status: { id: 4101, state: 'success', environment: 'Preview', ...status },
    repository: { default_branch: 'main' },
  };
}

function contextOf(status: Record<string, unknown>, deployment?: Record<string, unknown>) {
  return readEventContext(ENV, payload(status, deployment)) as EventContext;
}

describe('readEventContext on deployment_status', () => {
  it('reads the state, environment, URLs and commit', () => {
    const context = contextOf({
      environment_url: 'https://shop-git-feature.vercel.app',
      target_url: 'https://vercel.com/acme/shop/123',
    });
    expect(context.deployment).toEqual({
      state: 'success',
      environment: 'Preview',
      environmentUrl: 'https://shop-git-feature.vercel.app',
      targetUrl: 'https://vercel.com/acme/shop/123',
      sha: SHA,
    });
  });

  it('takes the deployment’s environment when the status names none; no deployment without a commit', () => {
    expect(contextOf({ environment: undefined }, { environment: 'staging' }).deployment).toEqual({
      state: 'success',
      environment: 'staging',
      sha: SHA,
    });
    expect(contextOf({}, { sha: undefined }).deployment).toBeUndefined();
    expect(readEventContext(ENV, { pull_request: {} })?.deployment).toBeUndefined();
  });
});

describe('resolveDeploymentTarget', () => {
  it('measures environment_url on success, else target_url', () => {
    const both = contextOf({
      environment_url: 'https://preview.example',
      target_url: 'https://log.example',
    });
    expect(resolveDeploymentTarget(both, undefined)).toEqual({
      kind: 'measure',
      url: 'https://preview.example',
      sha: SHA,
      environment: 'Preview',
    });
    const targetOnly = contextOf({ target_url: 'https://app.example' });
    expect(resolveDeploymentTarget(targetOnly, 'preview')).toMatchObject({
      kind: 'measure',
      url: 'https://app.example',
    });
  });

  it.each(['pending', 'in_progress', 'queued', 'failure', 'error', 'inactive'])(
    'skips a %s status with a notice (the same workflow runs for each status)',
    (state) => {
      const decided = resolveDeploymentTarget(
        contextOf({ state, target_url: 'https://log.example' }),
        undefined,
      );
      expect(decided).toEqual({
        kind: 'skip',
        notice: `loadgate skipped: the deployment to "Preview" is "${state}"; the load test runs when it reports success`,
      });
    },
  );

  it('skips deployments to another environment than the one asked for', () => {
    const production = contextOf(
      { environment: 'Production', environment_url: 'https://shop.example' },
      { environment: 'Production' },
    );
    expect(resolveDeploymentTarget(production, 'Preview')).toEqual({
      kind: 'skip',
      notice:
        'loadgate skipped: the deployment is to "Production", not "Preview" (input deployment-environment)',
    });
  });

  it('refuses another event, and a success that names no URL', () => {
    const push = readEventContext({ ...ENV, GITHUB_EVENT_NAME: 'push' }, {});
    expect(resolveDeploymentTarget(push, undefined)).toMatchObject({
      kind: 'refused',
      issue: {
        path: 'input target',
        message: expect.stringContaining('this run has a push event'),
      },
    });
    expect(resolveDeploymentTarget(undefined, undefined)).toMatchObject({
      issue: { message: expect.stringContaining('this run has no GitHub event') },
    });
    expect(resolveDeploymentTarget(contextOf({}), undefined)).toEqual({
      kind: 'refused',
      issue: {
        path: 'input target',
        message:
          'auto: the successful deployment to "Preview" gives no environment_url or target_url to test; give the URL as input target instead',
      },
    });
  });
});

describe('choosePullRequest', () => {
  const pull = (number: number, state: string, headSha = SHA) => ({
    number,
    state,
    headSha,
    baseRef: 'main',
  });

  it('takes the open pull request whose head is the commit, before others holding it', () => {
    expect(choosePullRequest([pull(5, 'open', 'e'.repeat(40)), pull(4, 'open')], SHA)?.number).toBe(
      4,
    );
    expect(choosePullRequest([pull(5, 'open', 'e'.repeat(40))], SHA)?.number).toBe(5);
  });

  it('is none when only closed or merged ones hold it', () => {
    expect(choosePullRequest([pull(3, 'closed')], SHA)).toBeUndefined();
    expect(choosePullRequest([], SHA)).toBeUndefined();
  });
});
