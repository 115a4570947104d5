import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import middy from '@middy/core';
import type { LambdaFunction } from '../../shared/platform/lambda.js';
import { logger } from '../../shared/platform/logger.js';
import { applicationMetrics } from '../../shared/platform/pipeline-settings.js';
import {
  type RebuildCoverageDeps,
  type RebuildReport,
  rebuildCoverage,
} from '../../shared/village-coverage/rebuild.js';
import { rebuildDependencies } from '../../shared/village-coverage/wiring.js';

/** The `service` dimension is POWERTOOLS_SERVICE_NAME, which the house function construct sets. */
export const metrics = new Metrics({ namespace: applicationMetrics.namespace });

const dependencies = { ...rebuildDependencies(), metrics };

/**
 * Weekly schedule target: rebuilds the coverage of the whole deployment scope, publishes the
 * number of drifted regions as a CloudWatch metric (an alarm fires on any) and logs each drift.
 */
export const scheduledRebuildCoverage =
  (
    deps: RebuildCoverageDeps & { readonly scope: string; readonly metrics: Metrics },
  ): LambdaFunction<unknown, RebuildReport> =>
  async () => {
    const report = await rebuildCoverage(deps.scope, deps);
    deps.metrics.addMetric(applicationMetrics.coverageDriftRegions, MetricUnit.Count, report.regionsDrifted);
    deps.metrics.addMetric(
      applicationMetrics.coverageRegionsChecked,
      MetricUnit.Count,
      report.regionsChecked,
    );
    deps.metrics.publishStoredMetrics();
    for (const detail of report.details) logger.warn('Coverage drift repaired', { ...detail });
    logger.info('Weekly coverage rebuild done', {
      regionCode: report.regionCode,
      regionsChecked: report.regionsChecked,
      regionsDrifted: report.regionsDrifted,
      registrationsInFlight: report.registrationsInFlight,
    });
    return report;
  };

export const handler = middy<unknown, RebuildReport>()
  .use(injectLambdaContext(logger, { resetKeys: true }))
  .handler(scheduledRebuildCoverage(dependencies));
