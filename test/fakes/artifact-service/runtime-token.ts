/**
 * ACTIONS_RUNTIME_TOKEN for tests. @actions/artifact only decodes the token (jwt-decode) to read
 * the backend run and job ids from its `scp` claim and sends it on as a bearer token; nothing
 * checks a signature, so an unsigned JWT (alg "none", empty signature) is enough.
 */

/** The ids the results service knows a workflow run and job by (GUIDs on GitHub). */
export interface BackendIds {
  runBackendId: string;
  jobBackendId: string;
}

function encodeSegment(value: object): string {
  return Buffer.from(JSON.stringify(value)).toString('base64url');
}

/** Builds an unsigned JWT whose scope names `ids` the way the Actions runner's token does. */
export function makeRuntimeToken(ids: BackendIds): string {
  const header = encodeSegment({ alg: 'none', typ: 'JWT' });
  const payload = encodeSegment({
    // Same shape as a runner's token: other scopes first, then Actions.Results:<run>:<job>.
    scp: `Actions.GenericRead:00000000-0000-0000-0000-000000000000 Actions.Results:${ids.runBackendId}:${ids.jobBackendId}`,
    exp: Math.floor(Date.now() / 1000) + 3600,
  });
  return `${header}.${payload}.`;
}

/** Reads the backend ids back out of a bearer token, as the results service would. */
export function readBackendIds(authorization: string | undefined): BackendIds | undefined {
  const payload = authorization?.replace(/^Bearer\s+/i, '').split('.')[1];
  if (payload === undefined) return undefined;
  try {
    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as {
      scp?: unknown;
    };
    if (typeof claims.scp !== 'string') return undefined;
    const scope = claims.scp.split(' ').find((s) => s.startsWith('Actions.Results:'));
    const [, runBackendId, jobBackendId] = scope?.split(':') ?? [];
    return runBackendId && jobBackendId ? { runBackendId, jobBackendId } : undefined;
  } catch {
    return undefined;
  }
}
