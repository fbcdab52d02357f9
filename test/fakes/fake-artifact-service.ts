/**
 * A local stand-in for everything GitHub serves to artifact uploads and baseline lookups, on one
 * 127.0.0.1 port: the results service's Twirp API, blob storage behind its signed URLs, and the
 * REST endpoints for runs, artifacts, zips and commits. Tests seed runs and artifacts through
 * `state`, point @actions/artifact and Octokit at `url` (see `actionsEnv`), and can make the next
 * requests to a path fail to exercise retries.
 */
import { createServer, type Server } from 'node:http';
import { listenOnLoopback } from '../helpers/loopback-port.js';
import { FakeArtifactState } from './artifact-service/artifact-state.js';
import { blobRoutes } from './artifact-service/blob-routes.js';
import { type Route, readBody, replyJson, sendReply } from './artifact-service/http-vocabulary.js';
import { restRoutes } from './artifact-service/rest-routes.js';
import { twirpRoutes } from './artifact-service/twirp-routes.js';

interface InjectedFailure {
  pathPrefix: string;
  remaining: number;
  status: number;
}

export class FakeArtifactService {
  /** `METHOD /path?query` of every request, in arrival order. */
  readonly requests: string[] = [];
  /** Requests no route knew: a client calling something this fake does not model. */
  readonly unhandled: string[] = [];
  private readonly failures: InjectedFailure[] = [];

  private constructor(
    private readonly server: Server,
    /** Base URL, e.g. `http://127.0.0.1:40123`. */
    readonly url: string,
    readonly state: FakeArtifactState,
  ) {}

  /** Starts the fake for repository `owner/repo` on an ephemeral loopback port. */
  static async start(owner = 'acme', repo = 'shop'): Promise<FakeArtifactService> {
    const server = createServer();
    const port = await listenOnLoopback(server);
    const url = `http://127.0.0.1:${port}`;
    const state = new FakeArtifactState({ origin: url, owner, repo });
    const fake = new FakeArtifactService(server, url, state);
    const routes: Route[] = [twirpRoutes(state), blobRoutes(state), restRoutes(state)];
    server.on('request', async (req, res) => {
      const request = {
        method: req.method ?? 'GET',
        url: new URL(req.url ?? '/', url),
        headers: req.headers,
        body: await readBody(req),
      };
      const line = `${request.method} ${request.url.pathname}${request.url.search}`;
      fake.requests.push(line);
      const failure = fake.takeFailure(request.url.pathname);
      if (failure) return sendReply(res, replyJson(failure, { message: 'injected failure' }));
      for (const route of routes) {
        const reply = route(request);
        if (reply) return sendReply(res, reply);
      }
      fake.unhandled.push(line);
      sendReply(res, replyJson(501, { message: `fake GitHub does not model ${line}` }));
    });
    return fake;
  }

  /** Back to an empty repository with no logged requests or pending failures. */
  reset(): void {
    this.state.clear();
    this.requests.length = 0;
    this.unhandled.length = 0;
    this.failures.length = 0;
  }

  /** Makes the next `times` requests whose path starts with `pathPrefix` answer `status`. */
  failNext(pathPrefix: string, times = 1, status = 503): void {
    this.failures.push({ pathPrefix, remaining: times, status });
  }

  /**
   * Environment for @actions/artifact acting as a job of run `runId`: the results service,
   * runtime token and REST API all point here. GITHUB_API_URL must be set before
   * @actions/artifact is first imported: @actions/github reads it at module load.
   */
  actionsEnv(runId: number): Record<string, string> {
    return {
      ACTIONS_RESULTS_URL: `${this.url}/`,
      ACTIONS_RUNTIME_TOKEN: this.state.runtimeTokenFor(runId),
      GITHUB_API_URL: this.url,
      GITHUB_SERVER_URL: 'https://github.com',
      NO_PROXY: '127.0.0.1',
      no_proxy: '127.0.0.1',
    };
  }

  close(): Promise<void> {
    this.server.closeAllConnections();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }

  private takeFailure(pathname: string): number | undefined {
    const failure = this.failures.find((f) => f.remaining > 0 && pathname.startsWith(f.pathPrefix));
    if (!failure) return undefined;
    failure.remaining -= 1;
    return failure.status;
  }
}
