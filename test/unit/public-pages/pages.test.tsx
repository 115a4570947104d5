import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { GetItemCommand, QueryCommand } from '../../../shared/platform/dynamodb/client.js';
import { NotFoundError } from '../../../shared/platform/errors.js';
import { pageContext } from '../../../shared/platform/web/page-context.js';
import { renderDocument } from '../../../shared/platform/web/response.js';
import { CoverageBarChart } from '../../../shared/public-pages/bar-chart.js';
import { ErrorPage } from '../../../shared/public-pages/error-page.js';
import * as messages from '../../../shared/public-pages/messages.js';
import type { RegistrationSummary } from '../../../shared/registrations/ports.js';
import {
  type CoverageCounters,
  type CoverageSummary,
  ZERO_COUNTERS,
} from '../../../shared/village-coverage/coverage.js';
import type { CoverageCounterReader } from '../../../shared/village-coverage/coverage-reader.js';
import { InMemoryPhotoFiles, InMemoryReportRecords } from '../../fixtures/activity-reports.js';
import { apiEvent, lambdaContext } from '../../fixtures/api-event.js';
import { type CapturedOutput, captureOutput } from '../../fixtures/capture-output.js';
import { mockDynamoDb } from '../../fixtures/dynamodb-mock.js';
import { tabananSample } from '../../fixtures/in-memory-ports.js';
import { fixtureRegistration } from '../../fixtures/registration.js';
import { personalDataOfFixture } from '../../fixtures/registration-body.js';

vi.stubEnv('TABLE_NAME', 'kim-registry-test');
vi.stubEnv('SCOPE_CODE', '51.02');
vi.stubEnv('DOCUMENT_BUCKET', 'kim-registry-documents-test');
const { coveragePages, handler: coverageHandler } = await import(
  '../../../functions/public-pages/coverage-pages.js'
);
const { kimPages } = await import('../../../functions/public-pages/kim-pages.js');

const dynamo = mockDynamoDb();
let output: CapturedOutput;
beforeEach(() => {
  dynamo.reset();
  output = captureOutput();
});
afterEach(() => output.restore());

const counters = (patch: Partial<CoverageCounters>): CoverageCounters => ({ ...ZERO_COUNTERS, ...patch });

/** Counters by region code; children are the codes one level below. */
const counterReader = (byCode: Record<string, CoverageCounters>): CoverageCounterReader => ({
  countersOf: async (code) => byCode[code] ?? ZERO_COUNTERS,
  childCounters: async (code) =>
    new Map(
      Object.entries(byCode).filter(
        ([child]) => child.startsWith(`${code}.`) && !child.slice(code.length + 1).includes('.'),
      ),
    ),
});

const coverageDeps = () => {
  const regions = tabananSample();
  return {
    coverage: {
      regions,
      scope: '51.02',
      coverage: counterReader({
        '51.02': counters({ covered: 1, pendingOnly: 1, verified: 1, submitted: 1 }),
        '51.02.05': counters({ covered: 1, pendingOnly: 1, verified: 1, submitted: 1 }),
        '51.02.05.2006': counters({ covered: 1, verified: 1 }),
        '51.02.05.2007': counters({ pendingOnly: 1, submitted: 1 }),
      }),
    },
    regions,
    scope: '51.02',
  };
};

const html = (result: APIGatewayProxyStructuredResultV2) => {
  expect(result.isBase64Encoded).toBe(false);
  return result.body ?? '';
};

/** A page function called as Lambda would: with its event and a context. */
const inContext =
  (route: (event: APIGatewayProxyEventV2, context: Context) => Promise<APIGatewayProxyStructuredResultV2>) =>
  (event: APIGatewayProxyEventV2) =>
    route(event, lambdaContext());

const get = (routeKey: string, pathParameters?: Record<string, string>, query?: Record<string, string>) => ({
  ...apiEvent({ routeKey, path: routeKey.slice(4), ...(pathParameters ? { pathParameters } : {}) }),
  ...(query ? { queryStringParameters: query } : {}),
});

