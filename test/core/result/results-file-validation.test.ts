import { deflateSync, inflateSync } from 'node:zlib';
import { build, encodeIntoCompressedBase64 } from 'hdr-histogram-js';
import { describe, expect, it } from 'vitest';
import { buildVerdict } from '../../../src/core/judge/build-verdict.js';
import { inspectHistogram } from '../../../src/core/result/check-results-content.js';
import { readResultsFile } from '../../../src/core/result/read-results-file.js';
import type { ResultsFileV1 } from '../../../src/core/result/types.js';
import { defaultRules } from '../../../src/core/rules/default-rules.js';
import { decodeHistogram } from '../../../src/core/stats/histogram.js';
import { simulateRun } from '../../helpers/synthetic-run.js';
import { simulateSoak } from '../../helpers/synthetic-soak.js';

const LABEL = '--baseline b.json';

function goodRun(): ResultsFileV1 {
  return simulateRun({
    scenarios: [
      { name: 'list', ratePerSec: 80, medianMs: 6, errorRate: 0.02 },
      { name: 'detail', ratePerSec: 40, medianMs: 4 },
    ],
    durationMs: 20_000,
    seed: 3,
  });
}

/** The file's text after `change` edits a fresh copy of a valid run. */
function corrupted(change: (r: ResultsFileV1) => void): string {
  const result = goodRun();
  change(result);
  return JSON.stringify(result);
}

function issuesOf(text: string): string[] {
  const read = readResultsFile(text, LABEL);
  return read.ok ? [] : read.issues.map((i) => `${i.path}: ${i.message}`);
}

/** The same histogram with one byte of its base64-decoded envelope XOR-ed. */
function flipByte(encoded: string, offset: number, mask: number): string {
  const bytes = Buffer.from(encoded, 'base64');
  bytes[offset % bytes.length] = (bytes[offset % bytes.length] ?? 0) ^ mask;
  return bytes.toString('base64');
}

/** The histogram's uncompressed V2 payload, changed, then compressed again (valid zlib). */
function rewrapPayload(encoded: string, change: (raw: Buffer) => Buffer): string {
  const envelope = Buffer.from(encoded, 'base64');
  const raw = change(Buffer.from(inflateSync(envelope.subarray(8))));
  const compressed = deflateSync(raw);
  const out = Buffer.alloc(8 + compressed.length);
  out.writeInt32BE(0x1c849314, 0);
  out.writeInt32BE(compressed.length, 4);
  compressed.copy(out, 8);
  return out.toString('base64');
}

describe('readResultsFile: every histogram decodes, every figure agrees', () => {
  it('accepts a file loadgate wrote', () => {
    expect(issuesOf(JSON.stringify(goodRun()))).toEqual([]);
  });

  it('names a timeline histogram with bytes flipped', () => {
    const text = corrupted((r) => {
      const point = r.timeline[12];
      if (point) point.histogram = flipByte(point.histogram, 20, 0xff);
    });
    expect(issuesOf(text)).toEqual([
      `${LABEL} timeline[12].histogram: does not decompress (corrupted bytes); the file is corrupt`,
    ]);
  });

  it('names a scenario histogram that is not base64, or empty though requests were answered', () => {
    const text = corrupted((r) => {
      const [list, detail] = r.scenarios;
      if (list) list.histograms.serviceTime = 'not base64 at all!';
      if (detail) detail.histograms.latency = '';
    });
    expect(issuesOf(text)).toEqual([
      `${LABEL} scenarios[0].histograms.serviceTime: is not base64; the file is corrupt`,
      `${LABEL} scenarios[1].histograms.latency: is empty, but 800 requests were answered`,
    ]);
  });

  it('refuses another encoding: an uncompressed V2 histogram, junk that is valid base64', () => {
    const text = corrupted((r) => {
      const raw = inflateSync(Buffer.from(r.histogram, 'base64').subarray(8));
      r.histogram = raw.toString('base64');
      r.histograms.sendLag = Buffer.from('just some junk!!').toString('base64');
    });
    expect(issuesOf(text)).toEqual([
      `${LABEL} histogram: is not an HdrHistogram compressed V2 histogram (the form loadgate writes); the file is corrupt`,
      `${LABEL} histograms.sendLag: is not an HdrHistogram compressed V2 histogram (the form loadgate writes); the file is corrupt`,
    ]);
  });

  it('refuses totals that contradict each other, and duplicate scenario names', () => {
    const text = corrupted((r) => {
      r.totals.requests += 5;
      const [list, detail] = r.scenarios;
      if (list) list.errorRate = 0.5;
      if (detail) detail.name = 'list';
      const point = r.timeline[3];
      if (point) point.ok += 1;
    });
    expect(issuesOf(text)).toEqual([
      `${LABEL} scenarios[1].name: "list" is also the name of scenarios[0]; names must be unique`,
      `${LABEL} totals.requests: is 2405, but ok + blocked + failed + errors = 2400`,
      // 32 errors in 2,400 requests, not in 2,405: the stored rate now contradicts the counts.
      `${LABEL} errorRate: is 0.013333, but the counts give (failed + errors) / requests = 0.013305613305613306`,
      expect.stringMatching(
        /^--baseline b\.json timeline\[3\]\.requests: is (\d+), but ok \+ blocked \+ failed \+ errors = \d+$/,
      ),
      expect.stringMatching(
        /^--baseline b\.json timeline\[3\]\.histogram: holds (\d+) values, but \d+ requests were answered/,
      ),
      `${LABEL} scenarios[0].errorRate: is 0.5, but the counts give (failed + errors) / requests = 0.02`,
    ]);
  });

  it('refuses a latency histogram whose count is not the answered requests', () => {
    const text = corrupted((r) => {
      const [list, detail] = r.scenarios;
      if (list && detail) list.histograms.latency = detail.histograms.latency;
    });
    expect(issuesOf(text)).toEqual([
      `${LABEL} scenarios[0].histograms.latency: holds 800 values, but 1600 requests were answered (ok + blocked + failed)`,
    ]);
  });

  it('accepts a JS-encoded histogram with the right count (same V2 format)', () => {
    const js = build({ useWebAssembly: false, bitBucketSize: 32 });
    js.recordValue(1234);
    const encoded = encodeIntoCompressedBase64(js);
    expect(inspectHistogram(encoded)).toEqual({ ok: true, totalCount: 1 });
  });
});

