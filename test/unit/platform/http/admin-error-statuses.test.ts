import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DuplicateOfficerError } from '../../../../shared/directory/errors.js';
import {
  ConcurrentModificationError,
  ForbiddenError,
  UnauthorizedError,
} from '../../../../shared/platform/errors.js';
import { httpHandler } from '../../../../shared/platform/http/handler.js';
import { InvalidTransitionError, RegistrationChangedError } from '../../../../shared/registrations/errors.js';
import { apiEvent, bodyOf, lambdaContext } from '../../../fixtures/api-event.js';
import { type CapturedOutput, captureOutput } from '../../../fixtures/capture-output.js';

const answerTo = (error: unknown) =>
  httpHandler(async () => {
    throw error;
  })(apiEvent({ method: 'POST', path: '/admin/registrations/01JZ/verify' }), lambdaContext());

let output: CapturedOutput;
beforeEach(() => {
  output = captureOutput();
});
afterEach(() => {
  output.restore();
});

describe('status table: admin and review errors', () => {
  it('answers 401 with a Bearer challenge and a bilingual body', async () => {
    const result = await answerTo(new UnauthorizedError());

    expect(result.statusCode).toBe(401);
    expect(result.headers?.['www-authenticate']).toBe('Bearer');
    expect(bodyOf(result)).toEqual({
      message: 'Anda harus masuk terlebih dahulu: token tidak ada atau tidak valid.',
      messageEn: 'Authentication required: the token is missing or invalid.',
    });
  });

  it('answers 403 with the message given, or the default one', async () => {
    const specific = await answerTo(new ForbiddenError('Bukan wilayah Anda.', 'Not your region.'));
    const generic = await answerTo(new ForbiddenError());

    expect(specific.statusCode).toBe(403);
    expect(bodyOf(specific)).toEqual({ message: 'Bukan wilayah Anda.', messageEn: 'Not your region.' });
    expect(bodyOf(generic)).toEqual({
      message: 'Anda tidak berwenang melakukan tindakan ini.',
      messageEn: 'You are not allowed to do this.',
    });
    expect(specific.headers?.['www-authenticate']).toBeUndefined();
  });

  it('answers a forbidden transition with 409 naming the current status', async () => {
    const result = await answerTo(new InvalidTransitionError('VERIFIED', 'REJECT'));

    expect(result.statusCode).toBe(409);
    expect(bodyOf(result)).toEqual({
      message: 'Tindakan REJECT tidak diizinkan untuk pendaftaran berstatus VERIFIED.',
      messageEn: 'REJECT is not allowed for a registration whose status is VERIFIED.',
      currentStatus: 'VERIFIED',
    });
  });

  it('answers a lost race with 409 naming the status the winner left, when there is one', async () => {
    const registration = await answerTo(new RegistrationChangedError('REJECTED'));
    const other = await answerTo(new ConcurrentModificationError());
    const gone = await answerTo(new RegistrationChangedError(undefined));

    expect(registration.statusCode).toBe(409);
    expect(bodyOf(registration)).toEqual({
      message: 'Pendaftaran ini baru saja diubah oleh orang lain; statusnya sekarang REJECTED.',
      messageEn: 'Someone else changed this registration just now; its status is now REJECTED.',
      currentStatus: 'REJECTED',
    });
    expect(other.statusCode).toBe(409);
    expect(bodyOf(other)).toEqual({
      message: 'Data ini baru saja diubah oleh orang lain. Muat ulang lalu coba lagi.',
      messageEn: 'Someone else changed this just now. Reload it and try again.',
    });
    expect(gone.statusCode).toBe(409);
    expect(bodyOf(gone)).toEqual(bodyOf(other));
  });

  it('answers a duplicate officer email with 409 and the existing officer id', async () => {
    const result = await answerTo(new DuplicateOfficerError('01JZ0000000000000000000009'));

    expect(result.statusCode).toBe(409);
    expect(bodyOf(result)).toEqual({
      message: 'Petugas dengan alamat email ini sudah terdaftar untuk wilayah tersebut.',
      messageEn: 'An officer with this email address is already listed for this region.',
      existingId: '01JZ0000000000000000000009',
    });
  });
});
