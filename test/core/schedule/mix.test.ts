import { describe, expect, it } from 'vitest';
import type { Journey, Scenario } from '../../../src/core/profile/types.js';
import { buildMix } from '../../../src/core/schedule/mix.js';
import { createRandom, createScenarioPicker } from '../../../src/core/schedule/vu-schedule.js';

function scenario(name: string, weight: number, extra: Partial<Scenario> = {}): Scenario {
  return {
    name,
    weight,
    method: 'GET',
    path: '/',
    pathTemplate: '/',
    headers: {},
    expect: { status: [200] },
    timeoutMs: 1000,
    maxRedirects: 0,
    ...extra,
  };
}

function step(index: number): Journey['steps'][number] {
  return {
    scenario: index,
    thinkMs: { minMs: 0, maxMs: 0 },
    continueOnFailure: false,
    extract: [],
  };
}

describe('buildMix', () => {
  const scenarios = [
    scenario('health', 1),
    scenario('shopper/list', 3, { journey: 'shopper' }),
    scenario('shopper/cart', 3, { journey: 'shopper' }),
    scenario('setup/login', 1, { setup: true }),
    scenario('search', 2),
  ];
  const journeys: Journey[] = [{ name: 'shopper', weight: 3, steps: [step(1), step(2)] }];

  it('draws plain scenarios and whole journeys, never a step or a setup row alone', () => {
    expect(buildMix({ scenarios, journeys })).toEqual([
      { kind: 'scenario', scenario: 0, weight: 1 },
      { kind: 'scenario', scenario: 4, weight: 2 },
      { kind: 'journey', journey: 0, firstStep: 1, weight: 3 },
    ]);
  });

  it('is the plain scenario list when there are no journeys', () => {
    const plain = [scenario('a', 1), scenario('b', 5)];
    expect(buildMix({ scenarios: plain })).toEqual([
      { kind: 'scenario', scenario: 0, weight: 1 },
      { kind: 'scenario', scenario: 1, weight: 5 },
    ]);
  });

  it('gives journeys their share of draws by weight, against plain scenarios', () => {
    const mix = buildMix({ scenarios, journeys });
    const pick = createScenarioPicker(
      mix.map((e) => e.weight),
      createRandom(7),
    );
    const counts = [0, 0, 0];
    for (let i = 0; i < 60_000; i++) {
      const entry = pick();
      counts[entry] = (counts[entry] as number) + 1;
    }
    // weights 1 : 2 : 3 out of 6
    expect((counts[0] as number) / 60_000).toBeCloseTo(1 / 6, 1);
    expect((counts[1] as number) / 60_000).toBeCloseTo(2 / 6, 1);
    expect((counts[2] as number) / 60_000).toBeCloseTo(3 / 6, 1);
  });

  it('leaves out a journey without steps', () => {
    expect(
      buildMix({ scenarios: [scenario('a', 1)], journeys: [{ name: 'j', weight: 1, steps: [] }] }),
    ).toEqual([{ kind: 'scenario', scenario: 0, weight: 1 }]);
  });
});
