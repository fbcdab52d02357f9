/**
 * Raw schema of the connection settings next to `baseUrl`: `protocol`, `maxConcurrentStreams`
 * and `tls`. Cross-field rules (HTTP/2 needs https, streams only with HTTP/2) live in
 * `connection-settings.ts`, where the base URL is known.
 */
import { z } from 'zod';
import { countField, expecting, strictSection, textField } from '../input/schema-fields.js';

/** Bounds and default of `maxConcurrentStreams`, streams per HTTP/2 connection. */
export const MAX_CONCURRENT_STREAMS = { min: 1, max: 1000, default: 100 } as const;

/** How a CA file is described in messages. */
export const CA_FILE_FORM =
  'a path (relative to the profile) to a PEM file with -----BEGIN CERTIFICATE----- blocks';

export const protocolField = z
  .enum(['http1', 'http2'], { error: expecting('http1 or http2') })
  .meta({
    description:
      'HTTP version to speak: http1 (HTTP/1.1, one request per connection at a time) or http2 (negotiated by ALPN over https; streams share each connection).',
    default: 'http1',
  });

export const maxConcurrentStreamsField = countField(
  'streams',
  MAX_CONCURRENT_STREAMS.min,
  MAX_CONCURRENT_STREAMS.max,
  'protocol: http2 only: requests in flight at once on one connection. Default 100.',
);

export const tlsSchema = strictSection(
  {
    rejectUnauthorized: z
      .boolean({ error: expecting('true or false') })
      .meta({
        description:
          'Check the target certificate against the trusted CAs (and tls.ca); false accepts any certificate, with a warning.',
        default: true,
      })
      .optional(),
    ca: textField(
      CA_FILE_FORM,
      `Extra trusted CA certificates for staging targets: ${CA_FILE_FORM}.`,
    ).optional(),
  },
  'a tls mapping with rejectUnauthorized and/or ca',
).meta({ description: 'TLS settings for https targets.' });
