/**
 * Fault injection for the fake GitHub API: the next N calls of a route fail the way GitHub
 * fails — server errors, the primary rate limit, the secondary rate limit — or with any status.
 */
import { type Reply, replyError } from './reply.js';

/** The endpoints the fake serves, named for fault plans and request assertions. */
export type RouteName =
  | 'get-user'
  | 'list-comments'
  | 'create-comment'
  | 'update-comment'
  | 'delete-comment'
  | 'get-pull'
  | 'compare'
  | 'create-status'
  | 'list-issues'
  | 'create-issue'
  | 'get-issue'
  | 'update-issue'
  | 'get-label'
  | 'create-label'
  | 'get-latest-release'
  | 'list-issue-events'
  | 'get-collaborator-permission'
  | 'list-commit-pulls';

export type Fault =
  /** A 5xx with GitHub's generic body. */
  | { kind: 'server-error'; status?: 500 | 502 | 503 | 504 }
  /** The hourly quota is spent: 403 (or 429), `x-ratelimit-remaining: 0`, reset a second ahead. */
  | { kind: 'primary-rate-limit'; status?: 403 | 429 }
  /** Too many requests too fast: 429 (or 403) with `retry-after`. */
  | { kind: 'secondary-rate-limit'; status?: 403 | 429; retryAfterSeconds?: number }
  /** Any other answer, e.g. 404 or 422. */
  | { kind: 'status'; status: number; message: string };

const SERVER_MESSAGES: Record<number, string> = {
  500: 'Server Error',
  502: 'Server Error',
  503: 'Service Unavailable',
  504: 'We couldn\u2019t respond to your request in time. Sorry about that.',
};

/** Turns a fault into GitHub's answer for it, at time `nowMs`. */
export function renderFault(fault: Fault, nowMs: number): Reply {
  switch (fault.kind) {
    case 'server-error': {
      const status = fault.status ?? 500;
      return replyError(status, SERVER_MESSAGES[status] ?? 'Server Error');
    }
    case 'primary-rate-limit':
      return replyError(
        fault.status ?? 403,
        'API rate limit exceeded for user ID 1001. If you reach out to GitHub Support for help, ' +
          'please include the request ID 0000:FAKE.',
        {
          'x-ratelimit-remaining': '0',
          'x-ratelimit-used': '5000',
          'x-ratelimit-reset': String(Math.ceil(nowMs / 1000) + 1),
        },
      );
    case 'secondary-rate-limit':
      return replyError(
        fault.status ?? 429,
        'You have exceeded a secondary rate limit. Please wait a few minutes before you try ' +
          'again. If you reach out to GitHub Support for help, please include the request ID ' +
          '0000:FAKE.',
        { 'retry-after': String(fault.retryAfterSeconds ?? 1) },
      );
    case 'status':
      return replyError(fault.status, fault.message);
  }
}

/** Pending faults per route, used up in order. */
export class FaultPlan {
  private readonly pending = new Map<RouteName, Fault[]>();

  /** Makes the next `times` calls of `route` fail with `fault`. */
  failNext(route: RouteName, fault: Fault, times = 1): void {
    const queue = this.pending.get(route) ?? [];
    for (let i = 0; i < times; i++) queue.push(fault);
    this.pending.set(route, queue);
  }

  /** The fault for this call of `route`, if one is pending. */
  take(route: RouteName): Fault | undefined {
    return this.pending.get(route)?.shift();
  }

  clear(): void {
    this.pending.clear();
  }
}
