import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type DemoTarget, startDemoTarget } from '../../src/shell/demo-target.js';
import { callTarget, sendRawRequest } from '../helpers/call-target.js';

describe('demo target input handling', () => {
  let target: DemoTarget;
  beforeAll(async () => {
    target = await startDemoTarget();
  });
  afterAll(() => target.close());

  it('refuses an unparseable request target and an oversized body, and keeps serving', async () => {
    const reply = await sendRawRequest(
      target.url,
      'GET //[ HTTP/1.1\r\nHost: demo\r\nConnection: close\r\n\r\n',
    );
    expect(reply).toMatch(/^HTTP\/1\.1 400 /);
    const huge = await callTarget(`${target.url}/api/orders`, {
      method: 'POST',
      body: `"${'x'.repeat(1024 * 1024)}"`,
    });
    expect(huge.status).toBe(413);
    expect((await callTarget(`${target.url}/healthz`)).status).toBe(200);
  });

  it('rejects a negative or non-finite slowdown factor', async () => {
    await expect(startDemoTarget({ slowdownFactor: -1 })).rejects.toThrow(RangeError);
    const other = await startDemoTarget();
    try {
      expect(() => other.setSlowdownFactor(Number.NaN)).toThrow(RangeError);
    } finally {
      await other.close();
    }
  });
});
