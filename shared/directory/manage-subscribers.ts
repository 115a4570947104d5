import type { Principal } from '../auth/principal.js';
import { NotFoundError } from '../platform/errors.js';
import { DuplicateDigestSubscriberError } from './errors.js';
import { type DirectoryList, type RegionDirectoryDeps, regionDirectory } from './manage-region-directory.js';
import {
  type DigestSubscriber,
  type DigestSubscriberInput,
  type DigestSubscriberRepository,
  type DigestSubscriberView,
  digestSubscriberInputSchema,
  toSubscriberView,
} from './subscriber.js';

export interface ManageDigestSubscribersDeps extends RegionDirectoryDeps {
  readonly subscribers: DigestSubscriberRepository;
}

const subscribers = regionDirectory<DigestSubscriber, DigestSubscriberInput, DigestSubscriberView>({
  action: { id: 'mengelola penerima ringkasan cakupan', en: 'manage the digest subscribers' },
  input: digestSubscriberInputSchema,
  toView: toSubscriberView,
  notFound: () =>
    new NotFoundError('Penerima ringkasan tidak ditemukan.', 'No digest subscriber with that id exists.'),
  duplicate: (existingId) => new DuplicateDigestSubscriberError(existingId),
});

/** Subscribers of `region` (default: the scope) and of every region inside it, by region code. */
export const listDigestSubscribers = (
  deps: ManageDigestSubscribersDeps,
  principal: Principal,
  query: Readonly<Record<string, string | undefined>>,
): Promise<DirectoryList<DigestSubscriberView>> => subscribers.list(deps.subscribers, deps, principal, query);

/** Adds a subscriber; 409 when the region's digest already goes to the same email. */
export const createDigestSubscriber = (
  deps: ManageDigestSubscribersDeps,
  principal: Principal,
  body: unknown,
): Promise<DigestSubscriberView> =>
  subscribers.create(deps.subscribers, deps, principal, body, (input, id, now) => ({
    id,
    email: input.email,
    regionCode: input.regionCode,
    createdAt: now,
  }));

/** Removes a subscriber and its email claim. */
export const deleteDigestSubscriber = (
  deps: ManageDigestSubscribersDeps,
  principal: Principal,
  id: string,
): Promise<void> => subscribers.remove(deps.subscribers, principal, id);
