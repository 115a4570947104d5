import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import middy from '@middy/core';
import { logger } from '../../shared/platform/logger.js';
import { DRIFT_METRIC_NAME } from '../../shared/platform/pipeline-settings.js';
import {
  type RebuildCoverageDeps,
  type RebuildReport,
  rebuildCoverage,
} from '../../shared/village-coverage/rebuild.js';
import { rebuildDependencies } from '../../shared/village-coverage/wiring.js';

const dependencies = rebuildDependencies();

/** Namespace from POWERTOOLS_METRICS_NAMESPACE (the stack sets METRICS_NAMESPACE); the drift alarm watches it. */
export const metrics = new Metrics({ serviceName: 'kim-registry' });

/**
 * Weekly schedule target: rebuilds the coverage of the whole deployment scope, publishes the
 * number of drifted regions as a CloudWatch metric (an alarm fires on any) and logs each drift.
 */
export const scheduledRebuild =
  (deps: RebuildCoverageDeps & { readonly scope: string }, sink: Metrics = metrics) =>
  async (): Promise<RebuildReport> => {
    const report = await rebuildCoverage(deps.scope, deps);
    sink.addMetric(DRIFT_METRIC_NAME, MetricUnit.Count, report.regionsDrifted);
    sink.addMetric('CoverageRegionsChecked', MetricUnit.Count, report.regionsChecked);
    sink.publishStoredMetrics();
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
  .handler(scheduledRebuild(dependencies));
