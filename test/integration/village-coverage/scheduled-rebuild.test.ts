import { Metrics } from '@aws-lambda-powertools/metrics';
import { afterAll, beforeAll, describe, expect, inject, it, vi } from 'vitest';
import { applicationMetrics } from '../../../shared/platform/pipeline-settings.js';
import { DynamoDbRegistrationStateSource } from '../../../shared/registrations/dynamodb/state-source.js';
import { applyCoverageEvents } from '../../../shared/village-coverage/apply-events.js';
import { DynamoDbCoverageStore } from '../../../shared/village-coverage/dynamodb/coverage-store.js';
import { seededTable } from '../../fixtures/admin-deps.js';
import { lambdaContext } from '../../fixtures/api-event.js';
import { type CapturedOutput, captureOutput } from '../../fixtures/capture-output.js';
import { localDynamoDbClient } from '../../fixtures/dynamodb.js';

vi.stubEnv('TABLE_NAME', 'set-per-test');
vi.stubEnv('SCOPE_CODE', '51.02');
const { scheduledRebuildCoverage } = await import(
  '../../../functions/village-coverage/scheduled-rebuild-coverage.js'
);

const client = localDynamoDbClient(inject('dynamoEndpoint'));
let output: CapturedOutput;
beforeAll(() => {
  output = captureOutput();
});
afterAll(() => output.restore());

/** The CloudWatch embedded-metric-format lines written so far, by metric name. */
const publishedMetrics = () => {
  const values = new Map<string, unknown>();
  for (const line of output.jsonLines()) {
    const aws = line._aws as {
      CloudWatchMetrics?: Array<{ Namespace: string; Metrics: Array<{ Name: string }> }>;
    };
    for (const directive of aws?.CloudWatchMetrics ?? []) {
      for (const metric of directive.Metrics)
        values.set(`${directive.Namespace}/${metric.Name}`, line[metric.Name]);
    }
  }
  return values;
};

describe('weekly coverage rebuild (schedule target)', () => {
  it('publishes the number of drifted regions as a CloudWatch metric, and 0 once repaired', async () => {
    const tableName = await seededTable(client, 'kim-weekly-rebuild');
    const coverage = new DynamoDbCoverageStore(client, tableName);
    await applyCoverageEvents(
      [
        {
          eventId: 'e-lost',
          registrationId: 'nobody',
          version: 1,
          villageCode: '51.02.01.2001',
          oldVillageCode: null,
          oldStatus: null,
          newStatus: 'SUBMITTED',
          at: '2026-11-01T00:00:00.000Z',
        },
      ],
      { coverage },
    );
    const deps = {
      coverage,
      registrations: new DynamoDbRegistrationStateSource(client, tableName),
      scope: '51.02',
      now: () => new Date(),
    };
    const metrics = () => new Metrics({ namespace: 'KimRegistry', serviceName: 'kim-registry' });
    const context = lambdaContext('scheduled-rebuild-coverage', 900);

    const first = await scheduledRebuildCoverage({ ...deps, metrics: metrics() })({}, context);
    expect(first.regionsDrifted).toBe(5);
    expect(publishedMetrics().get(`KimRegistry/${applicationMetrics.coverageDriftRegions}`)).toBe(5);

    const second = await scheduledRebuildCoverage({ ...deps, metrics: metrics() })({}, context);
    expect(second.regionsDrifted).toBe(0);
    expect(publishedMetrics().get(`KimRegistry/${applicationMetrics.coverageDriftRegions}`)).toBe(0);
  });
});
