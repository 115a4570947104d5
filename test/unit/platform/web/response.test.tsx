import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { assetResponse, hashedAsset, siteStylesheet } from '../../../../shared/platform/web/assets.js';
import { htmlResponse, redirectResponse, renderDocument } from '../../../../shared/platform/web/response.js';
import { contentSecurityPolicy } from '../../../../shared/platform/web/security-headers.js';

const https = { headers: { 'x-forwarded-proto': 'https' } };
const http = { headers: { 'x-forwarded-proto': 'http' } };

const bodyText = (result: {
  body?: string;
  isBase64Encoded?: boolean;
  headers?: Record<string, unknown>;
}) => {
  const raw = Buffer.from(result.body ?? '', result.isBase64Encoded ? 'base64' : 'utf8');
  const encoding = result.headers?.['content-encoding'];
  if (encoding === 'br') return brotliDecompressSync(raw).toString('utf8');
  if (encoding === 'gzip') return gunzipSync(raw).toString('utf8');
  return raw.toString('utf8');
};

describe('htmlResponse', () => {
  it('sends an HTML document with the security headers of every page', async () => {
    const result = await htmlResponse(https, <p>Halo</p>);
    expect(result.statusCode).toBe(200);
    expect(result.body).toBe('<!DOCTYPE html><p>Halo</p>');
    expect(result.headers).toMatchObject({
      'content-type': 'text/html; charset=utf-8',
      'cache-control': 'no-cache',
      'x-content-type-options': 'nosniff',
      'referrer-policy': 'strict-origin-when-cross-origin',
      'x-frame-options': 'DENY',
      'strict-transport-security': 'max-age=63072000; includeSubDomains',
    });
    const csp = String(result.headers?.['content-security-policy']);
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).toContain("default-src 'none'");
    expect(csp).not.toContain('unsafe-inline');
    expect(csp).not.toContain('unsafe-eval');
  });

  it('sends HSTS only over HTTPS (API Gateway), never over the local plain HTTP', async () => {
    expect((await htmlResponse(http, <p />)).headers).not.toHaveProperty('strict-transport-security');
    expect((await htmlResponse({}, <p />)).headers).not.toHaveProperty('strict-transport-security');
  });

  it('escapes text and attributes: markup in data stays text', async () => {
    const name = '<img src=x onerror=alert(1)>';
    const html = await renderDocument(
      <a href={`/kim?q=${name}`} title={'"><script>alert(1)</script>'}>
        {name}
      </a>,
    );
    expect(html).not.toContain('<img');
    expect(html).not.toContain('<script>');
    expect(html).toContain('&lt;img src=x onerror=alert(1)&gt;');
    expect(html).toContain('title="&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;"');
  });

  it('compresses with brotli or gzip as accepted, and says so', async () => {
    const page = <p>{'Desa '.repeat(500)}</p>;
    const br = await htmlResponse({ headers: { 'accept-encoding': 'gzip, deflate, br' } }, page);
    expect(br.headers).toMatchObject({ 'content-encoding': 'br', vary: 'accept-encoding' });
    expect(br.isBase64Encoded).toBe(true);
    expect(bodyText(br)).toBe(`<!DOCTYPE html><p>${'Desa '.repeat(500)}</p>`);
    const gzip = await htmlResponse({ headers: { 'accept-encoding': 'gzip' } }, page);
    expect(gzip.headers?.['content-encoding']).toBe('gzip');
    expect(bodyText(gzip)).toBe(bodyText(br));
    const refused = await htmlResponse({ headers: { 'accept-encoding': 'br;q=0, gzip;q=0' } }, page);
    expect(refused.headers).not.toHaveProperty('content-encoding');
    expect(refused.isBase64Encoded).toBe(false);
    const small = await htmlResponse({ headers: { 'accept-encoding': 'br' } }, <p>kecil</p>);
    expect(small.headers).not.toHaveProperty('content-encoding');
  });

  it('passes status, cookies, a stricter referrer policy and no-store on', async () => {
    const result = await htmlResponse(https, <p />, {
      status: 404,
      cookies: ['lang=en; Path=/'],
      referrerPolicy: 'no-referrer',
      cacheControl: 'no-store',
    });
    expect(result.statusCode).toBe(404);
    expect(result.cookies).toEqual(['lang=en; Path=/']);
    expect(result.headers).toMatchObject({ 'referrer-policy': 'no-referrer', 'cache-control': 'no-store' });
  });

  it('allows an inline script only by its nonce', () => {
    expect(contentSecurityPolicy('abc123')).toContain("script-src 'self' 'nonce-abc123'");
  });
});

describe('redirectResponse', () => {
  it('answers 303 See Other with the security headers and no body', () => {
    const result = redirectResponse(https, '/status/01JZ');
    expect(result.statusCode).toBe(303);
    expect(result.headers).toMatchObject({ location: '/status/01JZ', 'cache-control': 'no-store' });
    expect(result.headers?.['content-security-policy']).toContain("frame-ancestors 'none'");
    expect(result.body).toBeUndefined();
  });
});

describe('assets', () => {
  it('names an asset by its content', () => {
    const one = hashedAsset('site', 'css', 'text/css', 'a{}');
    expect(one.path).toMatch(/^\/assets\/site\.[0-9a-f]{12}\.css$/);
    expect(hashedAsset('site', 'css', 'text/css', 'a{}').path).toBe(one.path);
    expect(hashedAsset('site', 'css', 'text/css', 'b{}').path).not.toBe(one.path);
  });

  it('serves the stylesheet immutable for a year, and 404 for any other name', () => {
    const found = assetResponse([siteStylesheet], siteStylesheet.file, https);
    expect(found.statusCode).toBe(200);
    expect(found.headers).toMatchObject({
      'content-type': 'text/css; charset=utf-8',
      'cache-control': 'public, max-age=31536000, immutable',
      'x-content-type-options': 'nosniff',
    });
    expect(bodyText(found)).toContain('font-family:system-ui');
    const stale = assetResponse([siteStylesheet], 'site.000000000000.css', https);
    expect(stale.statusCode).toBe(404);
    expect(stale.headers?.['cache-control']).toBe('no-store');
  });

  it('asks for no web font: system fonts only', () => {
    expect(siteStylesheet.body).not.toMatch(/@font-face|url\(/);
  });
});
