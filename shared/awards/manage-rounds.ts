import * as z from 'zod/mini';
import { actorOf, type Principal, requireAdmin } from '../auth/principal.js';
import { ConcurrentModificationError, ValidationError } from '../platform/errors.js';
import { isUlid } from '../platform/ids.js';
import { isWithin } from '../platform/region-codes.js';
import { assertRegionInScope, outOfScopeError } from '../regions/region-field.js';
import {
  cursorParameter,
  invalidCursor,
  limitParameter,
  PAGE_LIMIT,
  regionParameter,
} from '../registrations/admin-queries.js';
import { InvalidCursorError } from '../registrations/ports.js';
import { ineligibilityOf, measureEntryFacts } from './eligibility.js';
import { IneligibleEntryError, NotYetSupportedError, OutsideWindowError } from './errors.js';
import {
  type Entry,
  type EntrySource,
  entryInputSchema,
  isSubject,
  type JurorAssignment,
  jurorInputSchema,
  toJurorView,
} from './model.js';
import type { KimCandidate } from './ports.js';
import { type IndicatorCode, type Round, type RoundInput, roundInputSchema, toRoundView } from './round.js';
import {
  type AwardCoreDeps,
  type AwardDeps,
  accessRound,
  adminRound,
  at,
  audit,
  guarded,
  MANAGE,
  openRound,
  overlaps,
  parsed,
  toEntryView,
} from './round-access.js';
import type { EntryView, JurorView, RoundView } from './view-schemas.js';

/** The port each automatic indicator is measured through (profile completeness: the KIM itself). */
const INDICATOR_NEEDS: Readonly<Record<IndicatorCode, 'activityReports' | 'terms' | undefined>> = {
  ACTIVITY_REPORTS_IN_PERIOD: 'activityReports',
  INFORMATION_PRODUCT_LINKS: 'activityReports',
  PPID_PARTNERSHIP_REPORTS: 'activityReports',
  PROFILE_COMPLETENESS: undefined,
  SK_VALID: 'terms',
};

/** What of a round the registry cannot evaluate, given the ports it has (all are wired in production). */
const unsupportedParts = (deps: AwardDeps, input: RoundInput) => {
  const parts: Array<{ field: string; id: string; en: string }> = [];
  if (input.eligibility.termNotExpired && deps.terms === undefined) {
    parts.push({
      field: 'eligibility.termNotExpired',
      id: 'masa berlaku SK belum dicatat registri',
      en: 'the registry does not keep SK terms yet',
    });
  }
  if (input.eligibility.minActivityReports !== undefined && deps.activityReports === undefined) {
    parts.push({
      field: 'eligibility.minActivityReports',
      id: 'laporan kegiatan belum dicatat registri',
      en: 'the registry does not keep activity reports yet',
    });
  }
  input.tieBreak.forEach((rule, index) => {
    if (rule === 'MORE_ACTIVITY_REPORTS' && deps.activityReports === undefined) {
      parts.push({
        field: `tieBreak[${index}]`,
        id: 'laporan kegiatan belum dicatat registri',
        en: 'the registry does not keep activity reports yet',
      });
    }
  });
  input.criteria.forEach((criterion, index) => {
    const needs = criterion.indicator === undefined ? undefined : INDICATOR_NEEDS[criterion.indicator];
    if (needs !== undefined && deps[needs] === undefined) {
      parts.push({
        field: `criteria[${index}].indicator`,
        ...(needs === 'terms'
          ? { id: 'masa berlaku SK belum dicatat registri', en: 'the registry does not keep SK terms yet' }
          : {
              id: 'laporan kegiatan belum dicatat registri',
              en: 'the registry does not keep activity reports yet',
            }),
      });
    }
  });
  return parts;
};

/** Creates a round (admin only): 400 on a bad field, 422 when it uses a rule not yet supported. */
export const createRound = async (
  deps: AwardDeps,
  principal: Principal,
  body: unknown,
): Promise<RoundView> => {
  requireAdmin(principal, MANAGE);
  const input = parsed(roundInputSchema(), body);
  const regionCode = input.regionCode ?? deps.scope;
  await assertRegionInScope(deps, 'regionCode', regionCode);
  const unsupported = unsupportedParts(deps, input);
  if (unsupported.length > 0) throw new NotYetSupportedError(unsupported);
  const { regionCode: _given, ...rest } = input;
  const round: Round = {
    ...rest,
    id: deps.newId(),
    regionCode,
    status: 'OPEN',
    createdAt: at(deps.clock),
    createdBy: actorOf(principal),
    version: 1,
  };
  await deps.store.createRound(
    round,
    audit(deps, principal, 'CREATE_ROUND', { name: round.name, regionCode }),
  );
  return toRoundView(round);
};

