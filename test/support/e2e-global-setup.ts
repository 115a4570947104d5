import 'vitest';
import type { TestProject } from 'vitest/node';
import { type RunningLocalStack, startLocalStackProcess } from './local-stack.js';
import { SHARED_STACK_SCOPE, type SharedLocalStack } from './shared-local-stack.js';

const addressesOf = (stack: RunningLocalStack): SharedLocalStack => ({
  baseUrl: stack.baseUrl,
  port: stack.port,
  dynamoEndpoint: stack.dynamoEndpoint,
  issuer: stack.issuer,
  localDataDir: stack.localDataDir,
  sqsEndpoint: stack.sqsEndpoint,
  queues: stack.queues,
  streamFailureQueueUrl: stack.streamFailureQueueUrl,
  mailboxUrl: stack.mailboxUrl,
});

const start = async () => {
  const stack = await startLocalStackProcess({ env: { SCOPE_CODE: SHARED_STACK_SCOPE } });
  console.info(
    `e2e shared local stack (scope ${SHARED_STACK_SCOPE}) ready in ${Math.round(stack.startMs)} ms`,
  );
  return stack;
};

const stop = async (stack: RunningLocalStack) => {
  const exit = await stack.stop();
  // A stack that crashed while the files used it fails the run here, with what it printed.
  if (exit.code !== 0) {
    throw new Error(`the shared local stack exited with ${exit.signal ?? exit.code}:\n${stack.output()}`);
  }
};

/**
 * Starts one local stack, exactly as `npm start` does, for the e2e files that need no stack of
 * their own, and gives them its addresses (`sharedLocalStack()`). A start takes several seconds
 * of two busy cores: one start instead of one per file is the saving. In watch mode every rerun
 * gets a fresh stack, since the files count on their regencies starting empty.
 */
export default async function setup(project: TestProject) {
  let stack = await start();
  project.provide('sharedLocalStack', addressesOf(stack));
  project.onTestsRerun(async () => {
    await stop(stack);
    stack = await start();
    project.provide('sharedLocalStack', addressesOf(stack));
  });
  return () => stop(stack);
}

declare module 'vitest' {
  export interface ProvidedContext {
    sharedLocalStack: SharedLocalStack;
  }
}
