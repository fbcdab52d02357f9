import { describe, expect, it } from 'vitest';
import { parseProfile, readProfileRules } from '../../../src/core/profile/parse-profile.js';
import { expectIssues, expectProfile, makeRawProfile, normalize } from './profile-fixtures.js';

type Raw = ReturnType<typeof makeRawProfile>;

const YAML_PROFILE = `
name: checkout-api
baseUrl: http://127.0.0.1:8080/
defaults: &auth
  authorization: Bearer \${API_TOKEN}
scenarios:
  - name: list
    path: /products
load:
  preset: smoke
`;

describe('parseProfile', () => {
  it('reads YAML', () => {
    const text =
      'name: a\nbaseUrl: http://h\nscenarios:\n  - { name: s, path: / }\nload: { preset: heartbeat }\n';
    const profile = expectProfile(parseProfile(text, { env: {} }));
    expect(profile.load).toMatchObject({ preset: 'heartbeat', connections: 2, warmupMs: 0 });
  });

  it('uses defaultLoad for a profile without load (the heartbeat), never over a written one', () => {
    const bare = 'name: a\nbaseUrl: http://h\nscenarios:\n  - { name: s, path: / }\n';
    const profile = expectProfile(
      parseProfile(bare, { env: {}, defaultLoad: { preset: 'heartbeat' } }),
    );
    expect(profile.load.preset).toBe('heartbeat');
    expect(expectIssues(parseProfile(bare, { env: {} }))).toEqual([
      expect.objectContaining({ path: 'load' }),
    ]);
    const written = `${bare}load: { preset: smoke }\n`;
    const kept = expectProfile(
      parseProfile(written, { env: {}, defaultLoad: { preset: 'heartbeat' } }),
    );
    expect(kept.load.preset).toBe('smoke');
  });

  it('reads JSON with format json and with format auto', () => {
    const text = JSON.stringify({
      name: 'a',
      baseUrl: 'http://h',
      scenarios: [{ name: 's', path: '/' }],
      load: { executor: 'constant-vus', vus: 3, duration: '5s' },
    });
    for (const format of ['json', 'auto'] as const) {
      expect(expectProfile(parseProfile(text, { env: {}, format })).load.plan).toEqual({
        executor: 'constant-vus',
        vus: 3,
        durationMs: 5_000,
      });
    }
  });

  it('shares headers through YAML merge keys', () => {
    const text = YAML_PROFILE.replace('defaults: &auth', 'headers: &auth').replace(
      '    path: /products\n',
      '    path: /products\n    headers:\n      <<: *auth\n      x-extra: "1"\n',
    );
    const profile = expectProfile(parseProfile(text, { env: { API_TOKEN: 't' } }));
    expect(profile.scenarios[0]?.headers).toEqual({ authorization: 'Bearer t', 'x-extra': '1' });
  });

  it('treats unknown top-level keys as errors even when they only hold anchors', () => {
    const issues = expectIssues(parseProfile(YAML_PROFILE, { env: {} }));
    expect(issues.map((issue) => issue.path)).toEqual(['(file)']);
    expect(issues[0]?.message).toMatch(/^unknown key "defaults"/);
  });

  it.each([
    [
      'a YAML syntax error',
      'name: a\nscenarios: [1, 2\nload: x',
      'yaml',
      /^YAML syntax error at line 3, column 1: /,
    ],
    [
      'a duplicate key',
      'name: a\nname: b\n',
      'yaml',
      /^YAML syntax error at line 2, column 1: Map keys must be unique$/,
    ],
    [
      'tabs as indentation',
      'name: a\nload:\n\tpreset: smoke\n',
      'auto',
      /^YAML syntax error at line 3, column 1: /,
    ],
    [
      'several documents',
      'name: a\n---\nname: b\n',
      'yaml',
      /^YAML syntax error at line 2, column 1: Source contains multiple documents/,
    ],
    ['an unknown alias', 'name: *nope\n', 'yaml', /^YAML/],
    ['a JSON syntax error', '{"name": "a",\n  "load": }', 'json', /^JSON syntax error/],
    [
      'an empty file',
      '  \n',
      'yaml',
      /^expected a profile with name, baseUrl, scenarios and load, got an empty file$/,
    ],
  ] as const)('reports %s as one (file) issue', (_name, text, format, message) => {
    const issues = expectIssues(parseProfile(text, { env: {}, format }));
    expect(issues).toHaveLength(1);
    expect(issues[0]?.path).toBe('(file)');
    expect(issues[0]?.message).toMatch(message);
  });

  it('passes overrides through', () => {
    const text =
      'name: a\nbaseUrl: http://h\nscenarios: [{ name: s, path: / }]\nload: { preset: smoke }\n';
    const profile = expectProfile(
      parseProfile(text, { env: {}, overrides: { rate: '9', target: 'http://other:1' } }),
    );
    expect(profile.baseUrl).toBe('http://other:1');
    expect(profile.load.plan).toMatchObject({ ratePerSec: 9 });
  });
});

