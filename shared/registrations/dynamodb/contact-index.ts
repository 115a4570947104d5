import { unmarshall } from '@aws-sdk/util-dynamodb';
import { type DynamoDbClient, QueryCommand } from '../../platform/dynamodb/client.js';
import { indexNames, itemTypes, keys } from '../../platform/dynamodb/table.js';
import {
  type ContactRegistration,
  contactEmailHash,
  normalizeContactEmail,
  type RegistrationsByContact,
} from '../contact.js';

/**
 * DynamoDB adapter of {@link RegistrationsByContact}: one Query of the contact's gsi1 partition.
 * Each entry is checked against the address it holds, so an index entry that lags behind a
 * correction (gsi1 is eventually consistent) never sends a link to an address no longer stored.
 */
export class DynamoDbRegistrationsByContact implements RegistrationsByContact {
  constructor(
    private readonly client: DynamoDbClient,
    private readonly tableName: string,
  ) {}

  async findByContactEmail(email: string, limit: number): Promise<ContactRegistration[]> {
    const wanted = normalizeContactEmail(email);
    const output = await this.client.send(
      new QueryCommand({
        TableName: this.tableName,
        IndexName: indexNames.gsi1,
        KeyConditionExpression: 'GSI1PK = :contact',
        ExpressionAttributeValues: { ':contact': { S: keys.contactPartition(contactEmailHash(wanted)) } },
        Limit: limit,
      }),
    );
    return (output.Items ?? [])
      .map((item) => unmarshall(item))
      .filter((item) => {
        const contact = item.contact as { email?: unknown } | undefined;
        return (
          item.type === itemTypes.registration &&
          typeof contact?.email === 'string' &&
          normalizeContactEmail(contact.email) === wanted
        );
      })
      .map((item) => ({
        id: String(item.id),
        name: String(item.name),
        villageName: String(item.villageName),
        contactEmail: String((item.contact as { email: string }).email),
      }));
  }
}
