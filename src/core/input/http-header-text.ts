/**
 * What undici 7 (lib/core/util.js) accepts in a header, shared by the profile's request checks
 * (`request-text-checks.ts`) and the readiness check's `--wait-for-header`s (`wait-headers.ts`),
 * so that what passes either is what undici sends.
 */

/** undici's `isValidHTTPToken`: header names and `connection` options (RFC 9110 tokens). */
export const HTTP_TOKEN_RE = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;

/** undici's `headerCharRegex`: a value holds tab, printable ASCII and U+0080–U+00FF (obs-text),
 * so no CR or LF can end the header early and start another. */
export const BAD_HEADER_VALUE_CHAR_RE = /[^\t\x20-\x7e\x80-\xff]/;
