import { randomUUID } from 'node:crypto';
import { CSRF_FIELD } from '../platform/web/csrf.js';
import type { FormObject, FormParseOptions, FormValue } from '../platform/web/form-data.js';
import type { Registration } from '../registrations/registration.js';
import { REQUIRED_OFFICER_ROLES } from '../registrations/schema.js';

/**
 * The registration form between the browser and the use cases: its fields are the API contract's
 * paths, its values strings as typed. A post becomes the JSON body the API takes (the same zod
 * schema judges it), and the form is rendered again from the same strings, so every value is kept.
 */

/** Most officer rows and media rows, as the schema allows. */
export const MAX_OFFICERS = 30;
export const MAX_MEDIA = 10;

/** Hidden and button fields of the form itself; never part of the registration. */
export const FORM_CONTROLS = {
  csrf: CSRF_FIELD,
  idempotencyKey: '_idempotencyKey',
  action: '_action',
} as const;

/** What the post's submit button asked for: register, or render again with one more row. */
export type FormAction = 'submit' | 'addOfficer' | 'addMedia';

/** How form bodies are read: the checkbox group repeats; rows fit the schema's bounds. */
export const REGISTRATION_FORM_PARSE: FormParseOptions = {
  lists: ['focusAreas'],
  maxIndex: MAX_OFFICERS - 1,
};

export interface OfficerRow {
  readonly role: string;
  readonly name: string;
  readonly phone: string;
  readonly email: string;
}

export interface MediaRow {
  readonly type: string;
  readonly url: string;
}

/** The form's values, as typed. */
export interface RegistrationFormState {
  readonly name: string;
  readonly villageCode: string;
  readonly sk: { readonly number: string; readonly date: string };
  readonly officers: readonly OfficerRow[];
  readonly memberCount: string;
  readonly focusAreas: readonly string[];
  readonly media: readonly MediaRow[];
  readonly contact: { readonly email: string; readonly phone: string };
}

/** The form's own fields of a post. */
export interface FormControls {
  readonly csrfToken: unknown;
  readonly idempotencyKey: string | undefined;
  readonly action: FormAction;
}

const blankOfficer = (role: string): OfficerRow => ({ role, name: '', phone: '', email: '' });
const blankMedia = (): MediaRow => ({ type: 'WEBSITE', url: '' });

/** A new, empty form: the three required officers from the start, and one media row. */
export const emptyRegistrationForm = (): RegistrationFormState => ({
  name: '',
  villageCode: '',
  sk: { number: '', date: '' },
  officers: REQUIRED_OFFICER_ROLES.map(blankOfficer),
  memberCount: '',
  focusAreas: [],
  media: [blankMedia()],
  contact: { email: '', phone: '' },
});

/** What a form is prefilled from: a stored registration, or a KIM's profile (no contact). */
export type FormSource = Pick<
  Registration,
  'name' | 'villageCode' | 'sk' | 'officers' | 'memberCount' | 'focusAreas' | 'media'
> & { readonly contact?: Registration['contact'] };

/** The correction form of a stored registration (or the profile form), prefilled with what it holds. */
export const formFromRegistration = (registration: FormSource): RegistrationFormState => ({
  name: registration.name,
  villageCode: registration.villageCode,
  sk: { number: registration.sk.number, date: registration.sk.date },
  officers: registration.officers.map((officer) => ({
    role: officer.role,
    name: officer.name,
    phone: officer.phone,
    email: officer.email ?? '',
  })),
  memberCount: String(registration.memberCount),
  focusAreas: [...registration.focusAreas],
  media: registration.media.length > 0 ? registration.media.map((item) => ({ ...item })) : [blankMedia()],
  contact: { email: registration.contact?.email ?? '', phone: registration.contact?.phone ?? '' },
});

/** A new idempotency key for a form being rendered: a double tap on it registers once. */
export const newIdempotencyKey = (): string => randomUUID();

const isObject = (value: FormValue | undefined): value is FormObject =>
  typeof value === 'object' && !Array.isArray(value);

const text = (value: FormValue | undefined): string => (typeof value === 'string' ? value : '');

const isBlank = (value: FormValue | undefined) =>
  value === undefined || (typeof value === 'string' && value.trim() === '');

const ACTIONS: readonly FormAction[] = ['submit', 'addOfficer', 'addMedia'];

/**
 * A row nobody filled in is left out, so that adding a row and not using it is no error. A blank
 * row of a required role (ketua, sekretaris, bendahara) stays: its empty fields are reported
 * beside its inputs.
 */
