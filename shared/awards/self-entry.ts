import * as z from 'zod/mini';
import { ConcurrentModificationError, ConflictError, NotFoundError } from '../platform/errors.js';
import { isUlid } from '../platform/ids.js';
import { isWithin } from '../platform/region-codes.js';
import { withMeta } from '../platform/validation/meta.js';
import { plainText } from '../platform/validation/text.js';
import { assertEditToken } from '../registrations/edit-token.js';
import type { RegistrationQueryRepository } from '../registrations/ports.js';
import { IneligibleEntryError, OutsideWindowError, roundNotFound } from './errors.js';
import { assertEntriesOpen, entryOf } from './manage-rounds.js';
import type { AuditEntry } from './model.js';
import type { Round } from './round.js';
import { type AwardDeps, at, guarded, parsed, toEntryView } from './round-access.js';
import type { EntryView } from './view-schemas.js';

/** Bounds of a self-entry statement: a short paragraph. */
export const STATEMENT_LENGTH = { min: 20, max: 1000 } as const;

/** Body of PUT /registrations/{id}/award-entries/{roundId}. */
export const selfEntryInputSchema = withMeta(
  z.strictObject({
    statement: withMeta(plainText(STATEMENT_LENGTH.min, STATEMENT_LENGTH.max), {
      description: 'Why the KIM enters: a short statement, shown to the jurors',
      examples: ['KIM kami rutin menyebarkan informasi harga gabah dan jadwal posyandu kepada warga.'],
    }),
  }),
  { id: 'AwardSelfEntryInput' },
);

const registrationNotFound = () =>
  new NotFoundError('Pendaftaran KIM tidak ditemukan.', 'No KIM registration with that id exists.');

/** What the API adds to the set-up ports: the registration reads its edit-token check needs. */
export interface AwardApiDeps extends AwardDeps {
  readonly registrations: Pick<RegistrationQueryRepository, 'get'>;
}

/**
 * The id of the registration an edit token (X-Edit-Token) opens, as for the KIM's other routes:
 * 404 for an unknown id, 403 for a missing or wrong token.
 */
export const authoriseKim = async (
  registrations: Pick<RegistrationQueryRepository, 'get'>,
  id: string,
  editToken: string | undefined,
): Promise<string> => {
  const registration = isUlid(id) ? await registrations.get(id, { consistent: true }) : undefined;
  if (registration === undefined) throw registrationNotFound();
  assertEditToken(editToken, registration.editTokenHash);
  return registration.id;
};

/**
 * A KIM enters itself in a round that takes self-entries, with a short statement, while the
 * entry window is open. `registrationId` is already authorised (the API checks the edit token, a
 * workspace page its session). Eligibility is decided now, on the KIM's facts: an ineligible KIM
 * is refused (422) with the reasons and nothing is written. Entering again with the same statement
 * changes nothing (200); with another statement, or after an admin entered the KIM, 409.
 */
