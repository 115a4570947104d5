import { Select } from '../platform/web/form-fields.js';
import type { PageContext } from '../platform/web/page-context.js';
import { ConsoleLayout, type SignedIn } from './console-layout.js';
import { EXPORT_FILTERS } from './exports.js';
import { messages, text } from './messages.js';
import type { RegionChoices } from './queue-page.js';
import { consolePaths } from './sign-in.js';

/** Where the files come from. */
export const exportPaths = {
  registrations: `${consolePaths.exports}/pendaftaran`,
  coverage: `${consolePaths.exports}/cakupan`,
} as const;

export const EXPORT_FORMATS = ['xlsx', 'csv'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

export interface ExportsPageProps {
  readonly page: PageContext;
  readonly signedIn: SignedIn;
  /** The officer's region and its children, for the region filter. */
  readonly regions: RegionChoices;
}

/** The export page: two GET forms, so a download is a plain link and needs no token. */
export const ExportsPage = ({ page, signedIn, regions }: ExportsPageProps) => {
  const t = text(page.lang);
  const regionOptions = [
    { value: '', label: `${t(messages.queue.allRegion)} (${regions.own.name})` },
    ...regions.children.map((region) => ({ value: region.code, label: region.name })),
  ];
  const formats = EXPORT_FORMATS.map((format) => ({ value: format, label: format.toUpperCase() }));
  const prefix = t(messages.detail.errorPrefix);
  return (
    <ConsoleLayout page={page} title={t(messages.exports.title)} section="exports" signedIn={signedIn}>
      <h1>{t(messages.exports.title)}</h1>
      <p class="lead">{t(messages.exports.intro)}</p>
      <form method="get" action={exportPaths.registrations} class="filter">
        <fieldset>
          <legend>{t(messages.exports.registrations)}</legend>
          <div class="filter-row">
            <Select
              name="wilayah"
              label={t(messages.queue.region)}
              value=""
              options={regionOptions}
              errorPrefix={prefix}
            />
            <Select
              name="status"
              label={t(messages.exports.filter)}
              value="all"
              options={EXPORT_FILTERS.map((filter) => ({
                value: filter,
                label: t(messages.exports[filter]),
              }))}
              errorPrefix={prefix}
            />
            <Select
              name="format"
              label={t(messages.exports.format)}
              value="xlsx"
              options={formats}
              errorPrefix={prefix}
            />
            <button type="submit">{t(messages.exports.download)}</button>
          </div>
        </fieldset>
      </form>
      <form method="get" action={exportPaths.coverage} class="filter">
        <fieldset>
          <legend>{t(messages.exports.coverage)}</legend>
          <div class="filter-row">
            {EXPORT_FORMATS.map((format) => (
              <button type="submit" name="format" value={format}>
                {`${t(messages.exports.download)} ${format.toUpperCase()}`}
              </button>
            ))}
          </div>
        </fieldset>
      </form>
    </ConsoleLayout>
  );
};
