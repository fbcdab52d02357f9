import type { Expectation } from '../profile/types.js';
import type { FailureKinds } from './figures.js';

/**
 * How a response counts. Numeric so the hot path allocates nothing per request; names for
 * reports come from `FAILURE_KIND_NAMES`.
 */
export const ResponseClass = {
  ok: 0,
  blocked: 1,
  http5xx: 2,
  http4xx: 3,
  unexpectedStatus: 4,
  bodyMismatch: 5,
} as const;
export type ResponseClass = (typeof ResponseClass)[keyof typeof ResponseClass];

/** Report names of the failure classes, indexed by `ResponseClass`. */
export const FAILURE_KIND_NAMES: Partial<Record<ResponseClass, keyof FailureKinds>> = {
  [ResponseClass.http5xx]: 'http_5xx',
  [ResponseClass.http4xx]: 'http_4xx',
  [ResponseClass.unexpectedStatus]: 'unexpected_status',
  [ResponseClass.bodyMismatch]: 'body_mismatch',
};

/** An expectation prepared for constant-time status checks. */
export interface CompiledExpectation {
  /** accepts[status] === 1 when the status is expected; covers 0..599. */
  accepts: Uint8Array;
  bodyIncludes?: string;
}

export function compileExpectation(expectation: Expectation): CompiledExpectation {
  const accepts = new Uint8Array(600);
  for (const status of expectation.status) {
    if (status >= 0 && status < 600) accepts[status] = 1;
  }
  return { accepts, bodyIncludes: expectation.bodyIncludes };
}

/**
 * Compiles every scenario's expectation, in order, with equal expectations sharing one
 * compiled (read-only) form: each status table is 600 bytes, and a profile of 20,000 scenarios
 * mostly repeats the default, so sharing keeps this proportional to the distinct expectations.
 */
export function compileExpectations(expectations: readonly Expectation[]): CompiledExpectation[] {
  const compiled = new Map<string, CompiledExpectation>();
  return expectations.map((expectation) => {
    const key = JSON.stringify([expectation.status, expectation.bodyIncludes ?? null]);
    let found = compiled.get(key);
    if (found === undefined) {
      found = compileExpectation(expectation);
      compiled.set(key, found);
    }
    return found;
  });
}

/**
 * Classifies an HTTP answer. An expected 4xx is `blocked` (an intended rejection, e.g. a WAF
 * rule); an expected status whose body lacks the wanted substring is `bodyMismatch`.
 * @param body the response text, needed only when the expectation has `bodyIncludes`.
 */
export function classifyResponse(
  expectation: CompiledExpectation,
  status: number,
  body: string | undefined,
): ResponseClass {
  if (expectation.accepts[status] === 1) {
    if (
      expectation.bodyIncludes !== undefined &&
      !(body ?? '').includes(expectation.bodyIncludes)
    ) {
      return ResponseClass.bodyMismatch;
    }
    return status >= 400 && status < 500 ? ResponseClass.blocked : ResponseClass.ok;
  }
  if (status >= 500) return ResponseClass.http5xx;
  if (status >= 400) return ResponseClass.http4xx;
  return ResponseClass.unexpectedStatus;
}
