import { marshall, unmarshall } from '@aws-sdk/util-dynamodb';
import {
  type AttributeValue,
  type DynamoDbClient,
  GetItemCommand,
  QueryCommand,
  type TransactWriteItem,
} from '../../platform/dynamodb/client.js';
import { keyCursor, startKeyOf } from '../../platform/dynamodb/cursor.js';
import { indexNames, itemTypes, keys } from '../../platform/dynamodb/table.js';
import {
  type ConflictRetryOptions,
  conditionFailed,
  transactWrite,
} from '../../platform/dynamodb/transact.js';
import { COUNTRY_CODE } from '../../platform/region-codes.js';
import { InvalidCursorError } from '../../registrations/ports.js';
import type { AuditEntry, Entry, JurorAssignment, ScoreSheet } from '../model.js';
import type { AwardStore, GuardedWrite, RoundPage } from '../ports.js';
import type { RankingView } from '../ranking-view.js';
import type { Round } from '../round.js';

const OPEN = 'OPEN';

const ROUND_FIELDS = [
  'id',
  'name',
  'regionCode',
  'activityPeriod',
  'entryWindow',
  'judgingWindow',
  'eligibility',
  'entryMode',
  'missingScoreRule',
  'tieBreak',
  'criteria',
  'status',
  'createdAt',
  'createdBy',
  'publishedAt',
  'version',
] as const;

const pick = <T>(item: Record<string, unknown>, fields: readonly string[]): T =>
  Object.fromEntries(
    fields.filter((field) => item[field] !== undefined).map((field) => [field, item[field]]),
  ) as T;

const toRound = (item: Record<string, unknown>): Round => pick<Round>(item, ROUND_FIELDS);
const toJuror = (item: Record<string, unknown>): JurorAssignment => ({
  roundId: String(item.roundId),
  sub: String(item.sub),
  username: String(item.username),
  assignedAt: String(item.assignedAt),
  conflictVillages: Array.isArray(item.conflictVillages) ? item.conflictVillages.map(String) : [],
  version: Number(item.version),
});
const toEntry = (item: Record<string, unknown>): Entry =>
  pick<Entry>(item, [
    'roundId',
    'id',
    'name',
    'villageCode',
    'villageName',
    'districtCode',
    'enteredAt',
    'source',
    'eligible',
    'ineligibleReasons',
    'statement',
    'facts',
  ]);
const toSheet = (item: Record<string, unknown>): ScoreSheet =>
  pick<ScoreSheet>(item, [
    'roundId',
    'entryId',
    'jurorSub',
    'jurorUsername',
    'scores',
    'updatedAt',
    'version',
  ]);
const toAudit = (item: Record<string, unknown>): AuditEntry =>
  pick<AuditEntry>(item, ['id', 'at', 'actor', 'action', 'entryId', 'jurorSub', 'details']);

const marshalled = (value: Record<string, unknown>) =>
  marshall(value, { removeUndefinedValues: true, convertClassInstanceToMap: false });

/**
 * DynamoDB adapter of the award rounds. Every write that changes what a round decides is one
 * transaction: a ConditionCheck that the round is still OPEN (and, for a score, that its judging
 * window has not closed), the write with its own condition, and the audit entry, so an audit entry
 * exists exactly when its change does, and nothing changes after publication.
 */
export class DynamoDbAwardStore implements AwardStore {
  constructor(
    private readonly client: DynamoDbClient,
    private readonly tableName: string,
    private readonly options: ConflictRetryOptions = {},
  ) {}

  private put(
    item: Record<string, unknown>,
    condition?: { expression: string; values?: Record<string, unknown> },
  ): TransactWriteItem {
    return {
      Put: {
        TableName: this.tableName,
        Item: marshalled(item),
        ...(condition
          ? {
              ConditionExpression: condition.expression,
              ...(condition.values ? { ExpressionAttributeValues: marshalled(condition.values) } : {}),
            }
          : {}),
      },
    };
  }

