import { CSRF_FIELD } from '../platform/web/csrf.js';
import type { FormErrors } from '../platform/web/form-errors.js';
import { Checkboxes, ErrorSummary, Fieldset, Select, TextInput } from '../platform/web/form-fields.js';
import type { Text } from '../platform/web/language.js';
import type { PageContext } from '../platform/web/page-context.js';
import { FOCUS_AREAS, MEDIA_TYPES, OFFICER_ROLES } from '../registrations/schema.js';
import * as messages from './messages.js';
import { PublicLayout } from './public-layout.js';
import {
  FORM_CONTROLS,
  MAX_MEDIA,
  MAX_OFFICERS,
  type MediaRow,
  type OfficerRow,
  type RegistrationFormState,
} from './registration-form.js';
import type { VillageChoices } from './village-choices.js';

/** Which form: a new registration, or the correction of a rejected one. */
export type FormMode =
  | { readonly kind: 'register' }
  | { readonly kind: 'correct'; readonly rejectionReason: string | undefined };

export interface RegistrationFormPageProps {
  readonly page: PageContext;
  readonly mode: FormMode;
  /** Where the form posts: the page itself. */
  readonly action: string;
  readonly state: RegistrationFormState;
  readonly errors?: FormErrors | undefined;
  /** A line shown above the form, e.g. that a row was added. */
  readonly notice?: string | undefined;
  readonly csrfToken: string;
  /** The key of this rendering of the form (new registrations only). */
  readonly idempotencyKey?: string | undefined;
  readonly choices: VillageChoices;
  /** The control to focus when the page loads: a row just added. */
  readonly focus?: string | undefined;
}

/** The labels the error summary puts before each message, by field path. */
export const fieldLabel = (lang: PageContext['lang'], field: string): string => {
  const t = (entry: Text) => entry[lang];
  const row = /^(officers|media)\[(\d+)\](?:\.(\w+))?$/.exec(field);
  if (row) {
    const [, list, index, leaf] = row;
    const number = Number(index) + 1;
    const item =
      list === 'officers'
        ? `${t(messages.form.officer)} ${number}`
        : `${t(messages.form.mediaItem)} ${number}`;
    const leafLabels: Record<string, Text> = {
      role: messages.form.role,
      name: messages.form.officerName,
      phone: messages.form.phone,
      email: messages.form.email,
      type: messages.form.mediaType,
      url: messages.form.mediaUrl,
    };
    const leafLabel = leaf === undefined ? undefined : leafLabels[leaf];
    return leafLabel ? `${item}, ${t(leafLabel)}` : item;
  }
  const labels: Record<string, Text> = {
    name: messages.form.name,
    villageCode: messages.form.village,
    'sk.number': messages.form.skNumber,
    'sk.date': messages.form.skDate,
    officers: messages.form.officersHeading,
    memberCount: messages.form.memberCount,
    focusAreas: messages.form.focusAreas,
    media: messages.form.mediaHeading,
    'contact.email': messages.form.contactEmail,
    'contact.phone': messages.form.contactPhone,
  };
  const label = labels[field];
  return label ? t(label) : field;
};

/** The GET form that narrows a wide scope (a province, the country) before villages are listed. */
const AreaPicker = ({
  page,
  choices,
  action,
}: Pick<RegistrationFormPageProps, 'page' | 'choices' | 'action'>) => {
  const t = (entry: Text) => entry[page.lang];
  if (choices.kind !== 'narrow') return null;
  return (
    <form method="get" action={action} class="filter">
      <div class="field">
        <label for="f-wilayah">{`${t(messages.form.areaLabel)}: ${choices.area.name}`}</label>
        <p class="hint" id="f-wilayah-hint">
          {t(messages.form.areaHint)}
        </p>
        <select id="f-wilayah" name="wilayah" aria-describedby="f-wilayah-hint">
          {choices.options.map((option) => (
            <option value={option.code}>{option.name}</option>
          ))}
        </select>
      </div>
      {page.lang === 'en' ? <input type="hidden" name="lang" value="en" /> : null}
      <button type="submit" class="button secondary">
        {t(messages.form.areaButton)}
      </button>
    </form>
  );
};

/** What the fields of a KIM need to render: the language, the errors, the control to focus. */
type FieldsContext = Pick<RegistrationFormPageProps, 'page' | 'errors' | 'focus'>;

interface RowProps<Row> {
  readonly row: Row;
  readonly index: number;
  readonly props: FieldsContext;
}

const errorOf = (props: FieldsContext, field: string) => props.errors?.byField.get(field);

