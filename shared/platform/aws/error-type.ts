/**
 * Reading a failed AWS answer, for the clients that speak to AWS without the SDK (the JSON client
 * of DynamoDB and SQS, the SES client).
 */

/** An error type as AWS names it: a bare identifier, nothing else (no message, no address). */
const IDENTIFIER = /^[A-Za-z][A-Za-z0-9_.]{0,99}$/;

/** A network error's code as Node.js names it: `ECONNRESET`, `ECONNREFUSED`, ... */
export const NETWORK_CODE = /^E[A-Z_]{2,30}$/;

/** The JSON document of an answer, or undefined when the body is not one (a proxy's page, nothing). */
export const jsonDocument = (body: string): Record<string, unknown> | undefined => {
  if (body.length === 0) return undefined;
  try {
    const parsed: unknown = JSON.parse(body);
    return parsed !== null && typeof parsed === 'object' ? (parsed as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
};

/**
 * The error type of an AWS answer, read as the SDK's JSON protocols read it: the
 * `x-amzn-ErrorType` header (`MessageRejected:http://internal.amazon.com/...`), else the document's
 * `code` or `__type` (`com.amazonaws.dynamodb.v20120810#ConditionalCheckFailedException`), namespace
 * and URI stripped; `UnknownError` when none of them is a bare identifier.
 */
export const awsErrorType = (
  header: string | string[] | null | undefined,
  document: Record<string, unknown> | undefined,
): string => {
  const sanitize = (value: unknown): string | undefined => {
    if (typeof value !== 'string') return undefined;
    const type = (value.split(':')[0] ?? '').split('#').at(-1)?.trim() ?? '';
    return IDENTIFIER.test(type) ? type : undefined;
  };
  return sanitize(header) ?? sanitize(document?.code) ?? sanitize(document?.__type) ?? 'UnknownError';
};