  private roundOpen(roundId: string, closesAfterMs?: number): TransactWriteItem {
    return {
      ConditionCheck: {
        TableName: this.tableName,
        Key: marshall(keys.awardRound(roundId)),
        ConditionExpression:
          closesAfterMs === undefined ? '#status = :open' : '#status = :open AND judgingClosesAtMs > :now',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: marshall({
          ':open': OPEN,
          ...(closesAfterMs === undefined ? {} : { ':now': closesAfterMs }),
        }),
      },
    };
  }

  private auditItem(roundId: string, entry: AuditEntry): TransactWriteItem {
    return this.put({
      ...keys.awardAudit(roundId, entry.at, entry.id),
      type: itemTypes.awardAudit,
      ...entry,
    });
  }

  /** Runs a guarded transaction: [round check, write, audit, further checks]. */
  private async guardedWrite(items: TransactWriteItem[], onWriteFailed: GuardedWrite): Promise<GuardedWrite> {
    const outcome = await transactWrite(this.client, items, this.options);
    if (outcome === 'committed') return 'written';
    if (conditionFailed(outcome[0])) return 'frozen';
    if (conditionFailed(outcome[1])) return onWriteFailed;
    // A check after the audit entry (the juror of a score) that failed: the caller reads again.
    if (outcome.slice(3).some(conditionFailed)) return 'conflict';
    throw new Error('Award write cancelled for an unexpected reason');
  }

  private async getItem(
    key: Record<string, string>,
    consistent = true,
  ): Promise<Record<string, unknown> | undefined> {
    const output = await this.client.send(
      new GetItemCommand({ TableName: this.tableName, Key: marshall(key), ConsistentRead: consistent }),
    );
    return output.Item ? unmarshall(output.Item) : undefined;
  }

  /** Every item of a round's partition under an SK prefix, in SK order. */
  private async queryPrefix(roundId: string, prefix: string): Promise<Array<Record<string, unknown>>> {
    return this.queryAll({
      KeyConditionExpression: 'PK = :pk AND begins_with(SK, :prefix)',
      ExpressionAttributeValues: marshall({ ':pk': keys.awardPartition(roundId), ':prefix': prefix }),
      ConsistentRead: true,
    });
  }

  private async queryGsi(partition: string): Promise<Array<Record<string, unknown>>> {
    return this.queryAll({
      IndexName: indexNames.gsi1,
      KeyConditionExpression: 'GSI1PK = :pk',
      ExpressionAttributeValues: marshall({ ':pk': partition }),
    });
  }

  private async queryAll(input: {
    IndexName?: string;
    KeyConditionExpression: string;
    ExpressionAttributeValues: Record<string, AttributeValue>;
    ConsistentRead?: boolean;
  }): Promise<Array<Record<string, unknown>>> {
    const items: Array<Record<string, unknown>> = [];
    let startKey: Record<string, AttributeValue> | undefined;
    do {
      const output = await this.client.send(
        new QueryCommand({ TableName: this.tableName, ...input, ExclusiveStartKey: startKey }),
      );
      for (const item of output.Items ?? []) items.push(unmarshall(item));
      startKey = output.LastEvaluatedKey;
    } while (startKey);
    return items;
  }

  async createRound(round: Round, audit: AuditEntry): Promise<void> {
    const outcome = await transactWrite(
      this.client,
      [
        this.put(
          {
            ...keys.awardRound(round.id),
            type: itemTypes.awardRound,
            GSI1PK: keys.awardRoundsPartition,
            GSI1SK: `${round.regionCode}#${round.id}`,
            judgingClosesAtMs: Date.parse(round.judgingWindow.closesAt),
            ...round,
          },
          { expression: 'attribute_not_exists(PK)' },
        ),
        this.auditItem(round.id, audit),
      ],
      this.options,
    );
    if (outcome !== 'committed') throw new Error('Award round create cancelled for an unexpected reason');
  }

  async getRound(id: string, options: { readonly consistent?: boolean } = {}): Promise<Round | undefined> {
    const item = await this.getItem(keys.awardRound(id), options.consistent ?? false);
    return item ? toRound(item) : undefined;
  }

