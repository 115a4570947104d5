import type { SkDocument } from '../documents/sk-document.js';
import { CSRF_FIELD } from '../platform/web/csrf.js';
import { type ErrorSummaryEntry, errorId, fieldId } from '../platform/web/form-errors.js';
import { ErrorSummary, TextInput } from '../platform/web/form-fields.js';
import { formatDate } from '../platform/web/format.js';
import type { Text } from '../platform/web/language.js';
import { type PageContext, pageContext } from '../platform/web/page-context.js';
import type { ErrorPageInput } from '../platform/web/page-handler.js';
import type { Registration } from '../registrations/registration.js';
import { messages, text } from './messages.js';
import { uploadScript } from './upload-script.js';
import { type SignedInKim, WorkspaceLayout, workspacePaths } from './workspace-layout.js';

/** A form's values and its errors, by field path, in the page's language. */
export interface FormState {
  readonly values: Readonly<Record<string, string>>;
  readonly errors: ReadonlyMap<string, string>;
  readonly summary: readonly ErrorSummaryEntry[];
}

export const emptyForm: FormState = { values: {}, errors: new Map(), summary: [] };

/** `/kelola` without a session: the address to send a link to. */
export const SignInPage = (props: {
  readonly page: PageContext;
  readonly csrfToken: string;
  readonly form: FormState;
}) => {
  const t = text(props.page.lang);
  return (
    <WorkspaceLayout page={props.page} title={t(messages.signIn.title)} section="none">
      <ErrorSummary title={t(messages.errorSummary)} entries={props.form.summary} />
      <h1>{t(messages.signIn.title)}</h1>
      <p class="lead">{t(messages.signIn.lead)}</p>
      <form method="post" action={workspacePaths.home} novalidate>
        <input type="hidden" name={CSRF_FIELD} value={props.csrfToken} />
        <TextInput
          name="email"
          type="email"
          label={t(messages.signIn.email)}
          hint={t(messages.signIn.emailHint)}
          value={props.form.values.email ?? ''}
          error={props.form.errors.get('email')}
          errorPrefix={t(messages.errorPrefix)}
          autocomplete="email"
          spellcheck={false}
        />
        <button type="submit" class="button">
          {t(messages.signIn.submit)}
        </button>
      </form>
    </WorkspaceLayout>
  );
};

/** After a sign-in request: the same page whatever the address was. */
export const CheckEmailPage = ({ page }: { readonly page: PageContext }) => {
  const t = text(page.lang);
  return (
    <WorkspaceLayout page={page} title={t(messages.signIn.sentTitle)} section="none">
      <h1>{t(messages.signIn.sentTitle)}</h1>
      <p class="notice" role="status" data-testid="sign-in-sent">
        {t(messages.signIn.sent)}
      </p>
      <p>
        <a href={workspacePaths.home}>{t(messages.signIn.again)}</a>
      </p>
    </WorkspaceLayout>
  );
};

/** The page an emailed link opens: a button, so that a mail scanner's GET uses nothing up. */
export const ConfirmLinkPage = (props: {
  readonly page: PageContext;
  readonly registrationId: string;
  readonly token: string;
  readonly csrfToken: string;
}) => {
  const t = text(props.page.lang);
  return (
    <WorkspaceLayout page={props.page} title={t(messages.link.title)} section="none">
      <h1>{t(messages.link.title)}</h1>
      <p class="lead">{t(messages.link.lead)}</p>
      <form method="post" action={workspacePaths.signInLink(props.registrationId)}>
        <input type="hidden" name={CSRF_FIELD} value={props.csrfToken} />
        <input type="hidden" name="token" value={props.token} />
        <button type="submit" class="button">
          {t(messages.link.submit)}
        </button>
      </form>
    </WorkspaceLayout>
  );
};

/** A link that opens nothing: used, unknown, another KIM's, expired or cut short. */
export const LinkFailedPage = (props: {
  readonly page: PageContext;
  readonly reason: 'unknown' | 'expired' | 'malformed';
}) => {
  const t = text(props.page.lang);
  return (
    <WorkspaceLayout page={props.page} title={t(messages.link.failedTitle)} section="none">
      <h1>{t(messages.link.failedTitle)}</h1>
      <p class="warning" data-testid="link-failed" data-reason={props.reason}>
        {t(messages.link[props.reason])}
      </p>
      <p>
        <a class="button" href={workspacePaths.home}>
          {t(messages.link.askNew)}
        </a>
      </p>
    </WorkspaceLayout>
  );
};