const OfficerFields = ({ row, index, props }: RowProps<OfficerRow>) => {
  const t = (entry: Text) => entry[props.page.lang];
  const errorPrefix = t(messages.form.errorPrefix);
  const path = `officers[${index}]`;
  return (
    <Fieldset
      name={path}
      legend={`${t(messages.form.officer)} ${index + 1}`}
      error={errorOf(props, path)}
      errorPrefix={errorPrefix}
      class="row"
    >
      <Select
        name={`${path}.role`}
        label={t(messages.form.role)}
        value={row.role}
        options={OFFICER_ROLES.map((role) => ({ value: role, label: t(messages.officerRoles[role]) }))}
        error={errorOf(props, `${path}.role`)}
        errorPrefix={errorPrefix}
      />
      <TextInput
        name={`${path}.name`}
        label={t(messages.form.officerName)}
        value={row.name}
        autocomplete="off"
        spellcheck={false}
        error={errorOf(props, `${path}.name`)}
        errorPrefix={errorPrefix}
        autofocus={props.focus === `${path}.name`}
      />
      <TextInput
        name={`${path}.phone`}
        label={t(messages.form.phone)}
        hint={index === 0 ? t(messages.form.phoneHint) : undefined}
        value={row.phone}
        type="tel"
        autocomplete="off"
        size={16}
        error={errorOf(props, `${path}.phone`)}
        errorPrefix={errorPrefix}
      />
      <TextInput
        name={`${path}.email`}
        label={`${t(messages.form.email)} ${t(messages.form.optional)}`}
        value={row.email}
        type="email"
        autocomplete="off"
        spellcheck={false}
        error={errorOf(props, `${path}.email`)}
        errorPrefix={errorPrefix}
      />
    </Fieldset>
  );
};

const MediaFields = ({ row, index, props }: RowProps<MediaRow>) => {
  const t = (entry: Text) => entry[props.page.lang];
  const errorPrefix = t(messages.form.errorPrefix);
  const path = `media[${index}]`;
  return (
    <Fieldset
      name={path}
      legend={`${t(messages.form.mediaItem)} ${index + 1}`}
      error={errorOf(props, path)}
      errorPrefix={errorPrefix}
      class="row"
    >
      <Select
        name={`${path}.type`}
        label={t(messages.form.mediaType)}
        value={row.type}
        options={MEDIA_TYPES.map((type) => ({ value: type, label: t(messages.mediaTypes[type]) }))}
        error={errorOf(props, `${path}.type`)}
        errorPrefix={errorPrefix}
      />
      <TextInput
        name={`${path}.url`}
        label={t(messages.form.mediaUrl)}
        hint={index === 0 ? t(messages.form.mediaUrlHint) : undefined}
        value={row.url}
        type="url"
        spellcheck={false}
        error={errorOf(props, `${path}.url`)}
        errorPrefix={errorPrefix}
        autofocus={props.focus === `${path}.url`}
      />
    </Fieldset>
  );
};

/**
 * The fields of a KIM, every one named by its path in the API contract: its name and village, its
 * SK, the board, the member count, the focus areas and the media links. The registration and
 * correction forms add the contact; the workspace's profile form uses these alone.
 */
export const KimFields = (
  props: FieldsContext & {
    readonly state: RegistrationFormState;
    readonly villageGroups: Extract<VillageChoices, { kind: 'villages' }>['groups'];
  },
) => {
  const { page, state } = props;
  const t = (entry: Text) => entry[page.lang];
  const errorPrefix = t(messages.form.errorPrefix);
  const error = (field: string) => errorOf(props, field);
  return (
    <>
      <h2>{t(messages.form.kimHeading)}</h2>
      <TextInput
        name="name"
        label={t(messages.form.name)}
        hint={t(messages.form.nameHint)}
        value={state.name}
        autocomplete="off"
        error={error('name')}
        errorPrefix={errorPrefix}
      />
      <Select
        name="villageCode"
        label={t(messages.form.village)}
        hint={t(messages.form.villageHint)}
        value={state.villageCode}
        placeholder={t(messages.form.villagePlaceholder)}
        options={props.villageGroups.map((group) => ({
          label: group.district.name,
          options: group.villages.map((village) => ({ value: village.code, label: village.name })),
        }))}
        error={error('villageCode')}
        errorPrefix={errorPrefix}
      />

      <h2>{t(messages.form.skHeading)}</h2>
      <TextInput
        name="sk.number"
        label={t(messages.form.skNumber)}
        hint={t(messages.form.skNumberHint)}
        value={state.sk.number}
        autocomplete="off"
        spellcheck={false}
        error={error('sk.number')}
        errorPrefix={errorPrefix}
      />
      <TextInput
        name="sk.date"
        label={t(messages.form.skDate)}
        value={state.sk.date}
        type="date"
        error={error('sk.date')}
        errorPrefix={errorPrefix}
      />

      <Fieldset
        name="officers"
        legend={t(messages.form.officersHeading)}
        hint={t(messages.form.officersHint)}
        error={error('officers')}
        errorPrefix={errorPrefix}
      >
        {state.officers.map((row, index) => (
          <OfficerFields row={row} index={index} props={props} />
        ))}
        {state.officers.length < MAX_OFFICERS ? (
          <button type="submit" name={FORM_CONTROLS.action} value="addOfficer" class="button secondary">
            {t(messages.form.addOfficer)}
          </button>
        ) : null}
      </Fieldset>

      <TextInput
        name="memberCount"
        label={t(messages.form.memberCount)}
        hint={t(messages.form.memberCountHint)}
        value={state.memberCount}
        inputmode="numeric"
        size={4}
        error={error('memberCount')}
        errorPrefix={errorPrefix}
      />
      <Checkboxes
        name="focusAreas"
        label={t(messages.form.focusAreas)}
        hint={t(messages.form.focusAreasHint)}
        values={state.focusAreas}
        options={FOCUS_AREAS.map((area) => ({ value: area, label: t(messages.focusAreas[area]) }))}
        error={error('focusAreas')}
        errorPrefix={errorPrefix}
      />

      <Fieldset
        name="media"
        legend={`${t(messages.form.mediaHeading)} ${t(messages.form.optional)}`}
        hint={t(messages.form.mediaHint)}
        error={error('media')}
        errorPrefix={errorPrefix}
      >
        {state.media.map((row, index) => (
          <MediaFields row={row} index={index} props={props} />
        ))}
        {state.media.length < MAX_MEDIA ? (
          <button type="submit" name={FORM_CONTROLS.action} value="addMedia" class="button secondary">
            {t(messages.form.addMedia)}
          </button>
        ) : null}
      </Fieldset>
    </>
  );
};

