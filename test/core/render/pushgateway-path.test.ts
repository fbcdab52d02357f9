import { describe, expect, it } from 'vitest';
import {
  buildGroupingPath,
  checkPushgatewayUrl,
  encodeGroupingValue,
} from '../../../src/core/render/pushgateway-path.js';

/** The gateway's decoding (handler/push.go): padding trimmed, then RawURLEncoding. */
function decodeLikeTheGateway(encoded: string): string {
  return Buffer.from(encoded.replace(/=+$/, ''), 'base64url').toString('utf8');
}

describe('encodeGroupingValue', () => {
  it.each([
    'shop',
    'http://127.0.0.1:8080/api/v1',
    'feature/new-cart',
    'a?b=c&d#e f',
    'prøve ✓ 日本',
    '>>>???',
  ])('round-trips %j through the gateway’s base64url decoding', (value) => {
    const encoded = encodeGroupingValue(value);
    expect(encoded).toMatch(/^[A-Za-z0-9_-]+=*$/);
    expect(decodeLikeTheGateway(encoded)).toBe(value);
  });

  it('writes the empty value as "=", the form the gateway needs for it', () => {
    expect(encodeGroupingValue('')).toBe('=');
  });

  it('uses the URL-safe alphabet where standard base64 would put + and /', () => {
    // ">>>?" is 0x3e3e3e3f: standard base64 "Pj4+Pw==" (a "+"), "???" is "Pz8/" (a "/").
    expect(encodeGroupingValue('>>>?')).toBe('Pj4-Pw==');
    expect(encodeGroupingValue('???')).toBe('Pz8_');
  });
});

describe('buildGroupingPath', () => {
  it('names job loadgate and every label in the @base64 form, in a fixed order', () => {
    const path = buildGroupingPath({
      profile: 'shop/checkout',
      target: 'http://127.0.0.1:8080/api',
      layer: 'manual',
      interval: '',
    });
    expect(path).toBe(
      `/metrics/job/loadgate/profile@base64/${encodeGroupingValue('shop/checkout')}/target@base64/${encodeGroupingValue('http://127.0.0.1:8080/api')}/layer@base64/bWFudWFs/interval@base64/=`,
    );
    // Each value is one path segment: slashes in values cannot add segments.
    expect(path.split('/')).toHaveLength(12);
  });
});

describe('checkPushgatewayUrl', () => {
  it('accepts http(s) URLs, keeping a path prefix and dropping trailing slashes', () => {
    expect(checkPushgatewayUrl('http://127.0.0.1:9091')).toEqual({
      ok: true,
      value: 'http://127.0.0.1:9091',
    });
    expect(checkPushgatewayUrl('https://gw.example/pushgateway/')).toEqual({
      ok: true,
      value: 'https://gw.example/pushgateway',
    });
  });

  it('refuses credentials in the URL without repeating them', () => {
    const checked = checkPushgatewayUrl('https://admin:s3cret-pw@gw.example');
    expect(checked.ok).toBe(false);
    if (!checked.ok) {
      expect(checked.message).toContain('LOADGATE_PUSHGATEWAY_USER');
      expect(checked.message).not.toContain('s3cret-pw');
    }
  });

  it.each([
    ['not a url token=abc123secret', 'not a URL'],
    ['ftp://gw.example', 'the scheme "ftp:"'],
    ['http://gw.example/?token=abc123secret', 'with a query'],
    ['http://gw.example/#x', 'with a fragment'],
  ])('refuses %j (%s), never echoing the text', (text, said) => {
    const checked = checkPushgatewayUrl(text);
    expect(checked.ok).toBe(false);
    if (!checked.ok) {
      expect(checked.message).toContain(said);
      expect(checked.message).not.toContain('abc123secret');
    }
  });
});
