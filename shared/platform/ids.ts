/** A ULID as this project generates them (Crockford base32, upper case). */
export const ULID_PATTERN = /^[0-9A-HJKMNP-TV-Z]{26}$/;

/** True for a well-formed id; anything else cannot name a stored item. */
export const isUlid = (id: string): boolean => ULID_PATTERN.test(id);
