import { Logger } from '@aws-lambda-powertools/logger';

/**
 * The structured JSON logger of every function. Log identifiers, counts and outcomes only:
 * never request bodies, names, phone numbers or email addresses of KIM members.
 */
export const logger = new Logger({ serviceName: 'kim-registry' });
