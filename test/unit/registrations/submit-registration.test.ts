import { describe, expect, it } from 'vitest';
import { IdempotencyKeyReuseError, ValidationError } from '../../../shared/platform/errors.js';
import { sha256Hex } from '../../../shared/registrations/edit-token.js';
import { DuplicateRegistrationError } from '../../../shared/registrations/errors.js';
import type { RegistrationRepository } from '../../../shared/registrations/ports.js';
import {
  IDEMPOTENCY_TTL_SECONDS,
  type SubmitRegistrationDeps,
  submitRegistration,
} from '../../../shared/registrations/submit-registration.js';
import { FIXTURE_NOW, fixedClock } from '../../fixtures/clock.js';
import {
  InMemoryRegistrationRepository,
  sequentialIds,
  tabananSample,
} from '../../fixtures/in-memory-ports.js';
import { registrationBody, registrationBodyWith } from '../../fixtures/registration-body.js';

const setup = (overrides: Partial<SubmitRegistrationDeps> = {}) => {
  const registrations = new InMemoryRegistrationRepository();
  const regions = tabananSample();
  const deps: SubmitRegistrationDeps = {
    registrations,
    regions,
    clock: fixedClock(FIXTURE_NOW),
    newId: sequentialIds(),
    scope: '51.02',
    ...overrides,
  };
  return { deps, registrations, regions };
};

/** The error a promise rejects with (fails the test when it resolves). */
const rejectionOf = async (promise: Promise<unknown>): Promise<unknown> => {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected a rejection');
};

