import type { AwsCommand } from '../../shared/platform/aws/json-client.js';
import type {
  AttributeValue,
  DynamoDbClient,
  TransactWriteItem,
} from '../../shared/platform/dynamodb/client.js';

/** What the reads and writes a client sent cost, from DynamoDB's own ReturnConsumedCapacity. */
export interface CapacityMeter {
  /** Requests sent. */
  calls: number;
  /** Capacity units DynamoDB reported as consumed (read and write units together). */
  units: number;
  readUnits: number;
  writeUnits: number;
  /** Requests by command name (GetItemCommand, QueryCommand, …). */
  byCommand: Record<string, number>;
  /** Requests whose answer carried no consumed capacity. */
  unreported: number;
  /** Units DynamoDB reported, by command name. */
  unitsByCommand: Record<string, number>;
  /** Wall time spent in requests, by command name (concurrent requests add up). */
  msByCommand: Record<string, number>;
  /**
   * The primary key and action of every item written in a TransactWriteItems, in order: DynamoDB
   * Local reports 2 units for a whole transaction whatever its size, so callers price these
   * themselves (see `transactionWriteUnits`).
   */
  transactItems: Array<{ readonly action: string; readonly key: Record<string, AttributeValue> }>;
  /** Write units DynamoDB reported for global secondary indexes (with `INDEXES`), included in `writeUnits`. */
  indexWriteUnits: number;
  /** Requests that failed (cancelled transactions included), by command name. */
  errorsByCommand: Record<string, number>;
  /** The items of transactions DynamoDB cancelled (for example on a condition failure). */
  cancelledTransactItems: Array<{ readonly action: string; readonly key: Record<string, AttributeValue> }>;
}

export const newCapacityMeter = (): CapacityMeter => ({
  calls: 0,
  units: 0,
  readUnits: 0,
  writeUnits: 0,
  byCommand: {},
  unreported: 0,
  unitsByCommand: {},
  msByCommand: {},
  transactItems: [],
  errorsByCommand: {},
  cancelledTransactItems: [],
  indexWriteUnits: 0,
});

/** Resets a meter in place (the wrapped client keeps adding to the same object). */
export const resetCapacityMeter = (meter: CapacityMeter): void => {
  Object.assign(meter, newCapacityMeter());
};

interface Consumed {
  readonly CapacityUnits?: number;
  readonly ReadCapacityUnits?: number;
  readonly WriteCapacityUnits?: number;
  readonly GlobalSecondaryIndexes?: Record<string, { readonly CapacityUnits?: number }>;
}

const pickKey = (item: Record<string, AttributeValue>): Record<string, AttributeValue> =>
  Object.fromEntries(Object.entries(item).filter(([name]) => name === 'PK' || name === 'SK'));

const READS = new Set(['GetItemCommand', 'QueryCommand', 'BatchGetItemCommand', 'TransactGetItemsCommand']);

/** The operations whose input takes `ReturnConsumedCapacity` (DynamoDB's API reference). */
const METERED = new Set([
  'GetItem',
  'PutItem',
  'UpdateItem',
  'DeleteItem',
  'Query',
  'Scan',
  'BatchGetItem',
  'BatchWriteItem',
  'TransactGetItems',
  'TransactWriteItems',
  'ExecuteStatement',
  'BatchExecuteStatement',
  'ExecuteTransaction',
]);

/**
 * Asks DynamoDB for the consumed capacity of every request `client` sends, and adds it to the
 * returned meter. The client's callers are unchanged: `send` of this one client object is wrapped,
 * and the command it sends is a copy whose input also asks for the consumed capacity, so the
 * caller's input is not touched. This is how a benchmark measures the real handler's reads and
 * writes through its own module-scope client.
 */
