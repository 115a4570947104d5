import * as z from 'zod';
import { type Principal, requireAdmin } from '../auth/principal.js';
import type { Clock } from '../platform/clock.js';
import { ConcurrentModificationError, NotFoundError, ValidationError } from '../platform/errors.js';
import { isUlid } from '../platform/ids.js';
import { isWithin } from '../platform/region-codes.js';
import { describeIssues } from '../platform/validation/messages.js';
import type { RegionRepository } from '../regions/region.js';
import { assertRegionInScope, outOfScopeError } from '../regions/region-field.js';
import {
  cursorParameter,
  invalidCursor,
  limitParameter,
  PAGE_LIMIT,
  regionParameter,
} from '../registrations/admin-queries.js';
import { InvalidCursorError } from '../registrations/ports.js';
import { DuplicateOfficerError } from './errors.js';
import {
  type Officer,
  type OfficerInput,
  type OfficerView,
  officerInputSchema,
  toOfficerView,
} from './officer.js';
import type { OfficerPage, OfficerRepository } from './officer-ports.js';

export interface ManageOfficersDeps {
  readonly officers: OfficerRepository;
  readonly regions: RegionRepository;
  readonly clock: Clock;
  readonly newId: () => string;
  /** The deployment scope: officers are responsible for regions inside it. */
  readonly scope: string;
}

const MANAGE_OFFICERS = {
  id: 'mengelola direktori petugas PPID',
  en: 'manage the PPID officer directory',
};

const notFound = () =>
  new NotFoundError('Petugas PPID tidak ditemukan.', 'No PPID officer with that id exists.');

/** Validates the body and checks its region exists in the table and lies in scope (400 otherwise). */
const validInput = async (deps: ManageOfficersDeps, body: unknown): Promise<OfficerInput> => {
  const parsed = officerInputSchema.safeParse(body);
  if (!parsed.success) throw new ValidationError(describeIssues(parsed.error.issues));
  await assertRegionInScope(deps, 'regionCode', parsed.data.regionCode);
  return parsed.data;
};

/** Query parameters of GET /admin/officers. */
export const listOfficersQuerySchema = z.strictObject({
  region: regionParameter.optional(),
  cursor: cursorParameter.optional(),
  limit: limitParameter.optional(),
});

export interface OfficerList {
  readonly items: OfficerView[];
  readonly nextCursor: string | null;
}

/** Officers responsible for `region` (default: the scope) or any region inside it, by region code. */
export const listOfficers = async (
  deps: ManageOfficersDeps,
  principal: Principal,
  query: Readonly<Record<string, string | undefined>>,
): Promise<OfficerList> => {
  requireAdmin(principal, MANAGE_OFFICERS);
  const parsed = listOfficersQuerySchema.safeParse(query);
  if (!parsed.success) throw new ValidationError(describeIssues(parsed.error.issues));
  const regionCode = parsed.data.region ?? deps.scope;
  if (!isWithin(deps.scope, regionCode)) throw outOfScopeError('region', regionCode, deps.scope);
  let page: OfficerPage;
  try {
    page = await deps.officers.list({
      regionCode,
      includeDescendants: true,
      limit: parsed.data.limit ?? PAGE_LIMIT.default,
      cursor: parsed.data.cursor,
    });
  } catch (error) {
    if (error instanceof InvalidCursorError) throw invalidCursor();
    throw error;
  }
  return { items: page.items.map(toOfficerView), nextCursor: page.nextCursor };
};

/** Adds an officer; 409 when the region already lists the same email. */
export const createOfficer = async (
  deps: ManageOfficersDeps,
  principal: Principal,
  body: unknown,
): Promise<OfficerView> => {
  requireAdmin(principal, MANAGE_OFFICERS);
  const input = await validInput(deps, body);
  const timestamp = deps.clock.now().toISOString();
  const officer: Officer = {
    id: deps.newId(),
    name: input.name,
    email: input.email,
    regionCode: input.regionCode,
    active: input.active ?? true,
    createdAt: timestamp,
    updatedAt: timestamp,
    version: 1,
  };
  const outcome = await deps.officers.create(officer);
  if (outcome.kind === 'duplicate') throw new DuplicateOfficerError(outcome.existingId);
  return toOfficerView(officer);
};

/** Replaces an officer's fields (`active` kept when omitted); the email claim moves with them. */
export const updateOfficer = async (
  deps: ManageOfficersDeps,
  principal: Principal,
  id: string,
  body: unknown,
): Promise<OfficerView> => {
  requireAdmin(principal, MANAGE_OFFICERS);
  const input = await validInput(deps, body);
  const previous = isUlid(id) ? await deps.officers.get(id, { consistent: true }) : undefined;
  if (!previous) throw notFound();
  const { emailUndeliverable, ...unchanged } = previous;
  const next: Officer = {
    ...unchanged,
    name: input.name,
    email: input.email,
    regionCode: input.regionCode,
    active: input.active ?? previous.active,
    updatedAt: deps.clock.now().toISOString(),
    version: previous.version + 1,
    // A new address deserves a new try; the same one keeps its bounce on record.
    ...(emailUndeliverable !== undefined && input.email === previous.email ? { emailUndeliverable } : {}),
  };
  const outcome = await deps.officers.update(previous, next);
  switch (outcome.kind) {
    case 'written':
      return toOfficerView(next);
    case 'duplicate':
      throw new DuplicateOfficerError(outcome.existingId);
    case 'conflict':
      if ((await deps.officers.get(id, { consistent: true })) === undefined) throw notFound();
      throw new ConcurrentModificationError();
  }
};

/** Removes an officer and its email claim. */
export const deleteOfficer = async (
  deps: ManageOfficersDeps,
  principal: Principal,
  id: string,
): Promise<void> => {
  requireAdmin(principal, MANAGE_OFFICERS);
  const officer = isUlid(id) ? await deps.officers.get(id, { consistent: true }) : undefined;
  if (!officer) throw notFound();
  if ((await deps.officers.delete(officer)) === 'conflict') {
    if ((await deps.officers.get(id, { consistent: true })) === undefined) throw notFound();
    throw new ConcurrentModificationError();
  }
};
