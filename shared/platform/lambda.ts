import type { Context } from 'aws-lambda';

/**
 * A Lambda function as every module of functions/ exports it for tests: built from its ports,
 * `(deps) => LambdaFunction`, and called as Lambda calls it. The module's `handler` is the same
 * function wrapped in its middy middleware.
 */
export type LambdaFunction<TEvent, TResult> = (event: TEvent, context: Context) => Promise<TResult>;
