import { describe, expect, it } from 'vitest';
import {
  editTokenMatches,
  newEditToken,
  openEditToken,
  sealEditToken,
  sha256Hex,
} from '../../../shared/registrations/edit-token.js';
import { submitRegistration } from '../../../shared/registrations/submit-registration.js';
import { FIXTURE_NOW, fixedClock } from '../../fixtures/clock.js';
import {
  InMemoryRegistrationRepository,
  sequentialIds,
  tabananSample,
} from '../../fixtures/in-memory-ports.js';
import { registrationBody } from '../../fixtures/registration-body.js';

describe('edit tokens', () => {
  it('are 32 random bytes in base64url, different every time', () => {
    const tokens = Array.from({ length: 50 }, newEditToken);

    for (const token of tokens) {
      expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
      expect(Buffer.from(token, 'base64url')).toHaveLength(32);
    }
    expect(new Set(tokens).size).toBe(50);
  });

  it('match their stored hash only', () => {
    const token = newEditToken();
    const stored = sha256Hex(token);

    expect(stored).toMatch(/^[0-9a-f]{64}$/);
    expect(editTokenMatches(token, stored)).toBe(true);
    expect(editTokenMatches(newEditToken(), stored)).toBe(false);
    expect(editTokenMatches(`${token} `, stored)).toBe(false);
    expect(editTokenMatches(token, '')).toBe(false);
    expect(editTokenMatches(token, 'not hex')).toBe(false);
  });
});

describe('sealing the edit token for an idempotent replay', () => {
  it('opens with the same Idempotency-Key and context, and hides the token', () => {
    const token = newEditToken();

    const sealed = sealEditToken(token, 'client-key-1', 'context-1');

    expect(sealed).not.toContain(token);
    expect(sealed).toMatch(/^v1\.[\w-]+\.[\w-]+\.[\w-]+$/);
    expect(openEditToken(sealed, 'client-key-1', 'context-1')).toBe(token);
  });

  it('uses a fresh salt and IV each time', () => {
    const token = newEditToken();

    expect(sealEditToken(token, 'k', 'c')).not.toBe(sealEditToken(token, 'k', 'c'));
  });

  it.each([
    ['another Idempotency-Key', (sealed: string) => openEditToken(sealed, 'client-key-2', 'context-1')],
    ['another context', (sealed: string) => openEditToken(sealed, 'client-key-1', 'context-2')],
    [
      'a tampered ciphertext',
      (sealed: string) => {
        const parts = sealed.split('.');
        const body = Buffer.from(parts[3] ?? '', 'base64url');
        body[0] = (body[0] ?? 0) ^ 1;
        return openEditToken(
          [...parts.slice(0, 3), body.toString('base64url')].join('.'),
          'client-key-1',
          'context-1',
        );
      },
    ],
    ['an unknown format', () => openEditToken('v2.a.b.c', 'client-key-1', 'context-1')],
  ])('refuses to open with %s', (_case, open) => {
    const sealed = sealEditToken(newEditToken(), 'client-key-1', 'context-1');

    expect(() => open(sealed)).toThrow();
  });
});

describe('submitRegistration and the edit token', () => {
  const setup = () => {
    const registrations = new InMemoryRegistrationRepository();
    const deps = {
      registrations,
      regions: tabananSample(),
      clock: fixedClock(FIXTURE_NOW),
      newId: sequentialIds(),
      scope: '51.02',
    };
    return { deps, registrations };
  };

  it('answers the same edit token on a replay, though only its hash and a sealed copy are stored', async () => {
    const { deps, registrations } = setup();

    const first = await submitRegistration(deps, { body: registrationBody(), idempotencyKey: 'retry-7' });
    const replay = await submitRegistration(deps, { body: registrationBody(), idempotencyKey: 'retry-7' });

    expect(replay.replayed).toBe(true);
    expect(JSON.stringify(replay.registration)).toBe(JSON.stringify(first.registration));
    const stored = JSON.stringify({
      registrations: [...registrations.registrations.values()],
      records: [...registrations.idempotencyRecords.entries()],
    });
    expect(stored).not.toContain(first.registration.editToken);
    expect(stored).not.toContain('retry-7');
    expect(registrations.registrations.get(first.registration.id)?.editTokenHash).toBe(
      sha256Hex(first.registration.editToken),
    );
  });

  it('gives every new registration its own token', async () => {
    const { deps } = setup();

    const first = await submitRegistration(deps, { body: registrationBody() });
    const second = await submitRegistration(deps, {
      body: { ...registrationBody(), sk: { number: '2/2025', date: '2025-06-02' } },
    });

    expect(first.registration.editToken).not.toBe(second.registration.editToken);
  });
});