describe('decoding hostile histograms can neither crash the process nor poison later decodes', () => {
  const reference = goodRun();
  const good = reference.histogram;
  const goodCount = decodeHistogram(good).totalCount;

  function hostileVariants(): string[] {
    const variants: string[] = [];
    const envelope = Buffer.from(good, 'base64');
    for (let offset = 0; offset < envelope.length; offset += 1)
      for (const mask of [0x01, 0x80, 0xff]) variants.push(flipByte(good, offset, mask));
    const raw = inflateSync(envelope.subarray(8));
    for (let offset = 0; offset < raw.length; offset += 1)
      for (const mask of [0x01, 0x10, 0x7f, 0x80, 0xff])
        variants.push(
          rewrapPayload(good, (r) => {
            r[offset] = (r[offset] ?? 0) ^ mask;
            return r;
          }),
        );
    for (let length = 0; length < raw.length; length += 3)
      variants.push(rewrapPayload(good, (r) => r.subarray(0, length)));
    for (let length = 0; length < good.length; length += 7) variants.push(good.slice(0, length));
    variants.push(Buffer.from('{"not":"a histogram"}').toString('base64'), '====', 'AAAA');
    return variants;
  }

  it('checks every variant in plain JS; what it accepts, WebAssembly decodes to the same count', () => {
    let accepted = 0;
    for (const variant of hostileVariants()) {
      const inspected = inspectHistogram(variant);
      if (!inspected.ok) continue;
      accepted++;
      const decoded = decodeHistogram(variant);
      expect(decoded.totalCount).toBe(inspected.totalCount);
      decoded.destroy();
    }
    // Flipped header bits that change nothing that matters (the ignored conversion ratio, the
    // top of the highest trackable value) must still be accepted: the check is not too strict.
    expect(accepted).toBeGreaterThan(100);
    const after = decodeHistogram(good);
    expect(after.totalCount).toBe(goodCount);
    after.destroy();
  });

  it('reads a file carrying any variant without throwing, and judges what it accepts', () => {
    const variants = hostileVariants().filter((_, i) => i % 40 === 0);
    for (const variant of variants) {
      const text = corrupted((r) => {
        const point = r.timeline[5];
        if (point) point.histogram = variant;
      });
      const read = readResultsFile(text, LABEL);
      if (!read.ok) {
        expect(read.issues[0]?.path).toBe(`${LABEL} timeline[5].histogram`);
        continue;
      }
      const verdict = buildVerdict({
        current: reference,
        baseline: read.result,
        rules: defaultRules(['list', 'detail']),
      });
      expect(['pass', 'warn', 'fail']).toContain(verdict.level);
    }
    const after = decodeHistogram(good);
    expect(after.totalCount).toBe(goodCount);
    after.destroy();
  });
});

describe('readResultsFile: soak timelines with wide points', () => {
  /** A 60 s run folded as a soak is, with 5 s edges and 10 s windows in between. */
  function foldedRun(): ResultsFileV1 {
    return simulateSoak({
      scenarios: [{ name: 'list', ratePerSec: 20, medianMs: 5 }],
      durationMs: 60_000,
      seed: 5,
      timeline: { resolutionSec: 10, edgeSec: 5 },
    });
  }

  it('reads wide points back as written, and files without widthSec as before', () => {
    const result = foldedRun();
    expect(result.timeline.map((p) => p.widthSec ?? 1)).toEqual([
      1, 1, 1, 1, 1, 10, 10, 10, 10, 10, 1, 1, 1, 1, 1,
    ]);
    const read = readResultsFile(JSON.stringify(result), LABEL);
    expect(read.ok && read.result.timeline).toEqual(result.timeline);
    expect(read.ok && read.result.scenarios[0]?.timeline).toEqual(result.scenarios[0]?.timeline);
    expect(issuesOf(JSON.stringify(goodRun()))).toEqual([]);
  });

  it('names a width that is not a whole number of seconds from 1', () => {
    for (const widthSec of [0, 1.5, -10, '10']) {
      const result = foldedRun();
      (result.timeline[6] as { widthSec?: unknown }).widthSec = widthSec;
      expect(issuesOf(JSON.stringify(result))).toEqual([
        `${LABEL} timeline[6].widthSec: expected a whole number from 1, got ${JSON.stringify(widthSec)}`,
      ]);
    }
  });

  it('names a wide point that overlaps the next one', () => {
    const result = foldedRun();
    const scenario = result.scenarios[0];
    if (scenario?.timeline[7]) scenario.timeline[7].widthSec = 20;
    expect(issuesOf(JSON.stringify(result))).toEqual([
      `${LABEL} scenarios[0].timeline[7].widthSec: is 20: the point covers 25..45 s, but scenarios[0].timeline[8] starts at 35 s`,
    ]);
  });
});
