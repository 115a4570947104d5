import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningLocalStack, startLocalStackProcess } from '../support/local-stack.js';

interface Region {
  code: string;
  name: string;
  level: string;
  villageCount: number;
  children: Array<{ code: string; name: string; level: string; villageCount: number }>;
}

let stack: RunningLocalStack;

beforeAll(async () => {
  stack = await startLocalStackProcess();
  console.info(`e2e regions: local stack ready in ${Math.round(stack.startMs)} ms`);
});

afterAll(async () => {
  await stack?.stop();
});

const get = (path: string, init?: RequestInit) => fetch(`${stack.baseUrl}${path}`, init);

describe('GET /regions/{code} on the seeded scope 51.02', () => {
  it('shows Kabupaten Tabanan with its 10 districts, sorted by code, whose villages add up to 133', async () => {
    const response = await get('/regions/51.02');

    expect(response.status).toBe(200);
    const region = (await response.json()) as Region;
    expect(region).toMatchObject({ code: '51.02', level: 'regency', villageCount: 133 });
    expect(region.name).toMatch(/Tabanan/i);
    expect(region.children).toHaveLength(10);
    const codes = region.children.map((child) => child.code);
    expect(codes).toEqual([...codes].sort());
    expect(
      region.children.every((child) => child.level === 'district' && /^51\.02\.\d{2}$/.test(child.code)),
    ).toBe(true);
    expect(region.children.reduce((sum, child) => sum + child.villageCount, 0)).toBe(133);
  });

  it('shows a district with its villages, each counting itself', async () => {
    const response = await get('/regions/51.02.05');

    expect(response.status).toBe(200);
    const region = (await response.json()) as Region;
    expect(region).toMatchObject({ code: '51.02.05', level: 'district' });
    expect(region.children.length).toBe(region.villageCount);
    expect(region.children.find((child) => child.code === '51.02.05.2006')).toMatchObject({
      level: 'village',
      villageCount: 1,
    });
  });

  it.each([
    ['an unknown code', '51.02.99'],
    ['a code outside the scope', '51.03'],
    ['a malformed code', 'not-a-code'],
  ])('answers 404 with a bilingual message for %s', async (_, code) => {
    const response = await get(`/regions/${code}`);

    expect(response.status).toBe(404);
    const body = (await response.json()) as { message: string; messageEn: string };
    expect(body.message).toEqual(expect.any(String));
    expect(body.messageEn).toEqual(expect.any(String));
  });
});

describe('the local API Gateway in front of the handlers', () => {
  it('serves the OpenAPI 3.1 document listing the routes', async () => {
    const response = await get('/openapi.json');

    expect(response.status).toBe(200);
    const document = (await response.json()) as { openapi: string; paths: Record<string, unknown> };
    expect(document.openapi).toMatch(/^3\.1\./);
    expect(Object.keys(document.paths)).toEqual(
      expect.arrayContaining(['/registrations', '/registrations/{id}', '/regions/{code}']),
    );
  });

  it('answers 404 for a path no route serves and, like API Gateway, for a known path with another method', async () => {
    const unknown = await get('/nothing-here');
    const otherMethod = await get('/registrations', { method: 'DELETE' });

    for (const response of [unknown, otherMethod]) {
      expect(response.status).toBe(404);
      expect(await response.json()).toEqual({ message: expect.any(String), messageEn: 'Not Found' });
      expect(response.headers.get('apigw-requestid')).toEqual(expect.any(String));
    }
  });

  it('gives every request its own API Gateway request id', async () => {
    const responses = await Promise.all([get('/regions/51.02'), get('/regions/51.02')]);

    const ids = responses.map((response) => response.headers.get('apigw-requestid'));
    expect(ids[0]).toEqual(expect.any(String));
    expect(ids[0]).not.toBe(ids[1]);
  });
});
