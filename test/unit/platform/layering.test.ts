import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { cruise, type ICruiseOptions, type IViolation } from 'dependency-cruiser';
import { describe, expect, it } from 'vitest';

const require = createRequire(import.meta.url);
const configuration = require('../../../.dependency-cruiser.cjs') as {
  forbidden: NonNullable<ICruiseOptions['ruleSet']>['forbidden'];
  options: ICruiseOptions;
};
const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const FIXTURE = fileURLToPath(new URL('../../fixtures/layering/', import.meta.url));

/** The violations dependency-cruiser finds under `baseDir` with the project's own rules. */
const violationsUnder = async (baseDir: string): Promise<IViolation[]> => {
  const result = await cruise(['shared', 'functions', 'infra'], {
    ...configuration.options,
    ruleSet: { forbidden: configuration.forbidden },
    baseDir,
    tsConfig: { fileName: `${ROOT}tsconfig.json` },
    validate: true,
  });
  if (typeof result.output === 'string') throw new Error('dependency-cruiser answered text, not a result');
  return result.output.summary.violations;
};

const pairs = (violations: IViolation[]) =>
  violations.map((violation) => `${violation.rule.name}: ${violation.from} → ${violation.to}`).sort();

describe('the direction of imports', () => {
  it('holds for the project: functions → features → platform, nothing runtime imports infra/', {
    timeout: 60_000,
  }, async () => {
    expect(pairs(await violationsUnder(ROOT))).toEqual([]);
  });

  it('fails, one rule at a time, on a tree that breaks each direction', { timeout: 60_000 }, async () => {
    expect(pairs(await violationsUnder(FIXTURE))).toEqual([
      'feature-imports-other-feature-adapter: shared/beta/wiring.ts → shared/alpha/dynamodb/alpha-store.ts',
      'handler-imports-adapter: functions/alpha/handler.ts → shared/alpha/dynamodb/alpha-store.ts',
      'platform-imports-feature: shared/platform/helper.ts → shared/alpha/use-case.ts',
      'runtime-imports-infra: shared/beta/settings.ts → infra/stack.ts',
      'shared-imports-functions: shared/beta/handler-user.ts → functions/alpha/handler.ts',
      'use-case-imports-adapter: shared/alpha/use-case.ts → shared/alpha/dynamodb/alpha-store.ts',
    ]);
  });
});