describe('submitRegistration', () => {
  it('creates a SUBMITTED registration and stores it with normalised phones and its place', async () => {
    const { deps, registrations } = setup();

    const result = await submitRegistration(deps, { body: registrationBody() });

    expect(result).toEqual({
      replayed: false,
      registration: {
        id: '01JZ0000000000000000000001',
        name: 'KIM Dajan Peken Informatif',
        villageCode: '51.02.05.2006',
        villageName: 'Dajan Peken',
        districtCode: '51.02.05',
        status: 'SUBMITTED',
        submittedAt: FIXTURE_NOW,
        updatedAt: FIXTURE_NOW,
        editToken: expect.stringMatching(/^[A-Za-z0-9_-]{43}$/),
      },
    });
    const stored = registrations.registrations.get('01JZ0000000000000000000001');
    expect(stored).toMatchObject({
      regencyCode: '51.02',
      provinceCode: '51',
      countryCode: 'ID',
      editTokenHash: sha256Hex(result.registration.editToken),
      skNumberNormalized: '141/12/dp/2025',
      version: 1,
      media: [{ type: 'INSTAGRAM', url: 'https://instagram.com/kimdajanpeken' }],
      contact: { email: 'kim.dajanpeken@example.id', phone: '+6281234567890' },
    });
    expect(stored?.officers.map((officer) => officer.phone)).toEqual([
      '+6281234567890',
      '+6281234567891',
      '+6281234567892',
    ]);
  });

  it('keeps personal data out of the answer', async () => {
    const { deps } = setup();

    const { registration } = await submitRegistration(deps, { body: registrationBody() });

    expect(JSON.stringify(registration)).not.toMatch(/Sudarma|Ni Luh|Wayan|example\.id|\+62|0812/);
  });

  it('refuses a village outside the scope without reading any region', async () => {
    const { deps, regions, registrations } = setup();

    const error = await rejectionOf(
      submitRegistration(deps, { body: registrationBodyWith({ villageCode: '51.03.01.2001' }) }),
    );

    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).errors).toEqual([
      {
        field: 'villageCode',
        message: 'Desa 51.03.01.2001 berada di luar wilayah layanan ini (51.02).',
        messageEn: 'Village 51.03.01.2001 is outside the area this deployment serves (51.02).',
      },
    ]);
    expect(regions.calls.get).toBe(0);
    expect(registrations.calls.create).toBe(0);
  });

  it('refuses an unknown village of the scope', async () => {
    const { deps, registrations } = setup();

    const error = await rejectionOf(
      submitRegistration(deps, { body: registrationBodyWith({ villageCode: '51.02.05.2999' }) }),
    );

    expect((error as ValidationError).errors).toEqual([
      {
        field: 'villageCode',
        message: 'Desa dengan kode 51.02.05.2999 tidak ditemukan.',
        messageEn: 'No village with code 51.02.05.2999 exists.',
      },
    ]);
    expect(registrations.calls.create).toBe(0);
  });

  it('accepts any village of the country when the scope is ID', async () => {
    const { deps } = setup({ scope: 'ID' });

    const { registration } = await submitRegistration(deps, { body: registrationBody() });

    expect(registration.villageCode).toBe('51.02.05.2006');
  });

  it('reports the body errors and the village error in one answer', async () => {
    const { deps } = setup();
    const body = registrationBodyWith({ villageCode: '51.02.05.2999', memberCount: 1000, focusAreas: ['X'] });

    const error = await rejectionOf(submitRegistration(deps, { body }));

    expect((error as ValidationError).errors.map((item) => item.field)).toEqual([
      'memberCount',
      'focusAreas[0]',
      'villageCode',
    ]);
  });

  it('reports a missing village code as required, without looking up regions', async () => {
    const { deps, regions } = setup();
    const { villageCode: _villageCode, ...body } = registrationBody();

    const error = await rejectionOf(submitRegistration(deps, { body }));

    expect((error as ValidationError).errors).toEqual([
      { field: 'villageCode', message: 'Wajib diisi.', messageEn: 'Required.' },
    ]);
    expect(regions.calls.get).toBe(0);
  });

  it('refuses an SK dated tomorrow in WIT against the fixed clock', async () => {
    const { deps } = setup({ clock: fixedClock('2025-07-01T14:59:59Z') });

    const error = await rejectionOf(
      submitRegistration(deps, { body: registrationBodyWith({ sk: { number: '1', date: '2025-07-02' } }) }),
    );
    const accepted = await submitRegistration(
      { ...deps, clock: fixedClock('2025-07-01T15:00:00Z') },
      { body: registrationBodyWith({ sk: { number: '1', date: '2025-07-02' } }) },
    );

    expect((error as ValidationError).errors.map((item) => item.messageEn)).toEqual([
      'SK date must not be in the future.',
    ]);
    expect(accepted.registration.status).toBe('SUBMITTED');
  });

  describe('duplicates', () => {
    it('refuses the same village and SK number, compared after normalising, naming the existing id', async () => {
      const { deps } = setup();
      const first = await submitRegistration(deps, { body: registrationBody() });

      const error = await rejectionOf(
        submitRegistration(deps, {
          body: registrationBodyWith({
            name: 'KIM Lain',
            sk: { number: '  141/12/dp/2025 ', date: '2025-06-03' },
          }),
        }),
      );

      expect(error).toBeInstanceOf(DuplicateRegistrationError);
      expect((error as DuplicateRegistrationError).existingId).toBe(first.registration.id);
    });

    it('collapses runs of whitespace when comparing SK numbers', async () => {
      const { deps } = setup();
      await submitRegistration(deps, {
        body: registrationBodyWith({ sk: { number: 'SK 5 / 2025', date: '2025-06-02' } }),
      });

      const error = await rejectionOf(
        submitRegistration(deps, {
          body: registrationBodyWith({ sk: { number: 'sk   5 /\u00a0 2025', date: '2025-06-02' } }),
        }),
      );

      expect(error).toBeInstanceOf(DuplicateRegistrationError);
    });

    it('accepts the same SK number in another village', async () => {
      const { deps } = setup();
      await submitRegistration(deps, { body: registrationBody() });

      const other = await submitRegistration(deps, {
        body: registrationBodyWith({ villageCode: '51.02.05.2007' }),
      });

      expect(other.registration.villageName).toBe('Denbantas');
    });
  });

  describe('Idempotency-Key', () => {
    it('replays the original answer for the same key and body, creating nothing more', async () => {
      const { deps, registrations } = setup();
      const first = await submitRegistration(deps, { body: registrationBody(), idempotencyKey: 'key-1' });

      const again = await submitRegistration(deps, { body: registrationBody(), idempotencyKey: 'key-1' });

      expect(again).toEqual({ registration: first.registration, replayed: true });
      expect(registrations.registrations.size).toBe(1);
      expect([...registrations.registrations.values()][0]?.editTokenHash).toBe(
        sha256Hex(first.registration.editToken),
      );
      // The replay's one store call is the create that found the key's record (no read before it).
      expect(registrations.calls.create).toBe(2);
      expect(registrations.calls.getIdempotencyRecord).toBe(0);
    });

    it('treats bodies that differ only in key order as the same body', async () => {
      const { deps } = setup();
      const first = await submitRegistration(deps, { body: registrationBody(), idempotencyKey: 'key-1' });
      const reordered = Object.fromEntries(Object.entries(registrationBody()).reverse());

      const again = await submitRegistration(deps, { body: reordered, idempotencyKey: 'key-1' });

      expect(again.registration.id).toBe(first.registration.id);
      expect(again.replayed).toBe(true);
    });

    it('stores the record with a 24-hour expiry in epoch seconds', async () => {
      const { deps, registrations } = setup();

      await submitRegistration(deps, { body: registrationBody(), idempotencyKey: 'key-1' });

      const record = registrations.idempotencyRecords.get(sha256Hex('key-1'));
      expect(record?.expiresAt).toBe(Date.parse(FIXTURE_NOW) / 1000 + IDEMPOTENCY_TTL_SECONDS);
      expect(record?.bodyHash).toMatch(/^[0-9a-f]{64}$/);
    });

    it('refuses the same key with a different body (422)', async () => {
      const { deps, registrations } = setup();
      await submitRegistration(deps, { body: registrationBody(), idempotencyKey: 'key-1' });

      const error = await rejectionOf(
        submitRegistration(deps, {
          body: registrationBodyWith({ memberCount: 13 }),
          idempotencyKey: 'key-1',
        }),
      );

      expect(error).toBeInstanceOf(IdempotencyKeyReuseError);
      expect(registrations.registrations.size).toBe(1);
      expect(registrations.idempotencyRecords.size).toBe(1);
      expect(registrations.calls.create).toBe(2);
    });

    it('refuses the same key with a body that does not even validate (422, as before it was read)', async () => {
      const { deps, registrations } = setup();
      await submitRegistration(deps, { body: registrationBody(), idempotencyKey: 'key-1' });

      const error = await rejectionOf(
        submitRegistration(deps, {
          body: registrationBodyWith({ memberCount: -1 }),
          idempotencyKey: 'key-1',
        }),
      );

      expect(error).toBeInstanceOf(IdempotencyKeyReuseError);
      expect(registrations.registrations.size).toBe(1);
      expect(registrations.calls.create).toBe(1);
    });

    it('replays the winner when the key was taken by a concurrent request with the same body', async () => {
      const { deps } = setup();
      const winner = await submitRegistration(deps, { body: registrationBody(), idempotencyKey: 'key-1' });
      const record = (deps.registrations as InMemoryRegistrationRepository).idempotencyRecords.get(
        sha256Hex('key-1'),
      );
      if (!record) throw new Error('the first request stored no idempotency record');
      // The race: this request read no record, then lost the conditional write.
      const racing: RegistrationRepository = {
        getIdempotencyRecord: async () => undefined,
        get: async () => undefined,
        create: async () => ({ kind: 'idempotency-key-taken', record }),
      };

      const result = await submitRegistration(
        { ...deps, registrations: racing },
        {
          body: registrationBody(),
          idempotencyKey: 'key-1',
        },
      );

      expect(result).toEqual({ registration: winner.registration, replayed: true });
    });

    it('refuses with 422 when the key was taken in a race by a different body', async () => {
      const { deps } = setup();
      await submitRegistration(deps, {
        body: registrationBodyWith({ memberCount: 20 }),
        idempotencyKey: 'key-1',
      });
      const record = (deps.registrations as InMemoryRegistrationRepository).idempotencyRecords.get(
        sha256Hex('key-1'),
      );
      if (!record) throw new Error('the first request stored no idempotency record');
      const racing: RegistrationRepository = {
        getIdempotencyRecord: async () => undefined,
        get: async () => undefined,
        create: async () => ({ kind: 'idempotency-key-taken', record }),
      };

      const error = await rejectionOf(
        submitRegistration(
          { ...deps, registrations: racing },
          { body: registrationBody(), idempotencyKey: 'key-1' },
        ),
      );

      expect(error).toBeInstanceOf(IdempotencyKeyReuseError);
    });

    it('refuses a different key for a registration that exists as a duplicate', async () => {
      const { deps } = setup();
      const first = await submitRegistration(deps, { body: registrationBody(), idempotencyKey: 'key-1' });

      const error = await rejectionOf(
        submitRegistration(deps, { body: registrationBody(), idempotencyKey: 'key-2' }),
      );

      expect((error as DuplicateRegistrationError).existingId).toBe(first.registration.id);
    });

    it.each([
      ['empty', ''],
      ['with a space', 'my key'],
      ['over 255 characters', 'k'.repeat(256)],
      ['non-ASCII', 'kunci-ñ'],
      ['with a control character', 'key\u0000'],
    ])('refuses a key %s before reading anything', async (_kind, idempotencyKey) => {
      const { deps, registrations } = setup();

      const error = await rejectionOf(submitRegistration(deps, { body: registrationBody(), idempotencyKey }));

      expect((error as ValidationError).errors).toEqual([
        {
          field: 'Idempotency-Key',
          message: 'Header Idempotency-Key harus 1–255 karakter ASCII yang terlihat.',
          messageEn: 'The Idempotency-Key header must be 1–255 visible ASCII characters.',
        },
      ]);
      expect(registrations.calls.getIdempotencyRecord).toBe(0);
    });

    it('accepts a 255-character key', async () => {
      const { deps } = setup();

      const result = await submitRegistration(deps, {
        body: registrationBody(),
        idempotencyKey: 'k'.repeat(255),
      });

      expect(result.replayed).toBe(false);
    });
  });
});