/**
 * The registration form (and, prefilled, the correction form): every field of the API contract,
 * named by its path, posting to itself. Works without JavaScript: "add a row" is a submit button
 * that renders the form again with one more row; the village is one `<select>` grouped by
 * district.
 */
export const RegistrationFormPage = (props: RegistrationFormPageProps) => {
  const { page, state, choices, mode } = props;
  const t = (entry: Text) => entry[page.lang];
  const errorPrefix = t(messages.form.errorPrefix);
  const title = t(mode.kind === 'register' ? messages.form.title : messages.correction.title);
  const summary = props.errors?.summary ?? [];
  const error = (field: string) => errorOf(props, field);
  return (
    <PublicLayout
      page={page}
      title={summary.length > 0 ? `${t(messages.form.titleErrorPrefix)}: ${title}` : title}
      section={mode.kind === 'register' ? 'register' : 'none'}
    >
      <h1>{title}</h1>
      <ErrorSummary title={t(messages.form.errorSummaryTitle)} entries={summary} />
      {props.notice ? (
        <p class="notice" role="status">
          {props.notice}
        </p>
      ) : null}
      {mode.kind === 'register' ? (
        <p class="lead">{t(messages.form.intro)}</p>
      ) : (
        <>
          <p class="lead">{t(messages.correction.lead)}</p>
          {mode.rejectionReason ? (
            <div class="notice">
              <h2>{t(messages.correction.reason)}</h2>
              <p>{mode.rejectionReason}</p>
            </div>
          ) : null}
        </>
      )}
      <AreaPicker page={page} choices={choices} action={props.action} />
      {choices.kind === 'villages' ? (
        <form method="post" action={props.action} novalidate>
          {/*
            Enter in a field sends the form through its first submit button: this one registers,
            not "add a row". Out of sight and out of the tab order; a screen reader meets one more
            button that does what the last one does.
          */}
          <button
            type="submit"
            name={FORM_CONTROLS.action}
            value="submit"
            class="visually-hidden"
            tabindex={-1}
          >
            {t(mode.kind === 'register' ? messages.form.submit : messages.correction.submit)}
          </button>
          <input type="hidden" name={CSRF_FIELD} value={props.csrfToken} />
          {props.idempotencyKey ? (
            <input type="hidden" name={FORM_CONTROLS.idempotencyKey} value={props.idempotencyKey} />
          ) : null}

          <KimFields
            page={page}
            errors={props.errors}
            focus={props.focus}
            state={state}
            villageGroups={choices.groups}
          />

          <h2>{t(messages.form.contactHeading)}</h2>
          <p class="hint">{t(messages.form.contactHint)}</p>
          <TextInput
            name="contact.email"
            label={t(messages.form.contactEmail)}
            value={state.contact.email}
            type="email"
            autocomplete="email"
            spellcheck={false}
            error={error('contact.email')}
            errorPrefix={errorPrefix}
          />
          <TextInput
            name="contact.phone"
            label={t(messages.form.contactPhone)}
            value={state.contact.phone}
            type="tel"
            autocomplete="tel"
            size={16}
            error={error('contact.phone')}
            errorPrefix={errorPrefix}
          />
          <div class="actions">
            <button type="submit" name={FORM_CONTROLS.action} value="submit" class="button">
              {t(mode.kind === 'register' ? messages.form.submit : messages.correction.submit)}
            </button>
          </div>
        </form>
      ) : null}
    </PublicLayout>
  );
};

/** The id a page focuses after adding a row: the first input of the new row. */
export const addedRowFocus = (state: RegistrationFormState, action: 'addOfficer' | 'addMedia'): string =>
  action === 'addOfficer'
    ? `officers[${state.officers.length - 1}].name`
    : `media[${state.media.length - 1}].url`;
