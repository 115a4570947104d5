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
export const ProfilePage = ({
  page,
  profile,
  districtName,
  term,
}: {
  page: PageContext;
  profile: PublicProfile;
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
    </PublicLayout>
  );
};
