import { inject } from 'vitest';
import type { RunningLocalStack } from './local-stack.js';

/**
 * What a test file gets of the e2e tier's shared local stack: its addresses. The stack itself is
 * a child of vitest's own process (see e2e-global-setup.ts), so its output and its `stop` are not
 * the test file's to use: a file that reads the stack's logs, restarts it or needs settings of
 * its own starts a stack of its own.
 */
export type SharedLocalStack = Pick<
  RunningLocalStack,
  | 'baseUrl'
  | 'port'
  | 'dynamoEndpoint'
  | 'issuer'
  | 'localDataDir'
  | 'sqsEndpoint'
  | 'queues'
  | 'streamFailureQueueUrl'
  | 'mailboxUrl'
>;

/**
 * Deployment scope of the shared stack: the province of Bali, so that every file sharing it can
 * have a regency of its own, and exact coverage numbers of that regency hold whichever files run
 * alongside. The default scope (51.02) is what the files with their own stack run on.
 */
export const SHARED_STACK_SCOPE = '51';

/**
 * The regency each file sharing the stack writes in, and no other file does. A new file takes a
 * regency nobody has, unless it asserts no number of a regency (then it may share, as below).
 */
export const SHARED_STACK_REGENCIES = {
  /** Kabupaten Badung. */
  api: '51.03',
  /** Kabupaten Tabanan, the default scope: its numbers are the ones the docs quote. */
  coverage: '51.02',
  /** Kabupaten Gianyar: 7 districts, 70 villages. */
  digest: '51.04',
  /** Kabupaten Bangli. */
  pipeline: '51.06',
  /** Kabupaten Klungkung. */
  documents: '51.05',
  /** Kabupaten Buleleng. */
  workspace: '51.08',
  /**
   * Kabupaten Buleleng too: the workspace and the reports count nothing of a regency, and each
   * registers with SK numbers of its own, so they can share one.
   */
  reports: '51.08',
  /** Kota Denpasar. */
  profile: '51.71',
  /** Kabupaten Jembrana. */
  termExpiry: '51.01',
  /** Kabupaten Karangasem. */
  awards: '51.07',
  /**
   * Kabupaten Buleleng too (every regency of Bali has a file): the award round's file asserts no
   * number of a regency, and its round is for Buleleng's last district, where no other file
   * registers, so its automatic entries are its own KIM alone.
   */
  awardsRound: '51.08',
} as const;

/** The shared local stack's addresses, provided by the e2e global setup. */
export const sharedLocalStack = (): SharedLocalStack => inject('sharedLocalStack');
