import { describe, expect, it, vi } from 'vitest';
import { parseMailConfig } from '../../../shared/notifications/config.js';

describe('parseMailConfig', () => {
  it('reads the sender, the optional configuration set and the link base without its trailing slash', () => {
    expect(
      parseMailConfig({
        MAIL_FROM: 'noreply@kim.example.go.id',
        MAIL_CONFIGURATION_SET: 'kim-registry',
        APP_BASE_URL: 'https://kim.example.go.id/',
      }),
    ).toEqual({
      MAIL_FROM: 'noreply@kim.example.go.id',
      MAIL_CONFIGURATION_SET: 'kim-registry',
      APP_BASE_URL: 'https://kim.example.go.id',
    });
    expect(
      parseMailConfig({
        MAIL_FROM: 'a@b.id',
        MAIL_CONFIGURATION_SET: '',
        APP_BASE_URL: 'http://127.0.0.1:3000',
      }).MAIL_CONFIGURATION_SET,
    ).toBeUndefined();
  });

  it('fails with one message naming every bad variable', () => {
    expect(() =>
      parseMailConfig({
        MAIL_FROM: 'not-an-address',
        APP_BASE_URL: 'https://x.id/?next=1',
        MAIL_CONFIGURATION_SET: 'a b',
      }),
    ).toThrow(/^Invalid mail configuration: MAIL_FROM: .*; MAIL_CONFIGURATION_SET: .*; APP_BASE_URL: /);
    expect(() => parseMailConfig({})).toThrow(/MAIL_FROM: .*APP_BASE_URL: /);
    expect(() => parseMailConfig({ MAIL_FROM: 'a@b.id', APP_BASE_URL: 'javascript:alert(1)' })).toThrow(
      /APP_BASE_URL/,
    );
  });
});

describe('the notify function at cold start', () => {
  it('fails with a message naming the missing mail variables', async () => {
    vi.resetModules();
    vi.stubEnv('TABLE_NAME', 'kim-test');
    vi.stubEnv('SCOPE_CODE', '51.02');
    vi.stubEnv('MAIL_FROM', '');
    vi.stubEnv('APP_BASE_URL', '');
    try {
      await expect(import('../../../functions/notifications/notify.js')).rejects.toThrow(
        /^Invalid mail configuration: MAIL_FROM: .*; APP_BASE_URL: /,
      );
    } finally {
      vi.unstubAllEnvs();
    }
  });
});
