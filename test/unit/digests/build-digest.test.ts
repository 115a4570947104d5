import { describe, expect, it } from 'vitest';
import {
  BACKLOG_LIST_LIMIT,
  baselineOf,
  buildDigest,
  runRecordOf,
  ulidCeiling,
  ulidFloor,
} from '../../../shared/digests/build-digest.js';
import type { DigestRunRecord } from '../../../shared/digests/ports.js';
import {
  BACKLOG_KIM,
  DIGEST_AT,
  digestRegions,
  FixtureDigestSource,
  LAST_RUN,
  NEW_KIM,
  ulidAt,
} from '../../fixtures/digest.js';

const build = (lastRun: DigestRunRecord | null = LAST_RUN, runId = DIGEST_AT) => {
  const source = new FixtureDigestSource();
  const regions = digestRegions();
  return {
    source,
    digest: buildDigest(
      { regions, source },
      { regionCode: '51.02', runId, at: new Date(DIGEST_AT), lastRun: lastRun ?? undefined },
    ),
  };
};

describe('the digest builder', () => {
  it('shows the region coverage: covered / total and the percentage, the KIM per status', async () => {
    const { digest } = build();
    const { region } = await digest;
    expect(region).toEqual({
      code: '51.02',
      name: 'Kabupaten Tabanan',
      level: 'regency',
      villages: { total: 5, covered: 2, pendingOnly: 1 },
      kim: { submitted: 3, verified: 3, rejected: 1, deactivated: 0 },
      coveragePercent: 40,
    });
  });

  it('has one row per child region with its own totals', async () => {
    const { children } = await build().digest;
    expect(children.map((child) => [child.code, child.villages, child.coveragePercent])).toEqual([
      ['51.02.05', { total: 3, covered: 1, pendingOnly: 1 }, 33.3],
      ['51.02.06', { total: 2, covered: 1, pendingOnly: 0 }, 50],
    ]);
  });

  it('lists every village with its status and KIM count (verified + submitted), villages without items as none', async () => {
    const { villages } = await build().digest;
    expect(
      villages.map((village) => [village.code, village.districtName, village.status, village.kimCount]),
    ).toEqual([
      ['51.02.05.2001', 'Tabanan', 'covered', 1],
      ['51.02.05.2002', 'Tabanan', 'pending', 1],
      ['51.02.05.2003', 'Tabanan', 'none', 0],
      ['51.02.06.2001', 'Kediri', 'covered', 4],
      ['51.02.06.2002', 'Kediri', 'none', 0],
    ]);
  });

  it('lists registrations created since the last digest, newest first', async () => {
    const { newRegistrations } = await build().digest;
    expect(newRegistrations.since).toBe(LAST_RUN.at);
    expect(newRegistrations.items.map((item) => item.id)).toEqual([NEW_KIM.id]);
  });

  it('without an earlier digest, lists the registrations of the last 7 days', async () => {
    const { newRegistrations, change } = await build(null).digest;
    expect(newRegistrations.since).toBe('2026-11-23T00:00:00.000Z');
    expect(newRegistrations.items.map((item) => item.id)).toEqual([NEW_KIM.id]);
    expect(change).toBeNull();
  });

  it('puts in the backlog what is still SUBMITTED 7 days after submission, oldest first, with the days waited', async () => {
    const { backlog } = await build().digest;
    expect(backlog.before).toBe('2026-11-23T00:00:00.000Z');
    // The resubmitted one was created in October but submitted again on 27 November: not in.
    expect(backlog.items.map((item) => [item.id, item.waitingDays])).toEqual([[BACKLOG_KIM.id, 19]]);
  });

  it('reads only resubmitted backlog candidates and the listed ones by key, never those created after the cut-off', async () => {
    const { source, digest } = build();
    const { backlog } = await digest;
    // RESUBMITTED_KIM (version 3) is read to learn its submission time; BACKLOG_KIM (version 1)
    // is read for its name only because it is listed; NEW_KIM, created after the cut-off, never.
    expect(source.reads.filter((read) => read.startsWith('registrationSummaries'))).toEqual([
      'registrationSummaries 1',
      'registrationSummaries 1',
    ]);
    expect(backlog.total).toBe(1);
    expect(source.reads.filter((read) => read.startsWith('districtVillages'))).toEqual([
      'districtVillages 51.02.05',
      'districtVillages 51.02.06',
    ]);
  });

  it('counts the whole backlog but lists the 20 that waited longest', async () => {
    const source = new FixtureDigestSource();
    const many = Array.from({ length: 45 }, (_, index) => ({
      ...BACKLOG_KIM,
      id: ulidAt(new Date(Date.parse('2026-10-01T00:00:00Z') + index * 3_600_000).toISOString(), 100 + index),
      submittedAt: new Date(Date.parse('2026-10-01T00:00:00Z') + index * 3_600_000).toISOString(),
    }));
    source.districtVillages = async () =>
      new Map([
        [
          '51.02.05.2002',
          {
            counters: { ...LAST_RUN.counters },
            submitted: [...many].reverse().map((item) => ({ id: item.id, version: 1 })),
          },
        ],
      ]);
    source.registrationSummaries = async (ids) => many.filter((item) => ids.includes(item.id));

    const { backlog } = await buildDigest(
      { regions: digestRegions(), source },
      { regionCode: '51.02.05', runId: DIGEST_AT, at: new Date(DIGEST_AT), lastRun: undefined },
    );

    expect(backlog.total).toBe(45);
    expect(backlog.items.map((item) => item.id)).toEqual(
      many.slice(0, BACKLOG_LIST_LIMIT).map((item) => item.id),
    );
  });

  it('computes the change since the previous digest', async () => {
    const { change } = await build().digest;
    expect(change).toEqual({
      since: LAST_RUN.at,
      covered: 1,
      coveragePercent: 20,
      pendingOnly: 0,
      submitted: 2,
      verified: 1,
      rejected: 0,
      deactivated: 0,
    });
  });

  it('a retry of the same run compares with the digest before it, not with itself', async () => {
    const { digest } = build();
    const first = await digest;
    const record = runRecordOf(first, LAST_RUN);
    expect(record.previous).toEqual(LAST_RUN);
    expect(record.counters).toEqual({
      covered: 2,
      pendingOnly: 1,
      submitted: 3,
      verified: 3,
      rejected: 1,
      deactivated: 0,
    });

    const retried = await build(record, DIGEST_AT).digest;
    expect(retried.change).toEqual(first.change);
    expect(retried.newRegistrations).toEqual(first.newRegistrations);
    expect(baselineOf('another-run', record)).toBe(record);
  });

  it('refuses a village: digests cover a district or more', async () => {
    await expect(
      buildDigest(
        { regions: digestRegions(), source: new FixtureDigestSource() },
        { regionCode: '51.02.05.2001', runId: 'x', at: new Date(DIGEST_AT), lastRun: undefined },
      ),
    ).rejects.toThrow(RangeError);
  });

  it('bounds id windows by the first and last ULID of a millisecond', () => {
    const ms = Date.parse(DIGEST_AT);
    expect(ulidFloor(ms) < ulidCeiling(ms)).toBe(true);
    expect(ulidFloor(ms)).toMatch(/^[0-9A-HJKMNP-TV-Z]{10}0{16}$/);
    expect(ulidCeiling(ms - 1) < ulidFloor(ms)).toBe(true);
  });
});
