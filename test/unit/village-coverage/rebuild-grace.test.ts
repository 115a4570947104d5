import { describe, expect, it } from 'vitest';
import { queueDefinitions } from '../../../shared/platform/pipeline-settings.js';
import { PIPELINE_GRACE_MS } from '../../../shared/village-coverage/rebuild.js';

describe('the rebuild grace period', () => {
  it('lasts at least as long as the coverage queue on AWS may still redeliver an event', () => {
    const { maxReceiveCount, visibilityTimeoutSeconds } = queueDefinitions.coverage;

    expect(PIPELINE_GRACE_MS).toBeGreaterThanOrEqual(maxReceiveCount * visibilityTimeoutSeconds * 1000);
    expect(PIPELINE_GRACE_MS).toBe(15 * 60 * 1000);
  });
});
