import { describe, expect, it } from 'vitest';
import { windowOf } from '../../../shared/workspace/rate-limit.js';
import {
  checkSignInLink,
  consumeSignInLink,
  issueSignInLink,
  newSignInToken,
  SIGN_IN_LINK_SECONDS,
  SIGN_IN_TOKEN_PATTERN,
  type SignInLink,
  type SignInLinkStore,
  signInTokenHash,
} from '../../../shared/workspace/sign-in-link.js';
import { signInEmail } from '../../../shared/workspace/templates.js';
import { fixedClock } from '../../fixtures/clock.js';

/** The store's contract in memory: consume deletes only a link of the given registration. */
class InMemoryLinks implements SignInLinkStore {
  readonly links = new Map<string, SignInLink>();
  async put(link: SignInLink) {
    this.links.set(link.tokenHash, link);
  }
  async get(tokenHash: string) {
    return this.links.get(tokenHash);
  }
  async consume(tokenHash: string, registrationId: string) {
    const link = this.links.get(tokenHash);
    if (link?.registrationId !== registrationId) return undefined;
    this.links.delete(tokenHash);
    return link;
  }
}

const NOW = '2026-03-02T02:00:00.000Z';
const A = '01K0AAAAAAAAAAAAAAAAAAAAAA';
const B = '01K0BBBBBBBBBBBBBBBBBBBBBB';

describe('sign-in links', () => {
  it('are 32 random bytes in base64url, stored as their hash only', async () => {
    const links = new InMemoryLinks();
    const { url, validUntil } = await issueSignInLink(
      { links, clock: fixedClock(NOW), newToken: () => 'x'.repeat(43) },
      A,
      'https://kim.example.go.id',
    );
    expect(url).toBe(`https://kim.example.go.id/kelola/masuk/${A}?token=${'x'.repeat(43)}`);
    expect(validUntil).toBe('2026-03-02T02:15:00.000Z');
    expect([...links.links.keys()]).toEqual([signInTokenHash('x'.repeat(43))]);
    expect(JSON.stringify([...links.links.values()])).not.toContain('x'.repeat(43));
    const token = newSignInToken();
    expect(token).toMatch(SIGN_IN_TOKEN_PATTERN);
    expect(Buffer.from(token, 'base64url')).toHaveLength(32);
    expect(newSignInToken()).not.toBe(token);
  });

  it('are looked at without being used, and used once', async () => {
    const links = new InMemoryLinks();
    const deps = { links, clock: fixedClock(NOW) };
    const token =
      new URL((await issueSignInLink(deps, A, 'https://x.id')).url).searchParams.get('token') ?? '';
    expect(await checkSignInLink(deps, A, token)).toEqual({ ok: true });
    expect(await checkSignInLink(deps, A, token)).toEqual({ ok: true });
    expect(await consumeSignInLink(deps, A, token)).toEqual({ ok: true, registrationId: A });
    expect(await consumeSignInLink(deps, A, token)).toEqual({ ok: false, reason: 'unknown' });
  });

  it('open nothing for another registration, after 15 minutes, or cut short', async () => {
    const links = new InMemoryLinks();
    const deps = { links, clock: fixedClock(NOW) };
    const token =
      new URL((await issueSignInLink(deps, A, 'https://x.id')).url).searchParams.get('token') ?? '';
    expect(await checkSignInLink(deps, B, token)).toEqual({ ok: false, reason: 'unknown' });
    expect(await consumeSignInLink(deps, B, token)).toEqual({ ok: false, reason: 'unknown' });
    expect(await consumeSignInLink(deps, A, token.slice(1))).toEqual({ ok: false, reason: 'malformed' });
    expect(await checkSignInLink(deps, A, undefined)).toEqual({ ok: false, reason: 'malformed' });
    const late = {
      links,
      clock: fixedClock(new Date(Date.parse(NOW) + SIGN_IN_LINK_SECONDS * 1000).toISOString()),
    };
    expect(await checkSignInLink(late, A, token)).toEqual({ ok: false, reason: 'expired' });
    expect(await consumeSignInLink(late, A, token)).toEqual({ ok: false, reason: 'expired' });
  });
});

describe('rate-limit windows', () => {
  it('are fixed, counted from the epoch', () => {
    const rule = { limit: 5, windowSeconds: 900 };
    expect(windowOf(rule, new Date('2026-03-02T04:05:00Z'))).toEqual({
      start: Date.parse('2026-03-02T04:00:00Z') / 1000,
      end: Date.parse('2026-03-02T04:15:00Z') / 1000,
    });
    expect(windowOf(rule, new Date('2026-03-02T04:15:00Z')).start).toBe(
      Date.parse('2026-03-02T04:15:00Z') / 1000,
    );
  });
});

describe('the sign-in email', () => {
  it('lists one link per KIM, escaped, with its end in WITA', () => {
    const email = signInEmail(
      [
        {
          kimName: 'KIM <b>Maju</b>',
          villageName: 'Dajan Peken',
          registrationId: A,
          url: 'https://x.id/kelola/masuk/A?token=1',
        },
        {
          kimName: 'KIM Dua',
          villageName: 'Delod Peken',
          registrationId: B,
          url: 'https://x.id/kelola/masuk/B?token=2',
        },
      ],
      '2026-03-02T02:15:00.000Z',
    );
    expect(email.html).toContain('KIM &lt;b&gt;Maju&lt;/b&gt;');
    expect(email.html).not.toContain('<b>Maju');
    expect(email.text).toContain('https://x.id/kelola/masuk/A?token=1');
    expect(email.text).toContain('https://x.id/kelola/masuk/B?token=2');
    expect(email.text).toContain('10:15 WITA');
    expect(email.subject).not.toMatch(/[\r\n]/);
  });
});
