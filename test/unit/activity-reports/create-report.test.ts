import fc from 'fast-check';
import { monotonicFactory } from 'ulid';
import { describe, expect, it } from 'vitest';
import { createReport } from '../../../shared/activity-reports/reports.js';
import { DomainError, ValidationError } from '../../../shared/platform/errors.js';
import { InMemoryPhotoFiles, InMemoryReportRecords } from '../../fixtures/activity-reports.js';

const ID = '01JZ0000000000000000000001';
// 23:30 UTC on 6 December is 7 December in Indonesia (WIT): a report of the 7th is not "future".
const NOW = new Date('2026-12-06T23:30:00Z');

const deps = () => ({
  records: new InMemoryReportRecords(),
  files: new InMemoryPhotoFiles(),
  clock: { now: () => NOW },
  newId: monotonicFactory(),
});

const body = (patch: Record<string, unknown> = {}) => ({
  date: '2026-12-07',
  type: 'PRODUKSI_KONTEN',
  title: 'Video profil desa',
  description: 'Video tiga menit tentang pasar desa.',
  participants: 0,
  ...patch,
});

describe('createReport', () => {
  it('takes today in Indonesia as the latest date, and defaults links to none', async () => {
    const { report } = await createReport(deps(), { registrationId: ID, body: body() });

    expect(report).toMatchObject({ date: '2026-12-07', links: [], photos: [], participants: 0 });
  });

  it('refuses a malformed Idempotency-Key before anything else', async () => {
    const attempt = createReport(deps(), {
      registrationId: ID,
      body: body(),
      idempotencyKey: 'spasi di dalam',
    });

    await expect(attempt).rejects.toBeInstanceOf(ValidationError);
    await expect(attempt).rejects.toMatchObject({ errors: [{ field: 'Idempotency-Key' }] });
  });

  it('answers any body with a report or a domain error, and keeps nothing it refuses', async () => {
    const valid = fc.record({
      date: fc.oneof(fc.constant('2026-12-07'), fc.string()),
      type: fc.oneof(fc.constantFrom('LAINNYA', 'PELATIHAN_LITERASI'), fc.string()),
      title: fc.string({ maxLength: 200 }),
      description: fc.string({ maxLength: 300 }),
      participants: fc.oneof(fc.integer({ min: -5, max: 20_000 }), fc.double()),
      links: fc.array(fc.oneof(fc.webUrl(), fc.string()), { maxLength: 12 }),
    });
    await fc.assert(
      fc.asyncProperty(fc.oneof(fc.anything(), valid), async (input) => {
        const ports = deps();
        try {
          const { report } = await createReport(ports, { registrationId: ID, body: input });
          expect(await ports.records.count(ID)).toBe(1);
          expect(report.links.every((link) => /^https?:\/\//.test(link))).toBe(true);
        } catch (error) {
          expect(error).toBeInstanceOf(DomainError);
          expect(await ports.records.count(ID)).toBe(0);
        }
      }),
      { numRuns: 500 },
    );
  });
});
