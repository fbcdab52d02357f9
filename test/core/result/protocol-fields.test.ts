import { describe, expect, it } from 'vitest';
import { describeProtocol } from '../../../src/core/render/describe-protocol.js';
import { describeLoad } from '../../../src/core/result/build-result.js';
import { readResultsFile } from '../../../src/core/result/read-results-file.js';
import type { ResultsFileV1 } from '../../../src/core/result/types.js';
import { makeProfile } from '../../helpers/make-profile.js';
import { simulateRun } from '../../helpers/synthetic-run.js';

const plan = { executor: 'constant-arrival-rate', ratePerSec: 10, durationMs: 1000 } as const;

function withLoad(load: Partial<ResultsFileV1['load']>): string {
  const run = simulateRun({
    scenarios: [{ name: 'home', ratePerSec: 20, medianMs: 5 }],
    durationMs: 2_000,
    seed: 1,
  });
  return JSON.stringify({ ...run, load: { ...run.load, ...load } });
}

describe('protocol in the results file', () => {
  it('records protocol, streams and the negotiated protocols of an http2 run', () => {
    const profile = { ...makeProfile('https://x.test', plan), protocol: 'http2' as const };
    const load = describeLoad(
      { ...profile, maxConcurrentStreams: 50 },
      { protocolsSeen: ['http1', 'http2'] },
    );
    expect(load).toMatchObject({
      protocol: 'http2',
      maxConcurrentStreams: 50,
      protocolsSeen: ['http1', 'http2'],
    });
    expect(describeProtocol(load)).toBe(
      'HTTP/2 asked (50 streams/connection), negotiated HTTP/1.1 and HTTP/2',
    );
    expect(describeLoad(makeProfile('http://x.test', plan), {})).toMatchObject({
      protocol: 'http1',
    });
    expect(describeProtocol(describeLoad(makeProfile('http://x.test', plan), {}))).toBeUndefined();
  });

  it('reads the fields back and refuses unknown protocols', () => {
    const read = readResultsFile(
      withLoad({ protocol: 'http2', maxConcurrentStreams: 10, protocolsSeen: ['http2'] }),
      'r.json',
    );
    expect(read.ok && read.result.load.protocolsSeen).toEqual(['http2']);
    const bad = readResultsFile(withLoad({ protocolsSeen: ['h3' as never] }), 'r.json');
    expect(bad.ok).toBe(false);
  });
});