const dropBlankRows = (form: FormObject): FormObject => {
  const { officers, media } = form;
  const out: FormObject = { ...form };
  if (Array.isArray(officers)) {
    out.officers = officers.filter(
      (row) =>
        !isObject(row) ||
        (REQUIRED_OFFICER_ROLES as readonly string[]).includes(text(row.role)) ||
        !(isBlank(row.name) && isBlank(row.phone) && isBlank(row.email)),
    );
  }
  if (Array.isArray(media)) out.media = media.filter((row) => !isObject(row) || !isBlank(row.url));
  return out;
};

/** Empty inputs are absent fields (the schema then says "required"); a typed count is a number. */
const toBody = (value: FormValue, path: string): unknown => {
  if (typeof value === 'string') {
    if (value.trim() === '') return undefined;
    if (path === 'memberCount' && /^\s*\d{1,6}\s*$/.test(value)) return Number(value);
    return value;
  }
  if (Array.isArray(value)) {
    if (path === 'focusAreas') return value;
    return value.map((item, index) => toBody(item, `${path}[${index}]`));
  }
  const out: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) {
    const converted = toBody(item, path ? `${path}.${key}` : key);
    if (converted !== undefined) out[key] = converted;
  }
  return out;
};

const stateOf = (form: FormObject): RegistrationFormState => {
  const group = (value: FormValue | undefined): FormObject => (isObject(value) ? value : {});
  const rows = (value: FormValue | undefined): FormObject[] => (Array.isArray(value) ? value.map(group) : []);
  const sk = group(form.sk);
  const contact = group(form.contact);
  return {
    name: text(form.name),
    villageCode: text(form.villageCode),
    sk: { number: text(sk.number), date: text(sk.date) },
    officers: rows(form.officers).map((row) => ({
      role: text(row.role),
      name: text(row.name),
      phone: text(row.phone),
      email: text(row.email),
    })),
    memberCount: text(form.memberCount),
    focusAreas: Array.isArray(form.focusAreas) ? form.focusAreas.map(text) : [],
    media: rows(form.media).map((row) => ({ type: text(row.type), url: text(row.url) })),
    contact: { email: text(contact.email), phone: text(contact.phone) },
  };
};

export interface ReadRegistrationForm {
  /** The body for the use case, judged by the API's schema (unknown fields are kept, and refused there). */
  readonly body: unknown;
  /** The values to render the form again with, rows in the order of `body`. */
  readonly state: RegistrationFormState;
  readonly controls: FormControls;
}

/** Splits a parsed post into the registration body, the values to re-render and the form's controls. */
export const readRegistrationForm = (form: FormObject): ReadRegistrationForm => {
  const {
    [FORM_CONTROLS.csrf]: csrfToken,
    [FORM_CONTROLS.idempotencyKey]: idempotencyKey,
    [FORM_CONTROLS.action]: action,
    ...fields
  } = form;
  const compacted = dropBlankRows(fields);
  return {
    body: toBody(compacted, ''),
    state: stateOf(compacted),
    controls: {
      csrfToken,
      idempotencyKey:
        typeof idempotencyKey === 'string' && idempotencyKey !== '' ? idempotencyKey : undefined,
      action: ACTIONS.find((known) => known === action) ?? 'submit',
    },
  };
};

/** The form with one more row, up to the schema's bound; a new officer row is an ordinary member. */
export const withExtraRow = (state: RegistrationFormState, action: FormAction): RegistrationFormState => {
  if (action === 'addOfficer' && state.officers.length < MAX_OFFICERS) {
    return { ...state, officers: [...state.officers, blankOfficer('ANGGOTA')] };
  }
  if (action === 'addMedia' && state.media.length < MAX_MEDIA) {
    return { ...state, media: [...state.media, blankMedia()] };
  }
  return state;
};

/**
 * Every field path the form renders an input or group for, in page order: where its errors go
 * (see `mapFieldErrors`).
 */
export const formAnchors = (state: RegistrationFormState): string[] => [
  'name',
  'villageCode',
  'sk.number',
  'sk.date',
  'officers',
  ...state.officers.flatMap((_, index) =>
    ['', '.role', '.name', '.phone', '.email'].map((field) => `officers[${index}]${field}`),
  ),
  'memberCount',
  'focusAreas',
  'media',
  ...state.media.flatMap((_, index) => ['', '.type', '.url'].map((field) => `media[${index}]${field}`)),
  'contact.email',
  'contact.phone',
];
