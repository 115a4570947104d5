import type { PreTokenGenerationV2TriggerEvent } from 'aws-lambda';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { handler, preTokenGeneration } from '../../../functions/auth/pre-token-generation.js';
import { ADMIN_API_SCOPES } from '../../../shared/auth/access-policy.js';
import { lambdaContext } from '../../fixtures/api-event.js';
import { type CapturedOutput, captureOutput } from '../../fixtures/capture-output.js';

const USER_EMAIL = 'made.wirawan@tabanankab.example.id';

/** The event Cognito sends on a hosted UI sign-in (version 2; `response` arrives empty). */
const tokenEvent = (
  groups: string[],
  attributes: Record<string, string> = {},
  triggerSource: PreTokenGenerationV2TriggerEvent['triggerSource'] = 'TokenGeneration_HostedAuth',
): PreTokenGenerationV2TriggerEvent =>
  ({
    version: '2',
    triggerSource,
    region: 'ap-southeast-3',
    userPoolId: 'ap-southeast-3_test',
    userName: 'made.wirawan',
    callerContext: { awsSdkVersion: 'aws-sdk-unknown-unknown', clientId: 'test-client' },
    request: {
      userAttributes: { sub: 'b1f0c0de-0000-4000-8000-000000000001', email: USER_EMAIL, ...attributes },
      groupConfiguration: { groupsToOverride: groups, iamRolesToOverride: [], preferredRole: undefined },
      scopes: ['openid', ADMIN_API_SCOPES.review, ADMIN_API_SCOPES.directory],
    },
    response: { claimsAndScopeOverrideDetails: null },
  }) as unknown as PreTokenGenerationV2TriggerEvent;

let output: CapturedOutput;
beforeEach(() => {
  output = captureOutput();
});
afterEach(() => {
  output.restore();
});

/** The trigger over the resource server's admin API scopes, as the stack configures it. */
const customise = preTokenGeneration({ scopes: Object.values(ADMIN_API_SCOPES) });

const accessTokenGeneration = async (event: PreTokenGenerationV2TriggerEvent) =>
  (await customise(event, lambdaContext('pre-token-generation'))).response.claimsAndScopeOverrideDetails
    .accessTokenGeneration;

describe('pre-token-generation trigger (v2): the access token', () => {
  it('gets region_code from custom:region_code for a ppid user, and loses the directory scope', async () => {
    expect(await accessTokenGeneration(tokenEvent(['ppid'], { 'custom:region_code': '51.02.05' }))).toEqual({
      claimsToAddOrOverride: { region_code: '51.02.05' },
      scopesToSuppress: [ADMIN_API_SCOPES.directory],
    });
  });

  it('keeps both admin API scopes for an admin, with no region claim when there is no attribute', async () => {
    expect(await accessTokenGeneration(tokenEvent(['admin']))).toEqual({});
  });

  it('copies the region for an admin too (the handlers ignore it there)', async () => {
    expect(await accessTokenGeneration(tokenEvent(['admin'], { 'custom:region_code': '51.02' }))).toEqual({
      claimsToAddOrOverride: { region_code: '51.02' },
    });
  });

  it('takes the union of the scopes of several groups', async () => {
    expect(
      await accessTokenGeneration(tokenEvent(['ppid', 'admin'], { 'custom:region_code': '51.02.05' })),
    ).toEqual({
      claimsToAddOrOverride: { region_code: '51.02.05' },
    });
  });

  it.each([[[]], [['viewers']]])('removes every admin API scope for a user in groups %j', async (groups) => {
    expect(await accessTokenGeneration(tokenEvent(groups))).toEqual({
      scopesToSuppress: [ADMIN_API_SCOPES.review, ADMIN_API_SCOPES.directory, ADMIN_API_SCOPES.awards],
    });
  });

  it.each(['51.2', '51.02.05; admin', ' 51.02.05', ''])(
    'leaves out a malformed region %j',
    async (region) => {
      expect(await accessTokenGeneration(tokenEvent(['ppid'], { 'custom:region_code': region }))).toEqual({
        scopesToSuppress: [ADMIN_API_SCOPES.directory],
      });
    },
  );

  it('applies on refresh too, so a changed group or region takes effect at the next refresh', async () => {
    const event = tokenEvent(['ppid'], { 'custom:region_code': '51.02.01' }, 'TokenGeneration_RefreshTokens');
    expect(await accessTokenGeneration(event)).toEqual({
      claimsToAddOrOverride: { region_code: '51.02.01' },
      scopesToSuppress: [ADMIN_API_SCOPES.directory],
    });
  });

  it('keeps the rest of the event as Cognito sent it', async () => {
    const event = tokenEvent(['ppid'], { 'custom:region_code': '51.02.05' });
    const { response: _response, ...rest } = await customise(event, lambdaContext('pre-token-generation'));
    const { response: _sent, ...sent } = event;
    expect(rest).toEqual(sent);
  });
});

describe('pre-token-generation handler', () => {
  it('returns the customised event and logs roles and outcomes, never the user', async () => {
    const result = await handler(
      tokenEvent(['ppid'], { 'custom:region_code': '51.02.05', name: 'I Made Wirawan' }),
      lambdaContext('pre-token-generation'),
    );

    expect(
      result.response.claimsAndScopeOverrideDetails.accessTokenGeneration?.claimsToAddOrOverride,
    ).toEqual({
      region_code: '51.02.05',
    });
    const [line] = output.jsonLines().filter((entry) => entry.message === 'Access token customised');
    expect(line).toMatchObject({
      roles: ['ppid'],
      regionClaim: true,
      triggerSource: 'TokenGeneration_HostedAuth',
    });
    const logged = output.lines().join('\n');
    for (const personal of [USER_EMAIL, 'made.wirawan', 'I Made Wirawan'])
      expect(logged).not.toContain(personal);
  });
});
