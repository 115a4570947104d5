import { type ActivityReport, REPORT_TYPE_LABELS } from '../activity-reports/report.js';
import type { TermStatus } from '../documents/term-expiry.js';
import { formatDate, formatNumber } from '../platform/web/format.js';
import type { PageContext } from '../platform/web/page-context.js';
import type { PublicProfile } from '../registrations/public-views.js';
import * as messages from './messages.js';
import { text } from './messages.js';
import { PublicLayout, paths } from './public-layout.js';

/** Only http(s) URLs become links; the schema already refuses others, this keeps a bad row inert. */
const safeHref = (url: string): string | undefined => {
  const parsed = URL.parse(url);
  return parsed && (parsed.protocol === 'https:' || parsed.protocol === 'http:') ? parsed.href : undefined;
};

/** `/kim/{id}`: a VERIFIED KIM's public profile: no names, phones or emails of persons. */
/** The address of a report photo on the public site (served by the KIM pages function). */
export const reportPhotoPath = (
  kimId: string,
  report: Pick<ActivityReport, 'reportId'>,
  photoId: string,
): string =>
  `/kim/${encodeURIComponent(kimId)}/laporan/${encodeURIComponent(report.reportId)}/foto/${encodeURIComponent(photoId)}`;

/** One activity report: date, kind, title, what happened, participants, links and photos. */
const ReportItem = ({
  page,
  kimId,
  report,
}: {
  page: PageContext;
  kimId: string;
  report: ActivityReport;
}) => {
  const t = text(page.lang);
  return (
    <li>
      <h3>{report.title}</h3>
      <p>
        {`${formatDate(report.date, page.lang)} · ${REPORT_TYPE_LABELS[report.type][page.lang]} · ${t(messages.reports.participants)}: ${formatNumber(report.participants, page.lang)}`}
      </p>
      {report.description.split('\n').map((line) => (line.trim() === '' ? null : <p>{line}</p>))}
      {report.links.length === 0 ? null : (
        <ul aria-label={t(messages.reports.links)}>
          {report.links.map((link) => {
            const href = safeHref(link);
            return (
              <li>
                {href ? (
                  <a href={href} rel="nofollow noopener ugc">
                    {link}
                  </a>
                ) : (
                  link
                )}
              </li>
            );
          })}
        </ul>
      )}
      {report.photos.length === 0 ? null : (
        <p>
          {report.photos.map((photo, index) => (
            <img
              src={reportPhotoPath(kimId, report, photo.photoId)}
              alt={messages.reports.photoAlt[page.lang](index + 1, report.title)}
              width="160"
              loading="lazy"
            />
          ))}
        </p>
      )}
    </li>
  );
};

/** The latest activity reports of a KIM, newest first, and how many there are in all. */
const Reports = ({
  page,
  kimId,
  reports,
}: {
  page: PageContext;
  kimId: string;
  reports: { readonly items: readonly ActivityReport[]; readonly count: number };
}) => {
  const t = text(page.lang);
  const shown = formatNumber(reports.items.length, page.lang);
  const total = formatNumber(reports.count, page.lang);
  return (
    <section aria-labelledby="laporan">
      <h2 id="laporan">{t(messages.reports.heading)}</h2>
      {reports.items.length === 0 ? (
        <p>{t(messages.reports.none)}</p>
      ) : (
        <>
          <p>
            {reports.count > reports.items.length
              ? messages.reports.latest[page.lang](shown, total)
              : messages.reports.total[page.lang](total)}
          </p>
          <ul class="card-list">
            {reports.items.map((report) => (
              <ReportItem page={page} kimId={kimId} report={report} />
            ))}
          </ul>
        </>
      )}
    </section>
  );
};

export const ProfilePage = ({
  page,
  profile,
  reports,
  districtName,
  term,
}: {
  page: PageContext;
  profile: PublicProfile;
  reports: { readonly items: readonly ActivityReport[]; readonly count: number };
  districtName?: string;
  /** The KIM's current term, when it has an SK version. */
  term?: TermStatus | undefined;
}) => {
  const t = text(page.lang);
  return (
    <PublicLayout page={page} title={profile.name} section="directory">
      <p>
        <a href={paths.directory}>{t(messages.profile.backToDirectory)}</a>
      </p>
      <h1>{profile.name}</h1>
      <dl class="summary-list">
        <div>
          <dt>{t(messages.profile.village)}</dt>
          <dd>{profile.villageName}</dd>
        </div>
        {districtName ? (
          <div>
            <dt>{t(messages.profile.district)}</dt>
            <dd>{districtName}</dd>
          </div>
        ) : null}
        <div>
          <dt>{t(messages.profile.focusAreas)}</dt>
          <dd>{profile.focusAreas.map((area) => messages.focusAreas[area][page.lang]).join(', ')}</dd>
        </div>
        <div>
          <dt>{t(messages.profile.memberCount)}</dt>
          <dd>{formatNumber(profile.memberCount, page.lang)}</dd>
        </div>
        <div>
          <dt>{t(messages.profile.media)}</dt>
          <dd>
            {profile.media.length === 0 ? (
              t(messages.profile.noMedia)
            ) : (
              <ul>
                {profile.media.map((link) => {
                  const href = safeHref(link.url);
                  return (
                    <li>
                      {`${messages.mediaTypes[link.type][page.lang]}: `}
                      {href ? (
                        <a href={href} rel="nofollow noopener ugc">
                          {link.url}
                        </a>
                      ) : (
                        link.url
                      )}
                    </li>
                  );
                })}
              </ul>
            )}
          </dd>
        </div>
        {profile.verifiedAt ? (
          <div>
            <dt>{t(messages.profile.verifiedSince)}</dt>
            <dd>{formatDate(profile.verifiedAt, page.lang)}</dd>
          </div>
        ) : null}
        {term === undefined ? null : (
          <div>
            <dt>{t(messages.profile.term)}</dt>
            <dd data-testid="term">
              {term.expired ? (
                <strong>
                  {t(messages.profile.termEnded)} {formatDate(term.end, page.lang)}
                </strong>
              ) : (
                `${formatDate(term.start, page.lang)} – ${formatDate(term.end, page.lang)}`
              )}
            </dd>
          </div>
        )}
      </dl>
      <Reports page={page} kimId={profile.id} reports={reports} />
    </PublicLayout>
  );
};
