import type { TermStatus } from '../documents/term-expiry.js';
import { formatDate } from '../platform/web/format.js';
import type { PageContext } from '../platform/web/page-context.js';
import type { Region } from '../regions/region.js';
import type { DirectoryPage as DirectoryListing } from '../registrations/public-views.js';
import * as messages from './messages.js';
import { text } from './messages.js';
import { PublicLayout, paths } from './public-layout.js';

export interface DirectoryPageProps {
  readonly page: PageContext;
  readonly listing: DirectoryListing;
  /** The regions the filter offers: the scope's children (the districts of a regency). */
  readonly filters: readonly Region[];
  /** The region filtered on, when one was chosen. */
  readonly selected?: string;
  readonly cursor?: string;
  /** Region names by code, for the district of each entry. */
  readonly names: ReadonlyMap<string, string>;
  /** The current terms of the listed KIM, by id. */
  readonly terms?: ReadonlyMap<string, TermStatus> | undefined;
}

/** The query string of a directory page. */
const directoryHref = (selected: string | undefined, cursor?: string): string => {
  const params = new URLSearchParams();
  if (selected) params.set('wilayah', selected);
  if (cursor) params.set('cursor', cursor);
  const query = params.toString();
  return query === '' ? paths.directory : `${paths.directory}?${query}`;
};

/** `/kim`: the VERIFIED KIM, newest first, filterable by district with a plain GET form. */
export const DirectoryPage = ({
  page,
  listing,
  filters,
  selected,
  cursor,
  names,
  terms,
}: DirectoryPageProps) => {
  const t = text(page.lang);
  const filterLevel = filters[0]?.level;
  return (
    <PublicLayout page={page} title={t(messages.directory.title)} section="directory">
      <h1>{t(messages.directory.title)}</h1>
      <p class="lead">{t(messages.directory.intro)}</p>
      {filters.length > 0 ? (
        <form class="filter" method="get" action={paths.directory}>
          <div>
            <label for="wilayah">
              {filterLevel ? t(messages.levels[filterLevel]) : t(messages.directory.filterLabel)}
            </label>
            <select id="wilayah" name="wilayah">
              <option value="" selected={selected === undefined}>
                {t(messages.directory.allDistricts)}
              </option>
              {filters.map((region) => (
                <option value={region.code} selected={region.code === selected}>
                  {region.name}
                </option>
              ))}
            </select>
          </div>
          <button class="button secondary" type="submit">
            {t(messages.directory.filterButton)}
          </button>
        </form>
      ) : null}
      {listing.items.length === 0 ? (
        <p>{t(messages.directory.none)}</p>
      ) : (
        <ul class="card-list" data-testid="directory-list">
          {listing.items.map((entry) => (
            <li data-id={entry.id}>
              <h2 class="card-title">
                <a href={paths.profile(entry.id)}>{entry.name}</a>
              </h2>
              <p class="muted">
                {entry.villageName}
                {names.has(entry.districtCode) ? `, ${names.get(entry.districtCode)}` : ''}
              </p>
              {terms?.get(entry.id)?.expired ? (
                <p data-testid="term-ended">
                  <strong>
                    {t(messages.directory.termEnded)} {formatDate(terms.get(entry.id)?.end ?? '', page.lang)}
                  </strong>
                </p>
              ) : null}
            </li>
          ))}
        </ul>
      )}
      <nav class="pager" aria-label={t(messages.directory.title)}>
        {cursor === undefined ? null : (
          <a href={directoryHref(selected)}>{t(messages.directory.firstPage)}</a>
        )}
        {listing.nextCursor === null ? null : (
          <a href={directoryHref(selected, listing.nextCursor)} rel="next">
            {t(messages.directory.nextPage)}
          </a>
        )}
      </nav>
    </PublicLayout>
  );
};
