import { describe, expect, it } from 'vitest';
import {
  groupingKeyOf,
  prometheusFileSink,
  pushgatewaySink,
  runMetricLabelsOf,
} from '../../../src/app/sinks/prometheus-sinks.js';
import {
  actionSettings,
  cliSettings,
  type FinishedRun,
  type Sink,
} from '../../../src/app/sinks/sink.js';
import { buildGroupingPath } from '../../../src/core/render/pushgateway-path.js';
import type { MetricsPusher } from '../../../src/ports.js';
import { MemoryFiles, MemoryOutput } from '../../fakes/memory-ports.js';
import { makeProfile } from '../../helpers/make-profile.js';
import { RUN_RESULT, RUN_VERDICT } from '../../helpers/prometheus-run-case.js';

const PROFILE = {
  ...makeProfile('http://127.0.0.1:8080/api/v1', {
    executor: 'constant-arrival-rate',
    ratePerSec: 10,
    durationMs: 1000,
  }),
  name: 'shop/checkout',
  environment: 'staging',
  client: 'team-a',
};

const RUN: FinishedRun = {
  result: RUN_RESULT,
  verdict: RUN_VERDICT,
  markdown: '',
  origin: 'measured',
  profile: PROFILE,
};

class RecordingPusher implements MetricsPusher {
  readonly calls: Array<{ method: string; url: string; path: string; text?: string }> = [];
  constructor(private readonly failWith?: Error) {}
  async push(url: string, path: string, text: string) {
    this.calls.push({ method: 'PUT', url, path, text });
    if (this.failWith) throw this.failWith;
  }
  async delete(url: string, path: string) {
    this.calls.push({ method: 'DELETE', url, path });
  }
}

async function deliver(
  sink: Sink,
  run: FinishedRun,
  flags: Record<string, string>,
  pusher?: MetricsPusher,
) {
  const files = new MemoryFiles();
  const output = new MemoryOutput();
  if (sink.stage !== 'judged') throw new Error('a judged sink');
  await sink.deliver(run, cliSettings(flags), { files, output, ...(pusher ? { pusher } : {}) });
  return { files, output };
}

describe('the run’s series and labels', () => {
  it('files a CLI run without recorded labels as the profile says, else manual', () => {
    expect(runMetricLabelsOf(RUN)).toEqual({
      environment: 'staging',
      client: 'team-a',
      layer: 'manual',
      interval: 'manual',
    });
    const heartbeat = { ...PROFILE, load: { ...PROFILE.load, preset: 'heartbeat' as const } };
    expect(
      runMetricLabelsOf({ ...RUN, profile: { ...heartbeat, interval: 'every-5m' } }),
    ).toMatchObject({
      layer: 'heartbeat',
      interval: 'every-5m',
    });
  });

  it('takes the layer and interval the results file recorded over the profile’s', () => {
    const result = { ...RUN_RESULT, run: { layer: 'scheduled' as const, interval: 'daily' } };
    const labels = runMetricLabelsOf({ result, profile: { ...PROFILE, layer: 'release' } });
    expect(groupingKeyOf(result, labels)).toEqual({
      profile: 'shop/checkout',
      target: 'http://127.0.0.1:8080/api/v1',
      layer: 'scheduled',
      interval: 'daily',
    });
  });

  it('knows no series for a results file judged without its profile', () => {
    expect(runMetricLabelsOf({ result: RUN_RESULT })).toEqual({});
  });
});

describe('the Pushgateway push', () => {
  it('PUTs the exposition to the run’s group and says where', async () => {
    const pusher = new RecordingPusher();
    const { output } = await deliver(
      pushgatewaySink,
      RUN,
      { pushgateway: 'http://gw:9091/' },
      pusher,
    );
    expect(pusher.calls).toHaveLength(1);
    const [call] = pusher.calls;
    expect(call?.url).toBe('http://gw:9091');
    expect(call?.path).toBe(
      buildGroupingPath({
        profile: 'shop/checkout',
        target: 'http://127.0.0.1:8080/api/v1',
        layer: 'manual',
        interval: 'manual',
      }),
    );
    expect(call?.text).toContain(
      'loadgate_verdict{profile="shop/checkout",environment="staging",client="team-a",verdict="warn"} 1',
    );
    expect(output.events).toEqual([
      'info metrics pushed to http://gw:9091 (job="loadgate" profile="shop/checkout" target="http://127.0.0.1:8080/api/v1" layer="manual" interval="manual")',
    ]);
  });

  it('turns a failed push into a warning with the reason; nothing throws', async () => {
    const pusher = new RecordingPusher(new Error('the Pushgateway answered 400: bad\nsecond line'));
    const { output } = await deliver(
      pushgatewaySink,
      RUN,
      { pushgateway: 'http://gw:9091' },
      pusher,
    );
    expect(output.events).toEqual([
      'warn could not push the metrics to the Pushgateway (the verdict stands): the Pushgateway answered 400: bad\nsecond line',
    ]);
  });

  it('does nothing without the option, and warns where pushing is not wired', async () => {
    const pusher = new RecordingPusher();
    expect((await deliver(pushgatewaySink, RUN, {}, pusher)).output.events).toEqual([]);
    expect(pusher.calls).toEqual([]);
    const { output } = await deliver(pushgatewaySink, RUN, { pushgateway: 'http://gw:9091' });
    expect(output.events).toEqual([
      'warn --pushgateway: pushing is not available here; nothing was pushed',
    ]);
  });

  it('reports a bad URL as bad input at the option’s label, before any load', () => {
    expect(pushgatewaySink.checkSettings?.(cliSettings({ pushgateway: 'ftp://gw' }))).toEqual([
      { path: '--pushgateway', message: expect.stringContaining('the scheme "ftp:"') },
    ]);
    expect(pushgatewaySink.checkSettings?.(actionSettings({ pushgateway: 'gw:9091' }))).toEqual([
      { path: 'input pushgateway', message: expect.stringContaining('the scheme "gw:"') },
    ]);
    expect(pushgatewaySink.checkSettings?.(cliSettings({}))).toEqual([]);
  });
});

describe('the Prometheus metrics file', () => {
  it('writes the same exposition the push sends, and plans the file for the checks', async () => {
    const pusher = new RecordingPusher();
    await deliver(pushgatewaySink, RUN, { pushgateway: 'http://gw:9091' }, pusher);
    const { files, output } = await deliver(prometheusFileSink, RUN, {
      'prometheus-file': 'm/x.prom',
    });
    expect(files.files.get('m/x.prom')).toBe(pusher.calls[0]?.text);
    expect(output.events).toEqual(['info metrics: m/x.prom']);
    expect(prometheusFileSink.plannedFiles?.(cliSettings({ 'prometheus-file': 'x.prom' }))).toEqual(
      [{ path: 'x.prom', label: '--prometheus-file', exampleName: 'loadgate.prom' }],
    );
  });

  it('warns when the file cannot be written; the verdict stands', async () => {
    const files = new MemoryFiles();
    files.failWrites.add('x.prom');
    const output = new MemoryOutput();
    if (prometheusFileSink.stage !== 'judged') throw new Error('a judged sink');
    await prometheusFileSink.deliver(RUN, cliSettings({ 'prometheus-file': 'x.prom' }), {
      files,
      output,
    });
    expect(output.events).toEqual(['warn could not write x.prom (EACCES); the verdict stands']);
  });
});
