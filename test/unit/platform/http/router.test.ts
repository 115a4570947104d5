import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { httpHandler } from '../../../../shared/platform/http/handler.js';
import { json } from '../../../../shared/platform/http/responses.js';
import { router } from '../../../../shared/platform/http/router.js';
import { apiEvent, bodyOf, lambdaContext } from '../../../fixtures/api-event.js';
import { type CapturedOutput, captureOutput } from '../../../fixtures/capture-output.js';

let output: CapturedOutput;
beforeAll(() => {
  output = captureOutput();
});
afterAll(() => output.restore());

const routes = router({
  'GET /things': async () => json(200, { listed: true }),
  'GET /things/{id}': async (event, context) =>
    json(200, { id: event.pathParameters?.id, requestId: context.awsRequestId }),
});

describe('router', () => {
  it('sends each request to the handler of its route key, with the event and the context', async () => {
    const context = lambdaContext();

    const list = await routes(apiEvent({ routeKey: 'GET /things', path: '/things' }), context);
    const one = await routes(
      apiEvent({ routeKey: 'GET /things/{id}', path: '/things/7', pathParameters: { id: '7' } }),
      context,
    );

    expect(bodyOf(list)).toEqual({ listed: true });
    expect(bodyOf(one)).toEqual({ id: '7', requestId: context.awsRequestId });
  });

  it('names the route keys it serves', () => {
    expect(routes.routeKeys).toEqual(['GET /things', 'GET /things/{id}']);
  });

  it.each([
    ['another method', 'POST /things'],
    ['another path', 'GET /other'],
    ['a name every object has', 'constructor'],
    ['an empty key', ''],
  ])('answers %s with the one bilingual 404', async (_case, routeKey) => {
    const result = await httpHandler(routes)(apiEvent({ routeKey }), lambdaContext());

    expect(result.statusCode).toBe(404);
    expect(bodyOf(result)).toEqual({ message: 'Rute tidak ditemukan.', messageEn: 'No such route.' });
  });
});
