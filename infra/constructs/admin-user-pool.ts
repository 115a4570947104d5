import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import {
  AccountRecovery,
  CfnUserPoolRiskConfigurationAttachment,
  ClientAttributes,
  FeaturePlan,
  LambdaVersion,
  Mfa,
  OAuthScope,
  ResourceServerScope,
  StandardThreatProtectionMode,
  StringAttribute,
  UserPool,
  type UserPoolClient,
  UserPoolClientIdentityProvider,
  type UserPoolDomain,
  UserPoolOperation,
  type UserPoolResourceServer,
} from 'aws-cdk-lib/aws-cognito';
import { Construct } from 'constructs';
import { REGION_CODE_ATTRIBUTE, RESOURCE_SERVER_IDENTIFIER, ROLES } from '../../shared/auth/access-policy.js';
import type { HouseFunction } from './house-function.js';

/** The custom attribute's name without Cognito's `custom:` prefix. */
const REGION_CODE_ATTRIBUTE_NAME = REGION_CODE_ATTRIBUTE.replace(/^custom:/, '');

const GROUP_DESCRIPTIONS: Readonly<Record<(typeof ROLES)[number], string>> = {
  admin:
    'Kominfo admins: review registrations in the whole deployment scope and keep the PPID officer directory',
  ppid: 'PPID officers: review registrations inside the region in their custom:region_code attribute',
};

export interface AdminUserPoolProps {
  /** The pre-token-generation trigger (functions/auth/pre-token-generation.ts), invoked with event version 2. */
  readonly tokenTrigger: HouseFunction;
  /** Scopes of the admin API, each `kim-registry/<name>`; the resource server offers exactly these. */
  readonly scopes: readonly string[];
  /** Where the hosted UI may send the authorization code (https, or http://localhost for development). */
  readonly callbackUrls: readonly string[];
  /** Where the hosted UI may send the browser after sign-out. */
  readonly logoutUrls: readonly string[];
  /** Prefix of the hosted UI domain `https://<prefix>.auth.<region>.amazoncognito.com`; unique in the region. */
  readonly domainPrefix: string;
  /** What CloudFormation does with the pool when it leaves the template. @default RemovalPolicy.RETAIN */
  readonly removalPolicy?: RemovalPolicy;
  /** @default true */
  readonly deletionProtection?: boolean;
  /** @default Duration.hours(1) */
  readonly accessTokenValidity?: Duration;
  /** How long a sign-in lasts without entering the password again. @default Duration.hours(12) */
  readonly refreshTokenValidity?: Duration;
}

/**
 * The identity of the admin API: a Cognito user pool whose users only admins create (no
 * self sign-up), with TOTP MFA required, a strong password policy and the Plus feature plan's
 * threat protection enforced; the groups `admin` and `ppid`; the `custom:region_code` attribute a
 * `ppid` user acts within; the `kim-registry` resource server with the admin API's scopes; one
 * public app client (authorization code with PKCE, no secret) for the hosted UI; and the
 * pre-token-generation trigger that puts the region into the access token.
 */
export class AdminUserPool extends Construct {
  readonly userPool: UserPool;
  readonly client: UserPoolClient;
  readonly resourceServer: UserPoolResourceServer;
  readonly domain: UserPoolDomain;

