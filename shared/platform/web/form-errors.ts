import type { FieldError } from '../errors.js';

/**
 * From the field errors of a ValidationError (the same ones the JSON API answers) to what a form
 * shows in the GOV.UK error pattern: a message beside each input, and an error summary on top
 * whose entries link to the inputs.
 */

/**
 * The HTML id of a form control or group, from its field path: `officers[0].phone` is
 * `f-officers-0-phone`. Letters, digits, `-` and `_` only, so it is a valid fragment and
 * selector as is, and distinct for distinct paths (names never hold `-`).
 */
export const fieldId = (field: string): string =>
  `f-${field.replace(/\[(\d+)\]/g, '.$1').replaceAll('.', '-')}`;

/** The id of the message shown beside a field, which its input names in `aria-describedby`. */
export const errorId = (field: string): string => `${fieldId(field)}-error`;

/** One entry of the error summary: a link to the field (when there is one) and its text. */
export interface ErrorSummaryEntry {
  /** `#f-…` of the input or group, or undefined for an error about the form as a whole. */
  readonly href: string | undefined;
  readonly text: string;
}

export interface FormErrors {
  /** The message shown beside each field the form renders, by field path. */
  readonly byField: ReadonlyMap<string, string>;
  /** Errors about the form as a whole first, then one entry per field in the form's order. */
  readonly summary: readonly ErrorSummaryEntry[];
}

export interface MapFieldErrorsOptions {
  /**
   * Field paths the form renders an input or a group (fieldset) for, in page order. An error on
   * another path goes to its nearest rendered ancestor (`officers[3].role` to `officers[3]`, then
   * `officers`), else to the summary alone.
   */
  readonly anchors: readonly string[];
  readonly lang: 'id' | 'en';
  /** The label of a rendered field, which prefixes its summary entry. */
  readonly label: (field: string) => string;
}

/** `officers[3].role` → `officers[3]` → `officers` → undefined. */
const parentPath = (field: string): string | undefined => {
  const cut = Math.max(field.lastIndexOf('.'), field.lastIndexOf('['));
  return cut > 0 ? field.slice(0, cut) : undefined;
};

const anchorOf = (field: string, anchors: ReadonlyMap<string, number>): string | undefined => {
  for (let path: string | undefined = field; path !== undefined; path = parentPath(path)) {
    if (anchors.has(path)) return path;
  }
  return undefined;
};

/** Places each field error beside its input (or nearest rendered group) and in the summary. */
export const mapFieldErrors = (errors: readonly FieldError[], options: MapFieldErrorsOptions): FormErrors => {
  const positions = new Map(options.anchors.map((field, index) => [field, index]));
  const byField = new Map<string, string>();
  const unanchored: string[] = [];
  for (const error of errors) {
    const message = options.lang === 'en' ? error.messageEn : error.message;
    const anchor = anchorOf(error.field, positions);
    if (anchor === undefined) {
      unanchored.push(message);
      continue;
    }
    const seen = byField.get(anchor);
    byField.set(anchor, seen === undefined ? message : `${seen} ${message}`);
  }
  const inPageOrder = [...byField].sort(([a], [b]) => (positions.get(a) ?? 0) - (positions.get(b) ?? 0));
  const summary: ErrorSummaryEntry[] = [
    ...unanchored.map((text) => ({ href: undefined, text })),
    ...inPageOrder.map(([field, message]) => ({
      href: `#${fieldId(field)}`,
      text: `${options.label(field)}: ${message}`,
    })),
  ];
  return { byField, summary };
};
