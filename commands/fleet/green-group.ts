/** CodeDeploy names the copy it makes for a blue/green deployment `CodeDeploy_<deployment-group>_<deployment-id>`. */
const COPY_NAME = /^CodeDeploy_(.+)_(d-[A-Z0-9]+)$/;

export function greenGroupName(deploymentGroup: string, deploymentId: string): string {
  return `CodeDeploy_${deploymentGroup}_${deploymentId}`;
}

/** The deployment group and the deployment that made this Auto Scaling group, when CodeDeploy made it. */
export function copiedGroupOrigin(groupName: string): { deploymentGroup: string; deploymentId: string } | undefined {
  const match = COPY_NAME.exec(groupName);
  return match?.[1] && match[2] ? { deploymentGroup: match[1], deploymentId: match[2] } : undefined;
}