/** After sign-out. */
export const SignedOutPage = ({ page }: { readonly page: PageContext }) => {
  const t = text(page.lang);
  return (
    <WorkspaceLayout page={page} title={t(messages.signedOut.title)} section="none">
      <h1>{t(messages.signedOut.title)}</h1>
      <p class="lead">{t(messages.signedOut.lead)}</p>
      <p>
        <a href={workspacePaths.home}>{t(messages.signIn.title)}</a>
      </p>
    </WorkspaceLayout>
  );
};

const Term = ({ document, page }: { readonly document: SkDocument; readonly page: PageContext }) => (
  <>{`${formatDate(document.term.start, page.lang)} – ${formatDate(document.term.end, page.lang)}`}</>
);

/** The SK versions, newest first, each with its term. */
const SkHistory = ({
  page,
  documents,
}: {
  readonly page: PageContext;
  readonly documents: readonly SkDocument[];
}) => {
  const t = text(page.lang);
  if (documents.length === 0) return <p class="notice">{t(messages.home.skNone)}</p>;
  return (
    // Focusable, so that a keyboard can scroll it sideways on a narrow screen.
    <section class="table-wrap" aria-labelledby="sk-heading" tabindex={0}>
      <table data-testid="sk-history">
        <thead>
          <tr>
            <th scope="col">{t(messages.home.term)}</th>
            <th scope="col">{t(messages.home.skNumber)}</th>
            <th scope="col">{t(messages.home.skDate)}</th>
            <th scope="col">{t(messages.home.file)}</th>
            <th scope="col">{t(messages.home.uploadedAt)}</th>
          </tr>
        </thead>
        <tbody>
          {documents.map((document, index) => (
            <tr>
              <td>
                <Term document={document} page={page} />
                {index === 0 ? (
                  <>
                    {' '}
                    <span class="tag verified">{t(messages.home.current)}</span>
                  </>
                ) : null}
              </td>
              <td>{document.sk.number}</td>
              <td>{formatDate(document.sk.date, page.lang)}</td>
              <td>{`${document.contentType.replace(/^.*\//, '').toUpperCase()}, ${Math.max(1, Math.round(document.size / 1024))} KB`}</td>
              <td>{formatDate(document.uploadedAt, page.lang)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
};

/** `/kelola` with a session: the KIM's status, public facts and SK history. */
export const HomePage = (props: {
  readonly page: PageContext;
  readonly signedIn: SignedInKim;
  readonly registration: Registration;
  readonly documents: readonly SkDocument[];
  readonly uploaded: boolean;
}) => {
  const { page, registration } = props;
  const t = text(page.lang);
  return (
    <WorkspaceLayout page={page} title={t(messages.home.title)} section="home" signedIn={props.signedIn}>
      <h1>{registration.name}</h1>
      {props.uploaded ? (
        <p class="notice" role="status" data-testid="sk-uploaded">
          {t(messages.home.skUploaded)}
        </p>
      ) : null}
      <dl class="summary-list">
        <div>
          <dt>{t(messages.home.status)}</dt>
          <dd>
            <span class={`tag ${registration.status.toLowerCase()}`} data-testid="status">
              {t(messages.statuses[registration.status])}
            </span>
          </dd>
        </div>
        <div>
          <dt>{t(messages.home.village)}</dt>
          <dd>{registration.villageName}</dd>
        </div>
        <div>
          <dt>{t(messages.home.id)}</dt>
          <dd>
            <code>{registration.id}</code>
          </dd>
        </div>
        <div>
          <dt>{t(messages.home.skNumber)}</dt>
          <dd>{registration.sk.number}</dd>
        </div>
        <div>
          <dt>{t(messages.home.submittedAt)}</dt>
          <dd>{formatDate(registration.submittedAt, page.lang)}</dd>
        </div>
      </dl>
      <p>
        {registration.status === 'VERIFIED' ? (
          <a href={workspacePaths.publicProfile(registration.id)}>{t(messages.home.publicProfile)}</a>
        ) : (
          <a href={workspacePaths.status(registration.id)}>{t(messages.home.statusPage)}</a>
        )}
      </p>
      <h2 id="sk-heading">{t(messages.home.skHeading)}</h2>
      <SkHistory page={page} documents={props.documents} />
      <p>
        <a class="button" href={workspacePaths.sk}>
          {t(messages.home.skUpload)}
        </a>
      </p>
    </WorkspaceLayout>
  );
};

/** The fields of the SK form, in page order: the error anchors. */
export const SK_FORM_FIELDS = ['term.start', 'term.end', 'sk.number', 'sk.date', 'file'] as const;

const labels: Readonly<Record<(typeof SK_FORM_FIELDS)[number], Text>> = {
  'term.start': messages.sk.termStart,
  'term.end': messages.sk.termEnd,
  'sk.number': messages.sk.skNumber,
  'sk.date': messages.sk.skDate,
  file: messages.sk.file,
};

/** The label of a field of the SK form. */
export const skFieldLabel = (field: string, lang: PageContext['lang']): string =>
  labels[field as (typeof SK_FORM_FIELDS)[number]]?.[lang] ?? field;

/**
 * `/kelola/sk`: the SK form. Its script announces the file, PUTs it to the presigned URL and
 * posts the form with the upload's id; the server then checks the bytes and shows any refusal
 * beside the file input. Without JavaScript the page says that uploading needs it.
 */
export const SkUploadPage = (props: {
  readonly page: PageContext;
  readonly signedIn: SignedInKim;
  readonly form: FormState;
}) => {
  const { page, form } = props;
  const t = text(page.lang);
  const field = (name: (typeof SK_FORM_FIELDS)[number], type: 'date' | 'text', hint?: Text) => (
    <TextInput
      name={name}
      type={type}
      label={t(labels[name])}
      hint={hint ? t(hint) : undefined}
      value={form.values[name] ?? ''}
      error={form.errors.get(name)}
      errorPrefix={t(messages.errorPrefix)}
    />
  );
  const fileError = form.errors.get('file');
  const fileDescribedBy = [`${fieldId('file')}-hint`, fileError ? errorId('file') : undefined]
    .filter(Boolean)
    .join(' ');
  return (
    <WorkspaceLayout
      page={page}
      title={t(messages.sk.title)}
      section="sk"
      signedIn={props.signedIn}
      scripts={[uploadScript]}
    >
      <ErrorSummary title={t(messages.errorSummary)} entries={form.summary} />
      <h1>{t(messages.sk.title)}</h1>
      <p class="lead">{t(messages.sk.lead)}</p>
      <p class="warning" id="sk-needs-script" data-testid="needs-script">
        {t(messages.sk.needsScript)}
      </p>
      <form
        method="post"
        action={workspacePaths.sk}
        novalidate
        data-sk-upload
        data-announce={workspacePaths.skAnnounce}
        data-uploading={t(messages.sk.uploading)}
      >
        <input type="hidden" name={CSRF_FIELD} value={props.signedIn.csrfToken} />
        <input type="hidden" name="uploadId" value="" />
        <input type="hidden" name="contentType" value="" />
        <input type="hidden" name="size" value="" />
        <input type="hidden" name="script" value="" />
        <input type="hidden" name="transfer" value="" />
        {field('term.start', 'date')}
        {field('term.end', 'date')}
        {field('sk.number', 'text', messages.sk.skNumberHint)}
        {field('sk.date', 'date')}
        <div class={fileError ? 'field has-error' : 'field'}>
          <label for={fieldId('file')}>{t(messages.sk.file)}</label>
          <p class="hint" id={`${fieldId('file')}-hint`}>
            {t(messages.sk.fileHint)}
          </p>
          {fileError ? (
            <p class="field-error" id={errorId('file')} data-testid="file-error">
              <span class="visually-hidden">{`${t(messages.errorPrefix)} `}</span>
              {fileError}
            </p>
          ) : null}
          {/* No name: the file never goes in the form post, only to the presigned URL. */}
          <input
            id={fieldId('file')}
            type="file"
            accept="application/pdf,image/jpeg,image/png,.pdf,.jpg,.jpeg,.png"
            aria-invalid={fileError ? 'true' : undefined}
            aria-describedby={fileDescribedBy}
          />
        </div>
        <button type="submit" class="button">
          {t(messages.sk.submit)}
        </button>
      </form>
    </WorkspaceLayout>
  );
};

/** A refused or failed workspace request: the error's own message, or a generic 500. */
export const WorkspaceErrorPage = ({ status, error, lang, event, requestId }: ErrorPageInput) => {
  const t = text(lang);
  const page = { ...pageContext(event), lang };
  return (
    <WorkspaceLayout page={page} title={t(messages.error.title)} section="none">
      <h1>{t(messages.error.title)}</h1>
      <p class="lead">
        {error ? (lang === 'id' ? error.message : error.messageEn) : t(messages.error.generic)}
      </p>
      {status >= 500 ? (
        <p class="muted">
          {t(messages.error.requestId)}: <code>{requestId}</code>
        </p>
      ) : null}
      <p>
        <a href={workspacePaths.home}>{t(messages.error.back)}</a>
      </p>
    </WorkspaceLayout>
  );
};
