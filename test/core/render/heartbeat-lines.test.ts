import { describe, expect, it } from 'vitest';
import {
  formatDownLine,
  formatProbeLine,
  formatRecoveredLine,
  formatSummaryLine,
} from '../../../src/core/render/heartbeat-lines.js';
import { ResponseClass } from '../../../src/core/stats/classify-response.js';
import { HeartbeatRecorder, type ProbeResult } from '../../../src/core/stats/heartbeat-recorder.js';

const AT = Date.UTC(2025, 5, 1, 12, 0, 5, 123);

function probe(overrides: Partial<ProbeResult>): ProbeResult {
  return {
    scenario: 0,
    intendedMs: 0,
    doneMs: 12,
    outcome: 'ok',
    success: true,
    status: 200,
    latencyMs: 12.34,
    sendLagMs: 0.4,
    health: { consecutiveFailures: 0 },
    ...overrides,
  };
}

describe('heartbeat lines', () => {
  it('one line per probe: time, scenario, outcome, latency', () => {
    expect(formatProbeLine(probe({}), 'health', AT)).toBe(
      '2025-06-01T12:00:05.123Z "health" ok 200 in 12.3 ms',
    );
    expect(formatProbeLine(probe({ outcome: 'blocked', status: 403 }), 'policy', AT)).toBe(
      '2025-06-01T12:00:05.123Z "policy" blocked 403 in 12.3 ms',
    );
  });

  it('a failing probe carries its kind and streak; a late one says how late it was sent', () => {
    const failed = probe({
      outcome: 'failed',
      success: false,
      status: 503,
      kind: 'http_5xx',
      sendLagMs: 37,
      health: { consecutiveFailures: 2 },
    });
    expect(formatProbeLine(failed, 'health', AT)).toBe(
      '2025-06-01T12:00:05.123Z "health" failed 503 (http_5xx) in 12.3 ms, 2 in a row, sent 37 ms late',
    );
    const refused = probe({
      outcome: 'error',
      success: false,
      kind: 'connection_refused',
      health: { consecutiveFailures: 1 },
      latencyMs: undefined,
      sendLagMs: undefined,
      status: undefined,
    });
    expect(formatProbeLine(refused, 'health', AT)).toBe(
      '2025-06-01T12:00:05.123Z "health" error connection_refused, 1 in a row',
    );
  });

  it('the loud line names the scenario, the streak, the limit and the last failure', () => {
    const result = probe({
      outcome: 'error',
      success: false,
      kind: 'timeout',
      health: { consecutiveFailures: 3, transition: 'down' },
    });
    expect(formatDownLine(result, 'checkout', 3)).toBe(
      'heartbeat: "checkout" is DOWN: 3 probes in a row failed (--fail-after 3); the last: error timeout',
    );
    const back = probe({
      health: { consecutiveFailures: 0, transition: 'recovered', previousFailures: 5 },
    });
    expect(formatRecoveredLine(back, 'checkout')).toBe(
      'heartbeat: "checkout" recovered: ok 200 after 5 failed probes in a row',
    );
  });

  it('the minute line sums up each scenario over the last minute and marks one that is down', () => {
    const recorder = new HeartbeatRecorder(2, 0, 2);
    for (let k = 0; k < 12; k++) {
      recorder.onReleased(k % 2, k * 5000, k * 5000, 0);
      const at = k * 5000;
      if (k % 2 === 0) recorder.onResponse(0, at, at, at + 10, 200, ResponseClass.ok);
      else recorder.onError(1, at, at + 1, 'timeout');
    }
    const line = formatSummaryLine(recorder.snapshot(60_000), ['health', 'policy'], 2);
    recorder.destroy();
    // At 60 s the slot of 0–5 s has left the window: health's first probe is no longer in it.
    expect(line).toBe(
      'heartbeat up 1m, 12 probes (0 missed); last minute: "health" 5 probes, 0 failed, p50 10 ms, p99 10 ms; "policy" 6 probes, 6 failed, DOWN (6 in a row)',
    );
  });
});
