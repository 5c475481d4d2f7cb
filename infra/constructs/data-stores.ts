import { Duration, RemovalPolicy, Validations } from 'aws-cdk-lib';
import { AttributeType, BillingMode, Table, TableEncryption } from 'aws-cdk-lib/aws-dynamodb';
import { BlockPublicAccess, Bucket, BucketEncryption, ObjectOwnership, StorageClass } from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { TTL_ATTRIBUTE } from '../../shared/adapters/dynamo/dynamo-store.js';

/** How long run artifacts (plan, before, consolidated, result JSON) are kept: a quarter's runs. */
export const RUN_ARTIFACT_DAYS = 90;

/**
 * The store and the object store. Both are kept when the stack is deleted (RETAIN, and the
 * table's deletion protection): they hold every accepted submission and indicator history.
 */
export class DataStores extends Construct {
  readonly table: Table;
  readonly bucket: Bucket;

  constructor(scope: Construct, id: string) {
    super(scope, id);
    // The schema DynamoStore expects (shared/adapters/dynamo/dynamo-store.ts): pk/sk strings, no
    // index; `ttl` expires run records after a year and leases and digest marks after use.
    this.table = new Table(this, 'Table', {
      partitionKey: { name: 'pk', type: AttributeType.STRING },
      sortKey: { name: 'sk', type: AttributeType.STRING },
      // A few runs a day, bursts of one unit a second: on-demand costs nothing between runs.
      billingMode: BillingMode.PAY_PER_REQUEST,
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      deletionProtection: true,
      // The AWS-managed key (aws/dynamodb): its use is in CloudTrail, and no role needs a KMS grant.
      encryption: TableEncryption.AWS_MANAGED,
      timeToLiveAttribute: TTL_ATTRIBUTE,
      removalPolicy: RemovalPolicy.RETAIN,
    });

    this.bucket = new Bucket(this, 'Objects', {
      encryption: BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      minimumTLSVersion: 1.2,
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      objectOwnership: ObjectOwnership.BUCKET_OWNER_ENFORCED,
      versioned: true,
      removalPolicy: RemovalPolicy.RETAIN,
      lifecycleRules: [
        {
          // Raw snapshots are the audit trail of what each unit sent: kept, but rarely read after
          // the run that took them. (S3 does not move objects under 128 KB; they stay Standard.)
          id: 'raw-to-cheaper-storage',
          prefix: 'raw/',
          transitions: [
            { storageClass: StorageClass.INFREQUENT_ACCESS, transitionAfter: Duration.days(30) },
            { storageClass: StorageClass.GLACIER_INSTANT_RETRIEVAL, transitionAfter: Duration.days(180) },
          ],
          noncurrentVersionExpiration: Duration.days(30),
        },
        {
          // A run's artifacts matter while it runs and for looking back at recent runs.
          id: 'runs-expire',
          prefix: 'runs/',
          expiration: Duration.days(RUN_ARTIFACT_DAYS),
          noncurrentVersionExpiration: Duration.days(7),
        },
        {
          // Submission bodies too large for an item are rewritten under a new key when they change.
          id: 'store-old-versions',
          prefix: 'store/',
          noncurrentVersionExpiration: Duration.days(30),
        },
        {
          id: 'tidy',
          abortIncompleteMultipartUploadAfter: Duration.days(7),
          expiredObjectDeleteMarker: true,
        },
      ],
    });
    Validations.of(this.bucket).acknowledge({
      id: 'AwsSolutions-S1',
      reason:
        "Only this stack's task roles read and write the bucket (public access blocked, TLS only, no bucket policy grants). Access logs would need a second bucket with the same finding; if object-level audit is ever required, CloudTrail S3 data events give it without one.",
    });
  }
}
