import { execFile } from 'node:child_process';
import type { JWTPayload } from 'jose';
import {
  type DevTokenRequest,
  devTokenClaims,
  signAccessToken,
} from '../../infra/local/emulators/dev-token.js';
import { loadOrCreateSigningKey } from '../../infra/local/emulators/signing-key.js';
import type { Role } from '../../shared/auth/access-policy.js';
import { repositoryRoot } from './local-stack.js';

/** What a test needs of a running local stack to mint tokens for it. */
export interface TokenTarget {
  /** The stack's issuer (`iss`). */
  readonly issuer: string;
  /** The stack's LOCAL_DATA_DIR, where the issuer's signing key is. */
  readonly localDataDir: string;
}

/** The claims of a development token of `role` for `target`, with `patch` laid over them (undefined deletes). */
export const claimsFor = (
  target: TokenTarget,
  role: Role,
  regionCode?: string,
  patch: JWTPayload = {},
  now?: Date,
): JWTPayload => {
  const request: DevTokenRequest = {
    issuer: target.issuer,
    role,
    ...(regionCode === undefined ? {} : { regionCode }),
    ...(now === undefined ? {} : { now }),
  };
  const claims: JWTPayload = { ...devTokenClaims(request), ...patch };
  for (const [name, value] of Object.entries(claims)) if (value === undefined) delete claims[name];
  return claims;
};

/** Signs `claims` with the stack's own issuer key: a token as good as `npm run token`'s. */
export const signFor = async (target: TokenTarget, claims: JWTPayload): Promise<string> =>
  signAccessToken(claims, await loadOrCreateSigningKey(target.localDataDir));

export interface ScriptResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs `npm run --silent token -- <args>` in the repository, with `env` added to the environment. */
export const runTokenScript = (args: readonly string[], env: Record<string, string>): Promise<ScriptResult> =>
  new Promise((resolve) => {
    execFile(
      'npm',
      ['run', '--silent', 'token', '--', ...args],
      { cwd: repositoryRoot, env: { ...process.env, ...env }, timeout: 60_000 },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
        resolve({ code, stdout, stderr });
      },
    );
  });
