import { afterEach, describe, expect, it } from 'vitest';
import { decodeHistogram } from '../../../src/core/stats/histogram.js';
import { CERT_PEM, type H2TlsServer, startH2TlsServer } from '../../helpers/h2-tls-server.js';
import { makeEngine, makeProfile, runToCompletion } from '../../helpers/make-profile.js';

let server: H2TlsServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

const plan = { executor: 'constant-arrival-rate', ratePerSec: 100, durationMs: 500 } as const;
const trusted = { rejectUnauthorized: true, caPath: 'cert.pem', ca: CERT_PEM };

describe('HTTP/2 over TLS', () => {
  it('serves every request over HTTP/2 with tls.ca trusting the self-signed certificate', async () => {
    server = await startH2TlsServer();
    const profile = {
      ...makeProfile(server.url, plan, { connections: 2, maxInFlight: 16 }),
      protocol: 'http2' as const,
      maxConcurrentStreams: 100,
      tls: trusted,
    };
    const outcome = await runToCompletion(profile);
    const totals = outcome.recording.overall.totals;
    expect(totals.requests).toBe(50);
    expect(totals.ok).toBe(50);
    expect(server.versions).toEqual({ '2.0': 50 });
    expect(decodeHistogram(outcome.recording.overall.histogram).totalCount).toBe(50);
    expect(outcome.protocolsSeen).toEqual(['http2']);
  });

  it('multiplexes up to maxConcurrentStreams streams on one preconnected connection', async () => {
    server = await startH2TlsServer({ delayMs: 80 });
    const profile = {
      ...makeProfile(
        server.url,
        { executor: 'constant-arrival-rate', ratePerSec: 200, durationMs: 500 },
        { connections: 1, maxInFlight: 50 },
      ),
      protocol: 'http2' as const,
      maxConcurrentStreams: 4,
      tls: trusted,
    };
    const outcome = await runToCompletion(profile);
    expect(outcome.recording.overall.totals.ok).toBe(100);
    expect(server.sessions).toBe(1);
    expect(server.connections).toBe(1);
    expect(server.maxStreamsInFlight).toBe(4);
  });

  it('keeps a connection that negotiated HTTP/1.1 to one request at a time', async () => {
    server = await startH2TlsServer({ delayMs: 20, allowHTTP1: true, offerH2: false });
    const profile = {
      ...makeProfile(server.url, plan, { connections: 2, maxInFlight: 16 }),
      protocol: 'http2' as const,
      maxConcurrentStreams: 50,
      tls: trusted,
    };
    const outcome = await runToCompletion(profile);
    expect(outcome.recording.overall.totals.ok).toBe(50);
    expect(server.versions).toEqual({ '1.1': 50 });
    expect(outcome.protocolsSeen).toEqual(['http1']);
  });

  it('refuses an untrusted certificate as a tls error, naming tls.ca, before any load', async () => {
    server = await startH2TlsServer();
    const profile = {
      ...makeProfile(server.url, plan),
      protocol: 'http2' as const,
      maxConcurrentStreams: 100,
    };
    const outcome = await makeEngine().run(profile, {});
    expect(outcome.kind).toBe('unreachable');
    const message = outcome.kind === 'unreachable' ? outcome.message : '';
    expect(message).toMatch(/: tls \(DEPTH_ZERO_SELF_SIGNED_CERT\)/);
    expect(message).toContain('tls.ca');
    expect(server.versions).toEqual({});
  });

  it('accepts any certificate with rejectUnauthorized: false', async () => {
    server = await startH2TlsServer();
    const profile = {
      ...makeProfile(server.url, plan, { connections: 2 }),
      protocol: 'http2' as const,
      maxConcurrentStreams: 10,
      tls: { rejectUnauthorized: false },
    };
    const outcome = await runToCompletion(profile);
    expect(outcome.recording.overall.totals.ok).toBe(50);
    expect(server.versions).toEqual({ '2.0': 50 });
  });

  it('speaks HTTP/1.1 over https with tls.ca when protocol is http1', async () => {
    server = await startH2TlsServer({ allowHTTP1: true });
    const profile = { ...makeProfile(server.url, plan, { connections: 2 }), tls: trusted };
    const outcome = await runToCompletion(profile);
    expect(outcome.recording.overall.totals.ok).toBe(50);
    expect(server.versions).toEqual({ '1.1': 50 });
    expect(server.sessions).toBe(0);
    expect(outcome.protocolsSeen).toEqual(['http1']);
  });
});
