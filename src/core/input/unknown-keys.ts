/**
 * The message for keys a strict section does not know. Most are typos (`timout`, `base_url`), so
 * it suggests the closest allowed key and always lists the allowed ones.
 */

const MAX_TYPO_DISTANCE = 2;

function squashKey(key: string): string {
  return key.toLowerCase().replace(/[-_\s]/g, '');
}

/** Levenshtein distance; keys are short, so the quadratic table is fine. */
function measureEditDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, index) => index);
  for (let i = 1; i <= a.length; i += 1) {
    const current = [i];
    for (let j = 1; j <= b.length; j += 1) {
      const substitution = (previous[j - 1] ?? 0) + (a[i - 1] === b[j - 1] ? 0 : 1);
      current.push(Math.min((previous[j] ?? 0) + 1, (current[j - 1] ?? 0) + 1, substitution));
    }
    previous = current;
  }
  return previous[b.length] ?? 0;
}

/**
 * The allowed key the user most likely meant: same letters ignoring case, `-` and `_`
 * (`base_url` → `baseUrl`), else the nearest within two edits. `undefined` when nothing is close.
 */
export function suggestKey(key: string, allowed: readonly string[]): string | undefined {
  const squashed = squashKey(key);
  const sameLetters = allowed.find((candidate) => squashKey(candidate) === squashed);
  if (sameLetters !== undefined) return sameLetters;
  let best: { key: string; distance: number } | undefined;
  for (const candidate of allowed) {
    const distance = measureEditDistance(squashed, squashKey(candidate));
    if (
      distance <= MAX_TYPO_DISTANCE &&
      distance < squashed.length &&
      distance < (best?.distance ?? Infinity)
    ) {
      best = { key: candidate, distance };
    }
  }
  return best?.key;
}

/** ` (did you mean "timeout"?)` for a near miss of one of `allowed`, else `''`: one wording for
 * every "unknown key / metric / scenario" message. */
export function formatDidYouMean(key: string, allowed: readonly string[]): string {
  const suggestion = suggestKey(key, allowed);
  return suggestion === undefined ? '' : ` (did you mean ${JSON.stringify(suggestion)}?)`;
}

/**
 * `unknown key "timout" (did you mean "timeout"?); allowed keys: …`. `hints` explains keys that
 * are valid elsewhere, e.g. `thinkTime` under an arrival-rate executor.
 */
export function describeUnknownKeys(
  keys: readonly string[],
  allowed: readonly string[],
  hints: Readonly<Record<string, string>> = {},
): string {
  const parts = keys.map((key) => {
    const hint = Object.hasOwn(hints, key) ? hints[key] : undefined;
    if (hint !== undefined) return `${JSON.stringify(key)} (${hint})`;
    return `${JSON.stringify(key)}${formatDidYouMean(key, allowed)}`;
  });
  const noun = keys.length === 1 ? 'unknown key' : 'unknown keys';
  return `${noun} ${parts.join(', ')}; allowed keys: ${allowed.join(', ')}`;
}
