/**
 * A fake GitHub REST API on 127.0.0.1 for the comment gateway and pull-request reader: in-memory
 * state, schema-typed bodies (github-api/*-object.ts), GitHub's pagination and Link headers,
 * GitHub's errors, fault injection per route, and a record of every request.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { listenOnLoopback } from '../helpers/loopback-port.js';
import { FaultPlan, type RouteName } from './github-api/faults.js';
import { HoldPlan } from './github-api/holds.js';
import { standardHeaders } from './github-api/reply.js';
import { matchRoute } from './github-api/route-context.js';
import { routeRequest } from './github-api/router.js';
import { FakeGitHubState } from './github-api/state.js';

export type { Fault, RouteName } from './github-api/faults.js';
export type { Hold } from './github-api/holds.js';
export type { FakeIssue, FakeLabel, IssueSeed } from './github-api/issue-objects.js';
export type { FakeRelease, ReleaseSeed } from './github-api/release-objects.js';
export type { FakeGitHubState, RepoName } from './github-api/state.js';

/** One request the fake received, with the answer it gave. */
export interface RecordedRequest {
  method: string;
  /** Path and query, e.g. `/repos/o/r/issues/7/comments?per_page=100`. */
  path: string;
  /** Undefined for a path the fake does not serve. */
  route: RouteName | undefined;
  status: number;
  /** The JSON body sent, if any. */
  body: unknown;
}

export interface FakeGitHubApi {
  /** Origin to pass as Octokit's `baseUrl`, e.g. `http://127.0.0.1:40123`. */
  url: string;
  state: FakeGitHubState;
  faults: FaultPlan;
  /** Requests held until the test releases them (racing clients in a chosen order). */
  holds: HoldPlan;
  requests: RecordedRequest[];
  /** How many requests reached `route` (faulted ones included). */
  count(route: RouteName): number;
  close(): Promise<void>;
}

async function readJson(req: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const text = Buffer.concat(chunks).toString('utf8');
  if (text === '') return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

/** Starts the fake on an ephemeral loopback port. */
export async function startFakeGitHubApi(): Promise<FakeGitHubApi> {
  const state = new FakeGitHubState();
  const faults = new FaultPlan();
  const holds = new HoldPlan();
  const requests: RecordedRequest[] = [];
  let requestSerial = 0;

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const body = await readJson(req);
    const url = new URL(req.url ?? '/', `http://${req.headers.host ?? '127.0.0.1'}`);
    const method = req.method ?? 'GET';
    await holds.pass(matchRoute(method, url.pathname, state)?.route);
    const nowMs = Date.now();
    const { route, reply } = routeRequest(
      { method, url, authorization: req.headers.authorization, body },
      state,
      faults,
      nowMs,
    );
    requests.push({ method, path: url.pathname + url.search, route, status: reply.status, body });
    const requestId = `FAKE:${(++requestSerial).toString(16).toUpperCase()}`;
    res.writeHead(reply.status, { ...standardHeaders(nowMs, requestId), ...reply.headers });
    res.end(reply.body === undefined ? '' : JSON.stringify(reply.body));
  }

  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      res.writeHead(500, { 'content-type': 'text/plain' });
      res.end(String(error));
    });
  });
  const port = await listenOnLoopback(server);
  return {
    url: `http://127.0.0.1:${port}`,
    state,
    faults,
    holds,
    requests,
    count: (route) => requests.filter((r) => r.route === route).length,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        // Octokit's fetch keeps connections alive; without this close() waits for them.
        server.closeAllConnections();
      }),
  };
}