  constructor(scope: Construct, id: string, props: AdminUserPoolProps) {
    super(scope, id);

    const scopeNames = props.scopes.map((fullName) => {
      const [identifier, name, ...rest] = fullName.split('/');
      if (identifier !== RESOURCE_SERVER_IDENTIFIER || name === undefined || name === '' || rest.length > 0) {
        throw new Error(`Scope ${fullName} is not of the form ${RESOURCE_SERVER_IDENTIFIER}/<name>`);
      }
      return name;
    });

    this.userPool = new UserPool(this, 'UserPool', {
      // Accounts are created by admins (aws cognito-idp admin-create-user), never by visitors.
      selfSignUpEnabled: false,
      signInAliases: { username: true, email: true },
      signInCaseSensitive: false,
      autoVerify: { email: true },
      keepOriginal: { email: true },
      standardAttributes: {
        email: { required: true, mutable: true },
        fullname: { required: false, mutable: true },
      },
      customAttributes: {
        // Long enough for a village code (51.02.01.2001); `ID` is the shortest code.
        [REGION_CODE_ATTRIBUTE_NAME]: new StringAttribute({ minLen: 2, maxLen: 13, mutable: true }),
      },
      passwordPolicy: {
        minLength: 12,
        requireLowercase: true,
        requireUppercase: true,
        requireDigits: true,
        requireSymbols: true,
        tempPasswordValidity: Duration.days(3),
        passwordHistorySize: 5,
      },
      // The users read and change personal data of KIM members (UU 27/2022 PDP): a password alone
      // is not enough. TOTP apps cost nothing and need no SMS setup.
      mfa: Mfa.REQUIRED,
      mfaSecondFactor: { sms: false, otp: true },
      accountRecovery: AccountRecovery.EMAIL_ONLY,
      // Plus: access-token customisation (needs Essentials at least) and threat protection
      // (compromised credentials, risky sign-ins), for a few tens of officers.
      featurePlan: FeaturePlan.PLUS,
      standardThreatProtectionMode: StandardThreatProtectionMode.FULL_FUNCTION,
      userInvitation: {
        emailSubject: 'Akun admin KIM registry / KIM registry admin account',
        emailBody:
          'Nama pengguna / username: {username}<br>Kata sandi sementara / temporary password: {####}<br>' +
          'Ganti kata sandi dan pasang aplikasi autentikator saat masuk pertama kali. / ' +
          'Change the password and set up an authenticator app at your first sign-in.',
      },
      deletionProtection: props.deletionProtection ?? true,
      removalPolicy: props.removalPolicy ?? RemovalPolicy.RETAIN,
    });
    this.userPool.addTrigger(
      UserPoolOperation.PRE_TOKEN_GENERATION_CONFIG,
      props.tokenTrigger.lambdaFunction,
      LambdaVersion.V2_0,
    );

    new CfnUserPoolRiskConfigurationAttachment(this, 'ThreatProtection', {
      userPoolId: this.userPool.userPoolId,
      clientId: 'ALL',
      compromisedCredentialsRiskConfiguration: {
        eventFilter: ['SIGN_IN', 'PASSWORD_CHANGE'],
        actions: { eventAction: 'BLOCK' },
      },
      accountTakeoverRiskConfiguration: {
        actions: {
          highAction: { eventAction: 'BLOCK', notify: false },
          mediumAction: { eventAction: 'MFA_REQUIRED', notify: false },
          lowAction: { eventAction: 'NO_ACTION', notify: false },
        },
      },
    });

    for (const role of ROLES) {
      this.userPool.addGroup(`${role.charAt(0).toUpperCase()}${role.slice(1)}Group`, {
        groupName: role,
        description: GROUP_DESCRIPTIONS[role],
      });
    }

    const resourceScopes = scopeNames.map(
      (name) => new ResourceServerScope({ scopeName: name, scopeDescription: `Admin API: ${name}` }),
    );
    this.resourceServer = this.userPool.addResourceServer('AdminApi', {
      identifier: RESOURCE_SERVER_IDENTIFIER,
      userPoolResourceServerName: 'KIM registry admin API',
      scopes: resourceScopes,
    });

    this.client = this.userPool.addClient('AdminClient', {
      // A browser or CLI cannot keep a secret: a public client, protected by PKCE.
      generateSecret: false,
      authFlows: { userSrp: true },
      supportedIdentityProviders: [UserPoolClientIdentityProvider.COGNITO],
      oAuth: {
        flows: { authorizationCodeGrant: true },
        scopes: [
          OAuthScope.OPENID,
          OAuthScope.EMAIL,
          OAuthScope.PROFILE,
          ...resourceScopes.map((scope) => OAuthScope.resourceServer(this.resourceServer, scope)),
        ],
        callbackUrls: [...props.callbackUrls],
        logoutUrls: [...props.logoutUrls],
      },
      preventUserExistenceErrors: true,
      enableTokenRevocation: true,
      accessTokenValidity: props.accessTokenValidity ?? Duration.hours(1),
      idTokenValidity: props.accessTokenValidity ?? Duration.hours(1),
      refreshTokenValidity: props.refreshTokenValidity ?? Duration.hours(12),
      readAttributes: new ClientAttributes()
        .withStandardAttributes({ email: true, emailVerified: true, fullname: true })
        .withCustomAttributes(REGION_CODE_ATTRIBUTE_NAME),
      // Users may change their display name and nothing else: never their region, whatever token they hold.
      writeAttributes: new ClientAttributes().withStandardAttributes({ fullname: true }),
    });

    this.domain = this.userPool.addDomain('HostedUi', {
      cognitoDomain: { domainPrefix: props.domainPrefix },
    });
  }
}
