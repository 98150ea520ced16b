import { SSMProvider } from '@aws-lambda-powertools/parameters/ssm';
import { SSMClient } from '@aws-sdk/client-ssm';
import type { ParameterSource } from '../config/load';

/** The bot's own Parameter Store (config and Slack secrets), cached per container by Powertools. */
export function ssmParameters(client: SSMClient = new SSMClient({})): ParameterSource {
  const provider = new SSMProvider({ awsSdkV3Client: client });
  return {
    async get(name, { decrypt, maxAgeSeconds }) {
      const value = await provider.get(name, { decrypt, maxAge: maxAgeSeconds });
      if (typeof value !== 'string') throw new Error(`SSM parameter ${name} has no value`);
      return value;
    },
  };
}
