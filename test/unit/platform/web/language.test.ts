import { describe, expect, it } from 'vitest';
import { chooseLanguage, cookieValue, languageSwitchHref } from '../../../../shared/platform/web/language.js';

describe('chooseLanguage', () => {
  it('is Indonesian without a choice', () => {
    expect(chooseLanguage({}, { https: true })).toEqual({ lang: 'id' });
  });

  it('takes ?lang=en and remembers it in an HttpOnly, SameSite=Lax cookie, Secure over HTTPS', () => {
    const choice = chooseLanguage({ queryStringParameters: { lang: 'en' } }, { https: true });
    expect(choice.lang).toBe('en');
    expect(choice.setCookie?.split('; ')).toEqual([
      'lang=en',
      'Path=/',
      'Max-Age=31536000',
      'SameSite=Lax',
      'HttpOnly',
      'Secure',
    ]);
    expect(
      chooseLanguage({ queryStringParameters: { lang: 'en' } }, { https: false }).setCookie,
    ).not.toContain('Secure');
  });

  it('reads the remembered choice, and lets ?lang= win over it', () => {
    expect(chooseLanguage({ cookies: ['a=b', 'lang=en'] }, { https: true })).toEqual({ lang: 'en' });
    expect(
      chooseLanguage({ cookies: ['lang=en'], queryStringParameters: { lang: 'id' } }, { https: true }).lang,
    ).toBe('id');
  });

  it('ignores languages it does not have', () => {
    expect(
      chooseLanguage({ queryStringParameters: { lang: 'fr' }, cookies: ['lang=xx'] }, { https: true }),
    ).toEqual({ lang: 'id' });
  });
});

describe('cookieValue', () => {
  it('finds one cookie among API Gateway v2 cookie strings', () => {
    expect(cookieValue(['x=1', ' lang = en ', 'y=2=3'], 'lang')).toBe('en');
    expect(cookieValue(['y=2=3'], 'y')).toBe('2=3');
    expect(cookieValue(undefined, 'lang')).toBeUndefined();
    expect(cookieValue(['language=en'], 'lang')).toBeUndefined();
  });
});

describe('languageSwitchHref', () => {
  it('keeps the path and the other query parameters and sets lang', () => {
    expect(languageSwitchHref('/kim', { wilayah: '51.02.05', lang: 'id' }, 'en')).toBe(
      '/kim?wilayah=51.02.05&lang=en',
    );
    expect(languageSwitchHref('/', undefined, 'id')).toBe('/?lang=id');
  });
});
