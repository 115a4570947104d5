import type { RegistrationQueryRepository } from '../registrations/ports.js';
import type { Registration } from '../registrations/registration.js';
import type { KimCandidate, KimSource, ProfileCompleteness } from './ports.js';

/** Registrations read per listing page while entering a region's KIM. */
const PAGE_SIZE = 100;

/**
 * The optional parts of a profile a KIM filled, of three: every officer reachable by email, a
 * website, and a social-media account. The required parts (name, village, SK, the three officers,
 * members, focus areas) are always there. Only whether they are filled is kept, never a value.
 */
export const profileCompletenessOf = (
  registration: Pick<Registration, 'officers' | 'media'>,
): ProfileCompleteness => {
  const parts = [
    registration.officers.every((officer) => officer.email !== undefined),
    registration.media.some((medium) => medium.type === 'WEBSITE'),
    registration.media.some((medium) => medium.type !== 'WEBSITE'),
  ];
  return { filled: parts.filter(Boolean).length, total: parts.length };
};

const candidateOf = (registration: Registration): KimCandidate => ({
  id: registration.id,
  name: registration.name,
  villageCode: registration.villageCode,
  villageName: registration.villageName,
  districtCode: registration.districtCode,
  status: registration.status,
  formedOn: registration.sk.date,
  profileCompleteness: profileCompletenessOf(registration),
});

/**
 * The KIM of the registry as award rounds see them, read through the registrations feature's
 * query port: public facts only (name, village, status, SK date), never officers or contacts.
 */
export const registryKims = (
  registrations: Pick<RegistrationQueryRepository, 'get' | 'list'>,
): KimSource => ({
  async get(id) {
    const registration = await registrations.get(id, { consistent: true });
    return registration === undefined ? undefined : candidateOf(registration);
  },
  async *listInRegion(regionCode) {
    let cursor: string | undefined;
    do {
      const page = await registrations.list({ regionCode, limit: PAGE_SIZE, order: 'oldest', cursor });
      for (const summary of page.items) {
        // The listing holds no SK date: the registration itself is read for it.
        const registration = await registrations.get(summary.id);
        if (registration !== undefined) yield candidateOf(registration);
      }
      cursor = page.nextCursor ?? undefined;
    } while (cursor !== undefined);
  },
});
