import type { Clock } from '../ports.js';

/** The real clock: monotonic for durations, wall time for timestamps. */
export const systemClock: Clock = { nowMs: () => performance.now(), epochMs: () => Date.now() };
