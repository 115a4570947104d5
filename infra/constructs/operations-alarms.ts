import { Duration } from 'aws-cdk-lib';
import {
  Alarm,
  ComparisonOperator,
  type IMetric,
  Metric,
  TreatMissingData,
} from 'aws-cdk-lib/aws-cloudwatch';
import { SnsAction } from 'aws-cdk-lib/aws-cloudwatch-actions';
import type { ITopic } from 'aws-cdk-lib/aws-sns';
import type { IQueue } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import {
  applicationMetrics,
  type QueueDefinition,
  type ScheduleDefinition,
  type StreamSourceDefinition,
} from '../../shared/platform/pipeline-settings.js';
import { pascalCase } from './construct-id.js';
import { HOUSE_SERVICE_NAME, type HouseFunction } from './house-function.js';

/** A stream iterator older than this means the fan-out is falling behind the table's writes. */
export const ITERATOR_AGE_ALARM_MS = 60_000;

export interface OperationsAlarmsProps {
  /** Every alarm notifies this topic. */
  readonly topic: ITopic;
  /** The functions the settings below name, by key of `functionDefinitions`. */
  readonly functions: ReadonlyMap<string, HouseFunction>;
  /** How the stream is read (`streamSource`), and its on-failure queue. */
  readonly stream: { readonly settings: StreamSourceDefinition; readonly failureQueue: IQueue };
  /** Each pipeline queue's settings (`queueDefinitions`) and its dead-letter queue, by queue name. */
  readonly queues: Readonly<
    Record<string, { readonly settings: QueueDefinition; readonly deadLetterQueue: IQueue }>
  >;
  /** Each schedule as deployed and its target's dead-letter queue, by schedule name. */
  readonly schedules: Readonly<
    Record<string, { readonly settings: ScheduleDefinition; readonly deadLetterQueue: IQueue }>
  >;
  /** The function that publishes the coverage drift metric (the weekly rebuild). */
  readonly driftPublisher: string;
  /** @default `applicationMetrics.namespace` */
  readonly metricsNamespace?: string;
  /** @default `applicationMetrics.coverageDriftRegions` */
  readonly driftMetricName?: string;
  /**
   * The `service` dimension of the drift metric: Powertools Metrics adds the service name.
   * @default {@link HOUSE_SERVICE_NAME}
   */
  readonly serviceName?: string;
  /** How far behind the stream its function may fall. @default Duration.millis(ITERATOR_AGE_ALARM_MS) */
  readonly iteratorAgeThreshold?: Duration;
}

/**
 * The operations alarms, each notifying the alarm topic: a message in any dead-letter queue (the
 * queues', the stream's on-failure queue, the schedules'), the stream's function falling behind
 * the stream, errors or throttles of a pipeline or scheduled function, and coverage drift found by
 * the weekly rebuild. No data means nothing happened, never an alarm.
 */
export class OperationsAlarms extends Construct {
  /** The alarms, by construct id. */
  readonly alarms: ReadonlyMap<string, Alarm>;

  constructor(scope: Construct, id: string, props: OperationsAlarmsProps) {
    super(scope, id);
    const action = new SnsAction(props.topic);
    const alarms = new Map<string, Alarm>();
    const alarm = (alarmId: string, description: string, metric: IMetric, threshold: number) => {
      const created = new Alarm(this, alarmId, {
        alarmDescription: description,
        metric,
        threshold,
        comparisonOperator: ComparisonOperator.GREATER_THAN_THRESHOLD,
        evaluationPeriods: 1,
        // No data means nothing happened: no message, no invocation, no rebuild this hour.
        treatMissingData: TreatMissingData.NOT_BREACHING,
      });
      created.addAlarmAction(action);
      alarms.set(alarmId, created);
    };
    const functionNamed = (name: string): HouseFunction => {
      const fn = props.functions.get(name);
      if (fn === undefined) throw new Error(`No function ${name} in functionDefinitions`);
      return fn;
    };
    const { stream, queues, schedules } = props;

    const deadLetterQueues: Array<[string, string, IQueue]> = [
      ...Object.entries(queues).map(([name, { settings, deadLetterQueue }]): [string, string, IQueue] => [
        `${pascalCase(name)}DeadLetterQueue`,
        `the ${name} queue's dead-letter queue: messages its consumer ${settings.consumer} failed ${settings.maxReceiveCount} times`,
        deadLetterQueue,
      ]),
      [
        'StreamFailureQueue',
        `the table stream's on-failure queue: batches ${stream.settings.function} failed after all retries (their records must be replayed while the stream keeps them, 24 h)`,
        stream.failureQueue,
      ],
      ...Object.entries(schedules).map(([name, { settings, deadLetterQueue }]): [string, string, IQueue] => [
        `${pascalCase(name)}ScheduleDeadLetterQueue`,
        `the ${name} schedule's dead-letter queue: invocations of ${settings.function} Scheduler could not deliver`,
        deadLetterQueue,
      ]),
    ];
    for (const [queueId, what, queue] of deadLetterQueues) {
      alarm(
        `${queueId}NotEmpty`,
        `Messages are waiting in ${what}.`,
        queue.metricApproximateNumberOfMessagesVisible({ period: Duration.minutes(1), statistic: 'Maximum' }),
        0,
      );
    }

    const iteratorAge = props.iteratorAgeThreshold ?? Duration.millis(ITERATOR_AGE_ALARM_MS);
    alarm(
      'StreamIteratorAge',
      `${stream.settings.function} is more than ${iteratorAge.toMilliseconds() / 1000} s behind the table stream: coverage and notifications are late.`,
      functionNamed(stream.settings.function).lambdaFunction.metric('IteratorAge', {
        period: Duration.minutes(1),
        statistic: 'Maximum',
      }),
      iteratorAge.toMilliseconds(),
    );

    const watched = new Set<string>([
      stream.settings.function,
      ...Object.values(queues).map(({ settings }) => settings.consumer),
      ...Object.values(schedules).map(({ settings }) => settings.function),
    ]);
    for (const name of watched) {
      const fn = functionNamed(name).lambdaFunction;
      alarm(
        `${pascalCase(name)}Errors`,
        `${name} failed (its invocation threw or timed out).`,
        fn.metricErrors({ period: Duration.minutes(5), statistic: 'Sum' }),
        0,
      );
      alarm(
        `${pascalCase(name)}Throttles`,
        `${name} was throttled: Lambda refused invocations (concurrency limit).`,
        fn.metricThrottles({ period: Duration.minutes(5), statistic: 'Sum' }),
        0,
      );
    }

    alarm(
      'CoverageDrift',
      `The weekly rebuild (${props.driftPublisher}) found coverage counters that had drifted from the registrations, and repaired them. Counters are meant to be exact: find out why.`,
      new Metric({
        namespace: props.metricsNamespace ?? applicationMetrics.namespace,
        metricName: props.driftMetricName ?? applicationMetrics.coverageDriftRegions,
        dimensionsMap: { service: props.serviceName ?? HOUSE_SERVICE_NAME },
        period: Duration.hours(1),
        statistic: 'Maximum',
      }),
      0,
    );
    this.alarms = alarms;
  }
}
