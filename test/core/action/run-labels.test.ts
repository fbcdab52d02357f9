import { describe, expect, it } from 'vitest';
import {
  intervalFromCron,
  intervalFromEvent,
  layerFromEvent,
  resolveConfirm,
  resolveRunLabels,
} from '../../../src/core/action/run-labels.js';
import { checkInterval } from '../../../src/core/input/series-labels.js';

describe('resolveRunLabels: from the event', () => {
  it.each([
    ['schedule', '0 9 * * *', 'scheduled', 'daily'],
    ['schedule', undefined, 'scheduled', 'free'],
    ['push', undefined, 'scheduled', 'push'],
    ['workflow_dispatch', undefined, 'manual', 'manual'],
    ['', undefined, 'manual', 'manual'],
    ['pull_request', undefined, 'pull-request', 'free'],
    ['pull_request_target', undefined, 'pull-request', 'free'],
    ['merge_group', undefined, 'pull-request', 'free'],
    ['release', undefined, 'release', 'free'],
    ['workflow_run', undefined, 'manual', 'free'],
    ['repository_dispatch', undefined, 'manual', 'free'],
  ] as const)('%s (cron %s) → %s / %s', (eventName, scheduleCron, layer, interval) => {
    expect(resolveRunLabels({ eventName, ...(scheduleCron ? { scheduleCron } : {}) })).toEqual({
      layer,
      interval,
    });
    expect(layerFromEvent(eventName)).toBe(layer);
    expect(intervalFromEvent(eventName, scheduleCron)).toBe(interval);
  });

  it('a cron given on another event is not read', () => {
    expect(intervalFromEvent('push', '0 * * * *')).toBe('push');
  });
});

describe('intervalFromCron', () => {
  it.each([
    ['0 * * * *', 'hourly'],
    ['59 * * * *', 'hourly'],
    ['  17   *  * * *  ', 'hourly'],
    ['0 0 * * *', 'daily'],
    ['30 23 * * *', 'daily'],
    ['0 9 * * 1', 'weekly'],
    ['0 9 * * 0', 'weekly'],
    ['0 9 * * 7', 'weekly'],
    ['15 3 * * MON', 'weekly'],
    ['15 3 * * sun', 'weekly'],
  ])('%j → %s', (cron, interval) => {
    expect(intervalFromCron(cron)).toBe(interval);
  });

  it.each([
    ['*/15 * * * *', 'cron-x-15-x-x-x-x'],
    ['0,30 * * * *', 'cron-0-30-x-x-x-x'],
    ['0 */6 * * *', 'cron-0-x-6-x-x-x'],
    ['0 9 * * 1-5', 'cron-0-9-x-x-1-5'],
    ['0 9 1 * *', 'cron-0-9-1-x-x'],
    ['0 9 * 1 *', 'cron-0-9-x-1-x'],
    ['0 9 1 1 *', 'cron-0-9-1-1-x'],
    ['0 * * * 1', 'cron-0-x-x-x-1'],
    ['60 * * * *', 'cron-60-x-x-x-x'],
    ['0 24 * * *', 'cron-0-24-x-x-x'],
    ['0 9 * * 8', 'cron-0-9-x-x-8'],
    ['0 9 * * MON-FRI', 'cron-0-9-x-x-mon-fri'],
    ['0 9 * *', 'cron-0-9-x-x'],
    ['@daily', 'cron-daily'],
    ['', 'cron'],
  ])('%j → %s (anything but a plain hourly, daily or weekly cron)', (cron, interval) => {
    expect(intervalFromCron(cron)).toBe(interval);
  });

  it('keeps every cron slug a valid interval, at most 40 characters, never ending in "-"', () => {
    const long = '0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15 */2 1-15 1,3,5,7,9,11 1-5';
    const slug = intervalFromCron(long);
    expect(slug.length).toBeLessThanOrEqual(40);
    expect(slug.startsWith('cron-0-1-2-3')).toBe(true);
    for (const cron of [long, '0 9 * * 1-5', '*/5 * * * *', '@every', '0 0 1 1 ?', ' - ']) {
      const interval = intervalFromCron(cron);
      expect(checkInterval(interval).ok, `${cron} → ${interval}`).toBe(true);
      expect(interval.endsWith('-')).toBe(false);
    }
  });
});

describe('resolveRunLabels: precedence', () => {
  const base = { eventName: 'schedule', scheduleCron: '0 * * * *' };

  it('the given value wins over the profile, the profile over the event', () => {
    expect(
      resolveRunLabels({
        ...base,
        givenLayer: 'release',
        givenInterval: 'weekly',
        profileLayer: 'manual',
        profileInterval: 'daily',
      }),
    ).toEqual({ layer: 'release', interval: 'weekly' });
    expect(resolveRunLabels({ ...base, profileLayer: 'manual', profileInterval: 'daily' })).toEqual(
      { layer: 'manual', interval: 'daily' },
    );
    expect(resolveRunLabels(base)).toEqual({ layer: 'scheduled', interval: 'hourly' });
  });

  it('decides the layer and the interval each on its own', () => {
    expect(resolveRunLabels({ ...base, givenLayer: 'heartbeat' })).toEqual({
      layer: 'heartbeat',
      interval: 'hourly',
    });
    expect(resolveRunLabels({ ...base, profileInterval: 'every-15m' })).toEqual({
      layer: 'scheduled',
      interval: 'every-15m',
    });
  });

  it.each([
    ['schedule', 'heartbeat'],
    ['push', 'heartbeat'],
    ['workflow_dispatch', 'heartbeat'],
    ['pull_request', 'pull-request'],
    ['release', 'release'],
  ] as const)('a heartbeat-preset profile on %s is a %s run', (eventName, layer) => {
    expect(resolveRunLabels({ eventName, profilePreset: 'heartbeat' }).layer).toBe(layer);
  });

  it('the heartbeat preset yields to a layer the profile or the input names', () => {
    expect(
      resolveRunLabels({ ...base, profilePreset: 'heartbeat', profileLayer: 'scheduled' }).layer,
    ).toBe('scheduled');
    expect(
      resolveRunLabels({ ...base, profilePreset: 'heartbeat', givenLayer: 'manual' }).layer,
    ).toBe('manual');
    expect(resolveRunLabels({ ...base, profilePreset: 'smoke' }).layer).toBe('scheduled');
  });
});

describe('resolveConfirm', () => {
  it.each([
    ['auto', 'schedule', true, 1],
    ['auto', 'push', true, 0],
    ['auto', 'workflow_dispatch', true, 0],
    ['auto', '', true, 0],
    // A run judged against a stored baseline without a history: a pull request.
    ['auto', 'pull_request', false, 1],
    ['auto', 'pull_request_target', false, 1],
    ['auto', 'push', false, 1],
    [1, 'workflow_dispatch', true, 1],
    [3, 'pull_request', false, 3],
    [0, 'schedule', true, 0],
    [0, 'pull_request', false, 0],
  ] as const)('%s on %j (history: %s) → %s', (setting, eventName, keepsHistory, times) => {
    expect(resolveConfirm(setting, eventName, keepsHistory)).toBe(times);
  });
});
