import { todayInIndonesia } from '../platform/clock.js';
import { type FieldError, ValidationError } from '../platform/errors.js';
import { COUNTRY_CODE, isWithin, parentOf } from '../platform/region-codes.js';
import { bilingual, describeIssues } from '../platform/validation/messages.js';
import type { Region, RegionRepository } from '../regions/region.js';
import { type RegistrationInput, registrationInputSchema } from './schema.js';

/** A field error from a bilingual message. */
export const fieldError = (name: string, message: { params: { id: string; en: string } }): FieldError => ({
  field: name,
  message: message.params.id,
  messageEn: message.params.en,
});

export interface ValidRegistrationInput {
  readonly input: RegistrationInput;
  readonly village: Region;
}

/**
 * Validates a registration body (POST and PUT alike) field by field, then checks its village
 * exists and lies in `scope`. Throws one ValidationError listing every bad field.
 */
export const validateRegistrationInput = async (
  deps: { readonly regions: RegionRepository; readonly scope: string },
  body: unknown,
  now: Date,
): Promise<ValidRegistrationInput> => {
  const parsed = registrationInputSchema(todayInIndonesia(now)).safeParse(body, { reportInput: true });
  const errors: FieldError[] = parsed.success ? [] : describeIssues(parsed.error.issues);
  const villageCode = parsed.success
    ? parsed.data.villageCode
    : (body as { villageCode?: unknown } | null)?.villageCode;
  const villageCodeValid =
    typeof villageCode === 'string' && !errors.some((error) => error.field === 'villageCode');

  let village: Region | undefined;
  if (villageCodeValid) {
    if (!isWithin(deps.scope, villageCode)) {
      errors.push(
        fieldError(
          'villageCode',
          bilingual(
            `Desa ${villageCode} berada di luar wilayah layanan ini (${deps.scope}).`,
            `Village ${villageCode} is outside the area this deployment serves (${deps.scope}).`,
          ),
        ),
      );
    } else {
      village = await deps.regions.get(villageCode);
      if (village?.level !== 'village') {
        errors.push(
          fieldError(
            'villageCode',
            bilingual(
              `Desa dengan kode ${villageCode} tidak ditemukan.`,
              `No village with code ${villageCode} exists.`,
            ),
          ),
        );
      }
    }
  }
  if (!parsed.success || errors.length > 0 || village === undefined) throw new ValidationError(errors);
  return { input: parsed.data, village };
};

/** The region codes a registration stores for the listing indexes, from its village code. */
export const placeOf = (villageCode: string) => {
  const districtCode = parentOf(villageCode) ?? '';
  const regencyCode = parentOf(districtCode) ?? '';
  return {
    districtCode,
    regencyCode,
    provinceCode: parentOf(regencyCode) ?? '',
    countryCode: COUNTRY_CODE,
  };
};
