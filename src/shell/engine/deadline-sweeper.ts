/** A request whose total deadline is watched. */
export interface DeadlineWatched {
  /** When it was written, engine clock; its deadline is this plus its lane's timeout. */
  readonly sentMs: number;
  /** Finished one way or another: the sweeper drops it without a look. */
  readonly finished: boolean;
  /** Called once, when the deadline has passed and it is still not finished. */
  expire(nowMs: number): void;
}

/** How often deadlines are checked: a timed-out request ends at most this much (plus event loop
 * lag) after its deadline. */
export const SWEEP_INTERVAL_MS = 5;

/**
 * Enforces each request's total deadline (write to end of body) without a timer per request.
 * Requests are written in time order and all requests of one lane share one timeout, so each
 * lane is a FIFO already sorted by deadline: `track` is an array push, and a sweep every few ms
 * pops from the head while the head is finished (lazy removal) or past its deadline, and stops
 * at the first live request still in time. Per request that is O(1) and no allocation; the
 * lanes only hold requests written within the last timeout, finished ones included until they
 * reach the head.
 */
export class DeadlineSweeper {
  private readonly lanes: Lane[];
  private timer: NodeJS.Timeout | undefined;

  /** @param laneTimeoutsMs the timeout of each lane (one lane per distinct timeout). */
  constructor(
    laneTimeoutsMs: readonly number[],
    private readonly nowMs: () => number,
  ) {
    this.lanes = laneTimeoutsMs.map((timeoutMs) => new Lane(timeoutMs));
  }

  /** Watches `request` in `lane`; call when it is written, so lanes stay in deadline order. */
  track(lane: number, request: DeadlineWatched): void {
    (this.lanes[lane] as Lane).items.push(request);
  }

  start(): void {
    this.timer ??= setInterval(() => this.sweep(), SWEEP_INTERVAL_MS);
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
  }

  /** Requests the lanes still hold, finished ones not yet swept included. */
  held(): number {
    return this.lanes.reduce((sum, lane) => sum + lane.held(), 0);
  }

  /** Expires every watched request past its deadline. */
  sweep(): void {
    const nowMs = this.nowMs();
    for (const lane of this.lanes) lane.sweep(nowMs);
  }
}

/** Below this many swept slots the array is not worth compacting. */
const COMPACT_MIN = 1024;

class Lane {
  items: (DeadlineWatched | undefined)[] = [];
  private head = 0;

  constructor(private readonly timeoutMs: number) {}

  held(): number {
    return this.items.length - this.head;
  }

  sweep(nowMs: number): void {
    // `expire` may start a new request that is tracked in this very lane (pushed at the tail,
    // in time): the loop sees it and stops there.
    const items = this.items;
    let head = this.head;
    while (head < items.length) {
      const request = items[head] as DeadlineWatched;
      if (!request.finished && request.sentMs + this.timeoutMs > nowMs) break;
      items[head] = undefined;
      head++;
      if (!request.finished) request.expire(nowMs);
    }
    if (head === items.length) {
      items.length = 0;
      head = 0;
    } else if (head >= COMPACT_MIN && head * 2 >= items.length) {
      this.items = items.slice(head);
      head = 0;
    }
    this.head = head;
  }
}
