import { App, type CfnElement } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { type FunctionName, functionDefinitions } from '../../infra/app-definition.js';
import { loadInfraConfig } from '../../infra/config.js';
import { addKimRegistry, type KimRegistryStacks } from '../../infra/stacks/kim-registry.js';
import { scheduleDefinitions } from '../../shared/platform/pipeline-settings.js';

/**
 * A deployment that overrides both fields of `digestSchedule`: the schedule and the function it
 * invokes must carry the same expression and time zone, or the function names its runs after a
 * schedule that is not the one firing it.
 */
const DAILY_JAKARTA = { expression: 'cron(0 8 * * ? *)', timeZone: 'Asia/Jakarta' };

let stacks: KimRegistryStacks;
let template: Template;

beforeAll(() => {
  const app = new App({
    context: {
      'kim-registry': {
        scope: '51.02',
        stackPrefix: 'KimDaily',
        mail: {
          from: 'kim@kim.example.id',
          identity: 'kim.example.id',
          appBaseUrl: 'https://kim.example.id',
        },
        digestSchedule: DAILY_JAKARTA,
      },
      // Bundling is covered by synth.test.ts.
      'aws:cdk:bundling-stacks': [],
    },
    builtinCloudFormationValidation: false,
  });
  stacks = addKimRegistry(app, loadInfraConfig(app.node), { seedDeployMarker: 'test-deploy' });
  template = Template.fromStack(stacks.stateless);
});

const logicalIdOf = (name: FunctionName): string => {
  const fn = stacks.stateless.functions.get(name);
  if (fn === undefined) throw new Error(`No function ${name}`);
  return stacks.stateless.getLogicalId(fn.lambdaFunction.node.defaultChild as CfnElement);
};

describe('an overridden digest schedule (daily 08:00 Asia/Jakarta)', () => {
  it('is the schedule that invokes the digest function', () => {
    template.hasResourceProperties('AWS::Scheduler::Schedule', {
      ScheduleExpression: DAILY_JAKARTA.expression,
      ScheduleExpressionTimezone: DAILY_JAKARTA.timeZone,
      Target: Match.objectLike({ Arn: { 'Fn::GetAtt': [logicalIdOf('sendDigests'), 'Arn'] } }),
    });
  });

  it.each(['sendDigests', 'sendDigestsNow'] as const)(
    'is in the environment of %s, with the same expression and time zone',
    (name) => {
      template.hasResourceProperties('AWS::Lambda::Function', {
        Description: functionDefinitions[name].description,
        Environment: {
          Variables: Match.objectLike({
            DIGEST_SCHEDULE_EXPRESSION: DAILY_JAKARTA.expression,
            DIGEST_SCHEDULE_TIME_ZONE: DAILY_JAKARTA.timeZone,
          }),
        },
      });
    },
  );

  it('leaves the weekly rebuild on its own schedule', () => {
    const rebuild = template.findResources('AWS::Scheduler::Schedule', {
      Properties: {
        Target: Match.objectLike({
          Arn: { 'Fn::GetAtt': [logicalIdOf('scheduledRebuildCoverage'), 'Arn'] },
        }),
      },
    });
    expect(Object.values(rebuild).map((schedule) => schedule.Properties)).toEqual([
      expect.objectContaining({
        ScheduleExpression: scheduleDefinitions.rebuildCoverage.expression,
        ScheduleExpressionTimezone: scheduleDefinitions.rebuildCoverage.timeZone,
      }),
    ]);
  });
});
