import { NotFoundError, ValidationError } from '../platform/errors.js';
import { isUlid } from '../platform/ids.js';
import { InvalidCursorError, type RegistrationQueryRepository, type RegistrationSummary } from './ports.js';
import { type Registration, toStatusView } from './registration.js';
import type { RegistrationInput, RegistrationStatusView } from './schema.js';

/** The public status of a registration, with the reviewer's reason when it was rejected or deactivated. */
export interface PublicStatus extends RegistrationStatusView {
  /** Why it was rejected (REJECTED) or deactivated (DEACTIVATED); absent otherwise. */
  readonly reason?: string;
}

/**
 * What anyone may see of a VERIFIED KIM: its name, village, focus areas, media and member count.
 * No officer, no contact: nothing about a person.
 */
export interface PublicProfile {
  readonly id: string;
  readonly name: string;
  readonly villageCode: string;
  readonly villageName: string;
  readonly districtCode: string;
  readonly focusAreas: RegistrationInput['focusAreas'];
  readonly media: RegistrationInput['media'];
  readonly memberCount: number;
  /** When it was verified (its last review). */
  readonly verifiedAt?: string;
}

/** One KIM of the directory, as the region indexes hold it. */
export type DirectoryEntry = Pick<
  RegistrationSummary,
  'id' | 'name' | 'villageCode' | 'villageName' | 'districtCode' | 'updatedAt'
>;

export interface DirectoryPage {
  readonly items: readonly DirectoryEntry[];
  /** Null on the last page. */
  readonly nextCursor: string | null;
}

export interface PublicViewDeps {
  readonly registrations: Pick<RegistrationQueryRepository, 'get' | 'list'>;
}

const notFound = () =>
  new NotFoundError('Pendaftaran KIM tidak ditemukan.', 'No KIM registration with that id exists.');

const read = async (deps: PublicViewDeps, id: string): Promise<Registration | undefined> =>
  isUlid(id) ? deps.registrations.get(id) : undefined;

/** The public status of one registration; unknown and malformed ids are both "not found". */
export const getPublicStatus = async (deps: PublicViewDeps, id: string): Promise<PublicStatus> => {
  const registration = await read(deps, id);
  if (!registration) throw notFound();
  const reason =
    registration.status === 'REJECTED'
      ? registration.rejectionReason
      : registration.status === 'DEACTIVATED'
        ? registration.deactivationReason
        : undefined;
  return { ...toStatusView(registration), ...(reason === undefined ? {} : { reason }) };
};

/** The public profile of a VERIFIED KIM; any other status is "not found", as an unknown id is. */
export const getPublicProfile = async (deps: PublicViewDeps, id: string): Promise<PublicProfile> => {
  const registration = await read(deps, id);
  if (registration?.status !== 'VERIFIED') {
    throw new NotFoundError(
      'KIM terverifikasi dengan kode tersebut tidak ditemukan.',
      'No verified KIM with that id exists.',
    );
  }
  return {
    id: registration.id,
    name: registration.name,
    villageCode: registration.villageCode,
    villageName: registration.villageName,
    districtCode: registration.districtCode,
    focusAreas: registration.focusAreas,
    media: registration.media ?? [],
    memberCount: registration.memberCount,
    ...(registration.reviewedAt === undefined ? {} : { verifiedAt: registration.reviewedAt }),
  };
};

/**
 * VERIFIED KIM inside a region (any level), newest first, a page at a time: a Query on the
 * region's index, never a Scan. The caller checks the region lies in the scope.
 */
export const listVerifiedKim = async (
  deps: PublicViewDeps,
  query: { readonly regionCode: string; readonly limit: number; readonly cursor?: string | undefined },
): Promise<DirectoryPage> => {
  try {
    const page = await deps.registrations.list({ ...query, status: 'VERIFIED' });
    return {
      items: page.items.map(({ id, name, villageCode, villageName, districtCode, updatedAt }) => ({
        id,
        name,
        villageCode,
        villageName,
        districtCode,
        updatedAt,
      })),
      nextCursor: page.nextCursor,
    };
  } catch (error) {
    if (error instanceof InvalidCursorError) {
      throw new ValidationError([
        {
          field: 'cursor',
          message: 'Cursor tidak valid untuk permintaan ini; mulai lagi dari halaman pertama.',
          messageEn: 'The cursor does not belong to this query; start again from the first page.',
        },
      ]);
    }
    throw error;
  }
};
