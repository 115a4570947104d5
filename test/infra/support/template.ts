/**
 * Small readers over a synthesized CloudFormation template (the JSON of `Template.toJSON()`),
 * so infra tests can follow references between resources instead of counting them.
 */

export interface CfnResource {
  readonly Type: string;
  readonly Properties?: Record<string, unknown>;
  readonly DeletionPolicy?: string;
  readonly UpdateReplacePolicy?: string;
}

export interface CfnTemplate {
  readonly Resources: Record<string, CfnResource>;
  readonly Outputs?: Record<string, { Value: unknown; Export?: { Name: unknown } }>;
}

export interface PolicyStatement {
  readonly Effect: string;
  readonly Action: string | string[];
  readonly Resource: unknown;
}

export const resourcesOfType = (template: CfnTemplate, type: string): Array<[string, CfnResource]> =>
  Object.entries(template.Resources).filter(([, resource]) => resource.Type === type);

export const props = (resource: CfnResource): Record<string, unknown> => resource.Properties ?? {};

/** The logical id behind `{ Ref: id }` or `{ 'Fn::GetAtt': [id, attribute] }`. */
export const referencedId = (value: unknown): string | undefined => {
  if (typeof value !== 'object' || value === null) return undefined;
  if ('Ref' in value && typeof value.Ref === 'string') return value.Ref;
  if ('Fn::GetAtt' in value && Array.isArray(value['Fn::GetAtt'])) {
    const [id] = value['Fn::GetAtt'];
    return typeof id === 'string' ? id : undefined;
  }
  return undefined;
};

export const actionsOf = (statement: PolicyStatement): string[] =>
  Array.isArray(statement.Action) ? statement.Action : [statement.Action];

export const resourcesOf = (statement: PolicyStatement): unknown[] =>
  Array.isArray(statement.Resource) ? statement.Resource : [statement.Resource];

/** Every statement granted to a role: its inline policies and the AWS::IAM::Policy resources attached to it. */
export const statementsOfRole = (template: CfnTemplate, roleId: string): PolicyStatement[] => {
  const role = template.Resources[roleId];
  if (role === undefined) throw new Error(`No role ${roleId} in the template`);
  const inline = (props(role).Policies as Array<{ PolicyDocument: { Statement: PolicyStatement[] } }>) ?? [];
  const attached = resourcesOfType(template, 'AWS::IAM::Policy')
    .filter(([, policy]) =>
      (props(policy).Roles as unknown[]).some((roleRef) => referencedId(roleRef) === roleId),
    )
    .map(([, policy]) => props(policy).PolicyDocument as { Statement: PolicyStatement[] });
  return [...inline.map((policy) => policy.PolicyDocument), ...attached].flatMap((doc) => doc.Statement);
};
