import { afterAll, beforeAll, describe, expect, inject, it, vi } from 'vitest';
import { httpHandler } from '../../../shared/platform/http/handler.js';
import { seededTable, tableDeps } from '../../fixtures/admin-deps.js';
import { adminClaims, adminEvent, ppidClaims } from '../../fixtures/admin-event.js';
import { bodyOf, lambdaContext } from '../../fixtures/api-event.js';
import { type CapturedOutput, captureOutput } from '../../fixtures/capture-output.js';
import { countByType, localDynamoDbClient, scanAll } from '../../fixtures/dynamodb.js';

vi.stubEnv('TABLE_NAME', 'set-per-test');
vi.stubEnv('SCOPE_CODE', '51.02');
const { manageOfficers } = await import('../../../functions/directory/officers.js');

const client = localDynamoDbClient(inject('dynamoEndpoint'));
let tableName: string;
let handler: ReturnType<typeof httpHandler>;
let output: CapturedOutput;

beforeAll(async () => {
  output = captureOutput();
  tableName = await seededTable(client, 'kim-officers');
  handler = httpHandler(manageOfficers(tableDeps(client, tableName)));
});
afterAll(() => {
  output.restore();
});

type OfficerBody = { id: string; name: string; email: string; regionCode: string; active: boolean };

const call = async (
  method: 'GET' | 'POST' | 'PUT' | 'DELETE',
  options: {
    id?: string;
    body?: unknown;
    query?: Record<string, string>;
    claims?: Record<string, unknown>;
  } = {},
) => {
  const path = options.id === undefined ? '/admin/officers' : `/admin/officers/${options.id}`;
  const result = await handler(
    adminEvent(
      {
        method,
        path,
        routeKey: `${method} ${options.id === undefined ? '/admin/officers' : '/admin/officers/{id}'}`,
        ...(options.id === undefined ? {} : { pathParameters: { id: options.id } }),
        ...(options.body === undefined ? {} : { body: options.body }),
        ...(options.query ? { queryStringParameters: options.query } : {}),
      },
      options.claims ?? adminClaims(),
    ),
    lambdaContext('manage-officers'),
  );
  return {
    status: result.statusCode,
    body: result.body ? bodyOf(result) : undefined,
    headers: result.headers,
  };
};

const create = async (body: Record<string, unknown>) => {
  const answer = await call('POST', { body });
  expect(answer.status).toBe(201);
  return answer.body as unknown as OfficerBody;
};

const listAll = async (query: Record<string, string> = {}) => {
  const officers: OfficerBody[] = [];
  let cursor: string | null = null;
  let pages = 0;
  do {
    const answer = await call('GET', { query: { ...query, ...(cursor ? { cursor } : {}) } });
    expect(answer.status).toBe(200);
    const page = answer.body as unknown as { items: OfficerBody[]; nextCursor: string | null };
    officers.push(...page.items);
    cursor = page.nextCursor;
    pages++;
  } while (cursor !== null);
  return { officers, pages };
};

