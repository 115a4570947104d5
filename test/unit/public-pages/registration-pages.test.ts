import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { describe, expect, it, vi } from 'vitest';
import { ForbiddenError, NotFoundError } from '../../../shared/platform/errors.js';
import { CsrfRejectedError, csrfTokenMatches } from '../../../shared/platform/web/csrf.js';
import type { RegistrationPageDeps } from '../../../shared/public-pages/registration-pages.js';
import type { HistoryEntry } from '../../../shared/registrations/history.js';
import type {
  RegistrationResubmissionRepository,
  ResubmitOutcome,
} from '../../../shared/registrations/ports.js';
import type { Registration } from '../../../shared/registrations/registration.js';
import { apiEvent, lambdaContext } from '../../fixtures/api-event.js';
import { FIXTURE_NOW, fixedClock } from '../../fixtures/clock.js';
import {
  InMemoryRegistrationRepository,
  sequentialIds,
  tabananSample,
} from '../../fixtures/in-memory-ports.js';
import { FIXTURE_EDIT_TOKEN, fixtureRegistration } from '../../fixtures/registration.js';
import { registrationBody } from '../../fixtures/registration-body.js';

const SECRET = 'unit-test-form-secret-0123456789abcdef0123456789';

vi.stubEnv('TABLE_NAME', 'kim-registry-test');
vi.stubEnv('SCOPE_CODE', '51.02');
vi.stubEnv('FORM_SECRET', 'another-secret-the-container-would-use-0123456789');
const { registrationPages } = await import('../../../functions/public-pages/registration-pages.js');
const HOST = 'abc123.execute-api.ap-southeast-3.amazonaws.com';
const ORIGIN = `https://${HOST}`;
const FORM = 'application/x-www-form-urlencoded';

/** The in-memory store, able to take a correction as the DynamoDB one does (all or nothing, on version). */
class Registrations extends InMemoryRegistrationRepository implements RegistrationResubmissionRepository {
  async resubmit(
    previous: Registration,
    next: Registration,
    history: HistoryEntry,
  ): Promise<ResubmitOutcome> {
    const stored = this.registrations.get(previous.id);
    if (stored?.version !== previous.version || stored.status !== previous.status)
      return { kind: 'conflict' };
    this.registrations.set(next.id, next);
    this.history.set(next.id, [...(this.history.get(next.id) ?? []), history]);
    return { kind: 'resubmitted' };
  }
}

const setup = () => {
  const registrations = new Registrations();
  const deps: RegistrationPageDeps = {
    registrations,
    regions: tabananSample(),
    clock: fixedClock(FIXTURE_NOW),
    newId: sequentialIds(),
    scope: '51.02',
    villageChoices: new Map(),
    formSecret: SECRET,
  };
  const route = registrationPages(deps);
  const handle = (event: APIGatewayProxyEventV2) => route(event, lambdaContext('registration-pages'));
  return { deps, registrations, handle };
};

const request = (
  routeKey: string,
  options: {
    path?: string;
    id?: string;
    body?: string;
    cookies?: string[];
    origin?: string;
    query?: Record<string, string>;
  } = {},
): APIGatewayProxyEventV2 => {
  const [method = 'GET', routePath = '/'] = routeKey.split(' ');
  const event = apiEvent({
    method,
    routeKey,
    path: options.path ?? routePath,
    headers: {
      accept: 'text/html',
      ...(method === 'POST' ? { origin: options.origin ?? ORIGIN, 'content-type': FORM } : {}),
    },
    ...(options.id ? { pathParameters: { id: options.id } } : {}),
    ...(options.body === undefined
      ? {}
      : { body: Buffer.from(options.body, 'utf8').toString('base64'), isBase64Encoded: true }),
    cookies: options.cookies ?? [],
  });
  return options.query ? { ...event, queryStringParameters: options.query } : event;
};

const html = (response: APIGatewayProxyStructuredResultV2) => String(response.body ?? '');
const cookiesOf = (response: APIGatewayProxyStructuredResultV2) => response.cookies ?? [];
const cookieNamed = (response: APIGatewayProxyStructuredResultV2, name: string) =>
  cookiesOf(response).find((cookie) => cookie.startsWith(`${name}=`));
const cookieValueOf = (setCookie: string | undefined) => /^[^=]+=([^;]*)/.exec(setCookie ?? '')?.[1] ?? '';
const hidden = (page: string, name: string) =>
  new RegExp(`name="${name.replace(/[[\].]/g, '\\$&')}" value="([^"]*)"`).exec(page)?.[1];

