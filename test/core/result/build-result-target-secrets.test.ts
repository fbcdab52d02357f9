import { describe, expect, it } from 'vitest';
import { normalizeProfile } from '../../../src/core/profile/parse-profile.js';
import { buildQuickProfileInput } from '../../../src/core/profile/quick-profile.js';
import type { Profile } from '../../../src/core/profile/types.js';
import { buildResultsFile } from '../../../src/core/result/build-result.js';
import { RunRecorder } from '../../../src/core/stats/run-recorder.js';

function quickProfile(target: string): Profile {
  const result = normalizeProfile(buildQuickProfileInput({ target, rate: '10' }), { env: {} });
  if (!result.ok) throw new Error(JSON.stringify(result.issues));
  return result.profile;
}

function writeResults(profile: Profile): string {
  const recording = new RunRecorder(1, 0).finish(1000);
  const result = buildResultsFile(profile, recording, {
    toolVersion: '0.0.0',
    startedAtEpochMs: 0,
    status: 'completed',
    environment: { node: 'v20', platform: 'linux', arch: 'x64', cpus: 2, ci: true },
  });
  return JSON.stringify(result);
}

describe('a results file of a run against a URL with secrets in it', () => {
  it('keeps the query keys, masks their values, and drops the credentials', () => {
    const profile = quickProfile(
      'https://deploy-bot:Sup3r-Secret@preview.example.test:8443/health?api_key=AKIA-12345678&region=eu-west-1',
    );
    const text = writeResults(profile);
    for (const secret of ['AKIA-12345678', 'eu-west-1', 'Sup3r-Secret', 'deploy-bot']) {
      expect(text).not.toContain(secret);
    }
    for (const secret of profile.secretValues) expect(text).not.toContain(secret);
    const written = JSON.parse(text);
    expect(written.target).toBe('https://preview.example.test:8443');
    expect(written.scenarios[0]).toMatchObject({
      name: 'GET /health?api_key=***&region=***',
      path: '/health?api_key=***&region=***',
    });
  });
});
