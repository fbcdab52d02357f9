import { describe, expect, it } from 'vitest';
import { isRedirectStatus, planRedirect } from '../../../src/core/stats/plan-redirect.js';

const post = {
  url: 'http://127.0.0.1:8080/api/orders?x=1',
  method: 'POST',
  headers: {
    authorization: 'Bearer t',
    cookie: 'a=b',
    'proxy-authorization': 'Basic x',
    'content-type': 'application/json',
    'content-length': '12',
    'x-trace': '1',
  },
};

describe('planRedirect', () => {
  it('follows 301, 302, 303, 307 and 308 only', () => {
    expect([300, 301, 302, 303, 304, 305, 306, 307, 308].filter(isRedirectStatus)).toEqual([
      301, 302, 303, 307, 308,
    ]);
    expect(planRedirect(300, '/x', post, 0, 10)).toEqual({ kind: 'final' });
    expect(planRedirect(304, '/x', post, 0, 10)).toEqual({ kind: 'final' });
  });

  it.each([301, 302, 303])('%s turns a POST into a GET without body or body headers', (status) => {
    const plan = planRedirect(status, 'done', post, 0, 10);
    expect(plan).toEqual({
      kind: 'follow',
      hop: {
        url: 'http://127.0.0.1:8080/api/done',
        origin: 'http://127.0.0.1:8080',
        path: '/api/done',
        method: 'GET',
        headers: {
          authorization: 'Bearer t',
          cookie: 'a=b',
          'proxy-authorization': 'Basic x',
          'x-trace': '1',
        },
        keepBody: false,
        crossOrigin: false,
      },
    });
  });

  it('keeps HEAD a HEAD on 303', () => {
    const plan = planRedirect(303, '/y', { ...post, method: 'HEAD' }, 0, 10);
    expect(plan.kind === 'follow' && plan.hop.method).toBe('HEAD');
  });

  it.each([307, 308])('%s keeps method, body and body headers', (status) => {
    const plan = planRedirect(status, '/v2/orders#frag', post, 2, 10);
    expect(plan.kind).toBe('follow');
    if (plan.kind !== 'follow') return;
    expect(plan.hop).toMatchObject({
      method: 'POST',
      keepBody: true,
      path: '/v2/orders',
      url: 'http://127.0.0.1:8080/v2/orders',
    });
    expect(plan.hop.headers).toEqual(post.headers);
  });

  it('drops credentials and host on a hop to another origin (port, scheme or host)', () => {
    for (const location of [
      'http://127.0.0.1:9090/a',
      'https://127.0.0.1:8080/a',
      '//localhost:8080/a',
    ]) {
      const plan = planRedirect(
        307,
        location,
        { ...post, headers: { ...post.headers, host: 'h' } },
        0,
        10,
      );
      expect(plan.kind).toBe('follow');
      if (plan.kind !== 'follow') continue;
      expect(plan.hop.crossOrigin).toBe(true);
      expect(Object.keys(plan.hop.headers).sort()).toEqual([
        'content-length',
        'content-type',
        'x-trace',
      ]);
    }
  });

  it('takes a 3xx without Location, or with maxRedirects 0, as the answer', () => {
    expect(planRedirect(302, undefined, post, 0, 10)).toEqual({ kind: 'final' });
    expect(planRedirect(302, '  ', post, 0, 10)).toEqual({ kind: 'final' });
    expect(planRedirect(302, '/x', post, 0, 0)).toEqual({ kind: 'final' });
  });

  it('refuses a Location that is not http(s), does not parse, or is given twice differently', () => {
    const protocol = { kind: 'error', errorKind: 'protocol' };
    expect(planRedirect(302, 'ftp://127.0.0.1/f', post, 0, 10)).toEqual(protocol);
    expect(planRedirect(302, 'javascript:alert(1)', post, 0, 10)).toEqual(protocol);
    expect(planRedirect(302, 'http://[::1', post, 0, 10)).toEqual(protocol);
    expect(planRedirect(302, ['/a', '/b'], post, 0, 10)).toEqual(protocol);
    expect(planRedirect(302, ['/a', '/a'], post, 0, 10).kind).toBe('follow');
  });

  it('stops after maxRedirects hops', () => {
    expect(planRedirect(302, '/x', post, 9, 10).kind).toBe('follow');
    expect(planRedirect(302, '/x', post, 10, 10)).toEqual({
      kind: 'error',
      errorKind: 'too_many_redirects',
    });
  });
});
