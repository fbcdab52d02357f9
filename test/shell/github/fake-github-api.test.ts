/** The fake's pagination must be GitHub's, or the paginated-lookup tests prove nothing. */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type FakeGitHubApi, startFakeGitHubApi } from '../../fakes/fake-github-api.js';

const REPO = { owner: 'acme', repo: 'shop' };

let api: FakeGitHubApi;

async function get(path: string, token = 'pat-alice') {
  const response = await fetch(`${api.url}${path}`, {
    headers: { authorization: `token ${token}`, accept: 'application/vnd.github+json' },
  });
  return {
    status: response.status,
    link: response.headers.get('link'),
    json: await response.json(),
  };
}

beforeEach(async () => {
  api = await startFakeGitHubApi();
  api.state.addUserToken('pat-alice', 'alice');
  api.state.addComments(REPO, 7, 150, 'bob');
});
afterEach(() => api.close());

describe('fake GitHub API', () => {
  it('lists 30 comments by default with next and last links in GitHub format', async () => {
    const { json, link } = await get('/repos/acme/shop/issues/7/comments');
    const id = api.state.repository(REPO).id;
    const base = `${api.url}/repositories/${id}/issues/7/comments`;

    expect(json).toHaveLength(30);
    expect(link).toBe(`<${base}?page=2>; rel="next", <${base}?page=5>; rel="last"`);
  });

  it('caps per_page at 100 and links prev, next, last and first from a middle page', async () => {
    const { json, link } = await get('/repos/acme/shop/issues/7/comments?per_page=50&page=2');
    const base = `${api.url}/repositories/${api.state.repository(REPO).id}/issues/7/comments`;
    expect(json).toHaveLength(50);
    expect(link).toBe(
      `<${base}?per_page=50&page=1>; rel="prev", <${base}?per_page=50&page=3>; rel="next", ` +
        `<${base}?per_page=50&page=3>; rel="last", <${base}?per_page=50&page=1>; rel="first"`,
    );
    expect((await get('/repos/acme/shop/issues/7/comments?per_page=500')).json).toHaveLength(100);
  });

  it('follows its own /repositories/{id} links and sends no Link header for a single page', async () => {
    const id = api.state.repository(REPO).id;
    const last = await get(`/repositories/${id}/issues/7/comments?per_page=100&page=2`);
    expect(last.json).toHaveLength(50);
    expect(last.link).not.toContain('rel="next"');

    api.state.addComments(REPO, 8, 2, 'bob');
    expect((await get('/repos/acme/shop/issues/8/comments')).link).toBeNull();
  });

  it('answers errors with GitHub bodies: bad credentials, installation /user', async () => {
    expect((await get('/user', 'nope')).json).toMatchObject({
      message: 'Bad credentials',
      status: '401',
    });
    api.state.addInstallationToken('ghs-1');
    expect(await get('/user', 'ghs-1')).toMatchObject({
      status: 403,
      json: { message: 'Resource not accessible by integration' },
    });
  });
});
