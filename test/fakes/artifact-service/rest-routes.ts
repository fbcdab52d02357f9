/**
 * The REST endpoints the baseline store and @actions/artifact's cross-run download call:
 * listing a workflow's runs, a run's artifacts, the repository's artifacts by name, the artifact
 * zip redirect and a commit. Bodies
 * are the OpenAPI-typed ones from rest-bodies.ts.
 */
import type { FakeArtifactState } from './artifact-state.js';
import { type FakeRequest, type Reply, type Route, replyJson } from './http-vocabulary.js';
import { matchesCreatedFilter, paginate } from './list-params.js';

/** `status` values that filter on the conclusion rather than the run state. */
const CONCLUSIONS = ['success', 'failure', 'neutral', 'cancelled', 'skipped', 'timed_out'];

function notFound(): Reply {
  return replyJson(404, { message: 'Not Found', status: '404' });
}

function listRuns(state: FakeArtifactState, workflow: string, url: URL): Reply {
  if (!state.workflows.has(workflow)) return notFound();
  const q = url.searchParams;
  const status = q.get('status');
  const runs = state.runs
    .filter((run) => run.path.endsWith(`/${workflow}`))
    .filter((run) => q.get('branch') === null || run.head_branch === q.get('branch'))
    .filter((run) => q.get('head_sha') === null || run.head_sha === q.get('head_sha'))
    .filter((run) => matchesCreatedFilter(run.created_at, q.get('created')))
    .filter((run) =>
      status === null
        ? true
        : CONCLUSIONS.includes(status)
          ? run.conclusion === status
          : run.status === status,
    )
    // GitHub lists newest first.
    .sort((a, b) => b.created_at.localeCompare(a.created_at) || Number(b.id) - Number(a.id));
  const { page, link } = paginate(runs, url);
  return replyJson(200, { total_count: runs.length, workflow_runs: page }, link ? { link } : {});
}

function listRunArtifacts(state: FakeArtifactState, runId: number, url: URL): Reply {
  if (!state.findRun(runId)) return notFound();
  const name = url.searchParams.get('name');
  const artifacts = state.artifacts
    .filter((a) => a.runId === runId && a.finalized && (name === null || a.body.name === name))
    .map((a) => a.body);
  const { page, link } = paginate(artifacts, url);
  return replyJson(200, { total_count: artifacts.length, artifacts: page }, link ? { link } : {});
}

/** `GET /repos/{o}/{r}/actions/artifacts`: every run's finalized artifacts, `name` exact, newest
 * first (expired ones included, flagged `expired`, as GitHub lists them). */
function listRepoArtifacts(state: FakeArtifactState, url: URL): Reply {
  const name = url.searchParams.get('name');
  const artifacts = state.artifacts
    .filter((a) => a.finalized && (name === null || a.body.name === name))
    .map((a) => a.body)
    .sort(
      (a, b) =>
        (b.created_at ?? '').localeCompare(a.created_at ?? '') || Number(b.id) - Number(a.id),
    );
  const { page, link } = paginate(artifacts, url);
  return replyJson(200, { total_count: artifacts.length, artifacts: page }, link ? { link } : {});
}

function redirectToZip(state: FakeArtifactState, artifactId: number): Reply {
  const stored = state.artifacts.find((a) => a.body.id === artifactId && a.finalized);
  if (!stored) return notFound();
  // GitHub answers 410 Gone for an artifact past its retention.
  if (stored.body.expired) return replyJson(410, { message: 'Artifact has expired' });
  return { status: 302, headers: { location: state.signedBlobUrl(stored) }, body: '' };
}

/** `DELETE /repos/{o}/{r}/actions/artifacts/{id}`: 204, and gone from every list; 404 when unknown.
 * Who may delete is checked before this route (FakeGitHub: a read-only token gets 403). */
function deleteArtifact(state: FakeArtifactState, artifactId: number): Reply {
  const at = state.artifacts.findIndex((a) => a.body.id === artifactId && a.finalized);
  if (at < 0) return notFound();
  const [gone] = state.artifacts.splice(at, 1);
  if (gone) state.blobs.delete(gone.blobPath);
  return { status: 204, headers: {}, body: '' };
}

/** Routes GET /repos/{owner}/{repo}/… (and DELETE of an artifact) for the seeded repository;
 * other repositories are 404. */
export function restRoutes(state: FakeArtifactState): Route {
  const repoPrefix = `/repos/${state.ctx.owner}/${state.ctx.repo}/`;
  return (request: FakeRequest) => {
    const path = request.url.pathname;
    if (!path.startsWith('/repos/')) return;
    if (!path.startsWith(repoPrefix)) return notFound();
    const rest = decodeURIComponent(path.slice(repoPrefix.length));
    if (request.method === 'DELETE') {
      const id = /^actions\/artifacts\/(\d+)$/.exec(rest)?.[1];
      return id === undefined ? notFound() : deleteArtifact(state, Number(id));
    }
    if (request.method !== 'GET') return notFound();
    let m = /^actions\/workflows\/([^/]+)\/runs$/.exec(rest);
    if (m?.[1]) return listRuns(state, m[1], request.url);
    m = /^actions\/runs\/(\d+)\/artifacts$/.exec(rest);
    if (m?.[1]) return listRunArtifacts(state, Number(m[1]), request.url);
    if (rest === 'actions/artifacts') return listRepoArtifacts(state, request.url);
    m = /^actions\/artifacts\/(\d+)\/zip$/.exec(rest);
    if (m?.[1]) return redirectToZip(state, Number(m[1]));
    m = /^commits\/([^/]+)$/.exec(rest);
    if (m?.[1]) {
      const commit = state.commits.get(m[1]);
      if (commit) return replyJson(200, commit);
      return replyJson(422, { message: `No commit found for SHA: ${m[1]}` });
    }
    return notFound();
  };
}
