import { beforeAll, describe, expect, inject, it } from 'vitest';
import { TooManyRequestsError, ValidationError } from '../../../shared/platform/errors.js';
import type { OutgoingEmail } from '../../../shared/platform/mail/mailer.js';
import { DynamoDbRegistrationsByContact } from '../../../shared/registrations/dynamodb/contact-index.js';
import { submitRegistration } from '../../../shared/registrations/submit-registration.js';
import { DynamoDbRateLimiter } from '../../../shared/workspace/dynamodb/rate-limiter.js';
import { DynamoDbSignInLinks } from '../../../shared/workspace/dynamodb/sign-in-links.js';
import { ADDRESS_RULE, CLIENT_RULE } from '../../../shared/workspace/rate-limit.js';
import { type RequestSignInDeps, requestSignIn } from '../../../shared/workspace/request-sign-in.js';
import { consumeSignInLink, issueSignInLink } from '../../../shared/workspace/sign-in-link.js';
import { seededTable, tableDeps } from '../../fixtures/admin-deps.js';
import { fixedClock } from '../../fixtures/clock.js';
import { localDynamoDbClient, scanAll } from '../../fixtures/dynamodb.js';
import { registrationBodyWith } from '../../fixtures/registration-body.js';

const client = localDynamoDbClient(inject('dynamoEndpoint'));
const BASE = 'https://kim.example.go.id';
const SHARED_CONTACT = 'Kontak.Bersama@Example.id';
const NOW = '2026-03-02T02:00:00.000Z';

let tableName: string;
let sent: OutgoingEmail[];
let deps: RequestSignInDeps;
let ids: { first: string; second: string; other: string };

const linksOf = (email: OutgoingEmail): URL[] =>
  [...email.text.matchAll(/https:\/\/kim\.example\.go\.id\/kelola\/masuk\/\S+/g)].map(
    (match) => new URL(match[0]),
  );

const depsAt = (iso: string): RequestSignInDeps => ({ ...deps, clock: fixedClock(iso) });

beforeAll(async () => {
  tableName = await seededTable(client, 'kim-workspace');
  const registrations = tableDeps(client, tableName);
  const register = async (patch: Record<string, unknown>) =>
    (await submitRegistration(registrations, { body: registrationBodyWith(patch) })).registration.id;
  ids = {
    first: await register({ contact: { email: 'kontak.bersama@example.id', phone: '081234567890' } }),
    second: await register({
      villageCode: '51.02.05.2007',
      sk: { number: '141/99/KB/2025', date: '2025-06-02' },
      contact: { email: 'KONTAK.bersama@example.ID', phone: '081234567890' },
    }),
    other: await register({
      villageCode: '51.02.05.2008',
      sk: { number: '141/77/LN/2025', date: '2025-06-02' },
      contact: { email: 'lain@example.id', phone: '081234567890' },
    }),
  };
  sent = [];
  deps = {
    registrations: new DynamoDbRegistrationsByContact(client, tableName),
    links: new DynamoDbSignInLinks(client, tableName),
    limiter: new DynamoDbRateLimiter(client, tableName),
    mailer: {
      send: async (email) => {
        sent.push(email);
        return { messageId: `m-${sent.length}` };
      },
    },
    clock: fixedClock(NOW),
    baseUrl: BASE,
  };
});

