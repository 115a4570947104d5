import type { DynamoDbClient } from '../../platform/dynamodb/client.js';
import { itemTypes, keys } from '../../platform/dynamodb/table.js';
import type { DigestSubscriber, DigestSubscriberRepository } from '../subscriber.js';
import { DynamoDbRegionDirectory, type RegionDirectoryLayout } from './region-directory.js';

/** The digest subscribers' items: unversioned subscribers, `DIGESTSUBEMAIL#<region>#<email>` claims. */
const subscriberDirectory: RegionDirectoryLayout<DigestSubscriber> = {
  name: 'Digest subscriber',
  keyOf: keys.digestSubscriber,
  partition: keys.digestSubscribersPartition,
  claimKeyOf: keys.digestSubscriberClaim,
  entryType: itemTypes.digestSubscriber,
  claimType: itemTypes.digestSubscriberClaim,
  ownerAttribute: 'subscriberId',
  toEntry: (item) => ({
    id: String(item.id),
    email: String(item.email),
    regionCode: String(item.regionCode),
    createdAt: String(item.createdAt),
  }),
  // Subscribers are never edited: one still stored is unchanged.
  unchanged: () => ({ ConditionExpression: 'attribute_exists(PK)' }),
};

/** DynamoDB adapter of the digest subscribers. */
export class DynamoDbDigestSubscriberStore
  extends DynamoDbRegionDirectory<DigestSubscriber>
  implements DigestSubscriberRepository
{
  constructor(client: DynamoDbClient, tableName: string) {
    super(client, tableName, subscriberDirectory);
  }
}
