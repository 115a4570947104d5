import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';

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
}

export const newCapacityMeter = (): CapacityMeter => ({
  calls: 0,
  units: 0,
  readUnits: 0,
  writeUnits: 0,
  byCommand: {},
  unreported: 0,
});

/** Resets a meter in place (the middleware keeps adding to the same object). */
export const resetCapacityMeter = (meter: CapacityMeter): void => {
  Object.assign(meter, newCapacityMeter());
};

interface Consumed {
  readonly CapacityUnits?: number;
  readonly ReadCapacityUnits?: number;
  readonly WriteCapacityUnits?: number;
}

const READS = new Set(['GetItemCommand', 'QueryCommand', 'BatchGetItemCommand', 'TransactGetItemsCommand']);

/**
 * Asks DynamoDB for the consumed capacity of every request `client` sends, and adds it to the
 * returned meter. The client's callers are unchanged: this is how a benchmark measures the real
 * handler's reads and writes through its own module-scope client.
 */
export const meterConsumedCapacity = (client: DynamoDBClient, name: string): CapacityMeter => {
  const meter = newCapacityMeter();
  client.middlewareStack.add(
    (next, context) => async (args) => {
      const input = args.input as { ReturnConsumedCapacity?: string };
      input.ReturnConsumedCapacity ??= 'TOTAL';
      const result = await next(args);
      const commandName = context.commandName ?? 'unknown';
      meter.calls++;
      meter.byCommand[commandName] = (meter.byCommand[commandName] ?? 0) + 1;
      const output = result.output as { ConsumedCapacity?: Consumed | Consumed[] };
      const consumed = output.ConsumedCapacity;
      const entries = consumed === undefined ? [] : Array.isArray(consumed) ? consumed : [consumed];
      if (entries.length === 0) meter.unreported++;
      for (const entry of entries) {
        const units = entry.CapacityUnits ?? 0;
        meter.units += units;
        if (entry.ReadCapacityUnits !== undefined || entry.WriteCapacityUnits !== undefined) {
          meter.readUnits += entry.ReadCapacityUnits ?? 0;
          meter.writeUnits += entry.WriteCapacityUnits ?? 0;
        } else if (READS.has(commandName)) meter.readUnits += units;
        else meter.writeUnits += units;
      }
      return result;
    },
    { step: 'initialize', name },
  );
  return meter;
};
