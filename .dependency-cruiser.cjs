/**
 * The directions of the code (STYLE.md item 0), checked by `npm run lint:layers` inside
 * `npm test`: functions → shared features → platform; nothing runtime imports infra/; use cases
 * never import adapters; a feature reaches another feature through its use cases, ports or
 * wiring, never its adapters.
 *
 * Adapters are the files under a feature's `dynamodb/`, `sqs/`, `ses/`, `s3/` or `oauth/` folder and the
 * platform's SDK client modules.
 */
const ADAPTER = '^shared/(?!platform/)[^/]+/(dynamodb|sqs|ses|s3|oauth)/';
const SDK_CLIENT =
  '^shared/platform/(dynamodb/client|mail/ses-client|mail/ses-mailer|sqs/client|s3/client)\\.ts$';

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'runtime-imports-infra',
      comment: 'shared/ and functions/ run in Lambda: they never import the CDK app or the local runtime.',
      severity: 'error',
      from: { path: '^(shared|functions)/' },
      to: { path: '^infra/' },
    },
    {
      name: 'shared-imports-functions',
      comment: 'Handlers depend on the domain, never the other way round.',
      severity: 'error',
      from: { path: '^shared/' },
      to: { path: '^functions/' },
    },
    {
      name: 'platform-imports-feature',
      comment: 'shared/platform/ holds what has no business rule: it knows no feature.',
      severity: 'error',
      from: { path: '^shared/platform/' },
      to: { path: '^shared/', pathNot: '^shared/platform/' },
    },
    {
      name: 'use-case-imports-adapter',
      comment:
        "Use cases, rules and ports receive their adapters as arguments; only a feature's adapters and its wiring.ts build them.",
      severity: 'error',
      from: { path: '^shared/[^/]+/[^/]+\\.tsx?$', pathNot: ['^shared/platform/', '(^|/)[^/]*wiring\\.ts$'] },
      to: { path: [ADAPTER, SDK_CLIENT] },
    },
    {
      name: 'feature-imports-other-feature-adapter',
      comment: 'A feature uses another feature through its use cases, ports or wiring, never its adapters.',
      severity: 'error',
      from: { path: '^shared/([^/]+)/', pathNot: '^shared/platform/' },
      to: { path: ADAPTER, pathNot: '^shared/$1/' },
    },
    {
      name: 'handler-imports-adapter',
      comment: "Handlers are thin: they take their ports from a feature's wiring, never build adapters.",
      severity: 'error',
      from: { path: '^functions/' },
      to: { path: [ADAPTER, SDK_CLIENT] },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: 'node_modules' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { extensions: ['.ts', '.tsx', '.js', '.mjs'] },
  },
};
