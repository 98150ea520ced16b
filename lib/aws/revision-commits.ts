import { GetApplicationRevisionCommand, type CodeDeployClient } from '@aws-sdk/client-codedeploy';
import { HeadObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { commitInDescription } from '../../commands/changes/summary';
import type { RevisionCommit, RevisionCommits } from '../../commands/changes/ports';
import type { S3Revision } from '../../commands/ports';

// Where CI records a revision's source commit: the bundle's S3 user metadata, or the description of the revision
// CodeDeploy registered (docs/decisions/0024).

const FULL_OR_SHORT_SHA = /^[0-9a-f]{7,64}$/;

/** Why a failed read found nothing, in a few words: access, a missing bundle, or the error's name. */
function failed(error: unknown, what: string): string {
  const name = error instanceof Error ? error.name : 'error';
  // HeadObject has no body, so a 404 is `NotFound`; without s3:ListBucket a missing key is a 403 (AccessDenied, or
  // `Forbidden` for the bodiless answer).
  if (name === 'NotFound' || name === 'NoSuchKey') return `${what} is not in S3`;
  if (/AccessDenied|Forbidden/.test(name)) return `the operator role may not read ${what} (s3:GetObject)`;
  return `${what} could not be read (${name})`;
}

async function fromMetadata(s3: S3Client, revision: S3Revision, key: string): Promise<RevisionCommit> {
  const where = `s3://${revision.bucket}/${revision.key}`;
  try {
    // The object at the key as it is now: bundle keys name their revision, so it is the one deployed. (A version id
    // would need s3:GetObjectVersion as well.)
    const head = await s3.send(new HeadObjectCommand({ Bucket: revision.bucket, Key: revision.key }));
    // The SDK gives user metadata without its `x-amz-meta-` prefix, keys in lower case, `{}` when there is none.
    const sha = head.Metadata?.[key]?.trim().toLowerCase();
    if (sha && FULL_OR_SHORT_SHA.test(sha)) return { sha, from: 'metadata' };
    return { sha: undefined, why: `${where} has no commit in x-amz-meta-${key}` };
  } catch (error) {
    return { sha: undefined, why: failed(error, where) };
  }
}

async function fromDescription(
  codeDeploy: CodeDeployClient,
  application: string,
  revision: S3Revision,
): Promise<RevisionCommit> {
  try {
    const { revisionInfo } = await codeDeploy.send(
      new GetApplicationRevisionCommand({
        applicationName: application,
        revision: {
          revisionType: 'S3',
          s3Location: {
            bucket: revision.bucket,
            key: revision.key,
            bundleType: revision.bundleType as 'zip' | 'tar' | 'tgz' | undefined,
            version: revision.version,
          },
        },
      }),
    );
    const sha = commitInDescription(revisionInfo?.description);
    return sha ? { sha, from: 'description' } : { sha: undefined, why: `no commit recorded for ${revision.key}` };
  } catch (error) {
    if (error instanceof Error && error.name === 'RevisionDoesNotExistException')
      return { sha: undefined, why: `${revision.key} is not registered with CodeDeploy, and has no commit metadata` };
    return { sha: undefined, why: failed(error, `the CodeDeploy revision ${revision.key}`) };
  }
}

/**
 * The commit of a revision: the S3 object's `x-amz-meta-<metadataKey>` when configured and present, else a commit id
 * in the CodeDeploy revision's description (CI pipelines that register revisions write one there).
 */
export function revisionCommits(clients: { s3: S3Client; codeDeploy: CodeDeployClient }): RevisionCommits {
  return {
    async commitOf({ application, revision, metadataKey }) {
      const metadata = metadataKey ? await fromMetadata(clients.s3, revision, metadataKey) : undefined;
      if (metadata?.sha) return metadata;
      const described = await fromDescription(clients.codeDeploy, application, revision);
      if (described.sha || metadata?.sha !== undefined || !metadata) return described;
      return { sha: undefined, why: metadata.why };
    },
  };
}
