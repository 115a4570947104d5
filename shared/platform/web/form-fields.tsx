import type { Child } from 'hono/jsx';
import { type ErrorSummaryEntry, errorId, fieldId } from './form-errors.js';

/**
 * Form controls in the GOV.UK error pattern: every input has a label; an input in error carries
 * `aria-invalid="true"` and names its message in `aria-describedby`; the error summary on top
 * links to each input. Ids come from the field path (`fieldId`), so the summary's links and the
 * messages find their inputs.
 */

/** What every control is told: its field path, label, hint and error (already in the page's language). */
export interface ControlProps {
  /** The field path, which is also the control's `name` (`officers[0].phone`). */
  readonly name: string;
  readonly label: string;
  readonly hint?: string | undefined;
  /** The message shown beside the control; the control is then marked invalid. */
  readonly error?: string | undefined;
  /** Read by screen readers before the message: "Kesalahan:" / "Error:". */
  readonly errorPrefix: string;
}

const describedBy = (name: string, hint: string | undefined, error: string | undefined) =>
  [hint ? `${fieldId(name)}-hint` : undefined, error ? errorId(name) : undefined].filter(Boolean).join(' ') ||
  undefined;

const HintAndError = ({ name, hint, error, errorPrefix }: Omit<ControlProps, 'label'>) => (
  <>
    {hint ? (
      <p class="hint" id={`${fieldId(name)}-hint`}>
        {hint}
      </p>
    ) : null}
    {error ? (
      <p class="field-error" id={errorId(name)}>
        <span class="visually-hidden">{`${errorPrefix} `}</span>
        {error}
      </p>
    ) : null}
  </>
);

export interface TextInputProps extends ControlProps {
  readonly value: string;
  /** @default 'text' */
  readonly type?: 'text' | 'email' | 'tel' | 'date' | 'url';
  readonly inputmode?: 'numeric' | 'tel' | 'email' | 'url';
  readonly autocomplete?: string;
  /** Approximate width in characters; the input never grows past its column. */
  readonly size?: number;
  readonly spellcheck?: boolean;
  /** Focus this input when the page loads (the first input of a row just added). */
  readonly autofocus?: boolean;
}

/** A labelled text input. */
export const TextInput = (props: TextInputProps) => (
  <div class={props.error ? 'field has-error' : 'field'}>
    <label for={fieldId(props.name)}>{props.label}</label>
    <HintAndError name={props.name} hint={props.hint} error={props.error} errorPrefix={props.errorPrefix} />
    <input
      id={fieldId(props.name)}
      name={props.name}
      type={props.type ?? 'text'}
      value={props.value}
      inputmode={props.inputmode}
      autocomplete={props.autocomplete}
      size={props.size}
      spellcheck={props.spellcheck}
      autofocus={props.autofocus === true ? true : undefined}
      aria-invalid={props.error ? 'true' : undefined}
      aria-describedby={describedBy(props.name, props.hint, props.error)}
    />
  </div>
);

/** One option of a select. */
export interface SelectOption {
  readonly value: string;
  readonly label: string;
}

/** Options under a heading (`<optgroup>`). */
export interface SelectGroup {
  readonly label: string;
  readonly options: readonly SelectOption[];
}

export interface SelectProps extends ControlProps {
  readonly value: string;
  /** Options, or groups of options. */
  readonly options: readonly (SelectOption | SelectGroup)[];
  /** A first option with the empty value, asking to choose. */
  readonly placeholder?: string;
}

const optionOf = (option: SelectOption, value: string) => (
  <option value={option.value} selected={option.value === value}>
    {option.label}
  </option>
);

/** A labelled select; a value not among the options (a forged or stale one) selects nothing. */
export const Select = (props: SelectProps) => (
  <div class={props.error ? 'field has-error' : 'field'}>
    <label for={fieldId(props.name)}>{props.label}</label>
    <HintAndError name={props.name} hint={props.hint} error={props.error} errorPrefix={props.errorPrefix} />
    <select
      id={fieldId(props.name)}
      name={props.name}
      aria-invalid={props.error ? 'true' : undefined}
      aria-describedby={describedBy(props.name, props.hint, props.error)}
    >
      {props.placeholder === undefined ? null : <option value="">{props.placeholder}</option>}
      {props.options.map((entry) =>
        'options' in entry ? (
          <optgroup label={entry.label}>
            {entry.options.map((option) => optionOf(option, props.value))}
          </optgroup>
        ) : (
          optionOf(entry, props.value)
        ),
      )}
    </select>
  </div>
);

export interface FieldsetProps extends Omit<ControlProps, 'label'> {
  readonly legend: string;
  /** Extra classes, e.g. for a repeated row. */
  readonly class?: string;
  readonly children?: Child;
}

/**
 * A group of controls under a legend. Its id is the group's field path (`officers[1]`), so an
 * error about the group as a whole (a missing role, a row) is shown and linked here.
 */
export const Fieldset = (props: FieldsetProps) => (
  <fieldset
    id={fieldId(props.name)}
    class={[props.class, props.error ? 'has-error' : undefined].filter(Boolean).join(' ') || undefined}
    aria-describedby={describedBy(props.name, props.hint, props.error)}
    tabindex={props.error ? -1 : undefined}
  >
    <legend>{props.legend}</legend>
    <HintAndError name={props.name} hint={props.hint} error={props.error} errorPrefix={props.errorPrefix} />
    {props.children}
  </fieldset>
);

export interface CheckboxesProps extends ControlProps {
  /** The ticked values. */
  readonly values: readonly string[];
  readonly options: readonly SelectOption[];
}

/**
 * A checkbox group: one name, repeated per ticked box (`focusAreas`). The first box carries the
 * group's id, where the error summary links.
 */
export const Checkboxes = (props: CheckboxesProps) => (
  <fieldset
    class={props.error ? 'field has-error checkboxes' : 'field checkboxes'}
    aria-describedby={describedBy(props.name, props.hint, props.error)}
  >
    <legend>{props.label}</legend>
    <HintAndError name={props.name} hint={props.hint} error={props.error} errorPrefix={props.errorPrefix} />
    {props.options.map((option, index) => {
      const id = index === 0 ? fieldId(props.name) : `${fieldId(props.name)}-${index}`;
      return (
        <div class="checkbox">
          <input
            id={id}
            type="checkbox"
            name={props.name}
            value={option.value}
            checked={props.values.includes(option.value)}
            aria-invalid={props.error ? 'true' : undefined}
          />
          <label for={id}>{option.label}</label>
        </div>
      );
    })}
  </fieldset>
);

export interface ErrorSummaryProps {
  readonly title: string;
  readonly entries: readonly ErrorSummaryEntry[];
}

/** The error summary on top of a form: a heading and a link to each field in error. */
export const ErrorSummary = ({ title, entries }: ErrorSummaryProps) =>
  entries.length === 0 ? null : (
    // Focused on load, so a screen reader announces it and a keyboard starts from it (no script needed).
    <div
      class="error-summary"
      id="error-summary"
      role="alert"
      aria-labelledby="error-summary-title"
      tabindex={-1}
      autofocus
    >
      <h2 id="error-summary-title">{title}</h2>
      <ul>
        {entries.map((entry) => (
          <li>{entry.href ? <a href={entry.href}>{entry.text}</a> : entry.text}</li>
        ))}
      </ul>
    </div>
  );
