/**
 * IAM roles as CI callers present them. API Gateway names an AWS_IAM caller by its session's ARN,
 * `arn:aws:sts::<account>:assumed-role/<role name>/<session>`, which keeps the role's name but not its path
 * (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_identifiers.html#identifiers-arns), so a configured
 * role and a caller are the same role when partition, account and name agree.
 */
export interface RoleIdentity {
  partition: string;
  account: string;
  name: string;
}

const ROLE_ARN = /^arn:(aws[\w-]*):iam::(\d{12}):role\/(?:[\w+=,.@-]+\/)*([\w+=,.@-]{1,64})$/;
const SESSION_ARN = /^arn:(aws[\w-]*):sts::(\d{12}):assumed-role\/([\w+=,.@-]{1,64})\/([\w+=,.@-]{2,64})$/;

/** The role an IAM role ARN (with or without a path) names; undefined for anything else. */
export function roleOfArn(arn: string): RoleIdentity | undefined {
  const match = ROLE_ARN.exec(arn);
  return match ? { partition: match[1] ?? '', account: match[2] ?? '', name: match[3] ?? '' } : undefined;
}

/** The role behind an assumed-role session ARN, and the session's name; undefined for users and anything else. */
export function roleOfSession(arn: string): (RoleIdentity & { session: string }) | undefined {
  const match = SESSION_ARN.exec(arn);
  return match
    ? { partition: match[1] ?? '', account: match[2] ?? '', name: match[3] ?? '', session: match[4] ?? '' }
    : undefined;
}

/** `arn:aws:iam::<account>:role/<name>`: the role as a caller's session names it (without a path). */
export function roleArn(role: RoleIdentity): string {
  return `arn:${role.partition}:iam::${role.account}:role/${role.name}`;
}

export function sameRole(a: RoleIdentity, b: RoleIdentity): boolean {
  return a.partition === b.partition && a.account === b.account && a.name === b.name;
}
