import { describe, expect, it } from 'vitest';
import { checkShard, checkStartAt } from '../../../src/core/input/shard-flags.js';
import type { ProfileOverrides } from '../../../src/core/profile/parse-profile.js';
import {
  expectIssues,
  expectProfile,
  makeRawProfile,
  normalize,
} from '../profile/profile-fixtures.js';

const NOW = Date.UTC(2026, 2, 1, 12, 0, 0);

describe('--shard i/N', () => {
  it.each([
    ['2/4', { index: 2, count: 4 }],
    [' 1 / 1 ', { index: 1, count: 1 }],
    ['1000/1000', { index: 1000, count: 1000 }],
  ])('reads %j', (text, value) => {
    expect(checkShard(text)).toEqual({ ok: true, value });
  });

  it.each(['0/4', '5/4', '2/0', '2/1001', '2', '2/4/8', '-1/4', '1.5/4', 'a/b', '2of4'])(
    'refuses %j with the expected form',
    (text) => {
      const checked = checkShard(text);
      expect(checked.ok).toBe(false);
      expect(!checked.ok && checked.message).toBe(
        `expected i/N like 2/4 (shard i of N, 1 ≤ i ≤ N ≤ 1000), got "${text}"`,
      );
    },
  );

  it('becomes Profile.shard; a bad one is an issue at --shard before anything runs', () => {
    const shard = (overrides: ProfileOverrides) => normalize(makeRawProfile(), { overrides });
    expect(expectProfile(shard({ shard: '3/8' })).shard).toEqual({ index: 3, count: 8 });
    expect(expectProfile(shard({})).shard).toBeUndefined();
    expect(expectIssues(shard({ shard: '9/8' }))).toEqual([
      {
        path: '--shard',
        message: 'expected i/N like 2/4 (shard i of N, 1 ≤ i ≤ N ≤ 1000), got "9/8"',
      },
    ]);
  });
});

describe('--start-at TIME', () => {
  it.each([
    ['2026-03-01T12:01:30Z', NOW + 90_000],
    ['2026-03-01T12:01:30.250Z', NOW + 90_250],
    ['2026-03-01T13:01+01:00', NOW + 60_000],
    [String(NOW + 5000), NOW + 5000],
    ['2026-03-01T11:30:00Z', NOW - 30 * 60_000],
  ])('reads %j as epoch ms', (text, epochMs) => {
    expect(checkStartAt(text, NOW)).toEqual({ ok: true, value: epochMs });
  });

  it.each(['2026-03-01T12:01:30', 'tomorrow', '12:00', '2026-03-01', '17723664', ''])(
    'refuses %j: no zone, or not a time',
    (text) => {
      const checked = checkStartAt(text, NOW);
      expect(!checked.ok && checked.message).toMatch(
        /^expected an ISO 8601 time with a zone like 2026-03-01T12:00:00Z \(or \+01:00\), or epoch milliseconds/,
      );
    },
  );

  it('refuses a time more than an hour ago or more than 24 h ahead, naming it', () => {
    const past = checkStartAt('2026-03-01T10:59:59Z', NOW);
    expect(!past.ok && past.message).toMatch(
      /^2026-03-01T10:59:59\.000Z is more than an hour ago; expected a start time from the last hour up to 24 h ahead/,
    );
    const ahead = checkStartAt(String(NOW + 24 * 3_600_000 + 1), NOW);
    expect(!ahead.ok && ahead.message).toMatch(
      /^2026-03-02T12:00:00\.001Z is more than 24 h ahead/,
    );
    expect(checkStartAt(String(NOW + 24 * 3_600_000), NOW).ok).toBe(true);
    expect(checkStartAt(String(NOW - 3_600_000), NOW).ok).toBe(true);
  });
});