const listQuerySchema = /* @__PURE__ */ (() =>
  z.strictObject({
    region: z.optional(regionParameter),
    cursor: z.optional(cursorParameter),
    limit: z.optional(limitParameter),
  }))();

/**
 * Rounds an admin sees of `region` (default: the scope) and every region inside it; anyone else,
 * the rounds they are a juror of (one page).
 */
export const listRounds = async (
  deps: AwardDeps,
  principal: Principal,
  query: Readonly<Record<string, string | undefined>>,
): Promise<{ items: RoundView[]; nextCursor: string | null }> => {
  const { region, cursor, limit } = parsed(listQuerySchema, query);
  if (principal.role !== 'admin') {
    const ids = await deps.store.listJurorRounds(principal.subject);
    const rounds = await Promise.all(ids.map((id) => deps.store.getRound(id)));
    return {
      items: rounds
        .filter((round): round is Round => round !== undefined)
        .filter((round) => overlaps(principal.regionCode, round.regionCode))
        .filter((round) => region === undefined || isWithin(region, round.regionCode))
        .map(toRoundView),
      nextCursor: null,
    };
  }
  const regionCode = region ?? deps.scope;
  if (!isWithin(deps.scope, regionCode)) throw outOfScopeError('region', regionCode, deps.scope);
  try {
    const page = await deps.store.listRounds({ regionCode, limit: limit ?? PAGE_LIMIT.default, cursor });
    return { items: page.items.map(toRoundView), nextCursor: page.nextCursor };
  } catch (error) {
    if (error instanceof InvalidCursorError) throw invalidCursor();
    throw error;
  }
};

/** A round with its jurors: an admin sees them all, a juror only themself. */
export const getRound = async (
  deps: AwardDeps,
  principal: Principal,
  roundId: string,
): Promise<RoundView & { jurors: JurorView[] }> => {
  const { round, juror } = await accessRound(deps, principal, roundId);
  const jurors =
    principal.role === 'admin' ? await deps.store.listJurors(round.id) : juror === undefined ? [] : [juror];
  return { ...toRoundView(round), jurors: jurors.map(toJurorView) };
};

/** Makes the console user `sub` a juror of the round (admin only); assigning again changes nothing. */
export const assignJuror = async (
  deps: AwardDeps,
  principal: Principal,
  roundId: string,
  sub: string,
  body: unknown,
): Promise<{ juror: JurorView; created: boolean }> => {
  const round = await adminRound(deps, principal, roundId);
  if (!isSubject(sub)) {
    throw new ValidationError([
      {
        field: 'sub',
        message: 'Harus berupa sub akun konsol (huruf, angka dan tanda hubung, maksimal 128).',
        messageEn: 'Must be a console account sub (letters, digits and hyphens, at most 128).',
      },
    ]);
  }
  const input = parsed(jurorInputSchema, body);
  openRound(round);
  const juror: JurorAssignment = {
    roundId: round.id,
    sub,
    username: input.username,
    assignedAt: at(deps.clock),
    conflictVillages: [],
    version: 1,
  };
  const outcome = guarded(
    await deps.store.assignJuror(round, juror, audit(deps, principal, 'ASSIGN_JUROR', {}, { jurorSub: sub })),
  );
  if (outcome === 'exists') {
    const existing = await deps.store.getJuror(round.id, sub);
    if (existing === undefined) throw new ConcurrentModificationError();
    return { juror: toJurorView(existing), created: false };
  }
  return { juror: toJurorView(juror), created: true };
};

export const assertEntriesOpen = (deps: AwardCoreDeps, round: Round) => {
  openRound(round);
  if (Date.parse(at(deps.clock)) >= Date.parse(round.entryWindow.closesAt)) {
    throw new OutsideWindowError(
      'Masa pendaftaran peserta sudah ditutup.',
      'The entry window has closed.',
      'entryWindow',
    );
  }
};

