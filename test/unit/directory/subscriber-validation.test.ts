import { describe, expect, it } from 'vitest';
import { principalFromClaims } from '../../../shared/auth/principal.js';
import {
  createDigestSubscriber,
  type ManageDigestSubscribersDeps,
} from '../../../shared/directory/manage-subscribers.js';
import {
  type DigestSubscriberRepository,
  digestSubscriberInputSchema,
} from '../../../shared/directory/subscriber.js';
import { ForbiddenError, ValidationError } from '../../../shared/platform/errors.js';
import { describeIssues } from '../../../shared/platform/validation/messages.js';
import { adminClaims, ppidClaims } from '../../fixtures/admin-event.js';
import { FIXTURE_NOW, fixedClock } from '../../fixtures/clock.js';
import { sequentialIds, tabananSample } from '../../fixtures/in-memory-ports.js';

const fieldsOf = (body: unknown) => {
  const parsed = digestSubscriberInputSchema.safeParse(body, { reportInput: true });
  return parsed.success
    ? {}
    : Object.fromEntries(describeIssues(parsed.error.issues).map((e) => [e.field, e.messageEn]));
};

/** A repository that must not be written: validation failures stop before it. */
const untouchable = (): DigestSubscriberRepository & { writes: number } => {
  const repository = {
    writes: 0,
    get: async () => undefined,
    create: async () => {
      repository.writes++;
      return { kind: 'written' } as const;
    },
    delete: async () => {
      repository.writes++;
      return 'deleted' as const;
    },
    list: async () => ({ items: [], nextCursor: null }),
  };
  return repository;
};

const deps = (subscribers = untouchable()): ManageDigestSubscribersDeps => ({
  subscribers,
  regions: tabananSample(),
  clock: fixedClock(FIXTURE_NOW),
  newId: sequentialIds(),
  scope: '51.02',
});

describe('digest subscriber input', () => {
  it('accepts an email and a district-or-higher region, trimming and lower-casing the email', () => {
    expect(
      digestSubscriberInputSchema.parse({ email: ' Kepala@Tabanan.GO.id', regionCode: '51.02.05' }),
    ).toEqual({
      email: 'kepala@tabanan.go.id',
      regionCode: '51.02.05',
    });
    expect(digestSubscriberInputSchema.parse({ email: 'a@b.id', regionCode: 'ID' }).regionCode).toBe('ID');
  });

  it('names each bad field in English as well as Indonesian', () => {
    expect(fieldsOf({})).toEqual({ email: 'Required.', regionCode: 'Required.' });
    expect(fieldsOf({ email: 'a@b', regionCode: '51.02' })).toEqual({
      email: 'Must be a valid email address.',
    });
    expect(fieldsOf({ email: `${'a'.repeat(250)}@b.id`, regionCode: '51.02' }).email).toMatch(/at most 254/);
    expect(fieldsOf({ email: 'a@b.id', regionCode: '51.2' })).toEqual({
      regionCode: 'Region code must be a Kemendagri code such as 51.02 or 51.02.05.',
    });
    expect(fieldsOf({ email: 'a@b.id', regionCode: '51.02.05.2006' })).toEqual({
      regionCode: 'Digests cover a district or a larger region, not a single village.',
    });
    expect(fieldsOf({ email: 'a@b.id', regionCode: '51.02', extra: true })).toEqual({
      extra: 'Unknown field.',
    });
    expect(fieldsOf({ email: ['a@b.id'], regionCode: 51.02 })).toEqual({
      email: 'Must be a string.',
      regionCode: 'Must be a string.',
    });
    expect(fieldsOf('a@b.id')).toEqual({ '(body)': 'Must be an object.' });
  });

  it('refuses regions outside the scope or missing from the table, and non-admins, before any write', async () => {
    const subscribers = untouchable();
    const admin = principalFromClaims(adminClaims(), '51.02');
    await expect(
      createDigestSubscriber(deps(subscribers), admin, { email: 'a@b.id', regionCode: '52' }),
    ).rejects.toThrow(ValidationError);
    await expect(
      createDigestSubscriber(deps(subscribers), admin, { email: 'a@b.id', regionCode: '51.02.09' }),
    ).rejects.toThrow(ValidationError);
    await expect(
      createDigestSubscriber(deps(subscribers), principalFromClaims(ppidClaims('51.02'), '51.02'), {
        email: 'a@b.id',
        regionCode: '51.02',
      }),
    ).rejects.toThrow(ForbiddenError);
    expect(subscribers.writes).toBe(0);

    const created = await createDigestSubscriber(deps(subscribers), admin, {
      email: 'A@B.id',
      regionCode: '51.02.05',
    });
    expect(created).toEqual({
      id: expect.any(String),
      email: 'a@b.id',
      regionCode: '51.02.05',
      createdAt: FIXTURE_NOW,
    });
    expect(subscribers.writes).toBe(1);
  });
});
