/**
 * One local GitHub on one 127.0.0.1 origin, for running the built action as a job would: the
 * REST API of comments, users, pulls, compare, statuses, issues, labels and releases
 * (github-api/*) and of workflow runs, artifacts, zips and commits (artifact-service/*), plus the
 * results service's Twirp API and blob storage.
 * The router sends each path to the fake that owns it, so GITHUB_API_URL and ACTIONS_RESULTS_URL
 * can both be `url`. Runs live in the artifact state: `startRun` lists the job's run (in
 * progress) and returns a runtime token naming it, so what the job uploads becomes an artifact
 * of that run; `finishRun` completes it, after which baseline lookups find it.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { listenOnLoopback } from '../helpers/loopback-port.js';
import { FakeArtifactState } from './artifact-service/artifact-state.js';
import { blobRoutes } from './artifact-service/blob-routes.js';
import { type Route, readBody, replyJson, sendReply } from './artifact-service/http-vocabulary.js';
import { restRoutes } from './artifact-service/rest-routes.js';
import { twirpRoutes } from './artifact-service/twirp-routes.js';
import { FaultPlan, type RouteName } from './github-api/faults.js';
import { standardHeaders } from './github-api/reply.js';
import { matchRoute } from './github-api/route-context.js';
import { routeRequest } from './github-api/router.js';
import { FakeGitHubState } from './github-api/state.js';

/** One request the fake received: which fake answered it (`route` for REST-API ones), and how. */
export interface GitHubRequest {
  method: string;
  /** Path and query. */
  path: string;
  owner: 'api' | 'artifacts' | 'none';
  route?: RouteName;
  status: number;
  /** The JSON body sent to an `api` route (a comment's `{ body }`), if any. */
  body?: unknown;
}

/** The workflow run a job belongs to, as the runner's environment names it. */
export interface JobRun {
  runId: number;
  /** ACTIONS_RUNTIME_TOKEN of a job in this run: uploads with it land on this run. */
  runtimeToken: string;
}

function parseJson(body: Buffer): unknown {
  try {
    return body.length === 0 ? undefined : (JSON.parse(body.toString('utf8')) as unknown);
  } catch {
    return undefined;
  }
}

export class FakeGitHub {
  readonly requests: GitHubRequest[] = [];
  /** Comments, pull requests, comparisons, issues, labels, releases and tokens
   * (github-api/state.ts). */
  readonly api = new FakeGitHubState();
  /** Faults for the `api` routes (comments, user, pulls, compare, issues, labels, releases). */
  readonly faults = new FaultPlan();
  private serial = 0;

  private constructor(
    private readonly server: ReturnType<typeof createServer>,
    /** Origin for GITHUB_API_URL and ACTIONS_RESULTS_URL, e.g. `http://127.0.0.1:40123`. */
    readonly url: string,
    /** Workflow runs, artifacts, blobs and commits (artifact-service/artifact-state.ts). */
    readonly artifacts: FakeArtifactState,
  ) {}

  /** Starts the fake for repository `owner/repo` on an ephemeral loopback port. */
  static async start(owner = 'acme', repo = 'shop'): Promise<FakeGitHub> {
    const server = createServer();
    const url = `http://127.0.0.1:${await listenOnLoopback(server)}`;
    const fake = new FakeGitHub(server, url, new FakeArtifactState({ origin: url, owner, repo }));
    const routes = [twirpRoutes, blobRoutes, restRoutes].map((make) => make(fake.artifacts));
    server.on('request', (req, res) => {
      fake.handle(req, res, routes).catch((error: unknown) => {
        res.writeHead(500, { 'content-type': 'text/plain' });
        res.end(String(error));
      });
    });
    return fake;
  }

  /** How many requests reached the REST-API route `route` (faulted ones included). */
  count(route: RouteName): number {
    return this.requests.filter((r) => r.route === route).length;
  }

  /** Lists a run of `workflowFile` at `headSha` on `branch`, in progress, as GitHub does while
   * its jobs run; returns its id and a runtime token for its job. */
  startRun(facts: { headSha: string; branch: string; event: string; workflowFile?: string }) {
    const run = this.artifacts.addRun({
      ...facts,
      createdAt: new Date().toISOString(),
      conclusion: null,
    });
    run.event = facts.event;
    const runId = Number(run.id);
    return { runId, runtimeToken: this.artifacts.runtimeTokenFor(runId) } satisfies JobRun;
  }

  /** Completes run `runId`: a `success` run is what baseline lookups list. */
  finishRun(runId: number, conclusion: 'success' | 'failure'): void {
    const run = this.artifacts.findRun(runId);
    if (!run) throw new Error(`fake: no run ${runId}`);
    Object.assign(run, { status: 'completed', conclusion, updated_at: new Date().toISOString() });
  }

  close(): Promise<void> {
    this.server.closeAllConnections();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }

  private async handle(req: IncomingMessage, res: ServerResponse, routes: Route[]) {
    const method = req.method ?? 'GET';
    const url = new URL(req.url ?? '/', this.url);
    const raw = await readBody(req);
    const path = url.pathname + url.search;
    if (matchRoute(method, url.pathname, this.api)) {
      const body = parseJson(raw);
      const request = { method, url, authorization: req.headers.authorization, body };
      const nowMs = Date.now();
      const { route, reply } = routeRequest(request, this.api, this.faults, nowMs);
      this.requests.push({ method, path, owner: 'api', route, status: reply.status, body });
      const requestId = `FAKE:${(++this.serial).toString(16).toUpperCase()}`;
      const headers = { ...standardHeaders(nowMs, requestId), ...reply.headers };
      const text = reply.body === undefined ? '' : JSON.stringify(reply.body);
      return sendReply(res, { status: reply.status, headers, body: text });
    }
    const request = { method, url, headers: req.headers, body: raw };
    // Deleting an artifact needs `actions: write`: a read-only installation token, or none, is
    // refused as GitHub refuses it.
    if (method === 'DELETE') {
      const token = /^(?:token|bearer)\s+(\S+)$/i.exec(req.headers.authorization ?? '')?.[1];
      const known = token === undefined ? undefined : this.api.tokens.get(token);
      if (!known || (known.kind === 'installation' && known.readOnly)) {
        const status = known ? 403 : 401;
        this.requests.push({ method, path, owner: 'artifacts', status });
        const message = known
          ? 'Resource not accessible by integration'
          : 'Requires authentication';
        return sendReply(res, replyJson(status, { message, documentation_url: 'fake' }));
      }
    }
    for (const route of routes) {
      const reply = route(request);
      if (!reply) continue;
      this.requests.push({ method, path, owner: 'artifacts', status: reply.status });
      return sendReply(res, reply);
    }
    this.requests.push({ method, path, owner: 'none', status: 404 });
    sendReply(res, replyJson(404, { message: 'Not Found', documentation_url: 'fake' }));
  }
}