/** The entry of `kim` in `round`: its facts measured now, its eligibility decided on them. */
export const entryOf = async (
  deps: AwardDeps,
  round: Round,
  kim: KimCandidate,
  source: EntrySource,
  extra: { readonly statement?: string } = {},
): Promise<Entry> => {
  const now = deps.clock.now();
  const facts = await measureEntryFacts(deps, round, kim, now);
  const reasons = ineligibilityOf(round, kim, facts);
  return {
    roundId: round.id,
    id: kim.id,
    name: kim.name,
    villageCode: kim.villageCode,
    villageName: kim.villageName,
    districtCode: kim.districtCode,
    enteredAt: now.toISOString(),
    source,
    eligible: reasons.length === 0,
    ineligibleReasons: reasons,
    ...(extra.statement === undefined ? {} : { statement: extra.statement }),
    facts,
  };
};

/**
 * Enters one KIM of the round's region (admin only), until the entry window closes. An ineligible
 * KIM is refused (422) with its reasons; entering the same KIM again changes nothing.
 */
export const addEntry = async (
  deps: AwardDeps,
  principal: Principal,
  roundId: string,
  body: unknown,
): Promise<{ entry: EntryView; created: boolean }> => {
  const round = await adminRound(deps, principal, roundId);
  const { registrationId } = parsed(entryInputSchema, body);
  assertEntriesOpen(deps, round);
  const kim = isUlid(registrationId) ? await deps.kims.get(registrationId) : undefined;
  if (kim === undefined || !isWithin(round.regionCode, kim.villageCode)) {
    throw new ValidationError([
      {
        field: 'registrationId',
        message: `Tidak ada KIM dengan id ini di wilayah babak (${round.regionCode}).`,
        messageEn: `No KIM with this id in the round's region (${round.regionCode}).`,
      },
    ]);
  }
  const entry = await entryOf(deps, round, kim, 'ADMIN');
  if (!entry.eligible) {
    throw new IneligibleEntryError(entry.id, entry.ineligibleReasons);
  }
  const outcome = guarded(
    await deps.store.addEntry(
      entry,
      audit(deps, principal, 'ADD_ENTRY', { source: 'ADMIN' }, { entryId: entry.id }),
    ),
  );
  if (outcome === 'exists') {
    const existing = await deps.store.getEntry(round.id, entry.id);
    if (existing === undefined) throw new ConcurrentModificationError();
    return { entry: toEntryView(existing, false, [], round), created: false };
  }
  return { entry: toEntryView(entry, false, [], round), created: true };
};

export interface AutomaticEntryReport {
  /** Entries recorded now, eligible or not. */
  readonly entered: number;
  /** Registrations already entered before: nothing written. */
  readonly alreadyEntered: number;
  readonly eligible: number;
  readonly ineligible: ReadonlyArray<{
    readonly id: string;
    readonly reasons: EntryView['ineligibleReasons'];
  }>;
}

/**
 * Enters every KIM of the round's region (admin only, until the entry window closes): eligible ones
 * to be judged, ineligible ones listed with their reasons and never ranked. Running it again
 * enters only KIM that were not entered yet.
 */
export const enterAutomatically = async (
  deps: AwardDeps,
  principal: Principal,
  roundId: string,
): Promise<AutomaticEntryReport> => {
  const round = await adminRound(deps, principal, roundId);
  assertEntriesOpen(deps, round);
  let entered = 0;
  let alreadyEntered = 0;
  let eligible = 0;
  const ineligible: Array<{ id: string; reasons: EntryView['ineligibleReasons'] }> = [];
  for await (const kim of deps.kims.listInRegion(round.regionCode)) {
    const entry = await entryOf(deps, round, kim, 'AUTOMATIC');
    const outcome = guarded(
      await deps.store.addEntry(
        entry,
        audit(
          deps,
          principal,
          'ADD_ENTRY',
          { source: 'AUTOMATIC', eligible: entry.eligible },
          { entryId: entry.id },
        ),
      ),
    );
    const stored = outcome === 'exists' ? await deps.store.getEntry(round.id, entry.id) : entry;
    if (outcome === 'exists') alreadyEntered++;
    else entered++;
    if (stored === undefined || stored.eligible) eligible++;
    else
      ineligible.push({ id: stored.id, reasons: stored.ineligibleReasons.map((reason) => ({ ...reason })) });
  }
  return { entered, alreadyEntered, eligible, ineligible };
};
