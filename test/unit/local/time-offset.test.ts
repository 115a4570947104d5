import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RouteDefinition } from '../../../infra/app-definition.js';
import { createGateway, type Gateway } from '../../../infra/local/lambda/gateway.js';
import {
  installTimeOffset,
  parseTimeOffset,
  TIME_OFFSET_HEADER,
  withTimeOffset,
} from '../../../infra/local/lambda/time-offset.js';

const HOUR = 3_600_000;
const RealDate = Date;

beforeAll(() => {
  installTimeOffset();
});

/** Close enough to "now" on a busy machine: within 5 s. */
const near = (actual: number, expected: number) => expect(Math.abs(actual - expected)).toBeLessThan(5_000);

describe('the shiftable clock', () => {
  it('is the real clock outside a shifted run, and Date behaves as Date', () => {
    expect(Date).not.toBe(RealDate);
    near(Date.now(), RealDate.now());
    // `new Date()` is measured on its own: Date.now() is replaced separately.
    near(Date.parse(new Date().toISOString()), RealDate.now());
    expect(new Date(0).toISOString()).toBe('1970-01-01T00:00:00.000Z');
    expect(new Date('2026-12-07T10:00:00Z').getTime()).toBe(RealDate.parse('2026-12-07T10:00:00Z'));
    expect(new Date(2026, 0, 2).getDate()).toBe(2);
    expect(Date.UTC(2026, 0, 1)).toBe(RealDate.UTC(2026, 0, 1));
    expect(new Date()).toBeInstanceOf(RealDate);
    expect(new RealDate()).toBeInstanceOf(Date);
    expect(typeof (Date as unknown as () => string)()).toBe('string');
    class Stamp extends Date {}
    expect(new Stamp(5).getTime()).toBe(5);
  });

  it('runs ahead by the offset inside a run, across awaits, and keeps concurrent runs apart', async () => {
    const sample = (offset: number) =>
      withTimeOffset(offset, async () => {
        const first = Date.now();
        await new Promise((resolve) => setTimeout(resolve, 20));
        return { first, second: Date.parse(new Date().toISOString()) };
      });
    const [ahead, behind, none] = await Promise.all([sample(HOUR), sample(-HOUR), sample(0)]);
    near(ahead?.first ?? 0, RealDate.now() + HOUR);
    near(ahead?.second ?? 0, RealDate.now() + HOUR);
    near(behind?.second ?? 0, RealDate.now() - HOUR);
    near(none?.second ?? 0, RealDate.now());
    expect(
      withTimeOffset(10 * 365 * 24 * HOUR, () =>
        new RealDate((Date as unknown as () => string)()).getFullYear(),
      ),
    ).toBeGreaterThanOrEqual(new RealDate().getFullYear() + 9);
    near(Date.now(), RealDate.now());
  });

  it('reads the header: whole milliseconds within ten years', () => {
    expect(parseTimeOffset(undefined)).toEqual({});
    expect(parseTimeOffset('600000')).toEqual({ offsetMs: 600_000 });
    expect(parseTimeOffset('-1500')).toEqual({ offsetMs: -1_500 });
    for (const bad of ['', 'abc', '1.5', '1e6', '99999999999999', String(11 * 365 * 24 * HOUR)]) {
      expect(parseTimeOffset(bad).error, bad).toContain(TIME_OFFSET_HEADER);
    }
  });
});

describe('the local gateway with the time offset header', () => {
  const route = { method: 'GET', path: '/now', function: 'getOpenApi', auth: 'public' } as RouteDefinition;
  const seen: APIGatewayProxyEventV2[] = [];
  const handler = async (event: APIGatewayProxyEventV2) => {
    seen.push(event);
    await new Promise((resolve) => setTimeout(resolve, 5));
    return { statusCode: 200, body: JSON.stringify({ now: Date.now() }) };
  };
  const gateways: Gateway[] = [];
  const start = async (timeOffsetHeader: boolean) => {
    const gateway = createGateway({
      routes: [route],
      functions: { getOpenApi: { handler } },
      timeOffsetHeader,
      log: { request: () => undefined, error: () => undefined },
    });
    gateways.push(gateway);
    return `http://127.0.0.1:${await gateway.listen(0, '127.0.0.1')}`;
  };
  afterAll(async () => {
    await Promise.all(gateways.map((gateway) => gateway.close()));
  });

  it('runs the request that far ahead, hands the function no such header, and refuses a bad one', async () => {
    const base = await start(true);
    const shifted = await fetch(`${base}/now`, { headers: { [TIME_OFFSET_HEADER]: String(2 * HOUR) } });
    near(((await shifted.json()) as { now: number }).now, RealDate.now() + 2 * HOUR);
    near(seen.at(-1)?.requestContext.timeEpoch ?? 0, RealDate.now() + 2 * HOUR);
    expect(seen.at(-1)?.headers[TIME_OFFSET_HEADER]).toBeUndefined();

    const plain = await fetch(`${base}/now`);
    near(((await plain.json()) as { now: number }).now, RealDate.now());

    const count = seen.length;
    const bad = await fetch(`${base}/now`, { headers: { [TIME_OFFSET_HEADER]: 'besok' } });
    expect(bad.status).toBe(400);
    expect(await bad.json()).toEqual({
      message: expect.stringContaining(TIME_OFFSET_HEADER),
      messageEn: expect.stringContaining('whole number of milliseconds'),
    });
    expect(seen).toHaveLength(count);
  });

  it('ignores the header unless switched on: an ordinary header, the real time', async () => {
    const base = await start(false);
    const answer = await fetch(`${base}/now`, { headers: { [TIME_OFFSET_HEADER]: String(2 * HOUR) } });
    near(((await answer.json()) as { now: number }).now, RealDate.now());
    expect(seen.at(-1)?.headers[TIME_OFFSET_HEADER]).toBe(String(2 * HOUR));
  });
});
