import { afterEach, describe, expect, it } from 'vitest';
import { normalizeProfile } from '../../../src/core/profile/parse-profile.js';
import { renderRunSummary } from '../../../src/core/render/run-summary-text.js';
import { buildResultsFile } from '../../../src/core/result/build-result.js';
import { runToCompletion } from '../../helpers/make-profile.js';
import { startTargetServer, type TargetServer } from '../../helpers/target-server.js';

let server: TargetServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

describe('the measured window', () => {
  it('of a completed sparse run is the schedule: heartbeat reads 10.0 s at 1.00 req/s', async () => {
    server = await startTargetServer();
    const parsed = normalizeProfile(
      {
        name: 'heartbeat',
        baseUrl: server.url,
        scenarios: [{ name: 'health', path: '/health' }],
        load: { preset: 'heartbeat' },
      },
      { env: {} },
    );
    if (!parsed.ok) throw new Error(JSON.stringify(parsed.issues));
    // The last of its 10 requests is sent at 9 s: the run ends at about 9.0 s.
    const run = await runToCompletion(parsed.profile);
    const { recording } = run;
    expect(run.status).toBe('completed');
    expect(recording.overall.totals.requests).toBe(10);
    expect(recording.durationMs).toBe(10_000);
    expect(recording.overall.throughput.rps).toBe(1);
    expect(recording.overall.throughput.okRps).toBe(1);
    expect(recording.scenarios[0]?.throughput.rps).toBe(1);
    const result = buildResultsFile(parsed.profile, recording, {
      toolVersion: '0.0.0',
      startedAtEpochMs: 0,
      status: run.status,
      environment: { node: 'v20', platform: 'linux', arch: 'x64', cpus: 2, ci: false },
    });
    const summary = renderRunSummary(result);
    expect(summary.split('\n')[0]).toMatch(/completed in 10\.0 s$/);
    expect(summary).toMatch(/^health\s+10\s+1 req\/s\s/m);
  }, 20_000);
});