describe('the coverage pages', () => {
  it('shows the scope progress on / in Indonesian, with <html lang="id">', async () => {
    const body = html(await inContext(coveragePages(coverageDeps()))(get('GET /')));
    expect(body).toMatch(/^<!DOCTYPE html><html lang="id">/);
    expect(body).toContain(
      '<strong>1</strong> dari <strong>133</strong> desa sudah punya KIM terverifikasi.',
    );
    expect(body).toContain('<progress max="133" value="1"');
    expect(body).toContain('0,8%');
    expect(body).toContain('href="/daftar"');
  });

  it('speaks English with ?lang=en and sets the cookie that remembers it', async () => {
    const result = await inContext(coveragePages(coverageDeps()))(get('GET /', undefined, { lang: 'en' }));
    expect(html(result)).toMatch(/^<!DOCTYPE html><html lang="en">/);
    expect(html(result)).toContain(
      '<strong>1</strong> of <strong>133</strong> villages have a verified KIM.',
    );
    expect(result.cookies?.[0]).toMatch(/^lang=en; /);
  });

  it('shows a district: its villages in the table and chart, the missing ones with pending marked', async () => {
    const body = html(
      await inContext(coveragePages(coverageDeps()))(get('GET /cakupan/{code}', { code: '51.02.05' })),
    );
    expect(body).toContain('<tr data-code="51.02.05.2006">');
    expect(body).toContain('<g data-code="51.02.05.2007">');
    expect(body).toMatch(/<tr data-code="51.02.05.2007" data-pending="true">/);
    expect(body).not.toContain('<tr data-code="51.02.05.2006" data-pending');
    expect(body).toContain('href="/cakupan">Kabupaten Tabanan</a>');
  });

  it('shows a village page: itself in the missing list while only pending, with its district name', async () => {
    const pending = html(
      await inContext(coveragePages(coverageDeps()))(get('GET /cakupan/{code}', { code: '51.02.05.2007' })),
    );
    expect(pending).toMatch(
      /<tr data-code="51.02.05.2007" data-pending="true"><td>Denbantas<\/td><td>Tabanan<\/td>/,
    );
    expect(pending).not.toContain('data-testid="children-table"');
    const covered = html(
      await inContext(coveragePages(coverageDeps()))(get('GET /cakupan/{code}', { code: '51.02.05.2006' })),
    );
    expect(covered).toContain('Semua desa di wilayah ini sudah punya KIM terverifikasi.');
  });

  it.each(['51.03', '51', 'ID', 'bukan-kode', '51.02.99'])(
    'answers %s with NotFoundError (a 404 page)',
    async (code) => {
      await expect(
        inContext(coveragePages(coverageDeps()))(get('GET /cakupan/{code}', { code })),
      ).rejects.toBeInstanceOf(NotFoundError);
    },
  );
});

describe('the bar chart', () => {
  const row = (code: string, total: number, covered: number, pendingOnly: number): CoverageSummary => ({
    code,
    name: `Kecamatan ${code}`,
    level: 'district',
    villages: { total, covered, pendingOnly },
    kim: { submitted: pendingOnly, verified: covered, rejected: 0, deactivated: 0 },
    coveragePercent: total === 0 ? 0 : Math.round((covered / total) * 1000) / 10,
  });

  it('draws covered then pending as shares of each region, as percentages', async () => {
    const svg = await renderDocument(
      <CoverageBarChart
        rows={[row('a', 8, 2, 1), row('b', 3, 3, 0), row('c', 0, 0, 0)]}
        lang="id"
        title="t"
      />,
    );
    expect(svg).toContain('<rect class="bar-covered" x="0" y="21" width="25%"');
    expect(svg).toContain('<rect class="bar-pending" x="25%" y="21" width="12.5%"');
    expect(svg).toContain('<rect class="bar-covered" x="0" y="61" width="100%"');
    expect(svg).toContain('<rect class="bar-pending" x="100%" y="61" width="0%"');
    expect(svg).toContain('<rect class="bar-covered" x="0" y="101" width="0%"');
    expect(svg).toContain('height="120"');
    expect(svg).toContain('<title id="coverage-chart-title">t</title>');
  });
});

const ID = '01JZ0000000000000000000001';
const XSS = '<img src=x onerror=alert(1)>';

const kimDeps = (registration = fixtureRegistration(ID, { status: 'VERIFIED', name: XSS })) => {
  const summary: RegistrationSummary = {
    id: registration.id,
    name: registration.name,
    villageCode: registration.villageCode,
    villageName: registration.villageName,
    districtCode: registration.districtCode,
    status: registration.status,
    submittedAt: registration.submittedAt,
    updatedAt: registration.updatedAt,
    version: registration.version,
  };
  return {
    regions: tabananSample(),
    scope: '51.02',
    reports: { records: new InMemoryReportRecords(), files: new InMemoryPhotoFiles() },
    registrations: {
      get: async (id: string) => (id === registration.id ? registration : undefined),
      list: async () => ({ items: [summary], nextCursor: null }),
    },
  };
};

