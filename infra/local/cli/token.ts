/**
 * `npm run --silent token -- --role admin` or `... --role ppid --region 51.02.05`: prints one
 * development access token, alone on one line, that the local stack's `jwt` routes accept.
 *
 * It signs with the local issuer's key in the local data folder (made here if `npm start` has not
 * made it yet), so it works whether or not the stack is running, and the token stays valid across
 * restarts of `npm start` for its 8 hours. It reads the same variables as `npm start` (OIDC_PORT
 * and HOST make the issuer, LOCAL_DATA_DIR holds the key, SCOPE_CODE bounds the ppid region).
 */
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { ROLES, type Role } from '../../../shared/auth/access-policy.js';
import { isRegionCode } from '../../../shared/platform/region-codes.js';
import { loadScopeRegions } from '../../../shared/regions/master-data.js';
import { devTokenClaims, localIssuerUrl, signAccessToken } from '../emulators/dev-token.js';
import { loadOrCreateSigningKey, SigningKeyError } from '../emulators/signing-key.js';
import { LocalStackConfigError, parseLocalStackConfig } from '../stack/config.js';

const USAGE = 'usage: npm run --silent token -- --role admin | --role ppid --region <region code>';

/** A mistake in the command line or settings; its message is the one line to print. */
class TokenRequestError extends Error {
  override readonly name = 'TokenRequestError';
}

const parseRequest = (args: readonly string[]): { role: Role; region: string | undefined } => {
  let values: { role?: string | undefined; region?: string | undefined };
  try {
    ({ values } = parseArgs({
      args: [...args],
      options: { role: { type: 'string' }, region: { type: 'string' } },
      strict: true,
      allowPositionals: false,
    }));
  } catch (error) {
    throw new TokenRequestError(`${error instanceof Error ? error.message : String(error)}; ${USAGE}`);
  }
  const role = values.role;
  if (role === undefined || !(ROLES as readonly string[]).includes(role)) {
    throw new TokenRequestError(`--role must be one of ${ROLES.join(', ')}; ${USAGE}`);
  }
  if (role === 'admin' && values.region !== undefined) {
    throw new TokenRequestError(
      'Admin bekerja di seluruh cakupan / an admin acts on the whole deployment scope: --region is for --role ppid only',
    );
  }
  if (role === 'ppid' && values.region === undefined) {
    throw new TokenRequestError(`--role ppid needs --region <region code>; ${USAGE}`);
  }
  return { role: role as Role, region: values.region };
};

const assertRegionInScope = async (region: string, scope: string): Promise<void> => {
  const inScope =
    isRegionCode(region) && (await loadScopeRegions(scope)).some((candidate) => candidate.code === region);
  if (!inScope) {
    throw new TokenRequestError(
      `Wilayah ${region} tidak ada dalam cakupan ${scope} / region ${region} is not a region of the deployment scope ${scope} (SCOPE_CODE)`,
    );
  }
};

try {
  const { role, region } = parseRequest(process.argv.slice(2));
  const config = parseLocalStackConfig(process.env);
  if (config.OIDC_PORT === 0) {
    throw new TokenRequestError(
      'OIDC_PORT=0 picks a port only when the stack starts, so no token can name its issuer: set OIDC_PORT to a port number for both npm start and npm run token',
    );
  }
  if (region !== undefined) await assertRegionInScope(region, config.SCOPE_CODE);
  const key = await loadOrCreateSigningKey(resolve(config.LOCAL_DATA_DIR), config.LOCAL_DATA_DIR);
  const claims = devTokenClaims({
    issuer: localIssuerUrl(config.HOST, config.OIDC_PORT),
    role,
    ...(region === undefined ? {} : { regionCode: region }),
  });
  process.stdout.write(`${await signAccessToken(claims, key)}\n`);
} catch (error) {
  if (
    error instanceof TokenRequestError ||
    error instanceof LocalStackConfigError ||
    error instanceof SigningKeyError
  ) {
    process.stderr.write(`${error.message}\n`);
    process.exit(1);
  }
  throw error;
}
