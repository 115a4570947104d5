import { fromEnv } from '@aws-sdk/credential-provider-env';

/**
 * What the deployed bundles use in place of `@aws-sdk/credential-provider-node` (an esbuild alias
 * in the house construct's bundling options): the credentials Lambda puts in the environment of
 * every function (AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY, AWS_SESSION_TOKEN, from its execution
 * role), and nothing else. The SDK's default chain would find the same credentials first, but it
 * also bundles its SSO, profile-file, process, web-identity and container/IMDS providers with the
 * STS, SSO and sign-in clients they call: about 130 KB of every bundle that a Lambda function never
 * runs. Tests and `npm start` run the sources, with the SDK's default chain.
 */
type Provider = ReturnType<typeof fromEnv>;
type Credentials = Awaited<ReturnType<Provider>>;

export const defaultProvider = (init: Parameters<typeof fromEnv>[0] = {}): Provider => fromEnv(init);

/** As the SDK's chain exports them: credentials with an expiry count as expired 5 minutes early. */
export const credentialsWillNeedRefresh = (credentials: Credentials | undefined): boolean =>
  credentials?.expiration !== undefined;

export const credentialsTreatedAsExpired = (credentials: Credentials | undefined): boolean =>
  credentials?.expiration !== undefined && credentials.expiration.getTime() - Date.now() < 300_000;
