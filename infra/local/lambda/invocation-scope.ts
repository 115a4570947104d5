import { InvokeStore, InvokeStoreBase } from '@aws/lambda-invoke-store';
import type { Context } from 'aws-lambda';

/**
 * The variable by which Lambda tells a runtime that one execution environment runs several
 * invocations at once. Powertools then keeps its log context (function name, request ids, keys
 * appended during the invocation) per invocation, in the runtime's invoke store, instead of on
 * the logger that every function of this process shares.
 */
export const MAX_CONCURRENCY_ENV = 'AWS_LAMBDA_MAX_CONCURRENCY';

/** What the local stack sets `AWS_LAMBDA_MAX_CONCURRENCY` to: only its presence matters to Powertools. */
export const LOCAL_MAX_CONCURRENCY = '1000';

// Made once, at import, so it exists before a logger or an SDK client looks for it: the SDK's
// first request would otherwise create a store that keeps no context apart.
const store = await InvokeStore.getInstanceAsync(true);

const isolates = (): boolean => {
  const probe = {};
  let seen: unknown;
  store.run(probe, () => {
    seen = store.getContext();
  });
  const global = (globalThis as { awslambda?: { InvokeStore?: unknown } }).awslambda?.InvokeStore;
  return seen === probe && !store.hasContext() && global === store;
};

/**
 * Makes every function this process invokes keep its own log context, as separate Lambda
 * environments would: sets `AWS_LAMBDA_MAX_CONCURRENCY` and checks the invoke store keeps each
 * invocation's context apart. Call it before the functions' modules are imported.
 */
export const enableConcurrentInvocations = (env: NodeJS.ProcessEnv = process.env): void => {
  if (!isolates()) {
    throw new Error(
      'The Lambda invoke store of this process does not keep invocations apart: it was created before infra/local/invocation-scope.ts was imported',
    );
  }
  env[MAX_CONCURRENCY_ENV] ??= LOCAL_MAX_CONCURRENCY;
};

export interface InvocationOptions {
  readonly context: Context;
  readonly timeoutSeconds: number;
  /** The `x-amzn-trace-id` of the request, as Lambda hands it to the runtime. */
  readonly traceId?: string;
}

/**
 * Runs one invocation inside its own invoke-store context (its request id and trace id), failing
 * it after the function's timeout as Lambda does.
 */
export const runInvocation = async <T>(options: InvocationOptions, invoke: () => Promise<T>): Promise<T> => {
  const { REQUEST_ID, X_RAY_TRACE_ID } = InvokeStoreBase.PROTECTED_KEYS;
  const invocationContext: Record<symbol, unknown> = { [REQUEST_ID]: options.context.awsRequestId };
  if (options.traceId !== undefined) invocationContext[X_RAY_TRACE_ID] = options.traceId;
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new Error(`Task timed out after ${options.timeoutSeconds.toFixed(2)} seconds`)),
      options.timeoutSeconds * 1000,
    );
  });
  try {
    return await store.run(invocationContext, () => Promise.race([invoke(), timeout]));
  } finally {
    clearTimeout(timer);
  }
};
