import { describe, expect, it } from 'vitest';
import type { Profile, Scenario } from '../../../src/core/profile/types.js';
import {
  selectProbeScenarios,
  usesSetupValues,
} from '../../../src/core/schedule/probe-scenarios.js';
import { makeProfile, makeScenario } from '../../helpers/make-profile.js';

const plan = { executor: 'constant-arrival-rate', ratePerSec: 1, durationMs: 1000 } as const;
const noThink = { minMs: 0, maxMs: 0 };
const step = (scenario: number) => ({
  scenario,
  thinkMs: noThink,
  continueOnFailure: false,
  extract: [],
});

/** A plain scenario using `${setup.token}` in a header. */
const withToken = makeScenario({
  name: 'me',
  path: '/me',
  headers: { authorization: 'Bearer ${setup.token}' },
  dynamic: {
    headers: {
      authorization: { kind: 'text', parts: ['Bearer ', { kind: 'setup', name: 'token' }] },
    },
  },
});

function shopProfile(scenarios: Scenario[] = []): Profile {
  const rows = [
    makeScenario({ name: 'health', path: '/health' }),
    makeScenario({ name: 'shopper/list', journey: 'shopper', path: '/api/products' }),
    makeScenario({ name: 'shopper/buy', journey: 'shopper', method: 'POST', path: '/api/cart' }),
    makeScenario({ name: 'setup/login', setup: true, method: 'POST', path: '/auth/token' }),
    ...scenarios,
  ];
  return {
    ...makeProfile('http://127.0.0.1:9', plan, {}, rows),
    journeys: [{ name: 'shopper', weight: 1, steps: [step(1), step(2)] }],
    setup: {
      perVu: false,
      measure: true,
      requests: [{ scenario: rows[3] as Scenario, extract: [], row: 3 }],
    },
  };
}

describe('usesSetupValues', () => {
  it('finds setup references in path, headers and json bodies, and nothing else', () => {
    expect(usesSetupValues(withToken)).toBe(true);
    expect(usesSetupValues(makeScenario())).toBe(false);
    const json = makeScenario({
      dynamic: {
        body: {
          kind: 'json',
          parts: ['{"t":', { kind: 'whole', reference: { kind: 'setup', name: 'token' } }, '}'],
        },
      },
    });
    expect(usesSetupValues(json)).toBe(true);
    const inString = makeScenario({
      dynamic: {
        body: {
          kind: 'json',
          parts: [
            '{"t":',
            { kind: 'string', template: { kind: 'text', parts: [{ kind: 'setup', name: 'x' }] } },
            '}',
          ],
        },
      },
    });
    expect(usesSetupValues(inString)).toBe(true);
    const random = makeScenario({
      dynamic: { path: { kind: 'text', parts: ['/p/', { kind: 'random.int', min: 1, max: 9 }] } },
    });
    expect(usesSetupValues(random)).toBe(false);
  });
});

describe('selectProbeScenarios', () => {
  it('keeps plain scenarios only, drops journeys and setup, and says so in one line each', () => {
    const selected = selectProbeScenarios(shopProfile([withToken]));
    expect(selected.profile.scenarios.map((s) => s.name)).toEqual(['health']);
    expect(selected.profile.journeys).toBeUndefined();
    expect(selected.profile.setup).toBeUndefined();
    expect(selected.notes).toEqual([
      'heartbeat: journeys are not probed (a probe is one request; a step needs the steps before it): "shopper"',
      'heartbeat: the setup is not run, so scenarios that use its values are not probed: "me"',
    ]);
    expect(selected.issue).toBeUndefined();
  });

  it('says the setup is not run even when no scenario needs it', () => {
    expect(selectProbeScenarios(shopProfile()).notes[1]).toBe(
      'heartbeat: the setup is not run (probes send no log-in)',
    );
  });

  it('leaves a profile without journeys or setup as it was, with no notes', () => {
    const profile = makeProfile('http://127.0.0.1:9', plan);
    const selected = selectProbeScenarios(profile);
    expect(selected.profile).toEqual(profile);
    expect(selected.notes).toEqual([]);
  });

  it('is an issue when nothing is left to probe', () => {
    const profile = shopProfile();
    const only = { ...profile, scenarios: profile.scenarios.slice(1) };
    expect(selectProbeScenarios(only).issue).toEqual({
      path: 'scenarios',
      message:
        'has nothing a heartbeat can probe: every scenario is a journey or uses setup values; add a plain scenario (one request that needs no setup value)',
    });
  });
});
