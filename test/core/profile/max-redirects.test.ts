import { describe, expect, it } from 'vitest';
import { expectIssues, expectProfile, makeRawProfile, normalize } from './profile-fixtures.js';

describe('maxRedirects', () => {
  it('defaults to 10, takes the profile level, and lets a scenario override it', () => {
    expect(expectProfile(normalize(makeRawProfile())).scenarios[0]?.maxRedirects).toBe(10);
    const raw = makeRawProfile();
    raw.maxRedirects = 3;
    raw.scenarios = [
      { name: 'inherits', path: '/a' },
      { name: 'own', path: '/b', maxRedirects: 0 },
    ];
    const [inherits, own] = expectProfile(normalize(raw)).scenarios;
    expect(inherits?.maxRedirects).toBe(3);
    expect(own?.maxRedirects).toBe(0);
  });

  it('refuses anything but a whole number from 0 to 50, naming the field', () => {
    const raw = makeRawProfile();
    raw.maxRedirects = 51;
    raw.scenarios = [
      { name: 'a', path: '/a', maxRedirects: -1 },
      { name: 'b', path: '/b', maxRedirects: 'lots' },
      { name: 'c', path: '/c', maxRedirects: 2.5 },
    ];
    const issues = expectIssues(normalize(raw));
    expect(issues).toEqual(
      expect.arrayContaining([
        {
          path: 'maxRedirects',
          message: 'expected a whole number of redirects from 0 to 50, got 51',
        },
        {
          path: 'scenarios[0].maxRedirects',
          message: 'expected a whole number of redirects from 0 to 50, got -1',
        },
        {
          path: 'scenarios[1].maxRedirects',
          message: 'expected a whole number of redirects, got "lots"',
        },
        {
          path: 'scenarios[2].maxRedirects',
          message: 'expected a whole number of redirects from 0 to 50, got 2.5',
        },
      ]),
    );
  });
});
