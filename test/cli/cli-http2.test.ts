import { copyFileSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { CERT_PATH, type H2TlsServer, startH2TlsServer } from '../helpers/h2-tls-server.js';
import { makeWorkDir, runCli } from '../helpers/run-cli.js';

let server: H2TlsServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

function writeProfile(cwd: string, baseUrl: string, extra: string): void {
  writeFileSync(
    join(cwd, 'h2.yml'),
    `name: h2\nbaseUrl: ${baseUrl}\nprotocol: http2\nmaxConcurrentStreams: 10\n${extra}scenarios:\n  - { name: home, path: / }\nload:\n  executor: constant-arrival-rate\n  rate: 50\n  duration: 1s\n  connections: 2\n  warmup: 0s\n`,
  );
}

describe('loadgate run with HTTP/2 over TLS (CLI)', () => {
  it('runs an http2 profile trusting tls.ca (relative to the profile) and records the protocol', async () => {
    server = await startH2TlsServer();
    const cwd = makeWorkDir();
    copyFileSync(CERT_PATH, join(cwd, 'staging-ca.pem'));
    writeProfile(cwd, server.url, 'tls: { ca: staging-ca.pem }\n');
    const run = await runCli(['run', 'h2.yml', '--out', 'r.json'], { cwd });
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const result = JSON.parse(readFileSync(join(cwd, 'r.json'), 'utf8'));
    expect(result.totals.requests).toBe(50);
    expect(result.load).toMatchObject({
      protocol: 'http2',
      maxConcurrentStreams: 10,
      protocolsSeen: ['http2'],
    });
    expect(server.versions).toEqual({ '2.0': 50 });
    expect(run.stdout).toContain('constant-arrival-rate · HTTP/2 (10 streams/connection)');
  });

  it('stops before any load with exit 2 when tls.ca is missing or not PEM', async () => {
    const cwd = makeWorkDir();
    writeProfile(cwd, 'https://127.0.0.1:1', 'tls: { ca: nope.pem }\n');
    const missing = await runCli(['run', 'h2.yml'], { cwd });
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/tls\.ca: cannot read .*nope\.pem/);
    writeFileSync(join(cwd, 'nope.pem'), 'not a certificate\n');
    const notPem = await runCli(['run', 'h2.yml'], { cwd });
    expect(notPem.code).toBe(2);
    expect(notPem.stderr).toMatch(
      /tls\.ca: .*expected a path \(relative to the profile\) to a PEM file/,
    );
    expect(notPem.stderr).not.toMatch(/\n\s+at /);
  });

  it('exits 3 with a tls error when the certificate is not trusted', async () => {
    server = await startH2TlsServer();
    const cwd = makeWorkDir();
    writeProfile(cwd, server.url, '');
    const run = await runCli(['run', 'h2.yml'], { cwd });
    expect(run.code).toBe(3);
    expect(run.stderr).toMatch(/tls \(DEPTH_ZERO_SELF_SIGNED_CERT\).*set tls\.ca/);
    expect(server.versions).toEqual({});
  });
});
