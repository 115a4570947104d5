import { describe, expect, it } from 'vitest';
import { digestScheduleEnvironment, parseDigestConfig } from '../../../shared/digests/config.js';
import { resolveSchedules, scheduleDefinitions } from '../../../shared/platform/pipeline-settings.js';

describe('the digest senders’ configuration', () => {
  it('reads back the resolved schedule the stacks put in the environment, override and all', () => {
    const schedule = resolveSchedules({
      digest: { expression: 'cron(0 8 * * ? *)', timeZone: 'Asia/Jakarta' },
    }).digest;

    const config = parseDigestConfig(digestScheduleEnvironment(schedule));

    expect(config.DIGEST_SCHEDULE_EXPRESSION.expression).toBe('cron(0 8 * * ? *)');
    expect([...config.DIGEST_SCHEDULE_EXPRESSION.hours]).toEqual([8]);
    expect(config.DIGEST_SCHEDULE_EXPRESSION.daysOfWeek).toBeUndefined();
    expect(config.DIGEST_SCHEDULE_TIME_ZONE).toBe('Asia/Jakarta');
  });

  it('reads the default schedule when nothing is overridden', () => {
    const config = parseDigestConfig(digestScheduleEnvironment(resolveSchedules().digest));
    expect(config.DIGEST_SCHEDULE_EXPRESSION.expression).toBe(scheduleDefinitions.digest.expression);
    expect(config.DIGEST_SCHEDULE_TIME_ZONE).toBe(scheduleDefinitions.digest.timeZone);
  });

  it('fails the cold start naming every missing variable', () => {
    expect(() => parseDigestConfig({})).toThrow(
      'Invalid digest configuration: DIGEST_SCHEDULE_EXPRESSION: Invalid input: expected string, received undefined; DIGEST_SCHEDULE_TIME_ZONE: Invalid input: expected string, received undefined',
    );
  });

  it.each([
    [
      { DIGEST_SCHEDULE_EXPRESSION: 'cron(0 8 * * MON)', DIGEST_SCHEDULE_TIME_ZONE: 'Asia/Makassar' },
      'Invalid digest configuration: DIGEST_SCHEDULE_EXPRESSION: must be a cron(...) expression (cron(0 8 * * MON): a cron expression has 6 fields, this one has 5)',
    ],
    [
      { DIGEST_SCHEDULE_EXPRESSION: 'rate(1 day)', DIGEST_SCHEDULE_TIME_ZONE: 'Asia/Makassar' },
      'Invalid digest configuration: DIGEST_SCHEDULE_EXPRESSION: must be a cron(...) expression (rate(1 day): only cron(minutes hours day-of-month month day-of-week year) expressions are supported)',
    ],
    [
      { DIGEST_SCHEDULE_EXPRESSION: 'cron(0 8 ? * MON *)', DIGEST_SCHEDULE_TIME_ZONE: 'WITA' },
      'Invalid digest configuration: DIGEST_SCHEDULE_TIME_ZONE: must be an IANA time zone such as Asia/Makassar',
    ],
  ])('refuses %j', (env, message) => {
    expect(() => parseDigestConfig(env)).toThrow(message);
  });
});
