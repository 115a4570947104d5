import { relative, sep } from 'node:path';
import { CustomResource, Validations } from 'aws-cdk-lib';
import { Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import type { CfnFunction } from 'aws-cdk-lib/aws-lambda';
import type { ICommandHooks } from 'aws-cdk-lib/aws-lambda-nodejs';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import { Provider } from 'aws-cdk-lib/custom-resources';
import { Construct } from 'constructs';
import type { HouseFunction } from './house-function.js';

/** The idn-area-data files the seeder reads, and the licence (ODbL) that must travel with them. */
export const REGION_DATA_FILES = [
  'provinces.csv',
  'regencies.csv',
  'districts.csv',
  'villages.csv',
  'LICENSE.md',
] as const;

/** Folder, inside the function's bundle, that receives the region data. */
export const REGION_DATA_BUNDLE_DIR = 'region-data';

/** Where the bundle's region data sits on Lambda (`LAMBDA_TASK_ROOT` is `/var/task`). */
export const REGION_DATA_LAMBDA_DIR = `/var/task/${REGION_DATA_BUNDLE_DIR}`;

/**
 * Bundling hooks that copy the idn-area-data CSV files and licence next to the bundle.
 * The copy is a `node -e` one-liner so it runs the same under bash and cmd.
 *
 * @param projectRoot the bundling project root (the folder of package-lock.json)
 * @param regionDataDir the folder of the idn-area-data CSV files on this machine
 */
export const regionDataCommandHooks = (projectRoot: string, regionDataDir: string): ICommandHooks => {
  const source = relative(projectRoot, regionDataDir).split(sep).join('/');
  const script =
    "const fs=require('node:fs'),path=require('node:path');const[src,dest,...files]=process.argv.slice(1);" +
    'fs.mkdirSync(dest,{recursive:true});for(const f of files)fs.copyFileSync(path.join(src,f),path.join(dest,f))';
  return {
    beforeBundling: () => [],
    beforeInstall: () => [],
    afterBundling: (inputDir, outputDir) => [
      `node -e "${script}" "${inputDir}/${source}" "${outputDir}/${REGION_DATA_BUNDLE_DIR}" ${REGION_DATA_FILES.join(' ')}`,
    ],
  };
};

export interface RegionSeedProps {
  /** The house function that writes the regions; it needs `REGION_DATA_DIR` and the table grants already. */
  readonly seeder: HouseFunction;
  /** Region code of the deployment scope. */
  readonly scope: string;
  /**
   * A value that differs on every synth, so CloudFormation sends an Update, and the regions are
   * written again, on every deploy.
   * @default - the synth time, `new Date().toISOString()`
   */
  readonly deployMarker?: string;
  /** Retention of the provider framework function's log group. @default RetentionDays.THREE_MONTHS */
  readonly logRetention?: RetentionDays;
}

/**
 * Master data to table: a `Custom::RegionSeed` resource whose provider runs the seeder on every
 * deploy. Create and Update (re)write the scope's regions; Delete leaves the retained table alone.
 */
export class RegionSeed extends Construct {
  readonly resource: CustomResource;
  readonly provider: Provider;

  constructor(scope: Construct, id: string, props: RegionSeedProps) {
    super(scope, id);

    const logGroup = new LogGroup(this, 'ProviderLogGroup', {
      retention: props.logRetention ?? RetentionDays.THREE_MONTHS,
    });
    const role = new Role(this, 'ProviderRole', {
      assumedBy: new ServicePrincipal('lambda.amazonaws.com'),
      description: `Custom resource provider framework of ${this.node.path}`,
    });
    logGroup.grantWrite(role);

    this.provider = new Provider(this, 'Provider', {
      onEventHandler: props.seeder.lambdaFunction,
      logGroup,
      frameworkOnEventRole: role,
    });

    Validations.of(role).acknowledge({
      id: `AwsSolutions-IAM5[Resource::<${this.stackLogicalIdOf(props.seeder)}.Arn>:*]`,
      reason:
        'The provider framework may invoke the seeder function and its versions/aliases (<function arn>:*), the grant CDK makes for Provider; it names that one function only.',
    });

    this.resource = new CustomResource(this, 'Resource', {
      serviceToken: this.provider.serviceToken,
      resourceType: 'Custom::RegionSeed',
      properties: {
        Scope: props.scope,
        DeployMarker: props.deployMarker ?? new Date().toISOString(),
      },
    });
  }

  private stackLogicalIdOf(seeder: HouseFunction): string {
    return seeder.lambdaFunction.stack.getLogicalId(seeder.lambdaFunction.node.defaultChild as CfnFunction);
  }
}
