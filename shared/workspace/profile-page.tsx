import { CSRF_FIELD } from '../platform/web/csrf.js';
import type { FormErrors } from '../platform/web/form-errors.js';
import { ErrorSummary } from '../platform/web/form-fields.js';
import type { PageContext } from '../platform/web/page-context.js';
import { FORM_CONTROLS, type RegistrationFormState } from '../public-pages/registration-form.js';
import { KimFields } from '../public-pages/registration-form-page.js';
import type { VillageChoices } from '../public-pages/village-choices.js';
import type { ChangedField } from '../registrations/profile.js';
import type { Registration } from '../registrations/registration.js';
import { messages, text } from './messages.js';
import { type SignedInKim, WorkspaceLayout, workspacePaths } from './workspace-layout.js';

/** The form field that carries the version the form was made on (the API's `version`). */
export const VERSION_FIELD = 'version';

/** What a save changed, as the page after it says. */
export interface SavedNotice {
  readonly changedFields: readonly ChangedField[];
  readonly backToReview: boolean;
}

export interface ProfilePageProps {
  readonly page: PageContext;
  readonly signedIn: SignedInKim;
  /** The registration's status now. */
  readonly status: Registration['status'];
  readonly state: RegistrationFormState;
  /** The version the form is based on (hidden; sent back with the post). */
  readonly version: string;
  readonly villageGroups: Extract<VillageChoices, { kind: 'villages' }>['groups'];
  readonly errors?: FormErrors | undefined;
  /** The confirmation after a save. */
  readonly saved?: SavedNotice | undefined;
  /** The profile changed elsewhere: the form shows the data stored now. */
  readonly changedMeanwhile?: boolean;
  /** A line above the form (a row was added). */
  readonly notice?: string | undefined;
  readonly focus?: string | undefined;
}

const StatusTag = ({
  page,
  status,
}: {
  readonly page: PageContext;
  readonly status: Registration['status'];
}) => (
  <span class={`tag ${status.toLowerCase()}`} data-testid="profile-status">
    {text(page.lang)(messages.statuses[status])}
  </span>
);

const Saved = ({ page, saved }: { readonly page: PageContext; readonly saved: SavedNotice }) => {
  const t = text(page.lang);
  if (saved.changedFields.length === 0) {
    return (
      <p class="notice" role="status" data-testid="profile-saved" data-changed="">
        {t(messages.profile.nothingChanged)}
      </p>
    );
  }
  return (
    <div
      class="notice"
      role="status"
      data-testid="profile-saved"
      data-changed={saved.changedFields.join(',')}
      data-back-to-review={saved.backToReview ? 'true' : 'false'}
    >
      <p>
        <strong>{t(messages.profile.saved)}</strong>
        {` ${t(messages.profile.changed)} ${saved.changedFields.map((field) => t(messages.profile.fields[field])).join(', ')}.`}
      </p>
      <p>{t(saved.backToReview ? messages.profile.backToReview : messages.profile.statusKept)}</p>
    </div>
  );
};

/**
 * `/kelola/profil`: the KIM's profile as a form, prefilled with what is stored, posting to itself
 * with the version it was made on. Before the button, it says which changes send a verified KIM
 * back to review; after a save, what changed and whether it did.
 */
export const ProfilePage = (props: ProfilePageProps) => {
  const { page, state } = props;
  const t = text(page.lang);
  const summary = props.errors?.summary ?? [];
  const title = t(messages.profile.title);
  return (
    <WorkspaceLayout
      page={page}
      title={summary.length > 0 ? `${t(messages.errorPrefix)} ${title}` : title}
      section="profile"
      signedIn={props.signedIn}
    >
      <ErrorSummary title={t(messages.errorSummary)} entries={summary} />
      <h1>{t(messages.profile.title)}</h1>
      {props.saved ? <Saved page={page} saved={props.saved} /> : null}
      {props.changedMeanwhile ? (
        <p class="warning" role="alert" data-testid="profile-changed-meanwhile">
          {t(messages.profile.changedMeanwhile)}
        </p>
      ) : null}
      {props.notice ? (
        <p class="notice" role="status">
          {props.notice}
        </p>
      ) : null}
      <dl class="summary-list">
        <div>
          <dt>{t(messages.profile.status)}</dt>
          <dd>
            <StatusTag page={page} status={props.status} />
          </dd>
        </div>
      </dl>
      <p class="lead">{t(messages.profile.lead)}</p>
      <form method="post" action={workspacePaths.profile} novalidate>
        {/* Enter in a field saves, not "add a row": the first submit button of the form. */}
        <button
          type="submit"
          name={FORM_CONTROLS.action}
          value="submit"
          class="visually-hidden"
          tabindex={-1}
        >
          {t(messages.profile.submit)}
        </button>
        <input type="hidden" name={CSRF_FIELD} value={props.signedIn.csrfToken} />
        <input type="hidden" name={VERSION_FIELD} value={props.version} />
        <KimFields
          page={page}
          errors={props.errors}
          focus={props.focus}
          state={state}
          villageGroups={props.villageGroups}
        />
        <p class="warning" id="profile-review-warning" data-testid="review-warning">
          {t(messages.profile.reviewWarning)}
        </p>
        <div class="actions">
          <button
            type="submit"
            name={FORM_CONTROLS.action}
            value="submit"
            class="button"
            aria-describedby="profile-review-warning"
          >
            {t(messages.profile.submit)}
          </button>
        </div>
      </form>
    </WorkspaceLayout>
  );
};

/** A REJECTED or DEACTIVATED registration: no profile form, and why. */
export const ProfileClosedPage = (props: {
  readonly page: PageContext;
  readonly signedIn: SignedInKim;
  readonly status: Registration['status'];
}) => {
  const { page } = props;
  const t = text(page.lang);
  return (
    <WorkspaceLayout
      page={page}
      title={t(messages.profile.notEditableTitle)}
      section="profile"
      signedIn={props.signedIn}
    >
      <h1>{t(messages.profile.notEditableTitle)}</h1>
      <dl class="summary-list">
        <div>
          <dt>{t(messages.profile.status)}</dt>
          <dd>
            <StatusTag page={page} status={props.status} />
          </dd>
        </div>
      </dl>
      <p class="warning" data-testid="profile-closed">
        {t(props.status === 'REJECTED' ? messages.profile.rejected : messages.profile.deactivated)}
      </p>
      <p>
        <a href={workspacePaths.home}>{t(messages.error.back)}</a>
      </p>
    </WorkspaceLayout>
  );
};
