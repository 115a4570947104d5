import type { Principal } from '../auth/principal.js';
import { NotFoundError } from '../platform/errors.js';
import { DuplicateOfficerError } from './errors.js';
import { type DirectoryList, type RegionDirectoryDeps, regionDirectory } from './manage-region-directory.js';
import {
  type Officer,
  type OfficerInput,
  type OfficerRepository,
  type OfficerView,
  officerInputSchema,
  toOfficerView,
} from './officer.js';

export interface ManageOfficersDeps extends RegionDirectoryDeps {
  readonly officers: OfficerRepository;
}

const officers = regionDirectory<Officer, OfficerInput, OfficerView>({
  action: { id: 'mengelola direktori petugas PPID', en: 'manage the PPID officer directory' },
  input: officerInputSchema,
  toView: toOfficerView,
  notFound: () => new NotFoundError('Petugas PPID tidak ditemukan.', 'No PPID officer with that id exists.'),
  duplicate: (existingId) => new DuplicateOfficerError(existingId),
});

/** Officers responsible for `region` (default: the scope) or any region inside it, by region code. */
export const listOfficers = (
  deps: ManageOfficersDeps,
  principal: Principal,
  query: Readonly<Record<string, string | undefined>>,
): Promise<DirectoryList<OfficerView>> => officers.list(deps.officers, deps, principal, query);

/** Adds an officer, active unless the body says otherwise; 409 when the region already lists the same email. */
export const createOfficer = (
  deps: ManageOfficersDeps,
  principal: Principal,
  body: unknown,
): Promise<OfficerView> =>
  officers.create(deps.officers, deps, principal, body, (input, id, now) => ({
    id,
    name: input.name,
    email: input.email,
    regionCode: input.regionCode,
    active: input.active ?? true,
    createdAt: now,
    updatedAt: now,
    version: 1,
  }));

/** Replaces an officer's fields (`active` kept when omitted); the email claim moves with them. */
export const updateOfficer = async (
  deps: ManageOfficersDeps,
  principal: Principal,
  id: string,
  body: unknown,
): Promise<OfficerView> => {
  const input = await officers.admit(deps, principal, body);
  const previous = await officers.existing(deps.officers, id);
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
  if (outcome.kind === 'duplicate') throw new DuplicateOfficerError(outcome.existingId);
  if (outcome.kind === 'conflict') return officers.lostRace(deps.officers, id);
  return toOfficerView(next);
};

/** Removes an officer and its email claim. */
export const deleteOfficer = (deps: ManageOfficersDeps, principal: Principal, id: string): Promise<void> =>
  officers.remove(deps.officers, principal, id);