describe('the KIM pages', () => {
  it('lists a KIM named with markup as text, with the district filter', async () => {
    const body = html(
      await inContext(kimPages(kimDeps()))(get('GET /kim', undefined, { wilayah: '51.02.05' })),
    );
    expect(body).toContain(`<a href="/kim/${ID}">&lt;img src=x onerror=alert(1)&gt;</a>`);
    expect(body).not.toContain('<img');
    expect(body).toContain('<option value="51.02.05" selected="">Tabanan</option>');
  });

  it('shows a public profile with no personal data of the fixture', async () => {
    const body = html(
      await inContext(kimPages(kimDeps(fixtureRegistration(ID, { status: 'VERIFIED' }))))(
        get('GET /kim/{id}', { id: ID }),
      ),
    );
    expect(body).toContain('<h1>KIM Dajan Peken Informatif</h1>');
    expect(body).toContain('Pertanian, Pariwisata');
    expect(body).toContain('<a href="https://instagram.com/kimdajanpeken" rel="nofollow noopener ugc">');
    for (const personal of personalDataOfFixture) expect(body).not.toContain(personal);
  });

  it('shows the status with its reason, and no personal data', async () => {
    const rejected = fixtureRegistration(ID, {
      status: 'REJECTED',
      rejectionReason: 'SK <b>tidak</b> terbaca.',
    });
    const body = html(await inContext(kimPages(kimDeps(rejected)))(get('GET /status/{id}', { id: ID })));
    expect(body).toContain('data-status="REJECTED">Ditolak</span>');
    expect(body).toContain('SK &lt;b&gt;tidak&lt;/b&gt; terbaca.');
    expect(body).toContain('Dajan Peken, Tabanan');
    for (const personal of personalDataOfFixture) expect(body).not.toContain(personal);
  });

  it('has no page for a region outside the scope', async () => {
    await expect(
      inContext(kimPages(kimDeps()))(get('GET /kim', undefined, { wilayah: '52.01' })),
    ).rejects.toBeInstanceOf(NotFoundError);
  });
});

describe('the error page', () => {
  it('shows a domain error in the language asked for, and never the details of a 500', async () => {
    const event = get('GET /kim/{id}', { id: 'x' }, { lang: 'en' });
    const notFound = await renderDocument(
      ErrorPage({
        status: 404,
        error: new NotFoundError('Tidak ada.', 'Nothing here.'),
        lang: 'en',
        event,
        requestId: 'r1',
      }),
    );
    expect(notFound).toContain('<h1>Page not found</h1>');
    expect(notFound).toContain('Nothing here.');
    const failed = await renderDocument(ErrorPage({ status: 500, lang: 'id', event, requestId: 'req-42' }));
    expect(failed).toContain('Maaf, terjadi kesalahan');
    expect(failed).toContain('<code>req-42</code>');
    expect(pageContext(event).lang).toBe('en');
  });
});

describe('the wrapped page handler', () => {
  it('answers a region outside the scope with a 404 HTML page and reads nothing', async () => {
    const result = await coverageHandler(get('GET /cakupan/{code}', { code: '52.01' }), lambdaContext());
    expect(result.statusCode).toBe(404);
    expect(result.headers?.['content-type']).toBe('text/html; charset=utf-8');
    expect(result.headers?.['content-security-policy']).toContain("frame-ancestors 'none'");
    expect(html(result)).toContain('<h1>Halaman tidak ditemukan</h1>');
    expect(dynamo.calls()).toHaveLength(0);
  });

  it('answers a failure with a 500 page that carries the request id and no details', async () => {
    dynamo.on(GetItemCommand).rejects(new Error('secret table detail'));
    dynamo.on(QueryCommand).rejects(new Error('secret table detail'));
    const context = lambdaContext();
    const result = await coverageHandler(get('GET /cakupan'), context);
    expect(result.statusCode).toBe(500);
    expect(html(result)).toContain(context.awsRequestId);
    expect(html(result)).not.toContain('secret');
    expect(result.headers?.['cache-control']).toBe('no-store');
  });
});

describe('the message table', () => {
  it('has every string in Indonesian and in English', () => {
    const walk = (value: unknown, path: string): string[] => {
      if (typeof value !== 'object' || value === null) return [];
      const entry = value as Record<string, unknown>;
      if (typeof entry.id === 'string' && typeof entry.en === 'string') {
        return entry.id.trim() === '' || entry.en.trim() === '' ? [path] : [];
      }
      return Object.entries(entry).flatMap(([key, child]) => walk(child, `${path}.${key}`));
    };
    const sections = Object.entries(messages).filter(([, value]) => typeof value === 'object');
    expect(sections.length).toBeGreaterThan(5);
    expect(sections.flatMap(([name, value]) => walk(value, name))).toEqual([]);
  });
});
