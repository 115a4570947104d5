/**
 * `npm run local:reset`: deletes the local DynamoDB data (LOCAL_DATA_DIR), so the next
 * `npm start` begins with an empty table and re-seeds the regions, and a new signing key. Refuses while a local stack
 * uses the folder, and deletes only the files DynamoDB Local and the local stack write there.
 */
import { existsSync, readdirSync, rmdirSync, rmSync } from 'node:fs';
import { join, parse, resolve } from 'node:path';
import { LocalStackConfigError, parseLocalStackConfig } from '../stack/config.js';
import { DataDirInUseError, lockDataDir } from '../stack/lock.js';

/**
 * DynamoDB Local's database, the stack's lock, the local issuer's signing key (tokens signed with
 * it stop working), the form secret (open forms get fresh tokens) and the stream poller's checkpoints.
 */
const OWN_FILE =
  /\.db$|^kim-registry-local\.lock$|^oidc-signing-key\.json$|^form-secret$|^stream-checkpoints\.json(\.tmp)?$/;

try {
  const config = parseLocalStackConfig(process.env);
  const dataDir = resolve(config.LOCAL_DATA_DIR);
  if (dataDir === parse(dataDir).root || dataDir === resolve('.')) {
    throw new LocalStackConfigError(
      `Refusing to reset ${config.LOCAL_DATA_DIR}: LOCAL_DATA_DIR must be a folder of its own`,
    );
  }
  if (!existsSync(dataDir)) {
    process.stdout.write(`Nothing to reset: ${config.LOCAL_DATA_DIR} does not exist.\n`);
  } else {
    const release = lockDataDir(dataDir, config.LOCAL_DATA_DIR);
    const files = readdirSync(dataDir).filter((file) => OWN_FILE.test(file));
    for (const file of files) rmSync(join(dataDir, file), { force: true });
    release();
    const left = readdirSync(dataDir);
    if (left.length === 0) rmdirSync(dataDir);
    process.stdout.write(
      `Local data reset: deleted ${config.LOCAL_DATA_DIR}${left.length > 0 ? ` database files (kept other files: ${left.join(', ')})` : ''}. The next npm start seeds the regions again.\n`,
    );
  }
} catch (error) {
  if (error instanceof DataDirInUseError || error instanceof LocalStackConfigError) {
    process.stderr.write(`${error.message}\n`);
    process.exit(1);
  }
  throw error;
}
