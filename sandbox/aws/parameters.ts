import {
  GetParameterCommand,
  ParameterNotFound,
  type GetParameterCommandInput,
  type SSMClient,
} from '@aws-sdk/client-ssm';
import type { AwsClientStub } from 'aws-sdk-client-mock';
import { answer } from './sdk-stub';

/**
 * Parameter Store's GetParameter on the simulated SSM (the stub sandbox/aws/fleet-clients.ts made): SecureStrings the
 * bot reads, such as the GitHub token `apps.web.github.tokenParameter` names. A name it does not hold is
 * ParameterNotFound, as SSM answers. https://docs.aws.amazon.com/systems-manager/latest/APIReference/API_GetParameter.html
 */
export function answerParameters(
  ssm: AwsClientStub<SSMClient>,
  secureStrings: ReadonlyMap<string, string>,
  origin: { account: string; region: string },
): void {
  ssm.on(GetParameterCommand).callsFake(
    answer((input: GetParameterCommandInput) => {
      const name = input.Name ?? '';
      const value = secureStrings.get(name);
      if (value === undefined) throw new ParameterNotFound({ message: '', $metadata: { httpStatusCode: 400 } });
      return {
        Parameter: {
          Name: name,
          Type: 'SecureString' as const,
          // Without WithDecryption SSM gives the ciphertext, base64.
          Value: input.WithDecryption ? value : Buffer.from(`sandbox-kms:${value}`).toString('base64'),
          Version: 1,
          LastModifiedDate: new Date('2026-11-02T09:00:00Z'),
          ARN: `arn:aws:ssm:${origin.region}:${origin.account}:parameter${name}`,
          DataType: 'text',
        },
      };
    }),
  );
}
