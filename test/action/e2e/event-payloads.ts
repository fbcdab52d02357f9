/**
 * The event payloads the runner writes to GITHUB_EVENT_PATH, typed by GitHub's published webhook
 * schemas (@octokit/openapi-types), so the action is fed what GitHub sends rather than just the
 * few fields it reads today. The pull request and repository objects are the fake's own, so the
 * payload and the REST API agree on the pull request, as they do on GitHub.
 */
import type { components } from '@octokit/openapi-types';
import type { FakeGitHub } from '../../fakes/fake-github.js';
import { toLabel } from '../../fakes/github-api/issue-objects.js';
import type { PullRequestSeed } from '../../fakes/github-api/pull-objects.js';
import { toPullRequest } from '../../fakes/github-api/pull-objects.js';
import { toRepository } from '../../fakes/github-api/repository-object.js';
import { toSimpleUser } from '../../fakes/github-api/user-objects.js';

type PushEvent = components['schemas']['webhook-push'];
type PullRequestOpened = components['schemas']['webhook-pull-request-opened'];
/** `synchronize` spells its pull request out inline with looser user objects; GitHub sends the
 * same pull request object as for `opened`, so that one's type is used for both. */
type PullRequestSynchronize = Omit<
  components['schemas']['webhook-pull-request-synchronize'],
  'pull_request' | 'repository'
> &
  Pick<PullRequestOpened, 'pull_request' | 'repository'>;
type Commit = PushEvent['commits'][number];

export const REPO = { owner: 'acme', repo: 'shop' };

function people(fake: FakeGitHub) {
  const account = fake.api.account('dev');
  const repository = toRepository(fake.api.repository(REPO), fake.url);
  return { sender: toSimpleUser(account, fake.url), repository };
}

function commit(fake: FakeGitHub, sha: string): Commit {
  const author = { name: 'dev', email: 'dev@example.invalid', username: 'dev' };
  return {
    id: sha,
    tree_id: sha.split('').reverse().join(''),
    distinct: true,
    message: 'Speed up checkout',
    timestamp: new Date().toISOString(),
    url: `${fake.url}/${REPO.owner}/${REPO.repo}/commit/${sha}`,
    author,
    committer: author,
    added: [],
    removed: [],
    modified: ['src/checkout.ts'],
  };
}

/** A push of one commit `after` onto `branch` (GitHub's `push` event). */
export function pushEvent(fake: FakeGitHub, branch: string, before: string, after: string) {
  const { sender, repository } = people(fake);
  const head = commit(fake, after);
  const event: PushEvent = {
    ref: `refs/heads/${branch}`,
    before,
    after,
    base_ref: null,
    created: false,
    deleted: false,
    forced: false,
    compare: `${fake.url}/${REPO.owner}/${REPO.repo}/compare/${before.slice(0, 12)}...${after.slice(0, 12)}`,
    commits: [head],
    head_commit: head,
    pusher: { name: 'dev', email: 'dev@example.invalid' },
    // Push payloads date the repository in epoch seconds, unlike every other event.
    repository: {
      ...repository,
      created_at: 1577836800,
      pushed_at: Math.floor(Date.now() / 1000),
      updated_at: '2024-01-01T00:00:00Z',
      has_discussions: false,
      topics: [],
      visibility: 'public',
      license: null,
      // A push's owner also carries a name and email; the schema types a few fields tighter.
      owner: {
        ...repository.owner,
        id: fake.api.account(REPO.owner).id,
        gravatar_id: '',
        name: REPO.owner,
        email: null,
        type: 'User',
      },
    },
    sender,
  };
  return event;
}

/**
 * A `pull_request` event for `pull`: `opened`, or `synchronize` after a push moved its head from
 * `before`. The pull request is also registered with the fake's REST API, where the action
 * re-reads it.
 */
export function pullRequestEvent(
  fake: FakeGitHub,
  pull: PullRequestSeed,
  action: { kind: 'opened' } | { kind: 'synchronize'; before: string },
): PullRequestOpened | PullRequestSynchronize {
  fake.api.setPullRequest(REPO, pull);
  const { sender, repository } = people(fake);
  const pullRequest = toPullRequest(fake.api.repository(REPO), pull, fake.url);
  const common = { number: pull.number, pull_request: pullRequest, repository, sender };
  if (action.kind === 'opened') return { action: 'opened', ...common };
  return { action: 'synchronize', before: action.before, after: pull.headSha, ...common };
}

