/**
 * The results service's Twirp JSON API as @actions/artifact calls it: POST
 * /twirp/github.actions.results.api.v1.ArtifactService/<Method> with a bearer runtime token and a
 * body in proto field names (snake_case). The run comes from the request's backend ids, which the
 * client copies out of the token's `scp` claim.
 */
import type { FakeArtifactState, StoredArtifact } from './artifact-state.js';
import { type FakeRequest, type Reply, type Route, replyJson } from './http-vocabulary.js';

const SERVICE_PREFIX = '/twirp/github.actions.results.api.v1.ArtifactService/';

type TwirpBody = Record<string, unknown>;

/** Twirp errors are JSON `{ code, msg }`; the client reads `msg`. */
function twirpError(status: number, code: string, msg: string): Reply {
  return replyJson(status, { code, msg });
}

function toMonolithArtifact(body: TwirpBody, stored: StoredArtifact) {
  return {
    workflow_run_backend_id: body.workflow_run_backend_id,
    workflow_job_run_backend_id: body.workflow_job_run_backend_id,
    database_id: String(stored.body.id),
    name: stored.body.name,
    size: String(stored.body.size_in_bytes),
    created_at: stored.body.created_at,
  };
}

function answer(state: FakeArtifactState, method: string, body: TwirpBody): Reply {
  const runId = state.backendRuns.get(String(body.workflow_run_backend_id));
  const run = runId === undefined ? undefined : state.findRun(runId);
  if (!run) return twirpError(404, 'not_found', 'workflow run not found');
  const ofRun = state.artifacts.filter((a) => a.runId === runId);
  const named = ofRun.find((a) => a.body.name === body.name);
  switch (method) {
    case 'CreateArtifact': {
      if (named?.finalized)
        return twirpError(409, 'already_exists', 'an artifact with this name already exists');
      const expiresAt =
        typeof body.expires_at === 'string'
          ? body.expires_at
          : new Date(Date.now() + 90 * 86_400_000).toISOString();
      const stored = named ?? state.createArtifact(run, String(body.name), expiresAt);
      return replyJson(200, { ok: true, signed_upload_url: state.signedBlobUrl(stored) });
    }
    case 'FinalizeArtifact': {
      if (!named || !state.blobs.has(named.blobPath))
        return twirpError(404, 'not_found', 'artifact not uploaded');
      named.finalized = true;
      named.body.size_in_bytes = Number(body.size);
      if (typeof body.hash === 'string') named.body.digest = body.hash;
      return replyJson(200, { ok: true, artifact_id: String(named.body.id) });
    }
    case 'ListArtifacts': {
      const listed = ofRun.filter(
        (a) =>
          a.finalized &&
          (body.name_filter === undefined || a.body.name === body.name_filter) &&
          (body.id_filter === undefined || String(a.body.id) === String(body.id_filter)),
      );
      return replyJson(200, { artifacts: listed.map((a) => toMonolithArtifact(body, a)) });
    }
    case 'GetSignedArtifactURL':
      if (!named?.finalized) return twirpError(404, 'not_found', 'artifact not found');
      return replyJson(200, { signed_url: state.signedBlobUrl(named) });
    default:
      return twirpError(404, 'bad_route', `no method ${method}`);
  }
}

/** Routes the ArtifactService methods CreateArtifact, FinalizeArtifact, ListArtifacts, GetSignedArtifactURL. */
export function twirpRoutes(state: FakeArtifactState): Route {
  return (request: FakeRequest) => {
    if (request.method !== 'POST' || !request.url.pathname.startsWith(SERVICE_PREFIX)) return;
    if (!request.headers.authorization?.startsWith('Bearer '))
      return twirpError(401, 'unauthenticated', 'missing runtime token');
    const method = request.url.pathname.slice(SERVICE_PREFIX.length);
    return answer(state, method, JSON.parse(request.body.toString('utf8')) as TwirpBody);
  };
}