/** The form fields of a JSON body: one `name=value` per contract path, checkboxes repeated. */
const pairsOf = (value: unknown, path = ''): [string, string][] => {
  if (Array.isArray(value)) {
    return path === 'focusAreas'
      ? value.map((item): [string, string] => [path, String(item)])
      : value.flatMap((item, index) => pairsOf(item, `${path}[${index}]`));
  }
  if (value !== null && typeof value === 'object') {
    return Object.entries(value).flatMap(([key, item]) => pairsOf(item, path ? `${path}.${key}` : key));
  }
  return [[path, String(value)]];
};

/** Opens the form and answers what a browser would post back from it, with `body`'s fields. */
const openForm = async (handle: ReturnType<typeof setup>['handle']) => {
  const form = await handle(request('GET /daftar'));
  const cookie = cookieNamed(form, '__Host-csrf') ?? '';
  const page = html(form);
  const controls: [string, string][] = [
    ['_csrf', hidden(page, '_csrf') ?? ''],
    ['_idempotencyKey', hidden(page, '_idempotencyKey') ?? ''],
  ];
  return {
    form,
    page,
    cookies: [`__Host-csrf=${cookieValueOf(cookie)}`],
    post: (fields: [string, string][] = pairsOf(registrationBody()), extra: [string, string][] = []) =>
      new URLSearchParams([...controls, ...fields, ...extra]).toString(),
  };
};

const failure = (promise: Promise<unknown>) =>
  promise.then(
    () => undefined,
    (error: unknown) => error,
  );

