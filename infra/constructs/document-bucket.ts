import { Duration, RemovalPolicy, Stack, Validations } from 'aws-cdk-lib';
import { ManagedPolicy, PolicyStatement } from 'aws-cdk-lib/aws-iam';
import {
  BlockPublicAccess,
  Bucket,
  BucketEncryption,
  type CfnBucket,
  HttpMethods,
  ObjectOwnership,
} from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import type { BucketGrant } from '../app-definition.js';

export interface DocumentBucketProps {
  /**
   * Origins whose pages may PUT to a presigned upload URL from the browser (CORS).
   * @default - none: uploads from a browser page need the site's origin here
   */
  readonly uploadOrigins?: readonly string[];
  /** @default RemovalPolicy.RETAIN */
  readonly removalPolicy?: RemovalPolicy;
  /** Days an unconfirmed upload (`pending/`) is kept before S3 deletes it. @default 1 */
  readonly pendingUploadDays?: number;
}

/**
 * The bucket of the KIM documents (SK versions, activity photos): private, encrypted, versioned,
 * TLS only, retained on destroy. Uploads arrive under `pending/` through presigned PUTs and expire
 * there unless a function has checked their bytes and copied them to `documents/`; incomplete
 * multipart uploads are cleaned up after a day.
 */
export class DocumentBucket extends Construct {
  readonly bucket: Bucket;

  constructor(scope: Construct, id: string, props: DocumentBucketProps = {}) {
    super(scope, id);
    const pendingDays = props.pendingUploadDays ?? 1;
    this.bucket = new Bucket(this, 'Bucket', {
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      encryption: BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      versioned: true,
      objectOwnership: ObjectOwnership.BUCKET_OWNER_ENFORCED,
      removalPolicy: props.removalPolicy ?? RemovalPolicy.RETAIN,
      lifecycleRules: [
        { id: 'AbortIncompleteUploads', abortIncompleteMultipartUploadAfter: Duration.days(1) },
        {
          id: 'ExpireUncheckedUploads',
          prefix: 'pending/',
          expiration: Duration.days(pendingDays),
          noncurrentVersionExpiration: Duration.days(pendingDays),
        },
      ],
      cors:
        props.uploadOrigins && props.uploadOrigins.length > 0
          ? [
              {
                allowedMethods: [HttpMethods.PUT],
                allowedOrigins: [...props.uploadOrigins],
                allowedHeaders: ['content-type'],
                maxAge: 3600,
              },
            ]
          : undefined,
    });
    Validations.of(this.bucket).acknowledge({
      id: 'AwsSolutions-S1',
      reason:
        'Every object is written and read through URLs the functions sign, and those calls are logged by the functions and CloudTrail; server access logs would need a second bucket for no further trail',
    });
  }

  private readonly policies = new Map<string, ManagedPolicy>();

  /**
   * A customer managed policy, in this bucket's stack, that allows exactly the object actions of
   * `grants`, each on its key prefixes only; attach it to the function's role. It lives beside the
   * bucket so that its resources name the bucket directly, and its one acknowledged cdk-nag
   * finding per prefix (a wildcard after the prefix) can be named exactly.
   */
  objectAccessPolicy(name: string, grants: readonly BucketGrant[]): ManagedPolicy {
    const existing = this.policies.get(name);
    if (existing) return existing;
    const policy = new ManagedPolicy(this, `${name}ObjectAccess`, {
      description: `Object actions of the ${name} function on the document bucket's key prefixes`,
      statements: grants.map(
        (grant) =>
          new PolicyStatement({
            actions: [...grant.actions],
            resources: grant.prefixes.map((prefix) => this.bucket.arnForObjects(`${prefix}*`)),
          }),
      ),
    });
    const bucketLogicalId = Stack.of(this).getLogicalId(this.bucket.node.defaultChild as CfnBucket);
    for (const prefix of new Set(grants.flatMap((grant) => grant.prefixes))) {
      Validations.of(policy).acknowledge({
        id: `AwsSolutions-IAM5[Resource::<${bucketLogicalId}.Arn>/${prefix}*]`,
        reason: `Objects under ${prefix} are named by registration and upload id at run time: the key prefix is the narrowest resource`,
      });
    }
    this.policies.set(name, policy);
    return policy;
  }
}