export const meterConsumedCapacity = (
  client: DynamoDbClient,
  detail: 'TOTAL' | 'INDEXES' = 'TOTAL',
): CapacityMeter => {
  const meter = newCapacityMeter();
  const send = client.send.bind(client);
  client.send = async <In, Out>(command: AwsCommand<In, Out>): Promise<Out> => {
    const commandName = `${command.operation}Command`;
    const input = command.input as { ReturnConsumedCapacity?: string; TransactItems?: TransactWriteItem[] };
    const metered: AwsCommand<In, Out> = METERED.has(command.operation)
      ? {
          operation: command.operation,
          input: { ...input, ReturnConsumedCapacity: input.ReturnConsumedCapacity ?? detail } as In,
        }
      : command;
    const started = performance.now();
    const transactItems = (input.TransactItems ?? []).flatMap((item) => {
      const [action, request] = Object.entries(item)[0] ?? [];
      const body = request as {
        Key?: Record<string, AttributeValue>;
        Item?: Record<string, AttributeValue>;
      };
      return action ? [{ action, key: body?.Key ?? pickKey(body?.Item ?? {}) }] : [];
    });
    let output: Out;
    try {
      output = await send(metered);
    } catch (error) {
      meter.msByCommand[commandName] = (meter.msByCommand[commandName] ?? 0) + performance.now() - started;
      meter.errorsByCommand[commandName] = (meter.errorsByCommand[commandName] ?? 0) + 1;
      meter.cancelledTransactItems.push(...transactItems);
      throw error;
    }
    meter.msByCommand[commandName] = (meter.msByCommand[commandName] ?? 0) + performance.now() - started;
    meter.transactItems.push(...transactItems);
    meter.calls++;
    meter.byCommand[commandName] = (meter.byCommand[commandName] ?? 0) + 1;
    const consumed = (output as { ConsumedCapacity?: Consumed | Consumed[] }).ConsumedCapacity;
    const entries = consumed === undefined ? [] : Array.isArray(consumed) ? consumed : [consumed];
    if (entries.length === 0) meter.unreported++;
    for (const entry of entries) {
      const units = entry.CapacityUnits ?? 0;
      if (!READS.has(commandName)) {
        for (const index of Object.values(entry.GlobalSecondaryIndexes ?? {})) {
          meter.indexWriteUnits += index.CapacityUnits ?? 0;
        }
      }
      meter.units += units;
      meter.unitsByCommand[commandName] = (meter.unitsByCommand[commandName] ?? 0) + units;
      if (entry.ReadCapacityUnits !== undefined || entry.WriteCapacityUnits !== undefined) {
        meter.readUnits += entry.ReadCapacityUnits ?? 0;
        meter.writeUnits += entry.WriteCapacityUnits ?? 0;
      } else if (READS.has(commandName)) meter.readUnits += units;
      else meter.writeUnits += units;
    }
    return output;
  };
  return meter;
};

/** Bytes DynamoDB counts for an attribute value (its documented item-size rules). */
const valueSize = (value: AttributeValue): number => {
  if (value.S !== undefined) return Buffer.byteLength(value.S);
  if (value.N !== undefined) return Math.ceil(value.N.replace(/^-|\.|^0+|e.*$/gi, '').length / 2) + 1;
  if (value.B !== undefined) return value.B.length;
  if (value.BOOL !== undefined || value.NULL !== undefined) return 1;
  if (value.M !== undefined) {
    return (
      3 +
      Object.entries(value.M).reduce(
        (sum, [name, item]) => sum + 1 + Buffer.byteLength(name) + valueSize(item),
        0,
      )
    );
  }
  if (value.L !== undefined) return 3 + value.L.reduce((sum, item) => sum + 1 + valueSize(item), 0);
  if (value.SS !== undefined) return value.SS.reduce((sum, item) => sum + Buffer.byteLength(item), 0);
  if (value.NS !== undefined) return value.NS.reduce((sum, item) => sum + Math.ceil(item.length / 2) + 1, 0);
  return 0;
};

/** Bytes DynamoDB counts for an item: attribute names plus values. */
export const itemSize = (item: Record<string, AttributeValue>): number =>
  Object.entries(item).reduce((sum, [name, value]) => sum + Buffer.byteLength(name) + valueSize(value), 0);

/**
 * Write units DynamoDB bills for transaction items (a meter's `transactItems`, or its cancelled
 * ones): 2 units per started KB of each item written or checked. `sizeOf` gives an item's size by key (its size after the run: an
 * upper bound for items that only grow, as counters and village maps do).
 */
export const transactionWriteUnits = (
  items: CapacityMeter['transactItems'],
  sizeOf: (key: Record<string, AttributeValue>) => number,
): number => items.reduce((sum, { key }) => sum + 2 * Math.max(1, Math.ceil(sizeOf(key) / 1024)), 0);