/** Status codes accepted when `expect` is not written: 200–399. */
const ANY_OK = Array.from({ length: 200 }, (_, offset) => 200 + offset);

const JOURNEY_PROFILE = `
name: shop
baseUrl: http://127.0.0.1:8080
seed: 7
headers:
  x-client: loadgate
  authorization: Bearer \${setup.token}
data:
  products: { file: data/products.csv }
  users: { file: data/users.csv, order: unique, onExhausted: wrap, secret: [password] }
  prompts: { file: data/prompts.txt, order: sequential, secret: true }
  feed: { file: data/feed.dat, format: json }
setup:
  perVu: true
  measure: true
  requests:
    - name: login
      method: POST
      path: /auth/token
      json: { user: "\${data.users.name}", password: "\${data.users.password}" }
      expect: { status: 200 }
      extract: { token: json.$.token }
    - name: me
      path: /me?vu=\${vu}
      extract: { userId: header.x-user-id }
scenarios:
  - name: health
    path: /api/products/\${random.int(1,1000)}?n=\${seq}
  - name: shopper
    weight: 3
    category: normal
    steps:
      - name: list
        path: /api/products
        think: 1s..3s
        extract: { firstId: "json.$.items[0].id" }
      - name: add to cart
        method: POST
        path: /api/cart
        headers: { x-api-key: "\${API_KEY}" }
        json: { productId: "\${data.products.id}", qty: 1, note: "seq \${seq}" }
        timeout: 2s
        think: { min: 500ms, max: 1s }
        extract: { cartId: json.$.cartId, loc: header.location }
      - name: checkout
        method: POST
        path: /api/cart/\${vars.cartId}/checkout
        headers: { authorization: "Token \${setup.userId}" }
        body: "first=\${vars.firstId}"
        continueOnFailure: true
load: { executor: constant-vus, vus: 2, duration: 5s }
`;