  async listRounds(query: {
    readonly regionCode: string;
    readonly limit: number;
    readonly cursor?: string | undefined;
  }): Promise<RoundPage> {
    const prefix = query.regionCode === COUNTRY_CODE ? undefined : query.regionCode;
    const startKey =
      query.cursor === undefined
        ? undefined
        : startKeyOf(
            query.cursor,
            ['PK', 'SK', 'GSI1PK', 'GSI1SK'],
            (key) =>
              key.GSI1PK === keys.awardRoundsPartition &&
              (prefix === undefined || (key.GSI1SK ?? '').startsWith(prefix)),
          );
    if (query.cursor !== undefined && startKey === undefined) throw new InvalidCursorError();
    const output = await this.client.send(
      new QueryCommand({
        TableName: this.tableName,
        IndexName: indexNames.gsi1,
        KeyConditionExpression:
          prefix === undefined ? 'GSI1PK = :pk' : 'GSI1PK = :pk AND begins_with(GSI1SK, :prefix)',
        ExpressionAttributeValues: marshall({
          ':pk': keys.awardRoundsPartition,
          ...(prefix === undefined ? {} : { ':prefix': prefix }),
        }),
        Limit: query.limit,
        ExclusiveStartKey: startKey,
      }),
    );
    const items = (output.Items ?? []).map((item) => unmarshall(item));
    const last = output.LastEvaluatedKey ? unmarshall(output.LastEvaluatedKey) : undefined;
    return { items: items.map(toRound), nextCursor: last ? keyCursor(last) : null };
  }

  async listJurorRounds(sub: string): Promise<string[]> {
    return (await this.queryGsi(keys.awardJurorRounds(sub))).map((item) => String(item.roundId));
  }

  private jurorItem(juror: JurorAssignment) {
    return {
      ...keys.awardJuror(juror.roundId, juror.sub),
      type: itemTypes.awardJuror,
      GSI1PK: keys.awardJurorRounds(juror.sub),
      GSI1SK: juror.roundId,
      ...juror,
    };
  }

  async assignJuror(round: Round, juror: JurorAssignment, audit: AuditEntry): Promise<GuardedWrite> {
    return this.guardedWrite(
      [
        this.roundOpen(round.id),
        this.put(this.jurorItem(juror), { expression: 'attribute_not_exists(PK)' }),
        this.auditItem(round.id, audit),
      ],
      'exists',
    );
  }

  async getJuror(roundId: string, sub: string): Promise<JurorAssignment | undefined> {
    const item = await this.getItem(keys.awardJuror(roundId, sub));
    return item ? toJuror(item) : undefined;
  }

  async listJurors(roundId: string): Promise<JurorAssignment[]> {
    return (await this.queryPrefix(roundId, keys.awardJurorPrefix)).map(toJuror);
  }

  async updateJuror(
    previous: JurorAssignment,
    next: JurorAssignment,
    audit: AuditEntry,
  ): Promise<GuardedWrite> {
    return this.guardedWrite(
      [
        this.roundOpen(previous.roundId),
        this.put(this.jurorItem(next), {
          expression: 'version = :version',
          values: { ':version': previous.version },
        }),
        this.auditItem(previous.roundId, audit),
      ],
      'conflict',
    );
  }

  async addEntry(entry: Entry, audit: AuditEntry): Promise<GuardedWrite> {
    return this.guardedWrite(
      [
        this.roundOpen(entry.roundId),
        this.put(
          { ...keys.awardEntry(entry.roundId, entry.id), type: itemTypes.awardEntry, ...entry },
          { expression: 'attribute_not_exists(PK)' },
        ),
        this.auditItem(entry.roundId, audit),
      ],
      'exists',
    );
  }

  async getEntry(roundId: string, entryId: string): Promise<Entry | undefined> {
    const item = await this.getItem(keys.awardEntry(roundId, entryId));
    return item ? toEntry(item) : undefined;
  }

