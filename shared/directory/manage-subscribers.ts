import * as z from 'zod';
import { type Principal, requireAdmin } from '../auth/principal.js';
import type { Clock } from '../platform/clock.js';
import { NotFoundError, ValidationError } from '../platform/errors.js';
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
import { DuplicateDigestSubscriberError } from './errors.js';
import {
  type DigestSubscriber,
  type DigestSubscriberView,
  digestSubscriberInputSchema,
  toSubscriberView,
} from './subscriber.js';
import type { DigestSubscriberRepository } from './subscriber-ports.js';

export interface ManageDigestSubscribersDeps {
  readonly subscribers: DigestSubscriberRepository;
  readonly regions: RegionRepository;
  readonly clock: Clock;
  readonly newId: () => string;
  /** The deployment scope: digests are sent for regions inside it. */
  readonly scope: string;
}

const MANAGE_SUBSCRIBERS = {
  id: 'mengelola penerima ringkasan cakupan',
  en: 'manage the digest subscribers',
};

/** Query parameters of GET /admin/digest-subscribers. */
export const listDigestSubscribersQuerySchema = z.strictObject({
  region: regionParameter.optional(),
  cursor: cursorParameter.optional(),
  limit: limitParameter.optional(),
});

export interface DigestSubscriberList {
  readonly items: DigestSubscriberView[];
  readonly nextCursor: string | null;
}

/** Subscribers of `region` (default: the scope) and of every region inside it, by region code. */
export const listDigestSubscribers = async (
  deps: ManageDigestSubscribersDeps,
  principal: Principal,
  query: Readonly<Record<string, string | undefined>>,
): Promise<DigestSubscriberList> => {
  requireAdmin(principal, MANAGE_SUBSCRIBERS);
  const parsed = listDigestSubscribersQuerySchema.safeParse(query, { reportInput: true });
  if (!parsed.success) throw new ValidationError(describeIssues(parsed.error.issues));
  const regionCode = parsed.data.region ?? deps.scope;
  if (!isWithin(deps.scope, regionCode)) throw outOfScopeError('region', regionCode, deps.scope);
  try {
    const page = await deps.subscribers.list({
      regionCode,
      includeDescendants: true,
      limit: parsed.data.limit ?? PAGE_LIMIT.default,
      cursor: parsed.data.cursor,
    });
    return { items: page.items.map(toSubscriberView), nextCursor: page.nextCursor };
  } catch (error) {
    if (error instanceof InvalidCursorError) throw invalidCursor();
    throw error;
  }
};

/** Adds a subscriber; 409 when the region's digest already goes to the same email. */
export const createDigestSubscriber = async (
  deps: ManageDigestSubscribersDeps,
  principal: Principal,
  body: unknown,
): Promise<DigestSubscriberView> => {
  requireAdmin(principal, MANAGE_SUBSCRIBERS);
  const parsed = digestSubscriberInputSchema.safeParse(body, { reportInput: true });
  if (!parsed.success) throw new ValidationError(describeIssues(parsed.error.issues));
  await assertRegionInScope(deps, 'regionCode', parsed.data.regionCode);
  const subscriber: DigestSubscriber = {
    id: deps.newId(),
    email: parsed.data.email,
    regionCode: parsed.data.regionCode,
    createdAt: deps.clock.now().toISOString(),
  };
  const outcome = await deps.subscribers.create(subscriber);
  if (outcome.kind === 'duplicate') throw new DuplicateDigestSubscriberError(outcome.existingId);
  return toSubscriberView(subscriber);
};

/** Removes a subscriber and its email claim. */
export const deleteDigestSubscriber = async (
  deps: ManageDigestSubscribersDeps,
  principal: Principal,
  id: string,
): Promise<void> => {
  requireAdmin(principal, MANAGE_SUBSCRIBERS);
  const subscriber = isUlid(id) ? await deps.subscribers.get(id, { consistent: true }) : undefined;
  if (!subscriber || (await deps.subscribers.delete(subscriber)) === 'missing') {
    throw new NotFoundError(
      'Penerima ringkasan tidak ditemukan.',
      'No digest subscriber with that id exists.',
    );
  }
};
