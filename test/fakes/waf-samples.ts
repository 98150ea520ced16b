import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { SampledHTTPRequest } from '@aws-sdk/client-wafv2';
import { ADMIN_PROTECTION_LABEL } from './web-acls';

/*
 * GetSampledRequests answers built on the AWS CLI's example (test/fixtures/payloads/README.md): its four samples
 * with only what a test needs changed. The file is as the CLI prints it; the SDK gives Dates for its timestamps.
 */

const FIXTURE = join(
  __dirname,
  '..',
  'fixtures',
  'payloads',
  'api-response__wafv2-get-sampled-requests__managed-rule-group__aws-cli-example.json',
);

interface CliSample extends Omit<SampledHTTPRequest, 'Timestamp'> {
  Timestamp: number;
}
interface CliResponse {
  TimeWindow: { StartTime: number; EndTime: number };
  SampledRequests: CliSample[];
  PopulationSize: number;
}

/** The CLI example as printed: 4 BLOCKs by AWS#AWSManagedRulesSQLiRuleSet#SQLi_BODY of POST /, weights 1, 3, 1, 1. */
export function cliExample(): CliResponse {
  return JSON.parse(readFileSync(FIXTURE, 'utf8')) as CliResponse;
}

/** The example's samples as the SDK returns them. */
export function sqliSamples(): SampledHTTPRequest[] {
  return cliExample().SampledRequests.map((sample) => ({ ...sample, Timestamp: new Date(sample.Timestamp * 1000) }));
}

/** The same samples as AdminProtection blocking GET `uri`, with the label it adds. */
export function adminProtectionSamples(uri = '/admin/login/'): SampledHTTPRequest[] {
  return sqliSamples().map((sample) => ({
    ...sample,
    RuleNameWithinRuleGroup: 'AWS#AWSManagedRulesAdminProtectionRuleSet#AdminProtection_URIPATH',
    Request: { ...sample.Request, URI: uri, Method: 'GET' },
    Labels: [{ Name: ADMIN_PROTECTION_LABEL }],
  }));
}
