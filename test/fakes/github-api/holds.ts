/**
 * Holding requests of a route until the test lets them through, to order racing clients: hold
 * job A's PATCH, let job B read and write, then release A, whose write lands on B's.
 */
import type { RouteName } from './faults.js';

/** One held request. */
export interface Hold {
  /** Resolves once the request has arrived and is waiting. */
  reached: Promise<void>;
  /** Lets it through: it is answered from the state as it is then. */
  release(): void;
}

interface Gate {
  arrived(): void;
  open: Promise<void>;
}

/** Pending holds per route, used up in order of arrival. */
export class HoldPlan {
  private readonly pending = new Map<RouteName, Gate[]>();

  /** Holds the next request of `route` until `release()`. */
  holdNext(route: RouteName): Hold {
    let arrived = () => {};
    let release = () => {};
    const reached = new Promise<void>((resolve) => {
      arrived = resolve;
    });
    const open = new Promise<void>((resolve) => {
      release = resolve;
    });
    const queue = this.pending.get(route) ?? [];
    queue.push({ arrived, open });
    this.pending.set(route, queue);
    return { reached, release };
  }

  /** Waits while this request of `route` is held; returns at once when none is pending. */
  async pass(route: RouteName | undefined): Promise<void> {
    const gate = route === undefined ? undefined : this.pending.get(route)?.shift();
    if (!gate) return;
    gate.arrived();
    await gate.open;
  }
}
