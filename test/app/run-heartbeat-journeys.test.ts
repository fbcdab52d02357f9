import { describe, expect, it } from 'vitest';
import { runHeartbeat } from '../../src/app/run-heartbeat.js';
import type { Profile } from '../../src/core/profile/types.js';
import type { MetricsEndpoint, ProbeEngine } from '../../src/ports.js';
import { MemoryFiles, MemoryOutput, makeEnvironment } from '../fakes/memory-ports.js';

const PROFILE = `name: shop
baseUrl: http://127.0.0.1:9
setup:
  requests:
    - { name: login, method: POST, path: /auth/token, extract: { token: json.$.token } }
scenarios:
  - name: health
    path: /health
  - name: me
    path: /me
    headers: { authorization: "Bearer \${setup.token}" }
  - name: shopper
    steps:
      - { name: list, path: /api/products }
      - { name: buy, method: POST, path: /api/cart }
`;

async function heartbeatOf(profileText: string) {
  const files = new MemoryFiles();
  files.files.set('p.yml', profileText);
  const output = new MemoryOutput();
  const probed: Profile[] = [];
  const probes: ProbeEngine = {
    async run(profile) {
      probed.push(profile);
    },
  };
  const metrics: MetricsEndpoint = {
    async serve() {
      throw new Error('not listening in this test');
    },
  };
  let now = 0;
  const outcome = await runHeartbeat(
    { profilePath: 'p.yml', intervalMs: 5000, failAfter: 3, exitOnFailure: false, lines: 'minute' },
    {
      probes,
      metrics,
      files,
      output,
      environment: makeEnvironment(),
      clock: { nowMs: () => now++, epochMs: () => 0 },
      signal: new AbortController().signal,
    },
  );
  return { outcome, output, probed };
}

describe('runHeartbeat with journeys and setup', () => {
  it('probes the plain scenarios only, and says what it left out', async () => {
    const { outcome, output, probed } = await heartbeatOf(PROFILE);
    expect(outcome.kind).toBe('stopped');
    expect(probed.map((p) => p.scenarios.map((s) => s.name))).toEqual([['health']]);
    expect(probed[0]?.journeys).toBeUndefined();
    expect(output.events).toContain(
      'info heartbeat: journeys are not probed (a probe is one request; a step needs the steps before it): "shopper"',
    );
    expect(output.events).toContain(
      'info heartbeat: the setup is not run, so scenarios that use its values are not probed: "me"',
    );
    expect(
      output.events.some((e) => e.startsWith('info heartbeat: probing 1 scenario of "shop"')),
    ).toBe(true);
  });

  it('exits 2 when only journeys are left to probe', async () => {
    const onlyJourney = `name: shop
baseUrl: http://127.0.0.1:9
scenarios:
  - name: shopper
    steps: [{ name: list, path: /api/products }]
`;
    const { outcome, output, probed } = await heartbeatOf(onlyJourney);
    expect(outcome.kind).toBe('bad-input');
    expect(probed).toEqual([]);
    expect(output.events.join('\n')).toContain('has nothing a heartbeat can probe');
  });
});
