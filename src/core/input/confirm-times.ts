/** `confirm: N` as written (the action input, the CLI's `--confirm=N`): how many re-measures. */

/** Most re-measures `confirm: N` may ask for: with a breach needed on every one, pure noise
 * already gets through at about p⁶ there, and each one costs a measured duration. */
export const MAX_CONFIRM_REMEASURES = 5;

/** A Map, not an object literal: `WORDS["constructor"]` must not find Object's. */
const WORDS: ReadonlyMap<string, number> = new Map([
  ['true', 1],
  ['yes', 1],
  ['on', 1],
  ['false', 0],
  ['no', 0],
  ['off', 0],
]);

/**
 * Re-measures from their written form: a whole number from 0 to `MAX_CONFIRM_REMEASURES`
 * (`3`), or a yes/no word (`true`, `on`, `yes` = 1; `false`, `off`, `no` = 0), case-insensitive,
 * surrounding blanks ignored.
 * @returns undefined for anything else (`9`, `-1`, `1.5`, `auto`: `auto` is the action's, read
 * there).
 */
export function readConfirmTimes(text: string): number | undefined {
  const trimmed = text.trim().toLowerCase();
  const word = WORDS.get(trimmed);
  if (word !== undefined) return word;
  if (!/^\d+$/.test(trimmed)) return undefined;
  const n = Number(trimmed);
  return n <= MAX_CONFIRM_REMEASURES ? n : undefined;
}
