import * as z from 'zod/mini';
import { type Principal, requireAdmin } from '../auth/principal.js';
import type { Clock } from '../platform/clock.js';
import { ConcurrentModificationError, type NotFoundError, ValidationError } from '../platform/errors.js';
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
import type { DirectoryEntry, RegionDirectoryRepository } from './region-directory-ports.js';

/** What the directory use cases need besides the directory itself. */
export interface RegionDirectoryDeps {
  readonly regions: RegionRepository;
  readonly clock: Clock;
  readonly newId: () => string;
  /** The deployment scope: every entry names a region inside it. */
  readonly scope: string;
}

/** The rules one kind of entry brings to the core. */
export interface DirectoryRules<
  T extends DirectoryEntry,
  Input extends { readonly regionCode: string },
  View,
> {
  /** What an admin does with the directory, named in the 403 that refuses anyone else. */
  readonly action: { readonly id: string; readonly en: string };
  /** The body of a create (and an update); its region is then checked against the table and the scope. */
  readonly input: z.ZodMiniType<Input>;
  readonly toView: (entry: T) => View;
  readonly notFound: () => NotFoundError;
  /** The 409 when the region already lists the address. */
  readonly duplicate: (existingId: string) => Error;
}

/** Query parameters of a directory listing. */
export const directoryListQuerySchema = z.strictObject({
  region: z.optional(regionParameter),
  cursor: z.optional(cursorParameter),
  limit: z.optional(limitParameter),
});

export interface DirectoryList<View> {
  readonly items: View[];
  readonly nextCursor: string | null;
}

const parsed = <T>(schema: z.ZodMiniType<T>, value: unknown): T => {
  const result = schema.safeParse(value, { reportInput: true });
  if (!result.success) throw new ValidationError(describeIssues(result.error.issues));
  return result.data;
};

/**
 * The use cases every region directory shares, bound to one kind of entry's rules: admins only,
 * bodies validated field by field with the region in the table and the scope, one entry per
 * (region, address), listings of a region and everything inside it.
 */
export const regionDirectory = <
  T extends DirectoryEntry,
  Input extends { readonly regionCode: string },
  View,
>(
  rules: DirectoryRules<T, Input, View>,
) => {
  /** The stored entry with this id (a consistent read); 404 for an unknown or malformed id. */
  const existing = async (directory: RegionDirectoryRepository<T>, id: string): Promise<T> => {
    const entry = isUlid(id) ? await directory.get(id, { consistent: true }) : undefined;
    if (entry === undefined) throw rules.notFound();
    return entry;
  };

  /** After a write lost a race: 404 when the entry is gone, 409 when someone else changed it. */
  const lostRace = async (directory: RegionDirectoryRepository<T>, id: string): Promise<never> => {
    if ((await directory.get(id, { consistent: true })) === undefined) throw rules.notFound();
    throw new ConcurrentModificationError();
  };

  /** A body an admin sent, valid, its region in the table and in the scope (400 otherwise). */
  const admit = async (deps: RegionDirectoryDeps, principal: Principal, body: unknown): Promise<Input> => {
    requireAdmin(principal, rules.action);
    const input = parsed(rules.input, body);
    await assertRegionInScope(deps, 'regionCode', input.regionCode);
    return input;
  };

  return {
    existing,
    lostRace,
    admit,

    /** Entries of `region` (default: the scope) and of every region inside it, by region code. */
    async list(
      directory: RegionDirectoryRepository<T>,
      deps: Pick<RegionDirectoryDeps, 'scope'>,
      principal: Principal,
      query: Readonly<Record<string, string | undefined>>,
    ): Promise<DirectoryList<View>> {
      requireAdmin(principal, rules.action);
      const { region, cursor, limit } = parsed(directoryListQuerySchema, query);
      const regionCode = region ?? deps.scope;
      if (!isWithin(deps.scope, regionCode)) throw outOfScopeError('region', regionCode, deps.scope);
      try {
        const page = await directory.list({
          regionCode,
          includeDescendants: true,
          limit: limit ?? PAGE_LIMIT.default,
          cursor,
        });
        return { items: page.items.map(rules.toView), nextCursor: page.nextCursor };
      } catch (error) {
        if (error instanceof InvalidCursorError) throw invalidCursor();
        throw error;
      }
    },

    /** Adds the entry `build` makes of a valid body; 409 when the region already lists the address. */
    async create(
      directory: RegionDirectoryRepository<T>,
      deps: RegionDirectoryDeps,
      principal: Principal,
      body: unknown,
      build: (input: Input, id: string, now: string) => T,
    ): Promise<View> {
      const input = await admit(deps, principal, body);
      const entry = build(input, deps.newId(), deps.clock.now().toISOString());
      const outcome = await directory.create(entry);
      if (outcome.kind === 'duplicate') throw rules.duplicate(outcome.existingId);
      return rules.toView(entry);
    },

    /** Removes an entry and its address claim. */
    async remove(directory: RegionDirectoryRepository<T>, principal: Principal, id: string): Promise<void> {
      requireAdmin(principal, rules.action);
      const entry = await existing(directory, id);
      if ((await directory.delete(entry)) === 'conflict') await lostRace(directory, id);
    },
  };
};
