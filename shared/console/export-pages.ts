import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { logger } from '../platform/logger.js';
import { isHttps, securityHeaders } from '../platform/web/security-headers.js';
import type { RegionRepository } from '../regions/region.js';
import type { AdminQueryDeps } from '../registrations/admin-queries.js';
import type { CoverageReadDeps } from '../village-coverage/coverage-reader.js';
import { type Handler, html, NO_STORE, signedIn } from './console-session.js';
import {
  coverageTable,
  EXPORT_FILTERS,
  type ExportFilter,
  type ExportTable,
  registrationsTable,
  toCsv,
  toXlsx,
} from './exports.js';
import { EXPORT_FORMATS, type ExportFormat, ExportsPage } from './exports-page.js';
import { regionChoices } from './region-choices.js';
import type { SignInDeps } from './sign-in.js';

/** What the export pages need: sign-in, the registration listing, regions and coverage. */
export interface ExportPageDeps extends SignInDeps, AdminQueryDeps {
  readonly regions: RegionRepository;
  readonly coverage: CoverageReadDeps;
}

const exportFormat = (value: string | undefined): ExportFormat =>
  EXPORT_FORMATS.find((format) => format === value) ?? 'xlsx';

/** A file download: never cached, never sniffed, named for the region and filter. */
const fileResponse = async (
  event: APIGatewayProxyEventV2,
  table: ExportTable,
  format: ExportFormat,
): Promise<APIGatewayProxyStructuredResultV2> => {
  const body = format === 'csv' ? Buffer.from(toCsv(table), 'utf8') : await toXlsx(table);
  return {
    statusCode: 200,
    headers: {
      ...securityHeaders({ https: isHttps(event) }),
      'content-type':
        format === 'csv'
          ? 'text/csv; charset=utf-8'
          : 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      'content-disposition': `attachment; filename="${table.name.replace(/[^A-Za-z0-9._-]/g, '_')}.${format}"`,
      'cache-control': NO_STORE,
    },
    body: body.toString('base64'),
    isBase64Encoded: true,
  };
};

/**
 * The console's exports, by route key, each behind the session check: a function of their own,
 * since the spreadsheet writer is the heaviest part of the console and no other page needs it.
 */
export const exportRoutes = (deps: ExportPageDeps): Readonly<Record<string, Handler>> => ({
  'GET /konsol/ekspor': signedIn(deps, async (event, session, page, who) => {
    const regions = await regionChoices(
      { regions: deps.regions, scope: deps.scope },
      session.principal.regionCode,
      undefined,
    );
    return html(deps, event, ExportsPage({ page, signedIn: who, regions }));
  }),
  'GET /konsol/ekspor/pendaftaran': signedIn(deps, async (event, session, page) => {
    const filter: ExportFilter = EXPORT_FILTERS.find((name) => name === page.query.status) ?? 'all';
    const region = page.query.wilayah?.trim() || undefined;
    const table = await registrationsTable(deps, session.principal, filter, region);
    logger.info('Console export', {
      kind: 'registrations',
      role: session.principal.role,
      rows: table.rows.length,
    });
    return fileResponse(event, table, exportFormat(page.query.format));
  }),
  'GET /konsol/ekspor/cakupan': signedIn(deps, async (event, session, page) => {
    const table = await coverageTable(deps.coverage, session.principal);
    logger.info('Console export', {
      kind: 'coverage',
      role: session.principal.role,
      rows: table.rows.length,
    });
    return fileResponse(event, table, exportFormat(page.query.format));
  }),
});
