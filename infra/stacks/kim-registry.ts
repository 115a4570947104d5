import { type App, Aws, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { resolveSchedules } from '../../shared/platform/pipeline-settings.js';
import { defaultDomainPrefixBase, type InfraConfig } from '../config.js';
import { StatefulStack } from './stateful-stack.js';
import { StatelessStack } from './stateless-stack.js';

export interface KimRegistryStacks {
  readonly stateful: StatefulStack;
  readonly stateless: StatelessStack;
}

export interface KimRegistryOptions {
  /** See `RegionSeedProps.deployMarker`. @default - the synth time */
  readonly seedDeployMarker?: string;
}

/**
 * Adds the two stacks of a deployment to `app` and checks the whole app with cdk-nag's
 * AwsSolutions pack: any unacknowledged finding, error or warning, fails the synth.
 */
/** Where the managed login sends the browser back to, on the site at `appBaseUrl`. */
export const consoleUrls = (appBaseUrl: string) => {
  const base = appBaseUrl.replace(/\/+$/, '');
  return { callback: `${base}/konsol/masuk/kembali`, signedOut: `${base}/konsol/keluar/selesai` };
};

export const addKimRegistry = (
  app: App,
  config: InfraConfig,
  options: KimRegistryOptions = {},
): KimRegistryStacks => {
  // Without an account the stacks are account-agnostic: synth needs no credentials, and deploy
  // uses the account of the credentials it runs with.
  const env = { account: config.account, region: config.region };
  const stateful = new StatefulStack(app, `${config.stackPrefix}-Stateful`, {
    env,
    description: `KIM registry data (scope ${config.scope}): the DynamoDB table and the admin user pool (retained on delete), the pipeline queues, the SES sender and the alarm topic`,
    mail: config.mail,
    alarmEmail: config.alarmEmail,
    // The pages upload from the site's own origin.
    documents: { uploadOrigins: [new URL(config.mail.appBaseUrl).origin] },
    adminIdentity: {
      // The console's sign-in returns to the site itself (mail.appBaseUrl, where the pages are served).
      callbackUrls: [...new Set([...config.auth.callbackUrls, consoleUrls(config.mail.appBaseUrl).callback])],
      logoutUrls: [...new Set([...config.auth.logoutUrls, consoleUrls(config.mail.appBaseUrl).signedOut])],
      domainPrefix:
        config.auth.domainPrefix ??
        `${defaultDomainPrefixBase(config.stackPrefix)}-${config.account ?? Aws.ACCOUNT_ID}`,
      logRetention: config.logRetentionDays,
    },
  });
  const stateless = new StatelessStack(app, `${config.stackPrefix}-Stateless`, {
    env,
    description: `KIM registry API and functions (scope ${config.scope})`,
    table: stateful.table,
    userPool: stateful.adminIdentity.userPool,
    userPoolClient: stateful.adminIdentity.client,
    console: {
      managedLoginUrl: stateful.adminIdentity.domain.baseUrl(),
      siteUrl: config.mail.appBaseUrl.replace(/\/+$/, ''),
    },
    scope: config.scope,
    logRetention: config.logRetentionDays,
    apiThrottle: config.apiThrottle,
    seedDeployMarker: options.seedDeployMarker,
    pipeline: {
      queues: stateful.pipelineQueues,
      streamFailureQueue: stateful.streamFailureQueue,
      scheduleDeadLetterQueues: stateful.scheduleDeadLetterQueues,
      schedules: resolveSchedules({ digest: config.digestSchedule }),
    },
    mailSender: stateful.mailSender,
    documents: stateful.documents,
    alarmTopic: stateful.alarmTopic.topic,
  });
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
  return { stateful, stateless };
};
