import {
  WAFInvalidParameterException,
  WAFNonexistentItemException,
  type GetSampledRequestsCommandInput,
  type GetSampledRequestsCommandOutput,
  type HTTPHeader,
  type SampledHTTPRequest,
} from '@aws-sdk/client-wafv2';
import type { BlockedSample } from './waf-evaluate';
import { errorMeta } from './sdk-stub';
import { NOT_FOUND } from './waf-ip-sets';

/**
 * The web ACL's sampled requests, as GetSampledRequests answers them
 * (https://docs.aws.amazon.com/waf/latest/APIReference/API_GetSampledRequests.html): WAF keeps them for 3 hours,
 * per rule metric name; a window starting earlier is moved to 3 hours ago; MaxItems is 1 to 500, drawn from the
 * first 5,000 requests of the window (the answer's TimeWindow then ends where those end). WAF draws them at random;
 * the sandbox takes the first ones, so an answer can be repeated.
 */

export const SAMPLE_RETENTION_MS = 3 * 3_600_000;
const MAX_ITEMS = 500;
const POPULATION_LIMIT = 5_000;

/** A request as the load balancer handed it to WAF. */
export interface SeenRequest {
  /** The path as sent, with its query. */
  uri: string;
  method: string;
  clientIp: string;
  country: string;
  httpVersion: string;
  headers: HTTPHeader[];
}

type Output = Pick<GetSampledRequestsCommandOutput, 'SampledRequests' | 'PopulationSize' | 'TimeWindow'>;

function invalid(parameter: string, reason: string, field?: 'METRIC_NAME' | 'RESOURCE_ARN') {
  return new WAFInvalidParameterException({
    ...errorMeta,
    ...(field ? { Field: field } : {}),
    Parameter: parameter,
    Reason: reason,
    message: `Error reason: ${reason}${field ? `, field: ${field}` : ''}, parameter: ${parameter}`,
  });
}

export class SampledRequests {
  private readonly byMetric = new Map<string, SampledHTTPRequest[]>();

  constructor(private readonly now: () => Date) {}

  /** A request a rule blocked, kept under the rule's metric name; samples older than 3 hours are dropped. */
  record(blocked: BlockedSample, request: SeenRequest): void {
    const at = this.now();
    const oldest = at.getTime() - SAMPLE_RETENTION_MS;
    const kept = (this.byMetric.get(blocked.metricName) ?? []).filter((s) => (s.Timestamp?.getTime() ?? 0) > oldest);
    kept.push({
      Request: {
        ClientIP: request.clientIp,
        Country: request.country,
        URI: request.uri,
        Method: request.method,
        HTTPVersion: request.httpVersion,
        Headers: request.headers,
      },
      Weight: 1,
      Timestamp: at,
      Action: 'BLOCK',
      ...(blocked.ruleWithinGroup ? { RuleNameWithinRuleGroup: blocked.ruleWithinGroup } : {}),
      Labels: blocked.labels.map((Name) => ({ Name })),
    });
    // Only a window's first 5,000 are ever sampled; a sandbox left running keeps no more than that many twice over.
    this.byMetric.set(blocked.metricName, kept.slice(-2 * POPULATION_LIMIT));
  }

  /**
   * GetSampledRequests for the web ACL `arn`, whose rules (and itself) keep samples under `metricNames`; another
   * ARN or metric name is not found, as WAF says for a web ACL or rule it does not have.
   */
  query(input: GetSampledRequestsCommandInput, arn: string | undefined, metricNames: ReadonlySet<string>): Output {
    if (input.WebAclArn !== arn || input.Scope !== 'REGIONAL' || !metricNames.has(input.RuleMetricName ?? ''))
      throw new WAFNonexistentItemException({ ...errorMeta, message: NOT_FOUND });
    const items = input.MaxItems ?? 0;
    if (!Number.isInteger(items) || items < 1 || items > MAX_ITEMS)
      throw invalid('MaxItems', `MaxItems must be from 1 to ${MAX_ITEMS}`);
    const { StartTime, EndTime } = input.TimeWindow ?? {};
    if (!StartTime || !EndTime) throw invalid('TimeWindow', 'StartTime and EndTime are required');
    const start = new Date(Math.max(StartTime.getTime(), this.now().getTime() - SAMPLE_RETENTION_MS));
    if (EndTime.getTime() <= start.getTime()) throw invalid('TimeWindow', 'EndTime must be after StartTime');
    const population = (this.byMetric.get(input.RuleMetricName ?? '') ?? [])
      .filter((sample) => {
        const at = sample.Timestamp?.getTime() ?? 0;
        return at >= start.getTime() && at <= EndTime.getTime();
      })
      .slice(0, POPULATION_LIMIT);
    const full = population.length === POPULATION_LIMIT;
    const end = full ? (population.at(-1)?.Timestamp ?? EndTime) : EndTime;
    return {
      SampledRequests: population.slice(0, items),
      PopulationSize: population.length,
      TimeWindow: { StartTime: start, EndTime: end },
    };
  }
}
