/**
 * `npm run digest` (every subscriber) or `npm run digest -- --region 51.02` (that region's
 * subscribers): sends the coverage digests now through the running local stack, as an admin
 * calling POST /admin/digests/send, and prints what was sent and where to read it.
 *
 * It reads the same variables as `npm start` (PORT, HOST, OIDC_PORT, MAIL_PORT, LOCAL_DATA_DIR)
 * and signs an admin development token with the local issuer's key, like `npm run token`.
 */
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { isRegionCode } from '../../../shared/platform/region-codes.js';
import { devTokenClaims, localIssuerUrl, signAccessToken } from '../emulators/dev-token.js';
import { loadOrCreateSigningKey, SigningKeyError } from '../emulators/signing-key.js';
import { LocalStackConfigError, parseLocalStackConfig } from '../stack/config.js';

const USAGE = 'usage: npm run digest [-- --region <region code>]';

class DigestCommandError extends Error {
  override readonly name = 'DigestCommandError';
}

interface RegionOutcome {
  regionCode: string;
  subscribers: number;
  sent: number;
  skipped: number;
  refused: number;
  failed: number;
}

const parseRegion = (args: readonly string[]): string | undefined => {
  try {
    const { values } = parseArgs({
      args: [...args],
      options: { region: { type: 'string' } },
      strict: true,
      allowPositionals: false,
    });
    if (values.region !== undefined && !isRegionCode(values.region)) {
      throw new DigestCommandError(`--region must be a Kemendagri region code such as 51.02; ${USAGE}`);
    }
    return values.region;
  } catch (error) {
    if (error instanceof DigestCommandError) throw error;
    throw new DigestCommandError(`${error instanceof Error ? error.message : String(error)}; ${USAGE}`);
  }
};

const shownHost = (host: string) =>
  ['127.0.0.1', 'localhost', '::1', '0.0.0.0', '::'].includes(host) ? 'localhost' : host;

try {
  const region = parseRegion(process.argv.slice(2));
  const config = parseLocalStackConfig(process.env);
  if (config.PORT === 0 || config.OIDC_PORT === 0) {
    throw new DigestCommandError(
      'PORT=0 or OIDC_PORT=0 picks a port only when the stack starts: set both to port numbers for npm start and npm run digest',
    );
  }
  const key = await loadOrCreateSigningKey(resolve(config.LOCAL_DATA_DIR), config.LOCAL_DATA_DIR);
  const token = await signAccessToken(
    devTokenClaims({ issuer: localIssuerUrl(config.HOST, config.OIDC_PORT), role: 'admin' }),
    key,
  );
  const api = `http://${shownHost(config.HOST)}:${config.PORT}`;
  let response: Response;
  try {
    response = await fetch(`${api}/admin/digests/send`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify(region === undefined ? {} : { regionCode: region }),
    });
  } catch {
    throw new DigestCommandError(
      `Stack lokal tidak menjawab di ${api} / the local stack does not answer at ${api}: start it with npm start`,
    );
  }
  const body = (await response.json().catch(() => ({}))) as {
    runId?: string;
    regions?: RegionOutcome[];
    message?: string;
    messageEn?: string;
    errors?: Array<{ field: string; messageEn: string }>;
  };
  if (response.status !== 200 && response.status !== 502) {
    const details = body.errors?.map((error) => `${error.field}: ${error.messageEn}`).join('; ');
    throw new DigestCommandError(
      `POST /admin/digests/send answered ${response.status}: ${body.messageEn ?? ''}${details ? ` (${details})` : ''}`,
    );
  }
  const regions = body.regions ?? [];
  process.stdout.write(`Digest run ${body.runId ?? '?'}\n`);
  if (regions.length === 0) {
    process.stdout.write(
      `No digest subscribers${region === undefined ? '' : ` for ${region}`}: add one with POST /admin/digest-subscribers { "email", "regionCode" }.\n`,
    );
  }
  for (const outcome of regions) {
    process.stdout.write(
      `  ${outcome.regionCode}: ${outcome.sent} sent, ${outcome.skipped} already sent, ${outcome.refused} refused, ${outcome.failed} failed (of ${outcome.subscribers} subscribers)\n`,
    );
  }
  process.stdout.write(`Mailbox: http://${shownHost(config.HOST)}:${config.MAIL_PORT}/\n`);
  if (response.status === 502) {
    process.stderr.write(`${body.messageEn ?? 'Some digests failed.'}\n`);
    process.exitCode = 1;
  }
} catch (error) {
  if (
    error instanceof DigestCommandError ||
    error instanceof LocalStackConfigError ||
    error instanceof SigningKeyError
  ) {
    process.stderr.write(`${error.message}\n`);
    process.exit(1);
  }
  throw error;
}