describe('workspace sign-in against DynamoDB Local', () => {
  it('emails one link per KIM of the address (compared trimmed and lower-cased), each opening only its own', async () => {
    sent.length = 0;
    const outcome = await requestSignIn(deps, { body: { email: ` ${SHARED_CONTACT} ` }, client: '10.0.0.1' });

    expect(outcome).toBe('sent');
    expect(sent).toHaveLength(1);
    const links = linksOf(sent[0] as OutgoingEmail);
    expect(links.map((link) => link.pathname).sort()).toEqual(
      [`/kelola/masuk/${ids.first}`, `/kelola/masuk/${ids.second}`].sort(),
    );
    // The table holds hashes of the tokens, never a token or the address.
    const items = await scanAll(client, tableName);
    const stored = JSON.stringify(
      items.filter((item) => item.type === 'SIGN_IN_LINK' || item.type === 'RATE_WINDOW'),
    );
    for (const link of links) expect(stored).not.toContain(String(link.searchParams.get('token')));
    expect(stored.toLowerCase()).not.toContain('kontak.bersama');
  });

  it('indexes a registration by the hash of its contact address, and reads it back without the index keys', async () => {
    const item = (await scanAll(client, tableName)).find(
      (entry) => entry.id === ids.other && entry.type === 'REGISTRATION',
    );
    expect(String(item?.GSI1PK)).toMatch(/^CONTACT#[0-9a-f]{64}$/);
    expect(JSON.stringify(item?.GSI1PK)).not.toContain('lain@');
    const read = await tableDeps(client, tableName).registrations.get(ids.other);
    expect(read).toBeDefined();
    expect(read).not.toHaveProperty('GSI1PK');
    expect(read).not.toHaveProperty('GSI1SK');
  });

  it('sends nothing for an unknown address, and answers it like a known one', async () => {
    sent.length = 0;
    expect(await requestSignIn(deps, { body: { email: 'tidak.ada@example.id' }, client: '10.0.0.2' })).toBe(
      'unknown-address',
    );
    expect(sent).toHaveLength(0);
  });

  it('refuses a malformed address with a 400 naming the field, and writes nothing', async () => {
    const before = (await scanAll(client, tableName)).length;
    const refused = requestSignIn(deps, { body: { email: 'bukan-email' }, client: '10.0.0.3' });
    await expect(refused).rejects.toBeInstanceOf(ValidationError);
    await expect(refused).rejects.toMatchObject({ errors: [expect.objectContaining({ field: 'email' })] });
    await expect(
      requestSignIn(deps, { body: { email: 'a@b.id', extra: 1 }, client: '10.0.0.3' }),
    ).rejects.toBeInstanceOf(ValidationError);
    expect((await scanAll(client, tableName)).length).toBe(before);
  });

  it('goes quiet for an address past its limit, and starts again in the next window', async () => {
    const at = '2026-03-02T03:00:00.000Z';
    sent.length = 0;
    const outcomes = [];
    for (let i = 0; i <= ADDRESS_RULE.limit; i++) {
      outcomes.push(
        await requestSignIn(depsAt(at), { body: { email: 'lain@example.id' }, client: `10.1.0.${i}` }),
      );
    }
    expect(outcomes.slice(0, ADDRESS_RULE.limit).every((outcome) => outcome === 'sent')).toBe(true);
    expect(outcomes.at(-1)).toBe('address-limited');
    expect(sent).toHaveLength(ADDRESS_RULE.limit);

    const later = new Date(Date.parse(at) + ADDRESS_RULE.windowSeconds * 1000).toISOString();
    expect(
      await requestSignIn(depsAt(later), { body: { email: 'lain@example.id' }, client: '10.1.1.1' }),
    ).toBe('sent');
  });

  it('answers 429 with the wait once a client asked too often, counting concurrent requests exactly', async () => {
    const at = '2026-03-02T04:05:00.000Z';
    const results = await Promise.allSettled(
      Array.from({ length: CLIENT_RULE.limit + 5 }, (_, i) =>
        requestSignIn(depsAt(at), { body: { email: `orang${i}@example.id` }, client: '192.0.2.9' }),
      ),
    );
    const refused = results.filter((result) => result.status === 'rejected');
    expect(results.filter((result) => result.status === 'fulfilled')).toHaveLength(CLIENT_RULE.limit);
    expect(refused).toHaveLength(5);
    const error = (refused[0] as PromiseRejectedResult).reason as TooManyRequestsError;
    expect(error).toBeInstanceOf(TooManyRequestsError);
    // 04:05 falls in the window 04:00–04:15.
    expect(error.retryAfterSeconds).toBe(10 * 60);
  });

  it('opens its registration once, never another, and nothing after 15 minutes', async () => {
    const links = { links: deps.links, clock: fixedClock(NOW) };
    const token = (url: string) => new URL(url).searchParams.get('token') ?? '';

    const once = token((await issueSignInLink(links, ids.first, BASE)).url);
    expect(await consumeSignInLink(links, ids.other, once)).toEqual({ ok: false, reason: 'unknown' });
    expect(await consumeSignInLink(links, ids.first, once)).toEqual({ ok: true, registrationId: ids.first });
    expect(await consumeSignInLink(links, ids.first, once)).toEqual({ ok: false, reason: 'unknown' });

    const late = token((await issueSignInLink(links, ids.first, BASE)).url);
    const after = {
      ...links,
      clock: fixedClock(new Date(Date.parse(NOW) + 15 * 60 * 1000 + 1).toISOString()),
    };
    expect(await consumeSignInLink(after, ids.first, late)).toEqual({ ok: false, reason: 'expired' });
    expect(await consumeSignInLink(links, ids.first, late)).toEqual({ ok: false, reason: 'unknown' });
  });

  it('lets exactly one of two concurrent uses of a link through', async () => {
    const links = { links: deps.links, clock: fixedClock(NOW) };
    const token =
      new URL((await issueSignInLink(links, ids.second, BASE)).url).searchParams.get('token') ?? '';
    const [a, b] = await Promise.all([
      consumeSignInLink(links, ids.second, token),
      consumeSignInLink(links, ids.second, token),
    ]);
    expect([a.ok, b.ok].sort()).toEqual([false, true]);
  });
});
