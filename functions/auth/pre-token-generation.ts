import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import middy from '@middy/core';
import type { PreTokenGenerationV2TriggerEvent } from 'aws-lambda';
import {
  ADMIN_API_SCOPES,
  type AdminApiScope,
  allowedScopes,
  REGION_CODE_ATTRIBUTE,
  REGION_CODE_CLAIM,
  ROLES,
} from '../../shared/auth/access-policy.js';
import type { LambdaFunction } from '../../shared/platform/lambda.js';
import { logger } from '../../shared/platform/logger.js';
import { isRegionCode } from '../../shared/platform/region-codes.js';

/** The admin API scopes the trigger grants or takes out: those of the Cognito resource server. */
export interface PreTokenGenerationDeps {
  readonly scopes: readonly AdminApiScope[];
}

const dependencies: PreTokenGenerationDeps = { scopes: Object.values(ADMIN_API_SCOPES) };

/**
 * Cognito pre-token-generation trigger (event version 2, which can change ACCESS tokens; the
 * HTTP API authorizer reads access tokens). It
 * - copies the user's `custom:region_code` into the access token as the `region_code` claim, when
 *   it is a well-formed region code (the handlers still check it lies in the deployment scope);
 * - takes out the admin API scopes the user's groups do not allow (see shared/auth/access-policy.ts),
 *   so a `ppid` user never holds `kim-registry/directory`, whatever the client asked for.
 * It runs on sign-in and on every refresh, so a changed attribute or group applies from the next refresh.
 */
export const preTokenGeneration =
  (
    deps: PreTokenGenerationDeps,
  ): LambdaFunction<PreTokenGenerationV2TriggerEvent, PreTokenGenerationV2TriggerEvent> =>
  async (event) => {
    const groups = event.request.groupConfiguration?.groupsToOverride ?? [];
    const allowed = allowedScopes(groups);
    const scopesToSuppress = deps.scopes.filter((scope) => !allowed.has(scope));
    const regionCode = event.request.userAttributes?.[REGION_CODE_ATTRIBUTE];
    const hasRegionClaim = regionCode !== undefined && isRegionCode(regionCode);

    logger.info('Access token customised', {
      triggerSource: event.triggerSource,
      roles: groups.filter((group) => (ROLES as readonly string[]).includes(group)),
      regionClaim: hasRegionClaim,
      malformedRegionAttribute: regionCode !== undefined && !hasRegionClaim,
      suppressedScopes: scopesToSuppress,
    });

    return {
      ...event,
      response: {
        claimsAndScopeOverrideDetails: {
          accessTokenGeneration: {
            ...(hasRegionClaim ? { claimsToAddOrOverride: { [REGION_CODE_CLAIM]: regionCode } } : {}),
            ...(scopesToSuppress.length > 0 ? { scopesToSuppress } : {}),
          },
        },
      },
    };
  };

export const handler = middy<PreTokenGenerationV2TriggerEvent, PreTokenGenerationV2TriggerEvent>()
  .use(injectLambdaContext(logger, { resetKeys: true }))
  .handler(preTokenGeneration(dependencies));
