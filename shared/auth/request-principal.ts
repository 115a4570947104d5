import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { type Claims, type Principal, principalFromClaims } from './principal.js';

/**
 * The JWT claims an API Gateway HTTP API authorizer (or the local gateway, which mimics it) put
 * in the event, if any.
 */
export const claimsOf = (event: APIGatewayProxyEventV2): Claims | undefined => {
  const context = event.requestContext as { authorizer?: { jwt?: { claims?: unknown } } };
  const claims = context.authorizer?.jwt?.claims;
  return claims !== null && typeof claims === 'object' ? (claims as Claims) : undefined;
};

/** The principal of an admin API request; throws 401/403 as `principalFromClaims` does. */
export const principalOf = (event: APIGatewayProxyEventV2, scope: string): Principal =>
  principalFromClaims(claimsOf(event), scope);
