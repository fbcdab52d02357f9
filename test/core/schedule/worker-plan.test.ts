import { describe, expect, it } from 'vitest';
import type { DataSource } from '../../../src/core/profile/types.js';
import { shardStripe } from '../../../src/core/schedule/stripe.js';
import {
  checkWorkers,
  chooseAutoWorkers,
  MAX_WORKERS,
  planWorkers,
  resolveWorkers,
} from '../../../src/core/schedule/worker-plan.js';
import { makeProfile } from '../../helpers/make-profile.js';

const plan = { executor: 'constant-arrival-rate', ratePerSec: 100, durationMs: 1000 } as const;

describe('checkWorkers', () => {
  it.each([
    ['auto', 'auto'],
    ['AUTO', 'auto'],
    ['1', 1],
    [' 4 ', 4],
    ['64', 64],
  ])('reads %j', (text, value) => {
    expect(checkWorkers(text)).toEqual({ ok: true, value });
  });

  it.each(['0', '65', '2.5', '-1', 'two', '', '1e1'])('refuses %j naming the form', (text) => {
    const checked = checkWorkers(text);
    expect(checked.ok).toBe(false);
    if (!checked.ok) {
      expect(checked.message).toContain('from 1 to 64, or auto');
      expect(checked.message).toContain(JSON.stringify(text));
    }
  });
});

describe('chooseAutoWorkers', () => {
  it.each([
    [1, 1],
    [2, 1],
    [3, 2],
    [4, 3],
    [16, 15],
    [65, 64],
    [200, MAX_WORKERS],
    [0, 1],
  ])('on %i cores runs %i', (cores, workers) => {
    expect(chooseAutoWorkers(cores)).toBe(workers);
  });

  it('keeps an explicit count', () => {
    expect(resolveWorkers(7, 2)).toBe(7);
    expect(resolveWorkers('auto', 8)).toBe(7);
  });
});

describe('planWorkers', () => {
  it('stripes the schedule and splits connections and maxInFlight with their sums kept', () => {
    const profile = makeProfile('http://127.0.0.1:1', plan, { connections: 10, maxInFlight: 7 });
    const { shares, note } = planWorkers(profile, 3);
    expect(note).toBeUndefined();
    expect(shares.map((s) => s.stripe)).toEqual([
      { offset: 0, step: 3 },
      { offset: 1, step: 3 },
      { offset: 2, step: 3 },
    ]);
    expect(shares.map((s) => s.connections)).toEqual([4, 3, 3]);
    expect(shares.map((s) => s.maxInFlight)).toEqual([3, 2, 2]);
  });

  it('stripes within a shard: a worker of a shard is a stripe of a stripe', () => {
    const profile = makeProfile('http://127.0.0.1:1', plan);
    const { shares } = planWorkers(profile, 2, shardStripe(2, 4));
    expect(shares.map((s) => s.stripe)).toEqual([
      { offset: 1, step: 8 },
      { offset: 5, step: 8 },
    ]);
  });

  it('runs no more threads than connections, and says why', () => {
    const profile = makeProfile('http://127.0.0.1:1', plan, { connections: 2, maxInFlight: 50 });
    const { shares, note } = planWorkers(profile, 4);
    expect(shares).toHaveLength(2);
    expect(shares.every((s) => s.connections === 1)).toBe(true);
    expect(note).toBe(
      '4 worker threads asked for, 2 run: each thread needs at least one of the 2 connections',
    );
  });

  it.each(['unique', 'sequential'] as const)('runs one thread with an %s data source', (order) => {
    const source: DataSource = {
      name: 'users',
      file: 'users.csv',
      format: 'csv',
      order,
      onExhausted: 'stop',
      secretColumns: [],
    };
    const profile = { ...makeProfile('http://127.0.0.1:1', plan), data: [source] };
    const { shares, note } = planWorkers(profile, 4);
    expect(shares).toEqual([
      { index: 0, stripe: { offset: 0, step: 1 }, connections: 16, maxInFlight: 16 },
    ]);
    expect(note).toContain(`data.users has order: ${order}`);
    expect(
      planWorkers({ ...profile, data: [{ ...source, order: 'random' }] }, 4).shares,
    ).toHaveLength(4);
  });
});