export const enterSelf = async (
  deps: AwardDeps,
  request: { readonly registrationId: string; readonly roundId: string; readonly body: unknown },
): Promise<{ entry: EntryView; created: boolean }> => {
  const round = isUlid(request.roundId)
    ? await deps.store.getRound(request.roundId, { consistent: true })
    : undefined;
  if (round === undefined || !isWithin(deps.scope, round.regionCode)) throw roundNotFound();
  const { statement } = parsed(selfEntryInputSchema, request.body);
  if (round.entryMode !== 'SELF_ENTRY') {
    throw new ConflictError(
      'Babak ini tidak menerima pendaftaran mandiri: peserta didaftarkan oleh admin.',
      'This round takes no self-entries: its entries are made by the admins.',
      { entryMode: round.entryMode },
    );
  }
  assertEntriesOpen(deps, round);
  if (Date.parse(at(deps.clock)) < Date.parse(round.entryWindow.opensAt)) {
    throw new OutsideWindowError(
      'Masa pendaftaran peserta belum dibuka.',
      'The entry window has not opened yet.',
      'entryWindow',
    );
  }
  const answerExisting = async () => {
    const existing = await deps.store.getEntry(round.id, request.registrationId);
    if (existing === undefined) return undefined;
    if (existing.source !== 'SELF' || existing.statement !== statement) {
      throw new ConflictError(
        existing.source === 'SELF'
          ? 'KIM ini sudah terdaftar di babak ini dengan pernyataan lain; pernyataan tidak dapat diubah.'
          : 'KIM ini sudah didaftarkan di babak ini oleh admin.',
        existing.source === 'SELF'
          ? 'This KIM already entered this round with another statement; a statement cannot be changed.'
          : 'This KIM was already entered in this round by an admin.',
        { entryId: existing.id },
      );
    }
    return { entry: toEntryView(existing, false, [], round), created: false };
  };
  const before = await answerExisting();
  if (before !== undefined) return before;

  const kim = await deps.kims.get(request.registrationId);
  if (kim === undefined) throw registrationNotFound();
  const entry = await entryOf(deps, round, kim, 'SELF', { statement });
  if (!entry.eligible) throw new IneligibleEntryError(entry.id, entry.ineligibleReasons);
  // The KIM acts by its edit token: no console user. The entry id names it in the trail.
  const auditEntry: AuditEntry = {
    id: deps.newId(),
    at: at(deps.clock),
    actor: { role: 'public' },
    action: 'ADD_ENTRY',
    entryId: entry.id,
    details: { source: 'SELF' },
  };
  const outcome = guarded(await deps.store.addEntry(entry, auditEntry));
  if (outcome === 'exists') {
    // A concurrent retry of the same request won: answer what it stored (or 409 if it differs).
    const stored = await answerExisting();
    if (stored === undefined) throw new ConcurrentModificationError();
    return stored;
  }
  return { entry: toEntryView(entry, false, [], round), created: true };
};

/** A round a KIM may enter itself now, with its entry there if it has one. */
export interface SelfEntryRound {
  readonly round: Pick<Round, 'id' | 'name' | 'regionCode' | 'activityPeriod' | 'entryWindow'>;
  readonly entry: EntryView | undefined;
}

/** Rounds looked at per page of the listing; a deployment has a few rounds a year. */
const ROUNDS_PAGE = 100;

/**
 * The rounds `registrationId` (already authorised) may enter itself now: rounds taking
 * self-entries, open, of a region its village is in, whose entry window is open; with its entry
 * in each (entered by itself or by an admin), if any. Oldest first.
 */
export const selfEntryRounds = async (deps: AwardDeps, registrationId: string): Promise<SelfEntryRound[]> => {
  const kim = await deps.kims.get(registrationId);
  if (kim === undefined) throw registrationNotFound();
  const now = Date.parse(at(deps.clock));
  const rounds: Round[] = [];
  let cursor: string | undefined;
  do {
    const page = await deps.store.listRounds({ regionCode: deps.scope, limit: ROUNDS_PAGE, cursor });
    rounds.push(...page.items);
    cursor = page.nextCursor ?? undefined;
  } while (cursor !== undefined);
  const open = rounds
    .filter(
      (round) =>
        round.entryMode === 'SELF_ENTRY' &&
        round.status === 'OPEN' &&
        isWithin(round.regionCode, kim.villageCode) &&
        Date.parse(round.entryWindow.opensAt) <= now &&
        now < Date.parse(round.entryWindow.closesAt),
    )
    .sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  return Promise.all(
    open.map(async (round) => {
      const entry = await deps.store.getEntry(round.id, registrationId);
      return {
        round: {
          id: round.id,
          name: round.name,
          regionCode: round.regionCode,
          activityPeriod: round.activityPeriod,
          entryWindow: round.entryWindow,
        },
        entry: entry === undefined ? undefined : toEntryView(entry, false, [], round),
      };
    }),
  );
};