describe('parseProfile journeys, data and setup', () => {
  it('flattens steps to rows <journey>/<step>, builds journeys, setup and per-request templates', () => {
    const profile = expectProfile(parseProfile(JOURNEY_PROFILE, { env: { API_KEY: 'key-1234' } }));
    const setupToken = { kind: 'text', parts: ['Bearer ', { kind: 'setup', name: 'token' }] };
    const common = { expect: { status: ANY_OK }, timeoutMs: 10_000, maxRedirects: 10 };
    expect(profile.scenarios).toEqual([
      {
        name: 'health',
        weight: 1,
        method: 'GET',
        path: '/api/products/${random.int(1,1000)}?n=${seq}',
        pathTemplate: '/api/products/${random.int(1,1000)}?n=${seq}',
        headers: { 'x-client': 'loadgate', authorization: 'Bearer ${setup.token}' },
        ...common,
        dynamic: {
          path: {
            kind: 'text',
            parts: [
              '/api/products/',
              { kind: 'random.int', min: 1, max: 1000 },
              '?n=',
              { kind: 'seq' },
            ],
          },
          headers: { authorization: setupToken },
        },
      },
      {
        name: 'shopper/list',
        weight: 3,
        method: 'GET',
        path: '/api/products',
        pathTemplate: '/api/products',
        headers: { 'x-client': 'loadgate', authorization: 'Bearer ${setup.token}' },
        category: 'normal',
        ...common,
        dynamic: { headers: { authorization: setupToken } },
        journey: 'shopper',
      },
      {
        name: 'shopper/add to cart',
        weight: 3,
        method: 'POST',
        path: '/api/cart',
        pathTemplate: '/api/cart',
        headers: {
          'x-client': 'loadgate',
          authorization: 'Bearer ${setup.token}',
          'x-api-key': 'key-1234',
          'content-type': 'application/json',
        },
        body: '{"productId":"${data.products.id}","qty":1,"note":"seq ${seq}"}',
        category: 'normal',
        ...common,
        timeoutMs: 2_000,
        dynamic: {
          headers: { authorization: setupToken },
          body: {
            kind: 'json',
            parts: [
              '{"productId":',
              { kind: 'whole', reference: { kind: 'data', source: 'products', column: 'id' } },
              ',"qty":1,"note":',
              { kind: 'string', template: { kind: 'text', parts: ['seq ', { kind: 'seq' }] } },
              '}',
            ],
          },
        },
        journey: 'shopper',
      },
      {
        name: 'shopper/checkout',
        weight: 3,
        method: 'POST',
        path: '/api/cart/${vars.cartId}/checkout',
        pathTemplate: '/api/cart/${vars.cartId}/checkout',
        headers: { 'x-client': 'loadgate', authorization: 'Token ${setup.userId}' },
        body: 'first=${vars.firstId}',
        category: 'normal',
        ...common,
        dynamic: {
          path: {
            kind: 'text',
            parts: ['/api/cart/', { kind: 'vars', name: 'cartId' }, '/checkout'],
          },
          // The step's own authorization wins over the profile's.
          headers: {
            authorization: { kind: 'text', parts: ['Token ', { kind: 'setup', name: 'userId' }] },
          },
          body: { kind: 'text', parts: ['first=', { kind: 'vars', name: 'firstId' }] },
        },
        journey: 'shopper',
      },
      {
        name: 'setup/login',
        weight: 1,
        method: 'POST',
        path: '/auth/token',
        pathTemplate: '/auth/token',
        // The profile's authorization needs the token this request is about to receive.
        headers: { 'x-client': 'loadgate', 'content-type': 'application/json' },
        body: '{"user":"${data.users.name}","password":"${data.users.password}"}',
        ...common,
        expect: { status: [200] },
        dynamic: {
          body: {
            kind: 'json',
            parts: [
              '{"user":',
              { kind: 'whole', reference: { kind: 'data', source: 'users', column: 'name' } },
              ',"password":',
              { kind: 'whole', reference: { kind: 'data', source: 'users', column: 'password' } },
              '}',
            ],
          },
        },
        setup: true,
      },
      {
        name: 'setup/me',
        weight: 1,
        method: 'GET',
        path: '/me?vu=${vu}',
        pathTemplate: '/me?vu=${vu}',
        headers: { 'x-client': 'loadgate', authorization: 'Bearer ${setup.token}' },
        ...common,
        dynamic: {
          path: { kind: 'text', parts: ['/me?vu=', { kind: 'vu' }] },
          headers: { authorization: setupToken },
        },
        setup: true,
      },
    ]);
    expect(profile.journeys).toEqual([
      {
        name: 'shopper',
        weight: 3,
        category: 'normal',
        steps: [
          {
            scenario: 1,
            thinkMs: { minMs: 1_000, maxMs: 3_000 },
            continueOnFailure: false,
            extract: [
              {
                name: 'firstId',
                from: 'json',
                path: ['items', 0, 'id'],
                written: 'json.$.items[0].id',
              },
            ],
          },
          {
            scenario: 2,
            thinkMs: { minMs: 500, maxMs: 1_000 },
            continueOnFailure: false,
            extract: [
              { name: 'cartId', from: 'json', path: ['cartId'], written: 'json.$.cartId' },
              { name: 'loc', from: 'header', header: 'location', written: 'header.location' },
            ],
          },
          {
            scenario: 3,
            thinkMs: { minMs: 0, maxMs: 0 },
            continueOnFailure: true,
            extract: [],
          },
        ],
      },
    ]);
    expect(profile.setup).toEqual({
      perVu: true,
      measure: true,
      requests: [
        {
          scenario: profile.scenarios[4],
          extract: [{ name: 'token', from: 'json', path: ['token'], written: 'json.$.token' }],
          row: 4,
        },
        {
          scenario: profile.scenarios[5],
          extract: [
            { name: 'userId', from: 'header', header: 'x-user-id', written: 'header.x-user-id' },
          ],
          row: 5,
        },
      ],
    });
    expect(profile.data).toEqual([
      {
        name: 'products',
        file: 'data/products.csv',
        format: 'csv',
        order: 'random',
        onExhausted: 'stop',
        secretColumns: [],
      },
      {
        name: 'users',
        file: 'data/users.csv',
        format: 'csv',
        order: 'unique',
        onExhausted: 'wrap',
        secretColumns: ['password'],
      },
      {
        name: 'prompts',
        file: 'data/prompts.txt',
        format: 'text',
        order: 'sequential',
        onExhausted: 'stop',
        secretColumns: [],
        allColumnsSecret: true,
      },
      {
        name: 'feed',
        file: 'data/feed.dat',
        format: 'json',
        order: 'random',
        onExhausted: 'stop',
        secretColumns: [],
      },
    ]);
    // An environment value in a step is a secret like anywhere else.
    expect(profile.secretValues).toEqual(['key-1234']);
  });

  it('leaves setup out of the rows unless measured, and profiles without journeys unchanged', () => {
    const text = JOURNEY_PROFILE.replace('  measure: true\n', '');
    const profile = expectProfile(parseProfile(text, { env: { API_KEY: 'key-1234' } }));
    expect(profile.scenarios.map((s) => s.name)).toEqual([
      'health',
      'shopper/list',
      'shopper/add to cart',
      'shopper/checkout',
    ]);
    expect(profile.setup?.measure).toBe(false);
    expect(profile.setup?.requests.map((r) => [r.scenario.name, r.row, r.scenario.setup])).toEqual([
      ['setup/login', undefined, undefined],
      ['setup/me', undefined, undefined],
    ]);
    const plain = expectProfile(
      parseProfile(
        'name: a\nbaseUrl: http://h\nscenarios: [{ name: s, path: / }]\nload: { preset: smoke }\n',
        {
          env: {},
        },
      ),
    );
    expect(Object.keys(plain)).not.toEqual(expect.arrayContaining(['journeys']));
    expect(plain).not.toHaveProperty('data');
    expect(plain).not.toHaveProperty('setup');
    expect(plain.scenarios[0]).not.toHaveProperty('dynamic');
  });

  it('sends URL credentials with every step and setup request, naming where a header wins', () => {
    const text = JOURNEY_PROFILE.replace(
      'baseUrl: http://127.0.0.1:8080',
      'baseUrl: http://user:pass-1234@127.0.0.1:8080',
    ).replace('  authorization: Bearer ${setup.token}\n', '');
    const result = parseProfile(text, { env: { API_KEY: 'key-1234' } });
    const profile = expectProfile(result);
    const basic = `Basic ${Buffer.from('user:pass-1234').toString('base64')}`;
    expect(profile.scenarios.map((s) => s.headers.authorization)).toEqual([
      basic,
      basic,
      basic,
      'Token ${setup.userId}',
      basic,
      basic,
    ]);
    expect(result.ok && result.warnings).toEqual([
      'baseUrl: the credentials in the URL are not sent with scenarios[1].steps[2]: an authorization header set in the profile wins',
    ]);
  });

  it('lets rules name step and measured setup rows', () => {
    const rules = `thresholds:\n  scenarios:\n    shopper/checkout: { p95: 300ms }\n    setup/login: { p95: 1s }\n`;
    const profile = expectProfile(
      parseProfile(`${JOURNEY_PROFILE}${rules}`, { env: { API_KEY: 'key-1234' } }),
    );
    expect(profile.rules.thresholds.map((rule) => rule.scenario)).toEqual(
      expect.arrayContaining(['shopper/checkout', 'setup/login']),
    );
    const journeyName = `thresholds:\n  scenarios:\n    shopper: { p95: 300ms }\n`;
    const issues = expectIssues(
      parseProfile(`${JOURNEY_PROFILE}${journeyName}`, { env: { API_KEY: 'key-1234' } }),
    );
    expect(issues.map((issue) => issue.path)).toEqual(['thresholds.scenarios.shopper']);
  });

  it('substitutes and requires environment variables in steps and setup requests', () => {
    const issues = expectIssues(parseProfile(JOURNEY_PROFILE, { env: {} }));
    expect(issues).toEqual([
      {
        path: 'scenarios[1].steps[1].headers.x-api-key',
        message: 'environment variable API_KEY is not set',
      },
    ]);
    const text = JOURNEY_PROFILE.replace('path: /auth/token', 'path: /auth/${AUTH_PATH}');
    const profile = expectProfile(
      parseProfile(text, { env: { API_KEY: 'key-1234', AUTH_PATH: 'token-v2' } }),
    );
    expect(profile.setup?.requests[0]?.scenario).toMatchObject({
      path: '/auth/token-v2',
      pathTemplate: '/auth/${AUTH_PATH}',
    });
    expect(profile.secretValues).toEqual(['key-1234', 'token-v2']);
  });

  it('reads a journey profile for its rules without any variable set', () => {
    const result = readProfileRules(JOURNEY_PROFILE);
    expect(result.ok).toBe(true);
  });
});

