/**
 * The name of the receipt cookie of `/daftar/{id}` (see `RECEIPT_COOKIE_MAX_AGE_SECONDS` in
 * registration-pages.ts): `__Secure-receipt` over HTTPS, `receipt` on a plain-HTTP local stack.
 * The workspace reads it too, to open a session straight from the receipt.
 */
export const receiptCookieName = (https: boolean): string => (https ? '__Secure-receipt' : 'receipt');
