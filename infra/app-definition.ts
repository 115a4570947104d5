/**
 * The one table of functions and routes. The CDK stateless stack and the local gateway are both
 * built from it, so the API that runs locally is the API that is deployed.
 */

/** DynamoDB actions a function may be granted on the table (least privilege, per function). */
export type TableAction =
  | 'dynamodb:GetItem'
  | 'dynamodb:Query'
  | 'dynamodb:PutItem'
  | 'dynamodb:UpdateItem'
  | 'dynamodb:DeleteItem'
  | 'dynamodb:ConditionCheckItem'
  | 'dynamodb:BatchWriteItem'
  | 'dynamodb:BatchGetItem';

export interface FunctionDefinition {
  /** Source file, relative to the repository root; it exports `handler`. */
  readonly entry: string;
  readonly description: string;
  /** Table actions the function needs; nothing else on the table is granted. */
  readonly tableActions: readonly TableAction[];
  /** @default 256 */
  readonly memorySize?: number;
  /** @default 10 */
  readonly timeoutSeconds?: number;
}

export const functionDefinitions = {
  createRegistration: {
    entry: 'functions/api/create-registration.ts',
    description: 'POST /registrations: validates and stores a KIM registration',
    tableActions: ['dynamodb:GetItem', 'dynamodb:PutItem'],
  },
  getRegistration: {
    entry: 'functions/api/get-registration.ts',
    description: 'GET /registrations/{id}: public status view without personal data',
    tableActions: ['dynamodb:GetItem'],
  },
  getRegion: {
    entry: 'functions/api/get-region.ts',
    description: 'GET /regions/{code}: a region with its children and village counts',
    tableActions: ['dynamodb:GetItem', 'dynamodb:Query'],
  },
  getOpenApi: {
    entry: 'functions/api/get-openapi.ts',
    description: 'GET /openapi.json: the OpenAPI 3.1 document generated from the zod schemas',
    tableActions: [],
  },
  seedRegions: {
    entry: 'functions/seed/seed-regions.ts',
    description: 'Custom resource: writes the deployment scope regions and their village counts',
    tableActions: ['dynamodb:BatchWriteItem'],
    memorySize: 1024,
    timeoutSeconds: 900,
  },
} as const satisfies Record<string, FunctionDefinition>;

export type FunctionName = keyof typeof functionDefinitions;

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'DELETE';

export interface RouteDefinition {
  readonly method: HttpMethod;
  /** API Gateway path syntax, for example `/registrations/{id}`. */
  readonly path: string;
  readonly function: FunctionName;
  /** `public` routes have no authorizer; admin routes arrive with the admin/review work. */
  readonly auth: 'public';
}

export const routes: readonly RouteDefinition[] = [
  { method: 'POST', path: '/registrations', function: 'createRegistration', auth: 'public' },
  { method: 'GET', path: '/registrations/{id}', function: 'getRegistration', auth: 'public' },
  { method: 'GET', path: '/regions/{code}', function: 'getRegion', auth: 'public' },
  { method: 'GET', path: '/openapi.json', function: 'getOpenApi', auth: 'public' },
];

/** Environment every function gets, on AWS and locally. */
export interface FunctionEnvironment {
  TABLE_NAME: string;
  SCOPE_CODE: string;
  POWERTOOLS_SERVICE_NAME: string;
  LOG_LEVEL: string;
}
