import type { SendDigestsResult } from '../digests/send-digests.js';
import type { OfficerView } from '../directory/officer.js';
import type { DigestSubscriberView } from '../directory/subscriber.js';
import { CSRF_FIELD } from '../platform/web/csrf.js';
import { type FormErrors, fieldId } from '../platform/web/form-errors.js';
import { ErrorSummary } from '../platform/web/form-fields.js';
import type { PageContext } from '../platform/web/page-context.js';
import type { RebuildReport } from '../village-coverage/rebuild.js';
import { ConsoleLayout, type SignedIn } from './console-layout.js';
import { messages, text } from './messages.js';
import { consolePaths } from './sign-in.js';

/** Where the admin forms post. */
export const adminPaths = {
  officers: `${consolePaths.admin}/petugas`,
  removeOfficer: (id: string) => `${consolePaths.admin}/petugas/${encodeURIComponent(id)}/hapus`,
  subscribers: `${consolePaths.admin}/penerima`,
  removeSubscriber: (id: string) => `${consolePaths.admin}/penerima/${encodeURIComponent(id)}/hapus`,
  digest: `${consolePaths.admin}/ringkasan`,
  rebuild: `${consolePaths.admin}/cakupan`,
} as const;

/** A form that came back with errors: which one, what was typed, and the errors. */
export interface AdminFormState {
  readonly form: 'officer' | 'subscriber' | 'rebuild';
  readonly values: Readonly<Record<string, string>>;
  readonly errors: FormErrors;
}

export interface AdminPageProps {
  readonly page: PageContext;
  readonly signedIn: SignedIn;
  readonly officers: { readonly items: readonly OfficerView[]; readonly more: boolean };
  readonly subscribers: { readonly items: readonly DigestSubscriberView[]; readonly more: boolean };
  readonly notice?: string | undefined;
  readonly form?: AdminFormState | undefined;
  readonly digest?: { readonly result: SendDigestsResult; readonly failed: boolean } | undefined;
  readonly rebuild?: RebuildReport | undefined;
}

const Csrf = ({ token }: { token: string }) => <input type="hidden" name={CSRF_FIELD} value={token} />;

