/**
 * Which secret values output may mask. Masking replaces every occurrence of a value in
 * everything printed, so a trivially short value would garble ordinary text (a value `2` turns
 * `127.0.0.1` into `1***7.0.0.1`) and, by the pattern of `***`s, show the value anyway.
 */

/** A value to keep out of output, with how the user knows it (never the value itself). */
export interface SecretSource {
  value: string;
  /** What to call it in a warning: `${API_TOKEN}`, `the password in --target`. */
  label: string;
  /** Where it was first used, e.g. `headers.authorization` or `--target`. */
  path: string;
}

/**
 * Values shorter than this are not masked. Four characters, as google-github-actions'
 * `min_mask_length` default: below it a value is a digit, a port, `dev` or `on`, which
 * occurs all over a report (latencies, counts, addresses), while a secret that short can be
 * guessed in a few million tries, so masking it would destroy output and protect nothing.
 * GitHub's runner masks even one character and has exactly this problem.
 */
export const MIN_MASKED_SECRET_LENGTH = 4;

/** Values to mask, and one warning per label too short to mask. */
export interface MaskedSecrets {
  /** De-duplicated values of at least `MIN_MASKED_SECRET_LENGTH` characters. */
  values: string[];
  /** `path: label is too short …`, naming the label, never the value. */
  warnings: string[];
}

/**
 * Splits secrets into the ones output masks and warnings for the ones too short to be masked
 * safely. Empty values mask nothing and are dropped without a warning. Length is counted in
 * UTF-16 code units, as the maskers compare strings.
 */
export function chooseMaskedSecrets(sources: readonly SecretSource[]): MaskedSecrets {
  const values = new Set<string>();
  const warned = new Set<string>();
  const warnings: string[] = [];
  for (const source of sources) {
    if (source.value.length >= MIN_MASKED_SECRET_LENGTH) values.add(source.value);
    else if (source.value !== '' && !warned.has(source.label)) {
      warned.add(source.label);
      warnings.push(
        `${source.path}: ${source.label} is too short to be masked safely (fewer than ${MIN_MASKED_SECRET_LENGTH} characters), so its value is not masked in output`,
      );
    }
  }
  return { values: [...values], warnings };
}
