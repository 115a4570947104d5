import { ROLES } from '../../../shared/auth/access-policy.js';

/** What the development sign-in page carries through its form: the authorize request, untouched. */
export interface AuthorizeParameters {
  readonly clientId: string;
  readonly redirectUri: string;
  readonly state: string;
  readonly codeChallenge: string;
  readonly scope: string;
}

export interface LocalLoginPageProps {
  readonly request: AuthorizeParameters;
  readonly role: string;
  readonly region: string;
  readonly lifetime: string;
  /** A message about the region field, shown beside it. */
  readonly error?: string;
}

const HIDDEN = [
  ['client_id', 'clientId'],
  ['redirect_uri', 'redirectUri'],
  ['state', 'state'],
  ['code_challenge', 'codeChallenge'],
  ['scope', 'scope'],
] as const;

/**
 * The development-only stand-in for Cognito's managed login page: pick a role and, for a PPID
 * officer, a region, and you are signed in as that user. It exists only in the local stack; on
 * AWS the console sends people to Cognito's hosted UI (password and TOTP MFA) instead.
 */
export const LocalLoginPage = (props: LocalLoginPageProps) => (
  <html lang="id">
    <head>
      <meta charset="utf-8" />
      <meta name="viewport" content="width=device-width, initial-scale=1" />
      <title>Masuk (lokal) / Sign in (local)</title>
    </head>
    <body>
      <main>
        <h1>Masuk ke konsol (hanya pengembangan lokal)</h1>
        <p lang="en">Sign in to the console (local development only)</p>
        <p>
          Halaman ini menggantikan halaman masuk Cognito di komputer lokal: pilih peran dan wilayah, tanpa
          kata sandi.{' '}
          <span lang="en">This page stands in for Cognito's sign-in page on a local machine.</span>
        </p>
        <form method="post" action="/oauth2/authorize">
          {HIDDEN.map(([name, key]) => (
            <input type="hidden" name={name} value={props.request[key]} />
          ))}
          <p>
            <label for="role">Peran / Role</label>{' '}
            <select id="role" name="role">
              {ROLES.map((role) => (
                <option value={role} selected={role === props.role}>
                  {role}
                </option>
              ))}
            </select>
          </p>
          <p>
            <label for="region">Kode wilayah PPID / PPID region code</label>{' '}
            <input
              id="region"
              name="region"
              value={props.region}
              aria-invalid={props.error ? 'true' : undefined}
              aria-describedby={props.error ? 'region-error' : 'region-hint'}
            />
          </p>
          <p id="region-hint">
            Contoh 51.02.05; kosongkan untuk admin. / For example 51.02.05; empty for an admin.
          </p>
          {props.error ? (
            <p id="region-error" role="alert">
              {props.error}
            </p>
          ) : null}
          <p>
            <label for="lifetime">Masa berlaku sesi, detik / Session lifetime, seconds</label>{' '}
            <input id="lifetime" name="lifetime" inputmode="numeric" value={props.lifetime} />
          </p>
          <p>
            <button type="submit">Masuk / Sign in</button>
          </p>
        </form>
      </main>
    </body>
  </html>
);