describe('GET /daftar', () => {
  it('renders every contract field by its path, with a CSRF token bound to a new cookie', async () => {
    const { handle } = setup();
    const { form, page } = await openForm(handle);
    expect(form.statusCode).toBe(200);
    expect(form.headers?.['cache-control']).toBe('no-store');
    const cookie = cookieNamed(form, '__Host-csrf') ?? '';
    expect(cookie).toMatch(/; Path=\/; Max-Age=\d+; HttpOnly; Secure; SameSite=Lax$/);
    expect(csrfTokenMatches(SECRET, cookieValueOf(cookie), hidden(page, '_csrf') ?? '')).toBe(true);
    expect(hidden(page, '_idempotencyKey')).toMatch(/^[0-9a-f-]{36}$/);
    const names = new Set([...page.matchAll(/name="([^"]+)"/g)].map((match) => match[1]));
    for (const name of [
      'name',
      'villageCode',
      'sk.number',
      'sk.date',
      'officers[0].role',
      'officers[2].phone',
      'officers[2].email',
      'memberCount',
      'focusAreas',
      'media[0].type',
      'media[0].url',
      'contact.email',
      'contact.phone',
    ]) {
      expect(names, name).toContain(name);
    }
    expect(page).toContain('<optgroup label="Tabanan"><option value="51.02.05.2006">Dajan Peken</option>');
    expect(page).toMatch(/<form method="post" action="\/daftar" novalidate="">/);
  });
});

describe('POST /daftar', () => {
  it('registers and answers 303 to the receipt, with the edit token in a cookie for that receipt only', async () => {
    const { handle, registrations } = setup();
    const { cookies, post } = await openForm(handle);
    const response = await handle(request('POST /daftar', { body: post(), cookies }));
    expect(response.statusCode).toBe(303);
    const [id] = [...registrations.registrations.keys()];
    expect(response.headers?.location).toBe(`/daftar/${id}`);
    const receipt = cookieNamed(response, '__Secure-receipt') ?? '';
    expect(receipt).toMatch(
      new RegExp(
        `^__Secure-receipt=[A-Za-z0-9_-]{43}; Path=/daftar/${id}; Max-Age=900; HttpOnly; Secure; SameSite=Strict$`,
      ),
    );
    expect(registrations.registrations.size).toBe(1);
  });

  it('answers a resend of the same post with the same receipt and token, registering once', async () => {
    const { handle, registrations } = setup();
    const { cookies, post } = await openForm(handle);
    const first = await handle(request('POST /daftar', { body: post(), cookies }));
    const again = await handle(request('POST /daftar', { body: post(), cookies }));
    expect(again.statusCode).toBe(303);
    expect(again.headers?.location).toBe(first.headers?.location);
    expect(cookieValueOf(cookieNamed(again, '__Secure-receipt'))).toBe(
      cookieValueOf(cookieNamed(first, '__Secure-receipt')),
    );
    expect(registrations.registrations.size).toBe(1);
  });

  it('renders the form again with 400, values kept and errors beside their fields, writing nothing', async () => {
    const { handle, registrations } = setup();
    const { cookies, post } = await openForm(handle);
    const fields = pairsOf({ ...registrationBody(), name: '', memberCount: 'dua belas' });
    const response = await handle(request('POST /daftar', { body: post(fields), cookies }));
    expect(response.statusCode).toBe(400);
    const page = html(response);
    expect(page).toMatch(
      /id="f-name"[^>]*aria-invalid="true"[^>]*aria-describedby="f-name-hint f-name-error"/,
    );
    expect(page).toContain('<a href="#f-memberCount">');
    expect(page).toContain('value="dua belas"');
    expect(page).toContain('value="I Made Sudarma"');
    expect(hidden(page, '_idempotencyKey')).toBe(new URLSearchParams(post()).get('_idempotencyKey'));
    expect(registrations.registrations.size).toBe(0);
  });

  it('adds an officer row without registering, focusing its first input', async () => {
    const { handle, registrations } = setup();
    const { cookies, post } = await openForm(handle);
    const response = await handle(
      request('POST /daftar', {
        body: post(pairsOf(registrationBody()), [['_action', 'addOfficer']]),
        cookies,
      }),
    );
    expect(response.statusCode).toBe(200);
    expect(html(response)).toMatch(/name="officers\[3\]\.name" type="text" value="" [^>]*autofocus=""/);
    expect(registrations.registrations.size).toBe(0);
  });

  it('refuses a duplicate SK number in the village with 409 beside the SK number', async () => {
    const { handle } = setup();
    const first = await openForm(handle);
    await handle(request('POST /daftar', { body: first.post(), cookies: first.cookies }));
    const second = await openForm(handle);
    const response = await handle(request('POST /daftar', { body: second.post(), cookies: second.cookies }));
    expect(response.statusCode).toBe(409);
    expect(html(response)).toMatch(/<p class="field-error" id="f-sk-number-error">/);
  });

  it('renders the form again with a new key when its key was already used for other content (422)', async () => {
    const { handle, registrations } = setup();
    const { cookies, post } = await openForm(handle);
    await handle(request('POST /daftar', { body: post(), cookies }));
    const changed = pairsOf({ ...registrationBody(), sk: { number: '999/1/DP/2025', date: '2025-06-02' } });
    const response = await handle(request('POST /daftar', { body: post(changed), cookies }));
    expect(response.statusCode).toBe(422);
    const page = html(response);
    expect(hidden(page, '_idempotencyKey')).not.toBe(new URLSearchParams(post()).get('_idempotencyKey'));
    expect(page).toContain('value="999/1/DP/2025"');
    expect(registrations.registrations.size).toBe(1);
  });

  it('shows our own page its form again on a stale token (403), and refuses another site outright', async () => {
    const { handle, registrations } = setup();
    const { post } = await openForm(handle);
    const stale = await handle(request('POST /daftar', { body: post(), cookies: [] }));
    expect(stale.statusCode).toBe(403);
    expect(html(stale)).toContain('value="KIM Dajan Peken Informatif"');
    expect(cookieNamed(stale, '__Host-csrf')).toBeDefined();
    const forged = await failure(
      handle(request('POST /daftar', { body: post(), cookies: [], origin: 'https://evil.example' })),
    );
    expect(forged).toBeInstanceOf(CsrfRejectedError);
    expect(registrations.registrations.size).toBe(0);
  });

  it('refuses a malformed body with 400 before anything else', async () => {
    const { handle } = setup();
    const { cookies } = await openForm(handle);
    const error = await failure(handle(request('POST /daftar', { body: 'officers[500].name=x', cookies })));
    expect(error).toMatchObject({ errors: [{ field: 'officers[500].name' }] });
  });
});

describe('GET /daftar/{id}', () => {
  const registered = async () => {
    const setupResult = setup();
    const { cookies, post } = await openForm(setupResult.handle);
    const response = await setupResult.handle(request('POST /daftar', { body: post(), cookies }));
    const id = [...setupResult.registrations.registrations.keys()][0] ?? '';
    return { ...setupResult, id, token: cookieValueOf(cookieNamed(response, '__Secure-receipt')) };
  };

  it('shows the correction link to the browser holding the receipt cookie, with no-referrer and no-store', async () => {
    const { handle, id, token } = await registered();
    const response = await handle(
      request('GET /daftar/{id}', { path: `/daftar/${id}`, id, cookies: [`__Secure-receipt=${token}`] }),
    );
    expect(response.headers?.['referrer-policy']).toBe('no-referrer');
    expect(response.headers?.['cache-control']).toBe('no-store');
    expect(html(response)).toContain(`${ORIGIN}/ubah/${id}?token=${token}`);
    expect(html(response)).toContain(id);
  });

  it('shows no link for a cookie that is not this registration’s token, nor without one', async () => {
    const { handle, id } = await registered();
    for (const cookies of [[`__Secure-receipt=${FIXTURE_EDIT_TOKEN}`], []]) {
      const page = html(await handle(request('GET /daftar/{id}', { path: `/daftar/${id}`, id, cookies })));
      expect(page).not.toContain('token=');
      expect(page).toContain(id);
    }
  });

  it('is a 404 for an unknown registration', async () => {
    const { handle } = setup();
    const id = '01JZ0000000000000000000999';
    expect(await failure(handle(request('GET /daftar/{id}', { path: `/daftar/${id}`, id })))).toBeInstanceOf(
      NotFoundError,
    );
  });
});

describe('/ubah/{id}', () => {
  const ID = '01JZ0000000000000000000042';
  const withRegistration = (patch: Partial<Registration>) => {
    const result = setup();
    result.registrations.registrations.set(ID, fixtureRegistration(ID, patch));
    return result;
  };
  const rejected = { status: 'REJECTED', version: 2, rejectionReason: 'Nomor SK tidak terbaca.' } as const;
  const editCookie = `__Secure-edit=${FIXTURE_EDIT_TOKEN}`;

  it('moves the token of the link into a cookie for this path and drops it from the address', async () => {
    const { handle } = withRegistration(rejected);
    const response = await handle(
      request('GET /ubah/{id}', {
        path: `/ubah/${ID}`,
        id: ID,
        query: { token: FIXTURE_EDIT_TOKEN, lang: 'en' },
      }),
    );
    expect(response.statusCode).toBe(303);
    expect(response.headers?.location).toBe(`/ubah/${ID}`);
    expect(response.headers?.['referrer-policy']).toBe('no-referrer');
    expect(cookieNamed(response, '__Secure-edit')).toBe(
      `${editCookie}; Path=/ubah/${ID}; Max-Age=86400; HttpOnly; Secure; SameSite=Lax`,
    );
    expect(cookieNamed(response, 'lang')).toMatch(/^lang=en;/);
  });

  it('refuses a link with another token (403) and a page without the cookie (403)', async () => {
    const { handle } = withRegistration(rejected);
    const wrong = request('GET /ubah/{id}', {
      path: `/ubah/${ID}`,
      id: ID,
      query: { token: 'x'.repeat(43) },
    });
    expect(await failure(handle(wrong))).toBeInstanceOf(ForbiddenError);
    expect(await failure(handle(request('GET /ubah/{id}', { path: `/ubah/${ID}`, id: ID })))).toBeInstanceOf(
      ForbiddenError,
    );
  });

  it('prefills the correction form of a rejected registration, showing why it was rejected', async () => {
    const { handle } = withRegistration(rejected);
    const response = await handle(
      request('GET /ubah/{id}', { path: `/ubah/${ID}`, id: ID, cookies: [editCookie] }),
    );
    expect(response.statusCode).toBe(200);
    expect(response.headers?.['cache-control']).toBe('no-store');
    const page = html(response);
    expect(page).toContain('Nomor SK tidak terbaca.');
    expect(page).toContain('value="+6281234567890"');
    expect(page).toMatch(new RegExp(`<form method="post" action="/ubah/${ID}"`));
    expect(hidden(page, '_idempotencyKey')).toBeUndefined();
  });

  it('says there is nothing to correct for a registration that is not rejected', async () => {
    const { handle } = withRegistration({});
    const page = html(
      await handle(request('GET /ubah/{id}', { path: `/ubah/${ID}`, id: ID, cookies: [editCookie] })),
    );
    expect(page).toContain('Tidak ada yang perlu diperbaiki');
    expect(page).not.toContain('<form method="post"');
  });

  it('corrects through the same use case as PUT and answers 303 to the status page', async () => {
    const { handle, registrations } = withRegistration(rejected);
    const form = await handle(
      request('GET /ubah/{id}', { path: `/ubah/${ID}`, id: ID, cookies: [editCookie] }),
    );
    const csrf = cookieValueOf(cookieNamed(form, '__Host-csrf'));
    const body = new URLSearchParams([
      ['_csrf', hidden(html(form), '_csrf') ?? ''],
      ...pairsOf({ ...registrationBody(), name: 'KIM Dajan Peken Baru' }),
    ]).toString();
    const response = await handle(
      request('POST /ubah/{id}', {
        path: `/ubah/${ID}`,
        id: ID,
        body,
        cookies: [editCookie, `__Host-csrf=${csrf}`],
      }),
    );
    expect(response.statusCode).toBe(303);
    expect(response.headers?.location).toBe(`/status/${ID}`);
    expect(registrations.registrations.get(ID)).toMatchObject({
      status: 'SUBMITTED',
      name: 'KIM Dajan Peken Baru',
      version: 3,
    });
  });
});

describe('routing', () => {
  it('answers 404 for a route it does not serve', async () => {
    const { handle } = setup();
    expect(await failure(handle(request('GET /elsewhere')))).toBeInstanceOf(NotFoundError);
  });
});
