import { HeadObjectCommand, NotFound, S3Client, type HeadObjectCommandInput } from '@aws-sdk/client-s3';
import { mockClient, type AwsClientStub } from 'aws-sdk-client-mock';
import { answer, refuseUnknownCommands } from './sdk-stub';

/**
 * S3 answering HeadObject for the app's bundles: each revision's object with the commit CI built it from in its user
 * metadata (`x-amz-meta-git-sha`, which the SDK gives as `Metadata['git-sha']`), as "What changed" reads it.
 * A key that is not there is a bodiless 404 (`NotFound`, as the SDK names it for a HEAD with s3:ListBucket); another
 * bucket answers the same.
 * https://docs.aws.amazon.com/AmazonS3/latest/API/API_HeadObject.html
 */

export interface SimObject {
  /** User metadata, keys without `x-amz-meta-`, in lower case. */
  metadata: Record<string, string>;
  size: number;
  lastModified: Date;
}

function head(bucket: string, objects: ReadonlyMap<string, SimObject>, input: HeadObjectCommandInput) {
  const object = input.Bucket === bucket ? objects.get(input.Key ?? '') : undefined;
  if (!object) throw new NotFound({ message: 'Not Found', $metadata: { httpStatusCode: 404 } });
  return {
    AcceptRanges: 'bytes',
    ContentLength: object.size,
    ContentType: 'application/zip',
    ETag: `"${Buffer.from(input.Key ?? '')
      .toString('hex')
      .padEnd(32, '0')
      .slice(0, 32)}"`,
    LastModified: object.lastModified,
    ServerSideEncryption: 'AES256' as const,
    Metadata: { ...object.metadata },
  };
}

/** The bucket's objects by key; every other command (GetObject, PutObject…) is refused by name. */
export function installS3Stub(bucket: string, objects: ReadonlyMap<string, SimObject>): AwsClientStub<S3Client> {
  const s3 = refuseUnknownCommands(mockClient(S3Client), 'S3');
  s3.on(HeadObjectCommand).callsFake(answer((input: HeadObjectCommandInput) => head(bucket, objects, input)));
  return s3;
}
