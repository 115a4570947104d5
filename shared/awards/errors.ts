import {
  ConflictError,
  ForbiddenError,
  NotFoundError,
  UnprocessableContentError,
} from '../platform/errors.js';
import type { IneligibleReason } from './model.js';

export const roundNotFound = () =>
  new NotFoundError('Babak penghargaan tidak ditemukan.', 'No award round with that id exists.');

export const entryNotFound = () =>
  new NotFoundError('Peserta tidak ditemukan di babak ini.', 'No entry with that id in this round.');

/** A round asks for something the registry cannot evaluate yet; `fields` name each part. */
export class NotYetSupportedError extends UnprocessableContentError {
  constructor(readonly parts: ReadonlyArray<{ field: string; id: string; en: string }>) {
    super(
      `Babak ini memakai aturan yang belum didukung: ${parts.map((part) => `${part.field} (${part.id})`).join('; ')}.`,
      `This round uses rules that are not yet supported: ${parts.map((part) => `${part.field} (${part.en})`).join('; ')}.`,
      { unsupported: parts.map((part) => part.field).join(', ') },
    );
    this.name = 'NotYetSupportedError';
  }
}

/** After publication nothing of a round changes. */
export class RoundFrozenError extends ConflictError {
  constructor() {
    super(
      'Hasil babak ini sudah diumumkan: data dan nilainya dibekukan.',
      "This round's results are published: its data and scores are frozen.",
      { roundStatus: 'PUBLISHED' },
    );
    this.name = 'RoundFrozenError';
  }
}

/** The action is outside the window the round allows it in. */
export class OutsideWindowError extends ConflictError {
  constructor(id: string, en: string, window: 'entryWindow' | 'judgingWindow') {
    super(id, en, { window });
    this.name = 'OutsideWindowError';
  }
}

export const notAJuror = () =>
  new ForbiddenError('Anda bukan juri babak penghargaan ini.', 'You are not a juror of this award round.');

export const conflictOfInterest = (villageCode: string) =>
  new ForbiddenError(
    `Anda menyatakan konflik kepentingan dengan desa ${villageCode}: Anda tidak boleh menilai peserta ini.`,
    `You declared a conflict of interest with village ${villageCode}: you may not score this entry.`,
  );

/** A KIM that fails the round's eligibility rules (422): each reason in the messages, their codes in `reasons`. */
export class IneligibleEntryError extends UnprocessableContentError {
  constructor(
    registrationId: string,
    /** Why, one reason each: a page shows them one by one. */
    readonly reasons: readonly IneligibleReason[],
  ) {
    super(
      `KIM ini tidak memenuhi syarat babak: ${reasons.map((reason) => reason.message).join(' ')}`,
      `This KIM is not eligible for the round: ${reasons.map((reason) => reason.messageEn).join(' ')}`,
      { registrationId, reasons: reasons.map((reason) => reason.code).join(', ') },
    );
    this.name = 'IneligibleEntryError';
  }
}
