import { NotFoundError } from '../errors.js';
import type { HttpHandler } from './handler.js';

/** A function that serves several routes, with the route keys it serves. */
export type Router = HttpHandler & { readonly routeKeys: readonly string[] };

/**
 * Sends each request to the handler of its route key (`event.routeKey`, as API Gateway and the
 * local gateway set it, for example `GET /admin/officers/{id}`); any other key answers the one
 * bilingual 404 "Rute tidak ditemukan." / "No such route.".
 *
 * Why a router and not one function per route: the functions of infra/app-definition.ts are
 * grouped by what they may touch, and that table sets each one's IAM grants, memory and timeout.
 * The routes of one resource (the officer directory's list, create, update and delete; the three
 * review actions) need the same table actions, so they share one function, one role and one warm
 * container. One function per route would give 15 functions for these 5, each a cold start, a role
 * and a log group, with grants copied between them. The unknown-route answer only ever comes from
 * a route table and a router that disagree, which a test of the route table guards against.
 */
export const router = (routes: Readonly<Record<string, HttpHandler>>): Router => {
  const handlers = new Map(Object.entries(routes));
  const route: HttpHandler = async (event, context) => {
    const handler = handlers.get(event.routeKey);
    if (handler === undefined) throw new NotFoundError('Rute tidak ditemukan.', 'No such route.');
    return handler(event, context);
  };
  return Object.assign(route, { routeKeys: [...handlers.keys()] });
};
