/**
 * When the heartbeat's probes are due and which scenario each one sends. Probe slot k is due at
 * `startMs + k × intervalMs`, computed from k (never by adding intervals up), so timer error
 * never accumulates: after a day at 5 s the 17,280th probe is still due on the grid.
 */

/** One probe at a time is the rule; a few connections let a slow answer overlap the next
 * probe without that one waiting for a free connection (which would show as send lag). */
export const MAX_PROBE_CONNECTIONS = 4;

/** Connections a heartbeat keeps to its target: the profile's, at most `MAX_PROBE_CONNECTIONS`. */
export function chooseProbeConnections(profileConnections: number): number {
  return Math.max(1, Math.min(profileConnections, MAX_PROBE_CONNECTIONS));
}

/** One probe taken from the schedule. */
export interface ScheduledProbe {
  /** Grid slot (0-based): due at `startMs + slot × intervalMs`. */
  slot: number;
  /** Probes taken before this one (0-based); the scenario turn follows it. */
  sequence: number;
  /** Index of the scenario to send, in profile order. */
  scenario: number;
  /** Due time, on the caller's clock (ms). */
  intendedMs: number;
  /** How late the probe was taken against its due time (ms, ≥ 0). */
  latenessMs: number;
  /** Grid slots passed over before this one because taking was late by a whole interval or
   * more (a stalled process, a suspended machine): never sent, counted. */
  missedSlots: number;
}

/**
 * The probe grid: one probe per interval, scenarios in profile order (a policy check and a
 * health check alternate). A late probe keeps the grid: the next is due at its own slot, not one
 * interval after the late one. A probe taken a whole interval late or more is sent for the most
 * recent slot due (the nearest to now) and the older slots are reported missed, so a machine
 * waking from a suspend sends one probe, not a burst.
 */
export class ProbeSchedule {
  private nextSlot = 0;
  private taken = 0;

  /**
   * @param startMs due time of slot 0, on the caller's monotonic clock (ms).
   * @param intervalMs grid spacing (ms), > 0.
   * @param scenarioCount scenarios to cycle through, ≥ 1.
   * @throws RangeError for a non-positive interval or no scenarios (callers validate input).
   */
  constructor(
    readonly startMs: number,
    readonly intervalMs: number,
    readonly scenarioCount: number,
  ) {
    if (!(intervalMs > 0)) throw new RangeError(`interval must be > 0 ms, got ${intervalMs}`);
    if (!(scenarioCount >= 1)) throw new RangeError('a probe schedule needs a scenario');
  }

  /** Due time (ms) of the next probe to take. */
  nextDueMs(): number {
    return this.dueMs(this.nextSlot);
  }

  /** Due time (ms) of grid slot `slot`. */
  dueMs(slot: number): number {
    return this.startMs + slot * this.intervalMs;
  }

  /**
   * Takes the next probe at `nowMs`; undefined when it is not due yet (a timer that fired
   * early: wait `nextDueMs() - nowMs` more).
   */
  take(nowMs: number): ScheduledProbe | undefined {
    const first = this.nextSlot;
    if (nowMs < this.dueMs(first)) return undefined;
    const latest = Math.floor((nowMs - this.startMs) / this.intervalMs);
    // Float rounding can put `latest` one below a slot whose due time is exactly now.
    const slot = Math.max(first, this.dueMs(latest + 1) <= nowMs ? latest + 1 : latest);
    const sequence = this.taken;
    this.taken++;
    this.nextSlot = slot + 1;
    const intendedMs = this.dueMs(slot);
    return {
      slot,
      sequence,
      scenario: sequence % this.scenarioCount,
      intendedMs,
      latenessMs: nowMs - intendedMs,
      missedSlots: slot - first,
    };
  }
}
