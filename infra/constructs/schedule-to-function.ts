import { Duration, Stack } from 'aws-cdk-lib';
import { PolicyStatement, Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { CfnSchedule } from 'aws-cdk-lib/aws-scheduler';
import type { IQueue } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { SCHEDULED_TIME_INPUT } from '../../shared/platform/pipeline-settings.js';
import type { HouseFunction } from './house-function.js';

export interface ScheduleToFunctionProps {
  readonly fn: HouseFunction;
  /** EventBridge Scheduler expression, for example `cron(0 8 ? * MON *)`. */
  readonly expression: string;
  /** IANA time zone the expression is read in. */
  readonly timeZone: string;
  readonly description: string;
  /** Where Scheduler puts an invocation it could not deliver after its retries. */
  readonly deadLetterQueue: IQueue;
  /** Delivery retries of one invocation. @default 3 */
  readonly retryAttempts?: number;
  /** How long Scheduler keeps trying to deliver one invocation. @default Duration.hours(1) */
  readonly maxEventAge?: Duration;
  /**
   * The event the function receives. @default {@link SCHEDULED_TIME_INPUT}: the firing's scheduled
   * time, which names the run, so a retried firing is recognised as the same run
   */
  readonly input?: string;
}

/**
 * An EventBridge Scheduler schedule (in the default schedule group) that invokes a function,
 * with a time zone, a retry policy and a dead-letter queue. Its role may invoke that one function
 * and send to that one queue, and only Scheduler of this account may assume it.
 */
export class ScheduleToFunction extends Construct {
  readonly schedule: CfnSchedule;
  readonly role: Role;

  constructor(scope: Construct, id: string, props: ScheduleToFunctionProps) {
    super(scope, id);
    const stack = Stack.of(this);
    const functionArn = props.fn.lambdaFunction.functionArn;
    this.role = new Role(this, 'Role', {
      description: `EventBridge Scheduler: invokes ${props.fn.node.path} on schedule`,
      assumedBy: new ServicePrincipal('scheduler.amazonaws.com', {
        conditions: {
          StringEquals: {
            'aws:SourceAccount': stack.account,
            'aws:SourceArn': stack.formatArn({
              service: 'scheduler',
              resource: 'schedule-group',
              resourceName: 'default',
            }),
          },
        },
      }),
    });
    this.role.addToPrincipalPolicy(
      new PolicyStatement({ actions: ['lambda:InvokeFunction'], resources: [functionArn] }),
    );
    this.role.addToPrincipalPolicy(
      new PolicyStatement({ actions: ['sqs:SendMessage'], resources: [props.deadLetterQueue.queueArn] }),
    );
    this.schedule = new CfnSchedule(this, 'Schedule', {
      description: props.description,
      scheduleExpression: props.expression,
      scheduleExpressionTimezone: props.timeZone,
      flexibleTimeWindow: { mode: 'OFF' },
      state: 'ENABLED',
      target: {
        arn: functionArn,
        roleArn: this.role.roleArn,
        input: props.input ?? SCHEDULED_TIME_INPUT,
        deadLetterConfig: { arn: props.deadLetterQueue.queueArn },
        retryPolicy: {
          maximumRetryAttempts: props.retryAttempts ?? 3,
          maximumEventAgeInSeconds: (props.maxEventAge ?? Duration.hours(1)).toSeconds(),
        },
      },
    });
  }
}