/** The admin page: the officer directory, the digest subscribers, send-digest-now and the coverage rebuild. */
export const AdminPage = (props: AdminPageProps) => {
  const { page, signedIn } = props;
  const t = text(page.lang);
  const prefix = t(messages.detail.errorPrefix);
  const state = (form: AdminFormState['form']) => (props.form?.form === form ? props.form : undefined);
  const officerForm = state('officer');
  const subscriberForm = state('subscriber');
  const rebuildForm = state('rebuild');
  /** An input whose id carries its form's prefix: the three forms share field names (the API's). */
  const field = (form: AdminFormState | undefined, formId: string, name: string, label: string) => {
    const id = `${formId}-${fieldId(name)}`;
    const error = form?.errors.byField.get(name);
    return (
      <div class={error ? 'field has-error' : 'field'}>
        <label for={id}>{label}</label>
        {error ? (
          <p class="field-error" id={`${id}-error`}>
            <span class="visually-hidden">{`${prefix} `}</span>
            {error}
          </p>
        ) : null}
        <input
          id={id}
          name={name}
          type={name === 'email' ? 'email' : 'text'}
          value={form?.values[name] ?? ''}
          autocomplete="off"
          aria-invalid={error ? 'true' : undefined}
          aria-describedby={error ? `${id}-error` : undefined}
        />
      </div>
    );
  };
  const summary = (form: AdminFormState, formId: string) => (
    <ErrorSummary
      title={t(messages.detail.errorSummary)}
      entries={form.errors.summary.map((entry) => ({
        ...entry,
        href: entry.href === undefined ? undefined : `#${formId}-${entry.href.slice(1)}`,
      }))}
    />
  );
  return (
    <ConsoleLayout page={page} title={t(messages.admin.title)} section="admin" signedIn={signedIn}>
      <h1>{t(messages.admin.title)}</h1>
      {props.notice ? (
        <p class="notice" role="status" data-testid="notice">
          {props.notice}
        </p>
      ) : null}

      <section aria-labelledby="officers">
        <h2 id="officers">{t(messages.admin.officers)}</h2>
        <p>{t(messages.admin.officersIntro)}</p>
        {props.officers.items.length === 0 ? (
          <p>{t(messages.admin.none)}</p>
        ) : (
          <div class="table-wrap">
            <table data-testid="officers">
              <thead>
                <tr>
                  <th scope="col">{t(messages.admin.name)}</th>
                  <th scope="col">{t(messages.admin.email)}</th>
                  <th scope="col">{t(messages.admin.region)}</th>
                  <th scope="col">{t(messages.admin.active)}</th>
                  <th scope="col">
                    <span class="visually-hidden">{t(messages.admin.remove)}</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {props.officers.items.map((officer) => (
                  <tr>
                    <td>{officer.name}</td>
                    <td>
                      {officer.email}
                      {officer.emailUndeliverable ? ` (${t(messages.admin.undeliverable)})` : ''}
                    </td>
                    <td>{officer.regionCode}</td>
                    <td>{t(officer.active ? messages.admin.yes : messages.admin.no)}</td>
                    <td>
                      <form method="post" action={adminPaths.removeOfficer(officer.id)}>
                        <Csrf token={signedIn.csrfToken} />
                        <button type="submit" aria-label={`${t(messages.admin.remove)}: ${officer.name}`}>
                          {t(messages.admin.remove)}
                        </button>
                      </form>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
        {props.officers.more ? <p class="muted">{t(messages.admin.more)}</p> : null}
        <form method="post" action={adminPaths.officers} class="filter" novalidate>
          <fieldset>
            <legend>{t(messages.admin.addOfficer)}</legend>
            {officerForm ? summary(officerForm, 'officer') : null}
            <Csrf token={signedIn.csrfToken} />
            <div class="filter-row">
              {field(officerForm, 'officer', 'name', t(messages.admin.name))}
              {field(officerForm, 'officer', 'email', t(messages.admin.email))}
              {field(officerForm, 'officer', 'regionCode', t(messages.admin.region))}
              <button type="submit">{t(messages.admin.add)}</button>
            </div>
          </fieldset>
        </form>
      </section>

      <section aria-labelledby="subscribers">
        <h2 id="subscribers">{t(messages.admin.subscribers)}</h2>
        <p>{t(messages.admin.subscribersIntro)}</p>
        {props.subscribers.items.length === 0 ? (
          <p>{t(messages.admin.none)}</p>
        ) : (
          <div class="table-wrap">
            <table data-testid="subscribers">
              <thead>
                <tr>
                  <th scope="col">{t(messages.admin.email)}</th>
                  <th scope="col">{t(messages.admin.region)}</th>
                  <th scope="col">
                    <span class="visually-hidden">{t(messages.admin.remove)}</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {props.subscribers.items.map((subscriber) => (
                  <tr>
                    <td>{subscriber.email}</td>
                    <td>{subscriber.regionCode}</td>
                    <td>
                      <form method="post" action={adminPaths.removeSubscriber(subscriber.id)}>
                        <Csrf token={signedIn.csrfToken} />
                        <button type="submit" aria-label={`${t(messages.admin.remove)}: ${subscriber.email}`}>
                          {t(messages.admin.remove)}
                        </button>
                      </form>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
        {props.subscribers.more ? <p class="muted">{t(messages.admin.more)}</p> : null}
        <form method="post" action={adminPaths.subscribers} class="filter" novalidate>
          <fieldset>
            <legend>{t(messages.admin.addSubscriber)}</legend>
            {subscriberForm ? summary(subscriberForm, 'subscriber') : null}
            <Csrf token={signedIn.csrfToken} />
            <div class="filter-row">
              {field(subscriberForm, 'subscriber', 'email', t(messages.admin.email))}
              {field(subscriberForm, 'subscriber', 'regionCode', t(messages.admin.region))}
              <button type="submit">{t(messages.admin.add)}</button>
            </div>
          </fieldset>
        </form>
      </section>

      <section aria-labelledby="digest">
        <h2 id="digest">{t(messages.admin.digestTitle)}</h2>
        <p>{t(messages.admin.digestIntro)}</p>
        {props.digest ? (
          <div class="table-wrap" data-testid="digest-result">
            <p class={props.digest.failed ? 'warning' : 'notice'} role="status">
              {t(props.digest.failed ? messages.admin.digestFailed : messages.admin.digestDone)}
            </p>
            <table>
              <thead>
                <tr>
                  <th scope="col">{t(messages.admin.digestRegion)}</th>
                  <th scope="col" class="num">
                    {t(messages.admin.digestSubscribers)}
                  </th>
                  <th scope="col" class="num">
                    {t(messages.admin.digestSent)}
                  </th>
                  <th scope="col" class="num">
                    {t(messages.admin.digestSkipped)}
                  </th>
                  <th scope="col" class="num">
                    {t(messages.admin.digestRefused)}
                  </th>
                  <th scope="col" class="num">
                    {t(messages.admin.digestFailedCount)}
                  </th>
                </tr>
              </thead>
              <tbody>
                {props.digest.result.regions.map((region) => (
                  <tr>
                    <td>{region.regionCode}</td>
                    <td class="num">{String(region.subscribers)}</td>
                    <td class="num">{String(region.sent)}</td>
                    <td class="num">{String(region.skipped)}</td>
                    <td class="num">{String(region.refused)}</td>
                    <td class="num">{String(region.failed)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        ) : null}
        <form method="post" action={adminPaths.digest}>
          <Csrf token={signedIn.csrfToken} />
          <button type="submit">{t(messages.admin.digestSend)}</button>
        </form>
      </section>

      <section aria-labelledby="rebuild">
        <h2 id="rebuild">{t(messages.admin.rebuildTitle)}</h2>
        <p>{t(messages.admin.rebuildIntro)}</p>
        {props.rebuild ? (
          <div data-testid="rebuild-report">
            <h3>{`${t(messages.admin.rebuildReport)}: ${props.rebuild.regionCode}`}</h3>
            <dl class="summary-list">
              <div>
                <dt>{t(messages.admin.rebuildChecked)}</dt>
                <dd>{String(props.rebuild.regionsChecked)}</dd>
              </div>
              <div>
                <dt>{t(messages.admin.rebuildDrifted)}</dt>
                <dd data-testid="drifted">{String(props.rebuild.regionsDrifted)}</dd>
              </div>
              <div>
                <dt>{t(messages.admin.rebuildCounted)}</dt>
                <dd>{String(props.rebuild.registrationsCounted)}</dd>
              </div>
              <div>
                <dt>{t(messages.admin.rebuildInFlight)}</dt>
                <dd>{String(props.rebuild.registrationsInFlight)}</dd>
              </div>
            </dl>
            {props.rebuild.details.length === 0 ? (
              <p>{t(messages.admin.rebuildNoDrift)}</p>
            ) : (
              <div class="table-wrap">
                <table>
                  <thead>
                    <tr>
                      <th scope="col">{t(messages.admin.rebuildCode)}</th>
                      <th scope="col">{t(messages.admin.rebuildDrift)}</th>
                    </tr>
                  </thead>
                  <tbody>
                    {props.rebuild.details.map((detail) => (
                      <tr>
                        <td>{`${detail.code} (${detail.level})`}</td>
                        <td>
                          {Object.entries(detail.drift)
                            .filter(([, value]) => value !== 0)
                            .map(([name, value]) => `${name} ${value > 0 ? '+' : ''}${value}`)
                            .join(', ')}
                        </td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            )}
          </div>
        ) : null}
        <form method="post" action={adminPaths.rebuild} class="filter" novalidate>
          {rebuildForm ? summary(rebuildForm, 'rebuild') : null}
          <Csrf token={signedIn.csrfToken} />
          <div class="filter-row">
            {field(rebuildForm, 'rebuild', 'regionCode', t(messages.admin.rebuildRegion))}
            <button type="submit">{t(messages.admin.rebuildRun)}</button>
          </div>
        </form>
      </section>
    </ConsoleLayout>
  );
};
