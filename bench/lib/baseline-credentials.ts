import { fromEnv } from '@aws-sdk/credential-provider-env';

/**
 * What the import baselines (a bundle that only constructs a DynamoDBClient) use in place of
 * `@aws-sdk/credential-provider-node`, an esbuild alias of the benchmarks: the credentials Lambda
 * puts in the environment of every function, and nothing else. The SDK's default chain would find
 * the same credentials first, but it also bundles its SSO, profile-file, process, web-identity and
 * container/IMDS providers with the STS, SSO and sign-in clients they call, about 133 KB that a
 * Lambda function never runs. So the baseline is the leanest DynamoDB client the SDK makes (190 KB),
 * as it was while the functions themselves were bundled this way; without the alias it would be
 * 323 KB and every ratio against it smaller than it should be.
 */
type Provider = ReturnType<typeof fromEnv>;
type Credentials = Awaited<ReturnType<Provider>>;

export const defaultProvider = (init: Parameters<typeof fromEnv>[0] = {}): Provider => fromEnv(init);

/** As the SDK's chain exports them: credentials with an expiry count as expired 5 minutes early. */
export const credentialsWillNeedRefresh = (credentials: Credentials | undefined): boolean =>
  credentials?.expiration !== undefined;

export const credentialsTreatedAsExpired = (credentials: Credentials | undefined): boolean =>
  credentials?.expiration !== undefined && credentials.expiration.getTime() - Date.now() < 300_000;
