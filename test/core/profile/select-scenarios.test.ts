import { describe, expect, it } from 'vitest';
import { focusProfile } from '../../../src/core/profile/scale-plan.js';
import {
  describeSelectedScenarios,
  describeSelection,
  selectScenarios,
  splitNameList,
} from '../../../src/core/profile/select-scenarios.js';
import type { Profile } from '../../../src/core/profile/types.js';
import { expectProfile, makeRawProfile, normalize } from './profile-fixtures.js';

/** A parsed profile of five scenarios in three categories (one scenario has none). */
function shopProfile(): Profile {
  return expectProfile(
    normalize({
      ...makeRawProfile(),
      scenarios: [
        { name: 'list products', path: '/products', weight: 5, category: 'normal' },
        { name: 'health', path: '/health', weight: 1 },
        {
          name: 'sql injection',
          path: '/s?q=1',
          weight: 1,
          category: 'security',
          expect: { status: 403 },
        },
        {
          name: 'pii policy',
          path: '/chat',
          weight: 2,
          category: 'policy',
          expect: { status: 451 },
        },
        {
          name: 'jailbreak policy',
          path: '/chat2',
          weight: 6,
          category: 'policy',
          expect: { status: 403 },
        },
      ],
      thresholds: { scenarios: { 'sql injection': { blockRate: '> 0%' } } },
      load: { executor: 'constant-arrival-rate', rate: 100, duration: '1m' },
    }),
  );
}

const names = (profile: Profile) => profile.scenarios.map((s) => s.name);

describe('selectScenarios', () => {
  it('keeps the scenarios of a category, weights and rate unchanged', () => {
    const whole = shopProfile();
    const selected = selectScenarios(whole, { categories: ['policy'], scenarios: [] });
    if (!selected.ok) throw new Error(JSON.stringify(selected.issues));
    const { profile } = selected;
    expect(names(profile)).toEqual(['pii policy', 'jailbreak policy']);
    // Relative weights stay 2 : 6, so the draw gives 25 % and 75 % of the kept mix.
    expect(profile.scenarios.map((s) => s.weight)).toEqual([2, 6]);
    // The rate asked for goes to the kept scenarios: not scaled down by their share.
    expect(profile.load.plan).toEqual(whole.load.plan);
    expect(profile.selection).toEqual({
      categories: ['policy'],
      scenarios: [],
      leftOut: ['list products', 'health', 'sql injection'],
    });
    // Rules stay whole: the judge decides what was not evaluated.
    expect(profile.rules).toBe(whole.rules);
  });

  it('keeps a scenario named by --scenario OR in a category named by --category', () => {
    const selected = selectScenarios(shopProfile(), {
      categories: ['security', 'policy'],
      scenarios: ['health', 'pii policy'],
    });
    expect(selected.ok && names(selected.profile)).toEqual([
      'health',
      'sql injection',
      'pii policy',
      'jailbreak policy',
    ]);
    expect(selected.ok && selected.profile.selection?.leftOut).toEqual(['list products']);
  });

  it('counts a name given twice once', () => {
    const selected = selectScenarios(shopProfile(), {
      categories: ['policy', 'policy'],
      scenarios: ['health', 'health'],
    });
    expect(selected.ok && selected.profile.selection).toMatchObject({
      categories: ['policy'],
      scenarios: ['health'],
    });
  });

  it('returns the profile itself for an empty selection', () => {
    const whole = shopProfile();
    expect(selectScenarios(whole, { categories: [], scenarios: [] })).toEqual({
      ok: true,
      profile: whole,
    });
  });

  it('refuses unknown names at their labels, with a did-you-mean and the known ones', () => {
    const selected = selectScenarios(
      shopProfile(),
      { categories: ['Policy', 'perf'], scenarios: ['helth'] },
      { category: 'input category', scenario: 'input scenario' },
    );
    expect(selected).toEqual({
      ok: false,
      issues: [
        {
          path: 'input category',
          message:
            'no scenario has the category "Policy" (did you mean "policy"?); the profile\'s categories: "normal", "security", "policy"',
        },
        {
          path: 'input category',
          message:
            'no scenario has the category "perf"; the profile\'s categories: "normal", "security", "policy"',
        },
        {
          path: 'input scenario',
          message:
            'no scenario is named "helth" (did you mean "health"?); the profile\'s scenarios: "list products", "health", "sql injection", "pii policy", "jailbreak policy"',
        },
      ],
    });
  });

  it('says so when the profile has no categories at all', () => {
    const profile = expectProfile(normalize(makeRawProfile()));
    const selected = selectScenarios(profile, { categories: ['policy'], scenarios: [] });
    expect(selected.ok ? [] : selected.issues).toEqual([
      {
        path: '--category',
        message:
          'no scenario has the category "policy"; this profile has no categories (scenarios[].category)',
      },
    ]);
  });

  it('shows invisible characters of a name given as escapes, never raw', () => {
    const selected = selectScenarios(shopProfile(), {
      categories: ['policy\u202e\u001b[31m'],
      scenarios: [],
    });
    const message = selected.ok ? '' : (selected.issues[0]?.message ?? '');
    expect(message).toContain('"policy\\u202e\\u001b[31m"');
    // biome-ignore lint/suspicious/noControlCharactersInRegex: looking for control characters
    expect(message).not.toMatch(/[\u001b\u202e]/);
  });
});

