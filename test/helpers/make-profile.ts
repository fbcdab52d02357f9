import type { LoadPlan, LoadSettings, Profile, Scenario } from '../../src/core/profile/types.js';
import { defaultRules } from '../../src/core/rules/default-rules.js';
import { UndiciEngine } from '../../src/shell/engine/undici-engine.js';

/** A scenario with the parser's defaults, for engine tests that build profiles directly. */
export function makeScenario(overrides: Partial<Scenario> = {}): Scenario {
  const path = overrides.path ?? '/';
  return {
    name: 'root',
    weight: 1,
    method: 'GET',
    path,
    pathTemplate: path,
    headers: {},
    expect: { status: [200] },
    timeoutMs: 5000,
    maxRedirects: 10,
    ...overrides,
  };
}

export function makeProfile(
  baseUrl: string,
  plan: LoadPlan,
  load: Partial<Omit<LoadSettings, 'plan'>> = {},
  scenarios: Scenario[] = [makeScenario()],
): Profile {
  return {
    name: 'engine-test',
    baseUrl,
    scenarios,
    seed: 1,
    secretValues: [],
    rules: defaultRules(scenarios.map((scenario) => scenario.name)),
    load: {
      plan,
      connections: 16,
      maxInFlight: 16,
      onMaxInFlight: 'queue',
      warmupMs: 0,
      thinkTime: { minMs: 0, maxMs: 0 },
      gracefulStopMs: 5000,
      ...load,
    },
  };
}

export function makeEngine(): UndiciEngine {
  return new UndiciEngine({ nowMs: () => performance.now(), epochMs: () => Date.now() });
}

/** Runs and insists the run happened (not "unreachable"), for tests about what was measured. */
export async function runToCompletion(profile: Profile, signal?: AbortSignal) {
  const outcome = await makeEngine().run(profile, { signal });
  if (outcome.kind !== 'ran') throw new Error(`expected a run, got: ${outcome.message}`);
  return outcome;
}
