/** The `release` object of the fake GitHub API, schema-typed, and the `releases/latest` route. */
import type { components } from '@octokit/openapi-types';
import { type Reply, replyError, replyJson } from './reply.js';
import type { FakeRepository } from './repository-object.js';
import type { RouteContext } from './route-context.js';
import { type FakeAccount, toSimpleUser } from './user-objects.js';

type Release = components['schemas']['release'];

/** A stored release. */
export interface FakeRelease {
  id: number;
  repo: FakeRepository;
  tag: string;
  name: string | null;
  body: string | null;
  draft: boolean;
  prerelease: boolean;
  /** GitHub: the date of the tagged commit; `releases/latest` orders by it. */
  createdAt: string;
  /** Null for a draft. */
  publishedAt: string | null;
  author: FakeAccount;
}

/** What a test says about a release it seeds. */
export interface ReleaseSeed {
  tag: string;
  name?: string;
  body?: string;
  prerelease?: boolean;
  draft?: boolean;
  /** ISO; default now (null for a draft). */
  publishedAt?: string;
  /** ISO; default `publishedAt`, else now. */
  createdAt?: string;
  /** Login of the author; default the repository owner. */
  author?: string;
}

/** `release` as `GET /repos/{o}/{r}/releases/latest` answers it. */
export function toRelease(release: FakeRelease, api: string): Release {
  const full = `${release.repo.owner.login}/${release.repo.name}`;
  const url = `${api}/repos/${full}/releases/${release.id}`;
  const tag = encodeURIComponent(release.tag);
  return {
    url,
    html_url: `${api}/${full}/releases/tag/${tag}`,
    assets_url: `${url}/assets`,
    upload_url: `${api}/repos/${full}/releases/${release.id}/assets{?name,label}`,
    tarball_url: `${api}/repos/${full}/tarball/${tag}`,
    zipball_url: `${api}/repos/${full}/zipball/${tag}`,
    id: release.id,
    node_id: `RE_fake${release.id}`,
    tag_name: release.tag,
    target_commitish: 'main',
    name: release.name,
    body: release.body,
    draft: release.draft,
    prerelease: release.prerelease,
    immutable: false,
    created_at: release.createdAt,
    published_at: release.publishedAt,
    updated_at: release.publishedAt ?? release.createdAt,
    author: toSimpleUser(release.author, api),
    assets: [],
  };
}

/** `GET /repos/{o}/{r}/releases/latest`: the newest full release by `created_at`, else 404. */
export function getLatestRelease(ctx: RouteContext): Reply {
  const latest = ctx.repo && ctx.state.latestRelease(ctx.repo);
  if (!latest) return replyError(404, 'Not Found');
  return replyJson(200, toRelease(latest, ctx.api));
}
