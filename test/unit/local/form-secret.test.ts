import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import {
  FORM_SECRET_FILE,
  FormSecretError,
  loadOrCreateFormSecret,
} from '../../../infra/local/emulators/form-secret.js';

const folders: string[] = [];
const folder = () => {
  const path = mkdtempSync(join(tmpdir(), 'kim-form-secret-'));
  folders.push(path);
  return path;
};
afterAll(() => {
  for (const path of folders) rmSync(path, { recursive: true, force: true });
});

describe('the local form secret', () => {
  it('is made on first use, readable by its owner only, and the same on every later load', () => {
    const dataDir = join(folder(), 'not-yet-there');
    const first = loadOrCreateFormSecret(dataDir);
    expect(first).toMatch(/^[0-9a-f]{64}$/);
    expect(loadOrCreateFormSecret(dataDir)).toBe(first);
    expect(statSync(join(dataDir, FORM_SECRET_FILE)).mode & 0o777).toBe(0o600);
    expect(readFileSync(join(dataDir, FORM_SECRET_FILE), 'utf8').trim()).toBe(first);
  });

  it('differs from one data folder to another', () => {
    expect(loadOrCreateFormSecret(folder())).not.toBe(loadOrCreateFormSecret(folder()));
  });

  it('refuses a file that holds something else, saying how to get a new one', () => {
    const dataDir = folder();
    writeFileSync(join(dataDir, FORM_SECRET_FILE), 'secret\n');
    expect(() => loadOrCreateFormSecret(dataDir, '.local/dynamodb')).toThrow(FormSecretError);
    expect(() => loadOrCreateFormSecret(dataDir, '.local/dynamodb')).toThrow(
      /\.local\/dynamodb\/form-secret is not a form secret \(64 hex digits\): delete it/,
    );
  });
});
