import type { PageContext } from '../platform/web/page-context.js';
import type { CoverageView } from '../village-coverage/coverage.js';
import * as messages from './messages.js';
import { text } from './messages.js';
import { CoverageProgress } from './progress.js';
import { PublicLayout, paths } from './public-layout.js';

/** `/`: the scope's coverage at a glance, and the way to the form, the dashboard and the directory. */
export const HomePage = ({ page, coverage }: { page: PageContext; coverage: CoverageView }) => {
  const t = text(page.lang);
  return (
    <PublicLayout page={page} title={t(messages.home.title)} section="home">
      <h1>{t(messages.home.title)}</h1>
      <p class="lead">{t(messages.home.intro)}</p>
      <p>
        <strong>{coverage.name}</strong>
      </p>
      <CoverageProgress summary={coverage} lang={page.lang} />
      <div class="actions">
        <a class="button" href={paths.register}>
          {t(messages.home.registerCta)}
        </a>
        <a class="button secondary" href={paths.coverage}>
          {t(messages.home.coverageCta)}
        </a>
        <a class="button secondary" href={paths.directory}>
          {t(messages.home.directoryCta)}
        </a>
      </div>
    </PublicLayout>
  );
};
