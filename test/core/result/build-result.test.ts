import { describe, expect, it } from 'vitest';
import { buildResultsFile, sanitizeTarget } from '../../../src/core/result/build-result.js';
import { RunRecorder } from '../../../src/core/stats/run-recorder.js';
import { makeProfile, makeScenario } from '../../helpers/make-profile.js';

describe('sanitizeTarget', () => {
  it.each([
    ['http://user:pass@example.test:8080/api?token=abc#x', 'http://example.test:8080/api'],
    ['https://example.test/', 'https://example.test'],
    ['not a url', '(invalid URL)'],
  ])('%s → %s', (url, clean) => expect(sanitizeTarget(url)).toBe(clean));
});

describe('buildResultsFile', () => {
  it('writes path templates, never the substituted secrets, and describes the load', () => {
    const profile = makeProfile(
      'http://u:p@127.0.0.1:9/base',
      {
        executor: 'ramping-arrival-rate',
        startRatePerSec: 5,
        stages: [{ durationMs: 1000, target: 50 }],
      },
      { warmupMs: 250 },
      [
        makeScenario({
          name: 'search',
          path: '/s?key=SECRET123',
          pathTemplate: '/s?key=${API_KEY}',
          headers: { authorization: 'Bearer SECRET123' },
          category: 'security',
        }),
      ],
    );
    const recording = new RunRecorder(1, 0).finish(1000);
    const result = buildResultsFile(profile, recording, {
      toolVersion: '9.9.9',
      startedAtEpochMs: Date.UTC(2026, 10, 22, 10, 0, 0),
      status: 'completed',
      plannedRequests: 27,
      environment: {
        node: 'v20',
        platform: 'linux',
        arch: 'x64',
        cpus: 2,
        ci: true,
        gitSha: 'abc',
      },
    });
    const text = JSON.stringify(result);
    expect(text).not.toContain('SECRET123');
    expect(text).not.toContain('u:p@');
    expect(result.target).toBe('http://127.0.0.1:9/base');
    expect(result.scenarios[0]).toMatchObject({
      name: 'search',
      path: '/s?key=${API_KEY}',
      category: 'security',
      weight: 1,
    });
    expect(result.load).toEqual({
      executor: 'ramping-arrival-rate',
      protocol: 'http1',
      plannedRequests: 27,
      peakRatePerSec: 50,
      connections: 16,
      maxInFlight: 16,
      onMaxInFlight: 'queue',
      warmupMs: 250,
    });
    expect(result.startedAt).toBe('2026-11-22T10:00:00.000Z');
    expect(result.schemaVersion).toBe(1);
    expect(result.tool).toEqual({ name: 'loadgate', version: '9.9.9' });
  });
});