  async listEntries(roundId: string): Promise<Entry[]> {
    return (await this.queryPrefix(roundId, keys.awardEntryPrefix)).map(toEntry);
  }

  async getScoreSheet(roundId: string, entryId: string, jurorSub: string): Promise<ScoreSheet | undefined> {
    const item = await this.getItem(keys.awardScoreSheet(roundId, entryId, jurorSub));
    return item ? toSheet(item) : undefined;
  }

  async listScoreSheets(roundId: string): Promise<ScoreSheet[]> {
    return (await this.queryPrefix(roundId, keys.awardScorePrefix)).map(toSheet);
  }

  async listJurorScoreSheets(roundId: string, jurorSub: string): Promise<ScoreSheet[]> {
    // The index is eventually consistent: each sheet it names is read again from the table.
    const listed = await this.queryGsi(keys.awardJurorScores(roundId, jurorSub));
    const sheets = await Promise.all(
      listed.map((item) => this.getScoreSheet(roundId, String(item.entryId), jurorSub)),
    );
    return sheets.filter((sheet): sheet is ScoreSheet => sheet !== undefined);
  }

  async saveScoreSheet(
    previous: ScoreSheet | undefined,
    next: ScoreSheet,
    juror: JurorAssignment,
    audit: AuditEntry,
    now: string,
  ): Promise<GuardedWrite> {
    const jurorUnchanged: TransactWriteItem = {
      ConditionCheck: {
        TableName: this.tableName,
        Key: marshall(keys.awardJuror(juror.roundId, juror.sub)),
        ConditionExpression: 'version = :version',
        ExpressionAttributeValues: marshall({ ':version': juror.version }),
      },
    };
    return this.guardedWrite(
      [
        this.roundOpen(next.roundId, Date.parse(now)),
        this.put(
          {
            ...keys.awardScoreSheet(next.roundId, next.entryId, next.jurorSub),
            type: itemTypes.awardScoreSheet,
            GSI1PK: keys.awardJurorScores(next.roundId, next.jurorSub),
            GSI1SK: next.entryId,
            ...next,
          },
          previous === undefined
            ? { expression: 'attribute_not_exists(PK)' }
            : { expression: 'version = :version', values: { ':version': previous.version } },
        ),
        this.auditItem(next.roundId, audit),
        jurorUnchanged,
      ],
      'conflict',
    );
  }

  async publish(
    round: Round,
    publishedAt: string,
    result: RankingView,
    audit: AuditEntry,
  ): Promise<GuardedWrite> {
    const outcome = await transactWrite(
      this.client,
      [
        {
          Update: {
            TableName: this.tableName,
            Key: marshall(keys.awardRound(round.id)),
            UpdateExpression: 'SET #status = :published, publishedAt = :at, version = :next',
            ConditionExpression: '#status = :open AND version = :version',
            ExpressionAttributeNames: { '#status': 'status' },
            ExpressionAttributeValues: marshall({
              ':published': 'PUBLISHED',
              ':open': OPEN,
              ':at': publishedAt,
              ':version': round.version,
              ':next': round.version + 1,
            }),
            ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
          },
        },
        this.put(
          { ...keys.awardResult(round.id), type: itemTypes.awardResult, result, publishedAt },
          { expression: 'attribute_not_exists(PK)' },
        ),
        this.auditItem(round.id, audit),
      ],
      this.options,
    );
    if (outcome === 'committed') return 'written';
    const [roundReason] = outcome;
    if (conditionFailed(roundReason)) {
      const old = roundReason?.Item ? unmarshall(roundReason.Item) : undefined;
      return old?.status === OPEN ? 'conflict' : 'frozen';
    }
    throw new Error('Award publication cancelled for an unexpected reason');
  }

  async getResult(roundId: string): Promise<RankingView | undefined> {
    const item = await this.getItem(keys.awardResult(roundId));
    return item ? (item.result as RankingView) : undefined;
  }

  async listAudit(roundId: string): Promise<AuditEntry[]> {
    return (await this.queryPrefix(roundId, keys.awardAuditPrefix)).map(toAudit);
  }
}
