import { formatNumber, formatPercent } from '../platform/web/format.js';
import type { PageContext } from '../platform/web/page-context.js';
import type { CoverageView } from '../village-coverage/coverage.js';
import type { MissingVillagesPage } from '../village-coverage/coverage-reader.js';
import { CoverageBarChart } from './bar-chart.js';
import * as messages from './messages.js';
import { text } from './messages.js';
import { CoverageProgress } from './progress.js';
import { PublicLayout, paths } from './public-layout.js';

export interface CoveragePageProps {
  readonly page: PageContext;
  readonly coverage: CoverageView;
  readonly missing: MissingVillagesPage;
  /** The region one level up, when it lies inside the scope. */
  readonly parent?: { readonly code: string; readonly name: string; readonly isScope: boolean };
  /** District names by code, for the missing villages' district column (the children of a regency). */
  readonly districtNames: ReadonlyMap<string, string>;
  /** The cursor this page of missing villages was read from; undefined on the first page. */
  readonly cursor?: string;
  /** Verified KIM of the region whose current term has ended; undefined when not counted (the country). */
  readonly expiredTerms?: number | undefined;
}

/** `/cakupan[/{code}]`: progress, a bar chart and table per child region, and the villages still without a KIM. */
export const CoveragePage = ({
  page,
  coverage,
  missing,
  parent,
  districtNames,
  cursor,
  expiredTerms,
}: CoveragePageProps) => {
  const t = text(page.lang);
  const number = (value: number) => formatNumber(value, page.lang);
  const here = paths.coverageOf(coverage.code);
  const childLevel = coverage.children[0]?.level;
  return (
    <PublicLayout page={page} title={`${t(messages.coverage.title)}: ${coverage.name}`} section="coverage">
      {parent ? (
        <p>
          {t(messages.coverage.up)}{' '}
          <a href={parent.isScope ? paths.coverage : paths.coverageOf(parent.code)}>{parent.name}</a>
        </p>
      ) : null}
      <p class="muted">{t(messages.levels[coverage.level])}</p>
      <h1>
        {t(messages.coverage.title)}: {coverage.name}
      </h1>
      <CoverageProgress summary={coverage} lang={page.lang} />
      {expiredTerms === undefined ? null : (
        <p data-testid="expired-terms">
          {t(messages.coverage.expiredTerms)}: <strong>{number(expiredTerms)}</strong>
        </p>
      )}

      {coverage.children.length > 0 ? (
        <section aria-labelledby="children-heading">
          <h2 id="children-heading">
            {childLevel ? `${t(messages.coverage.childrenHeading)}: ${t(messages.levels[childLevel])}` : null}
          </h2>
          <ul class="legend">
            <li>
              <span class="swatch covered" />
              {t(messages.coverage.legendCovered)}
            </li>
            <li>
              <span class="swatch pending" />
              {t(messages.coverage.legendPending)}
            </li>
          </ul>
          <div class="chart">
            <CoverageBarChart
              rows={coverage.children}
              lang={page.lang}
              title={t(messages.coverage.chartTitle)}
            />
          </div>
          <div class="table-wrap">
            <table data-testid="children-table">
              <caption>{t(messages.coverage.chartTitle)}</caption>
              <thead>
                <tr>
                  <th scope="col">{t(messages.coverage.region)}</th>
                  <th scope="col" class="num">
                    {t(messages.coverage.villages)}
                  </th>
                  <th scope="col" class="num">
                    {t(messages.coverage.covered)}
                  </th>
                  <th scope="col" class="num">
                    {t(messages.coverage.pendingOnly)}
                  </th>
                  <th scope="col" class="num">
                    {t(messages.coverage.percent)}
                  </th>
                </tr>
              </thead>
              <tbody>
                {coverage.children.map((child) => (
                  <tr data-code={child.code}>
                    <th scope="row">
                      <a href={paths.coverageOf(child.code)}>{child.name}</a>
                    </th>
                    <td class="num" data-field="total">
                      {number(child.villages.total)}
                    </td>
                    <td class="num" data-field="covered">
                      {number(child.villages.covered)}
                    </td>
                    <td class="num" data-field="pendingOnly">
                      {number(child.villages.pendingOnly)}
                    </td>
                    <td class="num" data-field="percent">
                      {formatPercent(child.coveragePercent, page.lang)}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </section>
      ) : null}

      <section aria-labelledby="missing-heading">
        <h2 id="missing-heading">{t(messages.coverage.missingHeading)}</h2>
        {missing.villages.length === 0 ? (
          <p>
            {missing.nextCursor === null && cursor === undefined
              ? t(messages.coverage.missingNone)
              : t(messages.coverage.missingEmptyPage)}
          </p>
        ) : (
          <div class="table-wrap">
            <table data-testid="missing-table">
              <thead>
                <tr>
                  <th scope="col">{t(messages.coverage.village)}</th>
                  <th scope="col">{t(messages.coverage.district)}</th>
                  <th scope="col">{t(messages.coverage.status)}</th>
                </tr>
              </thead>
              <tbody>
                {missing.villages.map((village) => (
                  <tr data-code={village.code} data-pending={village.pending ? 'true' : 'false'}>
                    <td>{village.name}</td>
                    <td>{districtNames.get(village.districtCode) ?? village.districtCode}</td>
                    <td>
                      {village.pending ? (
                        <span class="tag">{t(messages.coverage.pendingTag)}</span>
                      ) : (
                        t(messages.coverage.noKim)
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
        <nav class="pager" aria-label={t(messages.coverage.missingHeading)}>
          {cursor === undefined ? null : <a href={here}>{t(messages.coverage.firstPage)}</a>}
          {missing.nextCursor === null ? null : (
            <a href={`${here}?cursor=${encodeURIComponent(missing.nextCursor)}`} rel="next">
              {t(messages.coverage.nextPage)}
            </a>
          )}
        </nav>
      </section>
      <p class="muted">
        {t(messages.coverage.apiNote)}{' '}
        <a href={`/coverage/${encodeURIComponent(coverage.code)}`}>{`/coverage/${coverage.code}`}</a>.
      </p>
    </PublicLayout>
  );
};