describe('splitNameList (action inputs)', () => {
  it.each([
    ['policy', ['policy']],
    ['policy, security ,llm', ['policy', 'security', 'llm']],
    ['policy\nsecurity\n', ['policy', 'security']],
    // One per line keeps commas inside names.
    ['list, then buy\nhealth', ['list, then buy', 'health']],
    ['  ', []],
    [',,', []],
  ])('%j → %j', (text, expected) => expect(splitNameList(text)).toEqual(expected));
});

describe('describing a selection', () => {
  it('names what was asked for and what runs', () => {
    expect(describeSelection({ categories: ['policy'], scenarios: ['a', 'b'] })).toBe(
      'category "policy", scenarios "a", "b"',
    );
    expect(describeSelection({ categories: ['x', 'y'], scenarios: [] })).toBe(
      'categories "x", "y"',
    );
    const selected = selectScenarios(shopProfile(), { categories: ['policy'], scenarios: [] });
    expect(selected.ok && describeSelectedScenarios(selected.profile)).toBe(
      'running 2 of 5 scenarios (category "policy"): "pii policy", "jailbreak policy"',
    );
    expect(describeSelectedScenarios(shopProfile())).toBeUndefined();
  });
});

/** Two journeys around a plain scenario, with measured setup rows after them. */
function journeyProfile(): Profile {
  return expectProfile(
    normalize({
      ...makeRawProfile(),
      setup: {
        measure: true,
        requests: [{ name: 'login', path: '/login', extract: { token: 'json.$.token' } }],
      },
      scenarios: [
        {
          name: 'shopper',
          weight: 3,
          category: 'normal',
          steps: [
            { name: 'list', path: '/p', extract: { id: 'json.$.id' } },
            { name: 'buy', method: 'POST', path: '/buy/${vars.id}' },
          ],
        },
        { name: 'health', path: '/health', weight: 1 },
        {
          name: 'prober',
          weight: 2,
          category: 'security',
          steps: [
            { name: 'probe', path: '/s?q=1', expect: { status: 403 } },
            { name: 'again', path: '/s?q=2', expect: { status: 403 } },
          ],
        },
      ],
    }),
  );
}

describe('selectScenarios with journeys', () => {
  it('keeps a journey whole by its name, renumbering its steps and the setup rows', () => {
    const selected = selectScenarios(journeyProfile(), { categories: [], scenarios: ['prober'] });
    if (!selected.ok) throw new Error(JSON.stringify(selected.issues));
    const { profile } = selected;
    expect(names(profile)).toEqual(['prober/probe', 'prober/again', 'setup/login']);
    expect(profile.journeys?.map((j) => [j.name, j.steps.map((s) => s.scenario)])).toEqual([
      ['prober', [0, 1]],
    ]);
    expect(profile.setup?.requests.map((r) => r.row)).toEqual([2]);
    expect(profile.setup?.requests[0]?.scenario).toBe(profile.scenarios[2]);
    expect(profile.selection?.leftOut).toEqual(['shopper', 'health']);
    expect(describeSelectedScenarios(profile)).toBe(
      'running 1 of 3 scenarios (scenario "prober"): "prober"',
    );
  });

  it('keeps the whole journey for one of its step rows, and journeys by category', () => {
    const byStep = selectScenarios(journeyProfile(), {
      categories: ['security'],
      scenarios: ['shopper/buy'],
    });
    if (!byStep.ok) throw new Error(JSON.stringify(byStep.issues));
    expect(names(byStep.profile)).toEqual([
      'shopper/list',
      'shopper/buy',
      'prober/probe',
      'prober/again',
      'setup/login',
    ]);
    expect(byStep.profile.journeys?.map((j) => j.steps.map((s) => s.scenario))).toEqual([
      [0, 1],
      [2, 3],
    ]);
    expect(byStep.profile.selection?.leftOut).toEqual(['health']);
  });

  it('knows journey names, step rows and journey categories, and names them when refusing', () => {
    const selected = selectScenarios(journeyProfile(), {
      categories: ['normal', 'nope'],
      scenarios: ['shoper'],
    });
    expect(selected.ok ? [] : selected.issues).toEqual([
      {
        path: '--category',
        message:
          'no scenario has the category "nope"; the profile\'s categories: "normal", "security"',
      },
      {
        path: '--scenario',
        message:
          'no scenario is named "shoper" (did you mean "shopper"?); the profile\'s scenarios: "shopper", "shopper/list", "shopper/buy", "health", "prober", "prober/probe", "prober/again"',
      },
    ]);
  });
});

describe('focusProfile with journeys', () => {
  it("re-measures a breached step inside its whole journey, at the journey's share of the load", () => {
    const whole = journeyProfile();
    const focused = focusProfile(whole, new Set(['prober/again']));
    expect(focused && names(focused)).toEqual(['prober/probe', 'prober/again', 'setup/login']);
    expect(focused?.journeys?.[0]?.steps.map((s) => s.scenario)).toEqual([0, 1]);
    // prober weighs 2 of 3 + 1 + 2: a third of 100 requests/s.
    expect(focused?.load.plan).toMatchObject({ ratePerSec: 33.333333 });
    expect(focusProfile(whole, new Set(['setup/login']))).toBeUndefined();
    expect(focusProfile(whole, new Set(['shopper/list', 'health', 'prober/probe']))).toBe(whole);
  });
});
