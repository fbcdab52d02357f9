/**
 * Turns zod issues into `InputIssue`s. Field messages come from the schema's own error maps; what
 * is left here is flattening unions (zod reports "no branch matched" where the user needs the
 * problem inside the branch they meant) and a fallback for anything without a custom message.
 */

import type { z } from 'zod';
import type { InputIssue } from './format-issues.js';
import { expectedMessage, formatIssuePath } from './issue-text.js';

type ZodIssue = z.core.$ZodIssue;

/** Fallback error map for issues the schema did not word itself; keeps the `expected …, got …` form. */
export function describeFallbackIssue(issue: z.core.$ZodRawIssue): string | undefined {
  switch (issue.code) {
    case 'invalid_type':
      return expectedMessage(
        issue.expected === 'object' ? 'a mapping' : `a ${issue.expected}`,
        issue.input,
      );
    case 'invalid_value':
      return expectedMessage(
        `one of ${issue.values.map((value) => JSON.stringify(value)).join(', ')}`,
        issue.input,
      );
    default:
      return undefined;
  }
}

/** A branch that failed only because the value had another type: not the branch the user meant. */
function isTypeMismatch(branch: readonly ZodIssue[]): boolean {
  const [only] = branch;
  if (only === undefined || branch.length > 1 || only.path.length > 0) return false;
  if (only.code === 'invalid_type') return true;
  return only.code === 'invalid_union' && only.errors.every(isTypeMismatch);
}

/**
 * The union branch to report from: the only one whose failure is more than a type mismatch
 * (e.g. the list branch of `status: [200, "abc"]`). `undefined` when none or several qualify,
 * and the union's own message (naming every accepted form) is the better answer.
 */
function pickIntendedBranch(
  branches: readonly (readonly ZodIssue[])[],
): readonly ZodIssue[] | undefined {
  const candidates = branches.filter((branch) => !isTypeMismatch(branch));
  return candidates.length === 1 ? candidates[0] : undefined;
}

function collectIssues(
  issues: readonly ZodIssue[],
  basePath: readonly PropertyKey[],
  into: InputIssue[],
): void {
  for (const issue of issues) {
    const path = [...basePath, ...issue.path];
    const branch = issue.code === 'invalid_union' ? pickIntendedBranch(issue.errors) : undefined;
    if (branch !== undefined) collectIssues(branch, path, into);
    else into.push({ path: formatIssuePath(path), message: issue.message });
  }
}

/** Maps zod issues to paths like `load.stages[2].duration`, one entry per problem. */
export function toInputIssues(issues: readonly ZodIssue[]): InputIssue[] {
  const result: InputIssue[] = [];
  collectIssues(issues, [], result);
  return result;
}
