import { describe, expect, it } from 'vitest';
import { siteStylesheet } from '../../../../shared/platform/web/assets.js';
import { SITE_STYLESHEET_PATH } from '../../../../shared/platform/web/site-css-name.js';

describe('the stylesheet path the pages link', () => {
  it('is the hashed path of the stylesheet served (npm run site-css-name rewrites it)', () => {
    expect(SITE_STYLESHEET_PATH).toBe(siteStylesheet.path);
  });
});
