import {
  type PublishedResults,
  type PublishedRoundSummary,
  WINNER_RANKS,
} from '../awards/published-results.js';
import { formatDate } from '../platform/web/format.js';
import type { Text } from '../platform/web/language.js';
import type { PageContext } from '../platform/web/page-context.js';
import * as messages from './messages.js';
import { text } from './messages.js';
import { PublicLayout, paths } from './public-layout.js';

/** The award pages' paths. */
export const awardPaths = {
  index: '/penghargaan',
  round: (id: string) => `/penghargaan/${encodeURIComponent(id)}`,
} as const;

const fill = (template: string, n: number) => template.replace('{n}', String(n));

/** `/penghargaan`: the published award rounds of the scope, newest first. */
export const AwardIndexPage = ({
  page,
  rounds,
}: {
  page: PageContext;
  rounds: readonly PublishedRoundSummary[];
}) => {
  const t = text(page.lang);
  return (
    <PublicLayout page={page} title={t(messages.awards.indexTitle)} section="none">
      <h1>{t(messages.awards.indexTitle)}</h1>
      <p>{t(messages.awards.indexIntro)}</p>
      {rounds.length === 0 ? (
        <p>{t(messages.awards.indexNone)}</p>
      ) : (
        <ul class="card-list" data-testid="award-rounds">
          {rounds.map((round) => (
            <li data-id={round.id}>
              <h2 class="card-title">
                <a href={awardPaths.round(round.id)}>{round.name}</a>
              </h2>
              <p class="muted">
                {t(messages.awards.publishedOn)} {formatDate(round.publishedAt, page.lang)}
              </p>
            </li>
          ))}
        </ul>
      )}
    </PublicLayout>
  );
};

/** What an entry's standing and tie say, in words. */
const standingNote = (entry: PublishedResults['entries'][number], t: (entry: Text) => string) => {
  const notes: string[] = [];
  const missing = entry.ranking.missing.length;
  if (entry.ranking.standing === 'INCOMPLETE') notes.push(fill(t(messages.awards.incomplete), missing));
  if (entry.ranking.standing === 'UNRANKED') notes.push(fill(t(messages.awards.unrankedWhy), missing));
  const tie = entry.ranking.tie;
  if (tie !== undefined) {
    notes.push(
      tie.brokenBy === null
        ? t(messages.awards.tieShared)
        : `${t(messages.awards.tieBrokenBy)} ${t(messages.awards.tieBreakRules[tie.brokenBy])}`,
    );
  }
  return notes;
};

/**
 * `/penghargaan/{round}`: a published round's results — the winners with links to their public
 * profiles, the ranking with each entry's mean per criterion and total, the criteria and weights,
 * and the rules the ranking applied. Only public facts: KIM names and villages, never a person.
 */
export const AwardResultsPage = ({ page, results }: { page: PageContext; results: PublishedResults }) => {
  const t = text(page.lang);
  const winners = results.entries.filter(
    (entry) => entry.ranking.rank !== null && entry.ranking.rank <= WINNER_RANKS,
  );
  return (
    <PublicLayout page={page} title={results.name} section="none">
      <p class="muted">
        <a href={awardPaths.index}>{t(messages.awards.indexTitle)}</a>
      </p>
      <h1>{results.name}</h1>
      <dl class="summary-list">
        <div>
          <dt>{t(messages.awards.period)}</dt>
          <dd>
            {formatDate(results.activityPeriod.start, page.lang)} {t(messages.awards.periodTo)}{' '}
            {formatDate(results.activityPeriod.end, page.lang)}
          </dd>
        </div>
        <div>
          <dt>{t(messages.awards.publishedOn)}</dt>
          <dd>{formatDate(results.publishedAt, page.lang)}</dd>
        </div>
      </dl>

      <h2>{t(messages.awards.winnersHeading)}</h2>
      {winners.length === 0 ? (
        <p>{t(messages.awards.winnersNone)}</p>
      ) : (
        <ol class="card-list" data-testid="award-winners">
          {winners.map((entry) => (
            <li data-id={entry.id} data-rank={String(entry.ranking.rank)}>
              <h3 class="card-title">
                {t(messages.awards.rank)} {entry.ranking.rank}:{' '}
                <a href={paths.profile(entry.id)}>{entry.name}</a>
              </h3>
              <p class="muted">
                {entry.villageName} · {t(messages.awards.total)} {entry.ranking.total?.value ?? '–'}
              </p>
            </li>
          ))}
        </ol>
      )}

      <h2 id="ranking-heading">{t(messages.awards.rankingHeading)}</h2>
      <section class="table-wrap" aria-labelledby="ranking-heading" tabindex={0}>
        <table data-testid="award-ranking">
          <caption>{t(messages.awards.rankingCaption)}</caption>
          <thead>
            <tr>
              <th scope="col" class="num">
                {t(messages.awards.rank)}
              </th>
              <th scope="col">{t(messages.awards.kim)}</th>
              {results.criteria.map((criterion) => (
                <th scope="col" class="num">
                  {criterion.name} ({criterion.weight})
                </th>
              ))}
              <th scope="col" class="num">
                {t(messages.awards.total)}
              </th>
            </tr>
          </thead>
          <tbody>
            {results.entries.map((entry) => {
              const notes = standingNote(entry, t);
              return (
                <tr data-id={entry.id} data-standing={entry.ranking.standing}>
                  <td class="num" data-field="rank">
                    {entry.ranking.rank === null ? t(messages.awards.unranked) : String(entry.ranking.rank)}
                  </td>
                  <th scope="row">
                    <a href={paths.profile(entry.id)}>{entry.name}</a>
                    <br />
                    <span class="muted">{entry.villageName}</span>
                    {notes.map((note) => (
                      <>
                        <br />
                        <small data-field="note">{note}</small>
                      </>
                    ))}
                  </th>
                  {results.criteria.map((criterion) => {
                    const scored = entry.ranking.criteria.find((c) => c.criterionId === criterion.id);
                    return (
                      <td class="num" data-criterion={criterion.id}>
                        {scored?.mean?.value ?? t(messages.awards.noScore)}
                      </td>
                    );
                  })}
                  <td class="num" data-field="total">
                    {entry.ranking.total?.value ?? '–'}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </section>

      <h2 id="criteria-heading">{t(messages.awards.criteriaHeading)}</h2>
      <section class="table-wrap" aria-labelledby="criteria-heading" tabindex={0}>
        <table data-testid="award-criteria">
          <thead>
            <tr>
              <th scope="col">{t(messages.awards.criterion)}</th>
              <th scope="col" class="num">
                {t(messages.awards.weight)}
              </th>
            </tr>
          </thead>
          <tbody>
            {results.criteria.map((criterion) => (
              <tr data-criterion={criterion.id}>
                <th scope="row">{criterion.name}</th>
                <td class="num">{criterion.weight}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>

      <h2>{t(messages.awards.rulesHeading)}</h2>
      <p>{t(messages.awards.method)}</p>
      <p data-testid="missing-rule">{t(messages.awards.missingRule[results.missingScoreRule])}</p>
      {results.tieBreak.length === 0 ? (
        <p data-testid="tie-break">{t(messages.awards.tieBreakNone)}</p>
      ) : (
        <>
          <p>{t(messages.awards.tieBreakIntro)}</p>
          <ol data-testid="tie-break">
            {results.tieBreak.map((rule) => (
              <li>{t(messages.awards.tieBreakRules[rule])}</li>
            ))}
          </ol>
        </>
      )}
    </PublicLayout>
  );
};