describe('parseProfile journey, data and setup problems', () => {
  it('reports every problem at once, each at its path', () => {
    const raw = {
      name: 'shop',
      baseUrl: 'http://127.0.0.1:8080',
      headers: { 'x-cart': '${vars.cartId}' },
      data: {
        products: { file: 'data/products.csv' },
        'bad.name': { file: 'x.dat', onExhausted: 'wrap' },
      },
      setup: {
        perVu: true,
        measure: true,
        requests: [
          { name: 'me', path: '/me/${setup.token}' },
          {
            name: 'login',
            method: 'POST',
            path: '/auth',
            extract: { token: 'json.$.token', 'bad-name': 'json.$.x' },
          },
        ],
      },
      scenarios: [
        {
          name: 'health',
          path: '/h/${vars.x}?p=${data.prodcts.id}&u=${vu}&i=${random.int(9,1)}',
          extract: { a: 'json.$.a' },
          think: '1s',
        },
        {
          name: 'shopper',
          path: '/x',
          method: 'POST',
          steps: [
            { name: 'list', path: '/p', extract: { firstId: 'json.$.items[0].id' } },
            { name: 'add', path: '/c/${vars.cartId}', weight: 2 },
            {
              name: 'checkout',
              method: 'POST',
              path: '/c/${vars.cartId}/checkout',
              json: { at: '${iteration}' },
            },
            { name: 'list', path: '/p2' },
          ],
        },
        { name: 'shopper/add', path: '/dup' },
        { name: 'empty', steps: [] },
        { name: 'setup/login', path: '/s' },
        { name: 'nothing' },
      ],
      load: { executor: 'constant-arrival-rate', rate: 10, duration: '10s' },
    };
    const openModelUser = (reference: string) =>
      `${reference} is only known in the closed model (constant-vus, ramping-vus): arrivals of constant-arrival-rate have no virtual user`;
    expect(expectIssues(normalize(raw))).toEqual([
      {
        path: 'data["bad.name"].format',
        message:
          'required: expected one of csv, json, text (the file name "x.dat" does not end in .csv, .json or .txt)',
      },
      {
        path: 'data["bad.name"].onExhausted',
        message:
          'expected onExhausted only with order: unique (random order reuses rows and never runs out)',
      },
      {
        path: 'data["bad.name"]',
        message:
          'expected a data source name of letters, digits and _ not starting with a digit (it is used as ${data.NAME.column}), got "bad.name"',
      },
      {
        path: 'setup.requests[1].extract.bad-name',
        message:
          'expected a name of letters, digits and _ not starting with a digit, got "bad-name"',
      },
      {
        path: 'scenarios[0]',
        message:
          'unknown keys "extract" (only on a step of a journey: write the requests as steps: [...] to use a value in a later one), "think" (only on a step of a journey; a plain scenario\'s pause is load.thinkTime (constant-vus, ramping-vus)); allowed keys: name, weight, method, path, headers, json, body, category, timeout, maxRedirects, expect, steps',
      },
      {
        path: 'scenarios[1].steps[1]',
        message:
          'unknown key "weight" (a journey\'s steps share its weight: set weight on the journey); allowed keys: name, method, path, headers, json, body, timeout, maxRedirects, expect, think, continueOnFailure, extract',
      },
      {
        path: 'scenarios[1].method',
        message: 'expected no method on a journey: each step sets its own (steps[].method)',
      },
      {
        path: 'scenarios[1].path',
        message: 'expected either steps (a journey) or path (one request), got both',
      },
      { path: 'scenarios[3].steps', message: 'expected at least one step, got an empty list' },
      {
        path: 'scenarios[5].path',
        message:
          'required: expected a path starting with "/" (one request), or steps: [...] (a journey)',
      },
      {
        path: 'setup.perVu',
        message:
          'expected false with constant-arrival-rate: perVu runs the setup once per virtual user, and arrivals of the open model have none (use constant-vus, ramping-vus, or run the setup once)',
      },
      {
        path: 'headers.x-cart',
        message:
          "${vars.cartId} is a value extracted by an earlier step of a journey; profile-level headers go with every request: set it in the steps' headers",
      },
      { path: 'scenarios[0].path', message: expect.stringContaining('${random.int(9,1)}') },
      {
        path: 'scenarios[0].path',
        message:
          '${vars.x} is a value extracted by an earlier step of a journey; a plain scenario has no earlier step: write the requests as steps of a journey',
      },
      {
        path: 'scenarios[0].path',
        message:
          '${data.prodcts.id}: no data source is named "prodcts" (did you mean "products"?); data: declares "products", "bad.name"',
      },
      { path: 'scenarios[0].path', message: openModelUser('${vu}') },
      {
        path: 'scenarios[1].steps[1].path',
        message:
          '${vars.cartId} is not extracted by an earlier step of journey "shopper" (earlier steps extract: firstId)',
      },
      {
        path: 'scenarios[1].steps[2].path',
        message:
          '${vars.cartId} is not extracted by an earlier step of journey "shopper" (earlier steps extract: firstId)',
      },
      { path: 'scenarios[1].steps[2].json.at', message: openModelUser('${iteration}') },
      {
        path: 'setup.requests[0].path',
        message:
          '${setup.token} is not extracted by an earlier setup request (it is the first setup request)',
      },
      {
        path: 'scenarios[1].steps[3].name',
        message:
          'expected a unique step name in this journey, got "list" again (first at scenarios[1].steps[0])',
      },
      {
        path: 'scenarios[2].name',
        message:
          'expected a unique row name, got "shopper/add", which is also the name of scenarios[1].steps[1]: every row of the reports needs its own name',
      },
      {
        path: 'setup.requests[1].name',
        message:
          'expected a unique row name, got "setup/login", which is also the name of scenarios[4]: every row of the reports needs its own name',
      },
    ]);
  });

  it.each([
    [
      'a setup value without setup',
      (raw: Raw) => {
        raw.scenarios = [
          { name: 's', path: '/x', headers: { authorization: 'Bearer ${setup.token}' } },
        ];
      },
      'scenarios[0].headers.authorization',
      '${setup.token} is not extracted by any setup request (the profile has no setup: section)',
    ],
    [
      'a setup value no setup request extracts',
      (raw: Raw) => {
        raw.setup = { requests: [{ name: 'login', path: '/l', extract: { jwt: 'json.$.jwt' } }] };
        raw.scenarios = [{ name: 's', path: '/x?t=${setup.token}' }];
      },
      'scenarios[0].path',
      '${setup.token} is not extracted by any setup request (setup requests extract: jwt)',
    ],
    [
      'a data source without data',
      (raw: Raw) => {
        raw.scenarios = [{ name: 's', method: 'POST', path: '/x', body: 'id=${data.users.id}' }];
      },
      'scenarios[0].body',
      '${data.users.id}: no data source is named "users"; the profile has no data: section',
    ],
    [
      'vars in a setup request',
      (raw: Raw) => {
        raw.setup = { requests: [{ name: 'login', path: '/l/${vars.id}' }] };
      },
      'setup.requests[0].path',
      '${vars.id} is a value extracted by an earlier step of a journey; a setup request runs before any journey: use ${setup.NAME}',
    ],
    [
      'vars in the first step',
      (raw: Raw) => {
        raw.scenarios = [{ name: 'j', steps: [{ name: 'a', path: '/a/${vars.id}' }] }];
      },
      'scenarios[0].steps[0].path',
      '${vars.id} is not extracted by an earlier step of journey "j" (it is the first step)',
    ],
    [
      'a value extracted by a later step',
      (raw: Raw) => {
        raw.scenarios = [
          {
            name: 'j',
            steps: [
              { name: 'a', path: '/a' },
              { name: 'b', path: '/b/${vars.id}' },
              { name: 'c', path: '/c', extract: { id: 'json.$.id' } },
            ],
          },
        ];
      },
      'scenarios[0].steps[1].path',
      '${vars.id} is not extracted by an earlier step of journey "j" (earlier steps extract nothing)',
    ],
    [
      '${vu} in setup without perVu',
      (raw: Raw) => {
        raw.load = { executor: 'constant-vus', vus: 2, duration: '5s' };
        raw.setup = { requests: [{ name: 'login', path: '/l?vu=${vu}' }] };
      },
      'setup.requests[0].path',
      '${vu} is not known in setup without perVu: true (setup runs once, before any virtual user starts)',
    ],
    [
      '${iteration} in profile-level headers, which setup requests send too',
      (raw: Raw) => {
        raw.load = { executor: 'constant-vus', vus: 2, duration: '5s' };
        raw.headers = { 'x-iteration': '${iteration}' };
        raw.setup = { perVu: true, requests: [{ name: 'login', path: '/l' }] };
      },
      'headers.x-iteration',
      "${iteration} is not known in setup, and profile-level headers go with setup requests too: set it in the scenarios' and steps' headers",
    ],
    [
      '${iteration} in setup',
      (raw: Raw) => {
        raw.load = { executor: 'constant-vus', vus: 2, duration: '5s' };
        raw.setup = { perVu: true, requests: [{ name: 'login', path: '/l?i=${iteration}' }] };
      },
      'setup.requests[0].path',
      '${iteration} is not known in setup: setup runs before the first iteration',
    ],
    [
      '${vu} with a preset',
      (raw: Raw) => {
        raw.load = { preset: 'smoke' };
        raw.scenarios = [{ name: 's', path: '/x', headers: { 'x-vu': '${vu}' } }];
      },
      'scenarios[0].headers.x-vu',
      '${vu} is only known in the closed model (constant-vus, ramping-vus): arrivals of the smoke preset have no virtual user',
    ],
    [
      'an empty setup',
      (raw: Raw) => {
        raw.setup = { requests: [] };
      },
      'setup.requests',
      'expected at least one setup request, got an empty list',
    ],
    [
      'a repeated setup request name',
      (raw: Raw) => {
        raw.setup = {
          requests: [
            { name: 'a', path: '/a' },
            { name: 'a', path: '/b' },
          ],
        };
      },
      'setup.requests[1].name',
      'expected a unique name, got "a" again (first at setup.requests[0])',
    ],
    [
      'think on a setup request',
      (raw: Raw) => {
        raw.setup = { requests: [{ name: 'a', path: '/a', think: '1s' }] };
      },
      'setup.requests[0]',
      'unknown key "think" (setup requests run one after the other, without pauses); allowed keys: name, method, path, headers, json, body, timeout, maxRedirects, expect, extract',
    ],
    [
      'a bad step think time',
      (raw: Raw) => {
        raw.scenarios = [{ name: 'j', steps: [{ name: 'a', path: '/a', think: '3s..1s' }] }];
      },
      'scenarios[0].steps[0].think',
      'expected the minimum not above the maximum, got "3s..1s"',
    ],
    [
      'continueOnFailure as text',
      (raw: Raw) => {
        raw.scenarios = [
          { name: 'j', steps: [{ name: 'a', path: '/a', continueOnFailure: 'yes' }] },
        ];
      },
      'scenarios[0].steps[0].continueOnFailure',
      'expected true or false, got "yes"',
    ],
    [
      'a body on a GET step',
      (raw: Raw) => {
        raw.scenarios = [{ name: 'j', steps: [{ name: 'a', path: '/a', body: 'x' }] }];
      },
      'scenarios[0].steps[0].body',
      'expected no body on a GET request (use POST, PUT or PATCH to send one)',
    ],
    [
      'headers on a journey',
      (raw: Raw) => {
        raw.scenarios = [{ name: 'j', headers: { a: 'b' }, steps: [{ name: 'a', path: '/a' }] }];
      },
      'scenarios[0].headers',
      'expected no headers on a journey: each step sets its own (steps[].headers)',
    ],
    [
      'a secret that is neither true nor columns',
      (raw: Raw) => {
        raw.data = { users: { file: 'u.csv', secret: 'password' } };
      },
      'data.users.secret',
      'expected true (every column) or a list of column names, got "password"',
    ],
    [
      'an unknown order',
      (raw: Raw) => {
        raw.data = { users: { file: 'u.csv', order: 'shuffled' } };
      },
      'data.users.order',
      'expected one of random, sequential, unique, got "shuffled"',
    ],
  ])('reports %s', (_name, change, path, message) => {
    const raw = makeRawProfile();
    change(raw);
    const issues = expectIssues(normalize(raw));
    expect(issues, JSON.stringify(issues)).toEqual([{ path, message }]);
  });

  it('accepts ${vu} and ${iteration} in the closed model, and ${vu} in a perVu setup', () => {
    const raw = makeRawProfile();
    raw.load = { executor: 'ramping-vus', stages: [{ duration: '5s', target: 2 }] };
    raw.setup = { perVu: true, requests: [{ name: 'login', path: '/l?vu=${vu}' }] };
    raw.scenarios = [{ name: 's', path: '/x?vu=${vu}&i=${iteration}' }];
    const profile = expectProfile(normalize(raw));
    expect(profile.scenarios[0]?.dynamic?.path?.parts).toEqual([
      '/x?vu=',
      { kind: 'vu' },
      '&i=',
      { kind: 'iteration' },
    ]);
    expect(profile.setup?.perVu).toBe(true);
  });
});
