import { retry } from '@octokit/plugin-retry';
import { throttling } from '@octokit/plugin-throttling';
import { Octokit } from '@octokit/rest';

/** Where GitHub client messages go; `Output` fits. */
export interface GitHubLog {
  info(message: string): void;
  warn(message: string): void;
}

export interface CreateOctokitOptions {
  token: string;
  /** The REST API root, `GITHUB_API_URL` in Actions (GHES: `https://host/api/v3`). */
  baseUrl?: string;
  log?: GitHubLog;
  /** Retries of a 5xx or network failure; default 3. */
  retries?: number;
  /** Retry backoff unit: the n-th retry waits n² × this; default 1000 ms. */
  retryDelayMs?: number;
  /** How many times one request may wait out a rate limit; default 2. */
  rateLimitRetries?: number;
  /** Longest rate-limit wait worth sitting out in a CI job, in seconds; default 120. */
  maxRateLimitWaitSeconds?: number;
  /**
   * Key of the throttling plugin's limiters. They live at module level, so every client with the
   * same key shares one queue: writes 1 s apart, comment-creating writes 3 s apart (GitHub's
   * advice against secondary limits). Tests give each client its own key.
   */
  limiterId?: string;
}

const DEFAULT_BASE_URL = 'https://api.github.com';
/** retry's own list plus 429: a 429 is a rate limit, which throttling waits out by
 * `retry-after`, where retry would only back off by its own clock (and then both would retry). */
const DO_NOT_RETRY = [400, 401, 403, 404, 410, 422, 429, 451];

const GitHubClient = Octokit.plugin(retry, throttling);

/**
 * A REST client that retries server errors with backoff and waits out primary and secondary
 * rate limits when the wait is short, giving up (the request fails) when it is not.
 */
export function createOctokit(options: CreateOctokitOptions): Octokit {
  const log = options.log;
  const maxRetries = options.rateLimitRetries ?? 2;
  const maxWait = options.maxRateLimitWaitSeconds ?? 120;
  const onLimit =
    (what: string) =>
    (retryAfter: number, request: { method: string; url: string }, _o: unknown, count: number) => {
      const route = `${request.method} ${request.url}`;
      if (count >= maxRetries || retryAfter > maxWait) {
        log?.warn(`GitHub ${what} on ${route}; not waiting ${retryAfter} s for it.`);
        return false;
      }
      log?.info(`GitHub ${what} on ${route}; retrying in ${retryAfter} s.`);
      return true;
    };
  return new GitHubClient({
    auth: options.token,
    baseUrl: (options.baseUrl || DEFAULT_BASE_URL).replace(/\/+$/, ''),
    // plugin-request-log reports every failed request at error level, including the expected
    // 403 of GET /user with an Actions token; failures reach callers as errors anyway.
    log: {
      debug: () => {},
      info: () => {},
      warn: (message: string) => log?.warn(message),
      error: () => {},
    },
    retry: {
      retries: options.retries ?? 3,
      retryAfterBaseValue: options.retryDelayMs ?? 1000,
      doNotRetry: DO_NOT_RETRY,
    },
    throttle: {
      id: options.limiterId ?? 'loadgate',
      onRateLimit: onLimit('rate limit'),
      onSecondaryRateLimit: onLimit('secondary rate limit'),
    },
  });
}
