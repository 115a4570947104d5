import { pathToFileURL } from 'node:url';
import type { Context } from 'aws-lambda';
import { type FunctionName, routes } from '../../infra/app-definition.js';
import { type ApiHandler, createGateway } from '../../infra/local/lambda/gateway.js';

/**
 * One fresh "container" for the cold-request benchmark: the local gateway with one function whose
 * bundle is imported on its first invocation, as Lambda imports it on a cold start. Prints the
 * port once listening; the parent sends the requests and kills this process.
 * Usage: tsx cold-request-child.ts <function name> <bundle file>; the name `baseline` serves the
 * bundle on `GET /baseline`.
 */
const BASELINE = 'baseline' as FunctionName;
const [name, bundle] = process.argv.slice(2) as [FunctionName, string];
let loaded: Promise<ApiHandler> | undefined;
const handler: ApiHandler = async (event, context: Context) => {
  loaded ??= import(pathToFileURL(bundle).href).then((module: { handler: ApiHandler }) => module.handler);
  return (await loaded)(event, context);
};
const gateway = createGateway({
  routes:
    name === BASELINE
      ? [{ method: 'GET', path: '/baseline', function: name, auth: 'public' }]
      : routes.filter((route) => route.function === name),
  functions: { [name]: { handler } },
  log: { request: () => {}, error: (line) => process.stderr.write(`${line}\n`) },
});
const port = await gateway.listen(0, '127.0.0.1');
process.stdout.write(`listening ${port}\n`);