type ReleasePublished = components['schemas']['webhook-release-published'];
type ReleasePrereleased = components['schemas']['webhook-release-prereleased'];

/**
 * A `schedule` event. Since 2022 GitHub adds the repository and sender to the cron it always
 * sent (github.blog changelog 2022-09-27); older payloads were the cron alone.
 */
export function scheduleEvent(fake: FakeGitHub, cron: string) {
  const { sender, repository } = people(fake);
  return { schedule: cron, repository, sender };
}

/**
 * A `release` event: `published` for a final release, `prereleased` for a release candidate.
 * The release object carries the fields GitHub's schema requires; loadgate reads the tag and
 * whether it is a prerelease or draft.
 */
export function releaseEvent(
  fake: FakeGitHub,
  release: { tag: string; prerelease: boolean; sha: string },
): ReleasePublished | ReleasePrereleased {
  const { sender, repository } = people(fake);
  const at = new Date().toISOString();
  const base = `${fake.url}/repos/${REPO.owner}/${REPO.repo}/releases/1`;
  const body = {
    assets: [],
    assets_url: `${base}/assets`,
    author: sender,
    body: null,
    created_at: at,
    draft: false,
    html_url: `http://github.localhost/${REPO.owner}/${REPO.repo}/releases/tag/${release.tag}`,
    id: 1,
    immutable: false,
    updated_at: at,
    name: release.tag,
    node_id: 'RE_1',
    prerelease: release.prerelease,
    published_at: at,
    tag_name: release.tag,
    tarball_url: null,
    target_commitish: release.sha,
    upload_url: `${base}/assets{?name,label}`,
    url: base,
    zipball_url: null,
  };
  return release.prerelease
    ? ({
        action: 'prereleased',
        release: { ...body, prerelease: true },
        repository,
        sender,
      } as ReleasePrereleased)
    : ({ action: 'published', release: body, repository, sender } as ReleasePublished);
}

type PullRequestLabeled = Omit<
  components['schemas']['webhook-pull-request-labeled'],
  'pull_request' | 'repository'
> &
  Pick<PullRequestOpened, 'pull_request' | 'repository'>;
type PullRequestUnlabeled = Omit<
  components['schemas']['webhook-pull-request-unlabeled'],
  'pull_request' | 'repository'
> &
  Pick<PullRequestOpened, 'pull_request' | 'repository'>;

/**
 * A `pull_request` event `labeled` or `unlabeled` of `pull` by `actor`, after the fake applied
 * (or removed) the label, so the payload and the issue events API agree, as on GitHub. The
 * pull request's labels are those it has now.
 */
export function pullRequestLabelEvent(
  fake: FakeGitHub,
  pull: PullRequestSeed,
  change: { action: 'labeled' | 'unlabeled'; label: string; actor: string },
): PullRequestLabeled | PullRequestUnlabeled {
  fake.api.setPullRequest(REPO, pull);
  fake.api.changeLabel(REPO, pull.number, {
    action: change.action,
    name: change.label,
    actor: change.actor,
  });
  const repository = toRepository(fake.api.repository(REPO), fake.url);
  const sender = toSimpleUser(fake.api.account(change.actor), fake.url);
  const labels = (fake.api.issue(REPO, pull.number)?.labels ?? []).map((l) => toLabel(l, fake.url));
  const pullRequest = {
    ...toPullRequest(fake.api.repository(REPO), pull, fake.url),
    labels,
  };
  const found = fake.api.label(REPO, change.label);
  const label = found && { ...toLabel(found, fake.url), id: found.id };
  const common = { number: pull.number, pull_request: pullRequest, repository, sender };
  return change.action === 'labeled'
    ? { action: 'labeled', ...(label ? { label } : {}), ...common }
    : { action: 'unlabeled', ...(label ? { label } : {}), ...common };
}
