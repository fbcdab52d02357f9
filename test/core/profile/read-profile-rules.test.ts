// biome-ignore-all lint/suspicious/noTemplateCurlyInString: ${VAR} references are the subject of these tests.
import { describe, expect, it } from 'vitest';
import { readProfileRules } from '../../../src/core/profile/parse-profile.js';

const profileText = (extra = '') => `name: gate
baseUrl: \${BASE_URL}
headers: { authorization: "Bearer \${API_TOKEN}" }
scenarios:
  - { name: search, path: "/search?key=\${SEARCH_KEY}", headers: { x-tenant: "\${TENANT}" } }
load: { executor: constant-arrival-rate, rate: 10, duration: 10s }
thresholds: { p95: 300ms }
${extra}`;

describe('readProfileRules (compare --profile, report mode)', () => {
  it('reads the rules without substituting or requiring any ${VAR}', () => {
    const result = readProfileRules(profileText(), 'yaml');
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.rules.thresholds.map((rule) => rule.metric)).toContain('p95');
    expect(JSON.stringify(result)).not.toContain('is not set');
  });

  it('still reports real problems of the profile, with their paths', () => {
    const result = readProfileRules(
      profileText('regressions: { p95: { fail: lots } }\n').replace('10s', '10'),
      'yaml',
    );
    expect(result.ok).toBe(false);
    const paths = result.ok ? [] : result.issues.map((issue) => issue.path);
    expect(paths).toEqual(expect.arrayContaining(['load.duration', 'regressions.p95.fail']));
  });

  it('still reports a malformed ${…} reference and characters written in the profile', () => {
    const text = profileText().replace('${TENANT}', '${1TENANT}').replace('/search', '/sé');
    const result = readProfileRules(text, 'yaml');
    expect(result.ok ? [] : result.issues.map((issue) => issue.path)).toEqual([
      'scenarios[0].path',
      'scenarios[0].headers.x-tenant',
    ]);
  });

  it('reports syntax errors with their place', () => {
    const result = readProfileRules('{"name": "x",}', 'json');
    expect(result).toEqual({
      ok: false,
      issues: [
        {
          path: '(file)',
          message: 'JSON syntax error at line 1, column 14: trailing comma before "}"',
        },
      ],
    });
  });
});