describe('the PPID officer directory on DynamoDB Local', () => {
  it('adds an officer: 201 with Location, email trimmed and lower-cased, active by default', async () => {
    const answer = await call('POST', {
      body: { name: 'Ni Made Sari', email: '  Sari.PPID@Tabanan.go.id ', regionCode: '51.02' },
    });

    expect(answer.status).toBe(201);
    const officer = answer.body as unknown as OfficerBody;
    expect(officer).toEqual({
      id: expect.stringMatching(/^[0-9A-HJKMNP-TV-Z]{26}$/),
      name: 'Ni Made Sari',
      email: 'sari.ppid@tabanan.go.id',
      regionCode: '51.02',
      active: true,
    });
    expect(answer.headers?.location).toBe(`/admin/officers/${officer.id}`);
  });

  it('refuses the same email in the same region with 409 naming the officer, whatever its case; another region is fine', async () => {
    const first = await create({ name: 'I Ketut Adi', email: 'adi@tabanan.go.id', regionCode: '51.02.05' });

    const again = await call('POST', {
      body: { name: 'Ketut Adi', email: ' ADI@tabanan.go.id', regionCode: '51.02.05' },
    });
    const elsewhere = await call('POST', {
      body: { name: 'I Ketut Adi', email: 'adi@tabanan.go.id', regionCode: '51.02.05.2006' },
    });

    expect(again.status).toBe(409);
    expect(again.body).toEqual({
      message: 'Petugas dengan alamat email ini sudah terdaftar untuk wilayah tersebut.',
      messageEn: 'An officer with this email address is already listed for this region.',
      existingId: first.id,
    });
    expect(elsewhere.status).toBe(201);
  });

  it('updates an officer, moving the email claim: the old address is free again in that region', async () => {
    const officer = await create({ name: 'Putu Eka', email: 'eka@tabanan.go.id', regionCode: '51.02.06' });

    const updated = await call('PUT', {
      id: officer.id,
      body: {
        name: 'Putu Eka Wijaya',
        email: 'eka.wijaya@tabanan.go.id',
        regionCode: '51.02.06',
        active: false,
      },
    });
    const reuse = await call('POST', {
      body: { name: 'Made Eka', email: 'eka@tabanan.go.id', regionCode: '51.02.06' },
    });
    const clash = await call('POST', {
      body: { name: 'X Y', email: 'eka.wijaya@tabanan.go.id', regionCode: '51.02.06' },
    });

    expect(updated.status).toBe(200);
    expect(updated.body).toEqual({
      id: officer.id,
      name: 'Putu Eka Wijaya',
      email: 'eka.wijaya@tabanan.go.id',
      regionCode: '51.02.06',
      active: false,
    });
    expect(reuse.status).toBe(201);
    expect(clash.status).toBe(409);
    expect(clash.body?.existingId).toBe(officer.id);
  });

  it('keeps `active` when a PUT omits it, and moves the officer to another region', async () => {
    const officer = await create({
      name: 'Gede Arta',
      email: 'arta@tabanan.go.id',
      regionCode: '51.02.07',
      active: false,
    });

    const moved = await call('PUT', {
      id: officer.id,
      body: { name: 'Gede Arta', email: 'arta@tabanan.go.id', regionCode: '51.02.07.2001' },
    });

    expect(moved.body).toMatchObject({ regionCode: '51.02.07.2001', active: false });
    const { officers } = await listAll({ region: '51.02.07' });
    expect(officers.filter((item) => item.id === officer.id).map((item) => item.regionCode)).toEqual([
      '51.02.07.2001',
    ]);
  });

  it('refuses a PUT onto an email another officer of the region has, changing nothing', async () => {
    const taken = await create({ name: 'Wayan Sudi', email: 'sudi@tabanan.go.id', regionCode: '51.02.08' });
    const officer = await create({ name: 'Wayan Lain', email: 'lain@tabanan.go.id', regionCode: '51.02.08' });

    const answer = await call('PUT', {
      id: officer.id,
      body: { name: 'Wayan Lain', email: 'sudi@tabanan.go.id', regionCode: '51.02.08' },
    });

    expect(answer.status).toBe(409);
    expect(answer.body?.existingId).toBe(taken.id);
    const { officers } = await listAll({ region: '51.02.08' });
    expect(officers.find((item) => item.id === officer.id)?.email).toBe('lain@tabanan.go.id');
  });

  it('deletes an officer and its claim: 204, gone from the list, 404 the second time, email reusable', async () => {
    const officer = await create({ name: 'Komang Ayu', email: 'ayu@tabanan.go.id', regionCode: '51.02.09' });

    const deleted = await call('DELETE', { id: officer.id });
    const again = await call('DELETE', { id: officer.id });
    const update = await call('PUT', {
      id: officer.id,
      body: { name: 'Komang Ayu', email: 'ayu@tabanan.go.id', regionCode: '51.02.09' },
    });

    expect(deleted.status).toBe(204);
    expect(deleted.body).toBeUndefined();
    expect(again.status).toBe(404);
    expect(update.status).toBe(404);
    expect((await listAll({ region: '51.02.09' })).officers.map((item) => item.id)).not.toContain(officer.id);
    await create({ name: 'Komang Ayu', email: 'ayu@tabanan.go.id', regionCode: '51.02.09' });
  });

  it('lists a region and every region inside it, by region code, paging with a cursor', async () => {
    const regions = ['51.02.10', '51.02.10.2001', '51.02.10.2002', '51.02.10', '51.02.10.2001'];
    const ids: string[] = [];
    for (const [index, regionCode] of regions.entries()) {
      ids.push((await create({ name: `Petugas ${index}`, email: `p${index}@pupuan.go.id`, regionCode })).id);
    }
    await create({ name: 'Tetangga', email: 'tetangga@tabanan.go.id', regionCode: '51.02.01' });

    const paged = await listAll({ region: '51.02.10', limit: '2' });
    const village = await listAll({ region: '51.02.10.2001' });

    expect(paged.pages).toBe(3);
    expect(paged.officers.map((officer) => officer.id).sort()).toEqual([...ids].sort());
    expect(paged.officers.map((officer) => officer.regionCode)).toEqual([
      '51.02.10',
      '51.02.10',
      '51.02.10.2001',
      '51.02.10.2001',
      '51.02.10.2002',
    ]);
    expect(village.officers.map((officer) => officer.id).sort()).toEqual([ids[1], ids[4]].sort());
  });

  it('lists the whole scope by default', async () => {
    const { officers } = await listAll();

    const items = await scanAll(client, tableName);
    expect(officers).toHaveLength(countByType(items).OFFICER ?? -1);
  });

  it.each([
    [{ name: 'A B', email: 'not-an-email', regionCode: '51.02' }, 'email'],
    [{ name: 'A B', email: 'a@b.id', regionCode: '51.2' }, 'regionCode'],
    [{ name: 'A B', email: 'a@b.id', regionCode: '51.03' }, 'regionCode'],
    [{ name: 'A B', email: 'a@b.id', regionCode: '52' }, 'regionCode'],
    [{ name: 'A B', email: 'a@b.id', regionCode: '51.02.05.2999' }, 'regionCode'],
    [{ name: 'A B', email: 'a@b.id', regionCode: '51.02', role: 'x' }, 'role'],
    [{ email: 'a@b.id', regionCode: '51.02' }, 'name'],
    [{ name: 'A B', email: 'a@b.id', regionCode: '51.02', active: 'yes' }, 'active'],
  ])('refuses %j with 400 naming %s, and writes nothing', async (body, field) => {
    const before = countByType(await scanAll(client, tableName));

    const answer = await call('POST', { body });

    expect(answer.status).toBe(400);
    expect(((answer.body?.errors ?? []) as Array<{ field: string }>).map((error) => error.field)).toEqual([
      field,
    ]);
    expect(countByType(await scanAll(client, tableName))).toEqual(before);
  });

  it('explains an out-of-scope and an unknown region in both languages', async () => {
    const outside = await call('POST', { body: { name: 'A B', email: 'a@b.id', regionCode: '51.03' } });
    const unknown = await call('POST', {
      body: { name: 'A B', email: 'a@b.id', regionCode: '51.02.05.2999' },
    });

    expect(outside.body?.errors).toEqual([
      {
        field: 'regionCode',
        message: 'Wilayah 51.03 berada di luar wilayah layanan ini (51.02).',
        messageEn: 'Region 51.03 is outside the area this deployment serves (51.02).',
      },
    ]);
    expect(unknown.body?.errors).toEqual([
      {
        field: 'regionCode',
        message: 'Wilayah dengan kode 51.02.05.2999 tidak ditemukan.',
        messageEn: 'No region with code 51.02.05.2999 exists.',
      },
    ]);
  });

  it.each([
    [{ region: '51.03' }, 'region'],
    [{ limit: '0' }, 'limit'],
    [{ cursor: 'garbage' }, 'cursor'],
  ])('refuses the listing query %j with 400 naming %s', async (query, field) => {
    const answer = await call('GET', { query });

    expect(answer.status).toBe(400);
    expect(((answer.body?.errors ?? []) as Array<{ field: string }>).map((error) => error.field)).toEqual([
      field,
    ]);
  });

  it('is for admins only: a PPID officer gets 403 on every route, and nothing changes', async () => {
    const officer = await create({ name: 'Admin Made', email: 'made@tabanan.go.id', regionCode: '51.02.05' });
    const before = await scanAll(client, tableName);
    const ppid = ppidClaims('51.02');

    const answers = await Promise.all([
      call('GET', { claims: ppid }),
      call('POST', { body: { name: 'X Y', email: 'x@y.id', regionCode: '51.02' }, claims: ppid }),
      call('PUT', {
        id: officer.id,
        body: { name: 'X Y', email: 'x@y.id', regionCode: '51.02' },
        claims: ppid,
      }),
      call('DELETE', { id: officer.id, claims: ppid }),
    ]);

    expect(answers.map((answer) => answer.status)).toEqual([403, 403, 403, 403]);
    expect(await scanAll(client, tableName)).toEqual(before);
  });

  it('logs no officer name or email address', () => {
    const lines = output.lines();

    expect(lines.some((line) => line.includes('Officer created'))).toBe(true);
    expect(lines.filter((line) => /@|Sari|Ketut|Eka|Komang/.test(line))).toEqual([]);
  });
});
