import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  type CreateOctokitOptions,
  createOctokit,
} from '../../../src/shell/github/create-octokit.js';
import { type FakeGitHubApi, startFakeGitHubApi } from '../../fakes/fake-github-api.js';

let api: FakeGitHubApi;
let serial = 0;
const messages: string[] = [];

function client(options: Partial<CreateOctokitOptions> = {}) {
  return createOctokit({
    token: 'pat-alice',
    baseUrl: api.url,
    retryDelayMs: 5,
    limiterId: `octokit-test-${++serial}`,
    log: { info: (m) => messages.push(`info: ${m}`), warn: (m) => messages.push(`warn: ${m}`) },
    ...options,
  });
}

async function statusOf(promise: Promise<unknown>): Promise<number | undefined> {
  return promise.then(
    () => undefined,
    (error: { status?: number }) => error.status,
  );
}

beforeEach(async () => {
  api = await startFakeGitHubApi();
  api.state.addUserToken('pat-alice', 'alice');
  messages.length = 0;
});
afterEach(() => api.close());

describe('createOctokit', () => {
  it('sends the token and talks to the given base URL (a trailing slash is dropped)', async () => {
    const { data } = await client({ baseUrl: `${api.url}/` }).rest.users.getAuthenticated();
    expect(data.login).toBe('alice');
    expect(api.requests.map((r) => r.path)).toEqual(['/user']);
  });

  it('defaults to api.github.com only when no base URL is given', () => {
    const octokit = createOctokit({ token: 't', limiterId: 'defaults' });
    expect(octokit.request.endpoint.DEFAULTS.baseUrl).toBe('https://api.github.com');
  });

  it('retries 5xx answers with backoff, then succeeds', async () => {
    api.faults.failNext('get-user', { kind: 'server-error', status: 503 }, 2);
    const { data } = await client().rest.users.getAuthenticated();
    expect(data.login).toBe('alice');
    expect(api.count('get-user')).toBe(3);
  });

  it('gives up after the configured number of retries', async () => {
    api.faults.failNext('get-user', { kind: 'server-error' }, 10);
    expect(await statusOf(client({ retries: 1 }).rest.users.getAuthenticated())).toBe(500);
    expect(api.count('get-user')).toBe(2);
  });

  it('does not retry a 4xx that is not a rate limit', async () => {
    expect(await statusOf(client().rest.pulls.get({ owner: 'a', repo: 'b', pull_number: 1 }))).toBe(
      404,
    );
    expect(api.count('get-pull')).toBe(1);
  });

  it('waits for the reset of a primary rate limit (403, remaining 0), then succeeds', async () => {
    api.faults.failNext('get-user', { kind: 'primary-rate-limit' });
    const started = performance.now();
    const { data } = await client().rest.users.getAuthenticated();

    expect(data.login).toBe('alice');
    expect(performance.now() - started).toBeGreaterThanOrEqual(950);
    expect(api.count('get-user')).toBe(2);
    expect(messages).toEqual([expect.stringMatching(/^info: GitHub rate limit on GET \/user/)]);
  });

  it('honours retry-after of a 429 rather than its own short backoff', async () => {
    api.faults.failNext('get-user', { kind: 'secondary-rate-limit', retryAfterSeconds: 1 });
    const started = performance.now();
    await client({ retryDelayMs: 1 }).rest.users.getAuthenticated();
    expect(performance.now() - started).toBeGreaterThanOrEqual(950);
    expect(api.count('get-user')).toBe(2);
  });

  it('stops waiting out rate limits after rateLimitRetries and warns', async () => {
    // retry-after 1, not 0: the plugin reads `retry-after: 0` as "unknown" and waits 60 s.
    api.faults.failNext('get-user', { kind: 'secondary-rate-limit', retryAfterSeconds: 1 }, 5);
    const octokit = client({ rateLimitRetries: 1 });
    expect(await statusOf(octokit.rest.users.getAuthenticated())).toBe(429);
    expect(api.count('get-user')).toBe(2);
    expect(messages.at(-1)).toMatch(/^warn: GitHub secondary rate limit on GET \/user; not/);
  });
});
