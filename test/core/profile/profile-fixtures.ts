import { expect } from 'vitest';
import type { InputIssue } from '../../../src/core/input/format-issues.js';
import {
  normalizeProfile,
  type ParseOptions,
  type ParseResult,
} from '../../../src/core/profile/parse-profile.js';
import type { Profile } from '../../../src/core/profile/types.js';

/** A small valid raw profile; tests change one part of it at a time. */
export function makeRawProfile(): Record<string, unknown> & {
  scenarios: Record<string, unknown>[];
  load: Record<string, unknown>;
} {
  return {
    name: 'checkout-api',
    baseUrl: 'http://127.0.0.1:8080',
    scenarios: [{ name: 'list products', path: '/products' }],
    load: { executor: 'constant-arrival-rate', rate: 100, duration: '1m' },
  };
}

export function normalize(raw: unknown, options: Partial<ParseOptions> = {}): ParseResult {
  return normalizeProfile(raw, { env: {}, ...options });
}

export function expectProfile(result: ParseResult): Profile {
  if (!result.ok)
    throw new Error(`expected a profile, got issues: ${JSON.stringify(result.issues)}`);
  return result.profile;
}

export function expectIssues(result: ParseResult): InputIssue[] {
  expect(result.ok).toBe(false);
  return result.ok ? [] : result.issues;
}
