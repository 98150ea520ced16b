import { AsyncLocalStorage } from 'node:async_hooks';
import { AutoScalingClient } from '@aws-sdk/client-auto-scaling';
import { CloudWatchClient } from '@aws-sdk/client-cloudwatch';
import { CodeDeployClient } from '@aws-sdk/client-codedeploy';
import { EC2Client } from '@aws-sdk/client-ec2';
import { SSMClient } from '@aws-sdk/client-ssm';
import { STSClient } from '@aws-sdk/client-sts';
import { WAFV2Client } from '@aws-sdk/client-wafv2';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';

/**
 * Fault injection at the two edges the bot talks through: the AWS SDK clients' `send` (under aws-sdk-client-mock's
 * stubs, or the real client for the state table) and `fetch` (every Slack Web API call, response_url and upload goes
 * through it). Each call is recorded as an operation (`codedeploy:CreateDeployment`, `slack:chat.postMessage`) with
 * the delivery it belongs to and what happened to it, so a clean run lists the operations a flow uses, and a rule
 * can make any of them fail the way the real service fails.
 */

/** The faults of the matrix; `kill` is a Lambda timeout: the call never answers and the invocation is abandoned. */
export type Fault = 'throttle' | 'outage' | 'timeout' | 'denied';
export const FAULTS: readonly Fault[] = ['throttle', 'outage', 'timeout', 'denied'];

export type CallResult = 'ok' | 'error' | 'fault' | 'fault-after-effect' | 'killed';

export interface TappedCall {
  op: string;
  delivery: number;
  result: CallResult;
  /** The injected fault, when there was one. */
  fault?: Fault;
  /** The error the service itself answered (a refusal the fake made, not one injected). */
  error?: string;
}

export interface FaultRule {
  op: string;
  /** `kill`: the call never answers and the invocation is abandoned; `hold`: the call waits for `hold.release`. */
  fault: Fault | 'kill' | 'hold';
  hold?: { arrived(): void; release: Promise<void> };
  /**
   * Which calls of the operation fail: by delivery (1-based) and by the call's index among this op's calls
   * (0-based).
   */
  when(delivery: number, nth: number): boolean;
}

/** How long each fault lasts, as the matrix defines it. */
export const SCHEDULES: Record<Fault, FaultRule['when']> = {
  // Throttling for the whole first delivery (the SDK's or web-api's own retries included), easing before the next.
  throttle: (delivery) => delivery === 1,
  // An outage longer than every retry the platform gives.
  outage: () => true,
  // One call that got no answer in time: the service may well have done it (a mutation took effect).
  timeout: (_delivery, nth) => nth === 0,
  // A permission that is missing stays missing.
  denied: () => true,
};

/** The IAM service prefix of each client class blueshift uses, and the state table's document client. */
const CLIENTS: [string, { prototype: object }][] = [
  ['codedeploy', CodeDeployClient],
  ['cloudwatch', CloudWatchClient],
  ['autoscaling', AutoScalingClient],
  ['ssm', SSMClient],
  ['ec2', EC2Client],
  ['wafv2', WAFV2Client],
  ['sts', STSClient],
  ['dynamodb', DynamoDBDocumentClient],
];

/** lib-dynamodb's command names, as the DynamoDB API (and IAM) names the operations. */
const DOCUMENT_OPS: Record<string, string> = {
  Get: 'GetItem',
  Put: 'PutItem',
  Update: 'UpdateItem',
  Delete: 'DeleteItem',
  Query: 'Query',
};

const ACCOUNT = '111111111111';
const BOT_ROLE = 'arn:aws:sts::999999999999:assumed-role/blueshift-test-worker-role/blueshift-test-worker';
const OPERATOR_ROLE = `arn:aws:sts::${ACCOUNT}:assumed-role/blueshift-operator/blueshift-carol`;

interface ErrorShape {
  name: string;
  status: number;
  fault: 'client' | 'server';
}

/**
 * How each service spells its errors (query protocols say Throttling / AccessDenied, JSON ones …Exception, EC2 its
 * own).
 */
const NAMES: Record<string, Partial<Record<Fault, ErrorShape>>> = {
  codedeploy: {
    throttle: { name: 'ThrottlingException', status: 400, fault: 'client' },
    denied: { name: 'AccessDeniedException', status: 400, fault: 'client' },
  },
  wafv2: {
    throttle: { name: 'ThrottlingException', status: 400, fault: 'client' },
    outage: { name: 'WAFInternalErrorException', status: 500, fault: 'server' },
    denied: { name: 'AccessDeniedException', status: 400, fault: 'client' },
  },
  ssm: {
    throttle: { name: 'ThrottlingException', status: 400, fault: 'client' },
    outage: { name: 'InternalServerError', status: 500, fault: 'server' },
    denied: { name: 'AccessDeniedException', status: 400, fault: 'client' },
  },
  dynamodb: {
    throttle: { name: 'ThrottlingException', status: 400, fault: 'client' },
    outage: { name: 'InternalServerError', status: 500, fault: 'server' },
    denied: { name: 'AccessDeniedException', status: 400, fault: 'client' },
  },
  cloudwatch: {
    throttle: { name: 'Throttling', status: 400, fault: 'client' },
    outage: { name: 'InternalServiceError', status: 500, fault: 'server' },
    denied: { name: 'AccessDenied', status: 403, fault: 'client' },
  },
  autoscaling: {
    throttle: { name: 'Throttling', status: 400, fault: 'client' },
    outage: { name: 'ServiceUnavailable', status: 503, fault: 'server' },
    denied: { name: 'AccessDenied', status: 403, fault: 'client' },
  },
  sts: {
    throttle: { name: 'Throttling', status: 400, fault: 'client' },
    outage: { name: 'ServiceUnavailable', status: 503, fault: 'server' },
    denied: { name: 'AccessDenied', status: 403, fault: 'client' },
  },
  ec2: {
    throttle: { name: 'RequestLimitExceeded', status: 503, fault: 'client' },
    outage: { name: 'InternalError', status: 500, fault: 'server' },
    denied: { name: 'UnauthorizedOperation', status: 403, fault: 'client' },
  },
};
const DEFAULT_OUTAGE: ErrorShape = { name: 'InternalFailure', status: 500, fault: 'server' };

/** The error an SDK client rejects with for this fault, shaped as the SDK deserialises it. */
export function awsFault(op: string, fault: Fault): Error {
  const [service = ''] = op.split(':');
  if (fault === 'timeout') {
    // @smithy/node-http-handler's request timeout: a plain Error named TimeoutError, no $metadata.
    return Object.assign(new Error('Connection timed out after 3000 ms'), { name: 'TimeoutError' });
  }
  const shape =
    NAMES[service]?.[fault] ??
    (fault === 'outage'
      ? DEFAULT_OUTAGE
      : {
          name: fault === 'throttle' ? 'ThrottlingException' : 'AccessDeniedException',
          status: 400,
          fault: 'client' as const,
        });
  const principal = service === 'dynamodb' || op === 'sts:AssumeRole' ? BOT_ROLE : OPERATOR_ROLE;
  const message = {
    throttle: 'Rate exceeded',
    outage: 'We encountered an internal error. Please try again.',
    denied: `User: ${principal} is not authorized to perform: ${op} because no identity-based policy allows the ${op} action`,
  }[fault];
  return Object.assign(new Error(message), {
    name: shape.name,
    $fault: shape.fault,
    $metadata: { httpStatusCode: shape.status, requestId: 'fault-injected' },
  });
}

function opName(service: string, command: object): string {
  const name = command.constructor.name.replace(/Command$/, '');
  return `${service}:${service === 'dynamodb' ? (DOCUMENT_OPS[name] ?? name) : name}`;
}

/** A promise that never settles: the invocation it belongs to is frozen, as Lambda does at its timeout. */
const never = <T>(): Promise<T> => new Promise<T>(() => undefined);

/**
 * The invocation a call belongs to, carried through its promises: the delivery it is, and whether Lambda has
 * killed it. A killed invocation's call fails (so nothing shared, like a role session being assumed, waits on it
 * for ever: Lambda resets the environment after a timeout) and every later call it makes never answers.
 */
export const invocation = new AsyncLocalStorage<{ delivery: number; killed: boolean }>();

/** Lambda stopped the invocation at its timeout: what its killed call sees, though nothing it does next gets out. */
export class LambdaTimeout extends Error {
  override readonly name = 'LambdaTimeout';
}

export interface Tap {
  calls: TappedCall[];
  rules: FaultRule[];
  /** The delivery (SQS receive, Lambda attempt, sweep) now running. */
  delivery: number;
  /** Resolves when a `kill` rule freezes an invocation (a fresh promise after each kill). */
  readonly killed: Promise<void>;
  ops(): string[];
  /** Calls of `op` that reached the service and took effect. */
  effective(op: string): number;
}

interface TapState extends Omit<Tap, 'killed'> {
  killed: Promise<void>;
  decide(op: string, delivery: number, where?: { toAudit: boolean }): FaultRule | undefined;
  kill(): void;
}

function tapState(): TapState {
  let kill: () => void = () => undefined;
  const arm = () =>
    new Promise<void>((resolve) => {
      kill = resolve;
    });
  const state: TapState = {
    calls: [],
    rules: [],
    delivery: 1,
    killed: arm(),
    ops: () => [...new Set(state.calls.map((call) => call.op))],
    effective: (op) =>
      state.calls.filter((call) => call.op === op && (call.result === 'ok' || call.result === 'fault-after-effect'))
        .length,
    decide(op, delivery, where = { toAudit: false }) {
      const nth = state.calls.filter((call) => call.op === op).length;
      return state.rules.find(
        (rule) => rule.op === op && rule.when(delivery, nth) && !(rule.fault === 'denied' && where.toAudit),
      );
    },
    kill: () => {
      kill();
      state.killed = arm();
    },
  };
  return state;
}

/** The kill of an invocation at this call: recorded, the invocation marked dead, the platform told. */
function killed(call: TappedCall, current: { killed: boolean } | undefined, state: TapState): LambdaTimeout {
  call.result = 'killed';
  if (current) current.killed = true;
  state.kill();
  return new LambdaTimeout(`killed at ${call.op}`);
}

type Send = (
  this: { config?: { credentials?: () => Promise<unknown> } },
  command: object,
  ...rest: unknown[]
) => Promise<unknown>;

/**
 * Wraps `send` of every client class (installed after the flow's aws-sdk-client-mock stubs, removed before they are
 * restored). Target-account clients resolve their credentials first, as the SDK does before signing, so the role
 * session's AssumeRole happens (and can fail) where it would in Lambda.
 */
function tapAws(state: TapState, ignore: readonly object[]): () => void {
  const undo: (() => void)[] = [];
  for (const [service, client] of CLIENTS) {
    const proto = client.prototype as { send: Send };
    const own = Object.getOwnPropertyDescriptor(proto, 'send');
    const inner = proto.send;
    const wrapper: Send = async function wrapped(this, command, ...rest) {
      if (ignore.includes(this)) return inner.call(this, command, ...rest);
      const current = invocation.getStore();
      if (current?.killed) return never();
      const op = opName(service, command);
      const delivery = current?.delivery ?? state.delivery;
      const rule = state.decide(op, delivery);
      const call: TappedCall = { op, delivery, result: 'ok' };
      if (service !== 'dynamodb' && service !== 'sts') await this.config?.credentials?.();
      state.calls.push(call);
      if (rule?.fault === 'hold') {
        rule.hold?.arrived();
        await rule.hold?.release;
        return inner.call(this, command, ...rest);
      }
      if (rule?.fault === 'kill') throw killed(call, current, state);
      if (rule && rule.fault !== 'timeout') {
        Object.assign(call, { result: 'fault', fault: rule.fault });
        throw awsFault(op, rule.fault);
      }
      let answer: unknown;
      try {
        answer = await inner.call(this, command, ...rest);
      } catch (error) {
        Object.assign(call, { result: 'error', error: error instanceof Error ? error.name : String(error) });
        throw error;
      }
      if (rule) {
        Object.assign(call, { result: 'fault-after-effect', fault: rule.fault });
        throw awsFault(op, rule.fault);
      }
      return answer;
    };
    proto.send = wrapper;
    undo.push(() => {
      if (proto.send !== wrapper) return;
      if (own) Object.defineProperty(proto, 'send', own);
      else delete (proto as Partial<typeof proto>).send;
    });
  }
  return () => undo.reverse().forEach((step) => step());
}

/** The Slack operation a request is: a Web API method, a response_url, or a file's bytes to an upload URL. */
function slackOp(url: URL): string {
  if (url.pathname.startsWith('/response/')) return 'slack:response_url';
  if (url.pathname.startsWith('/upload/')) return 'slack:upload';
  return `slack:${url.pathname.replace(/^\/api\//, '')}`;
}

const json = (status: number, body: object, headers: Record<string, string> = {}) =>
  new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json', ...headers } });

/**
 * How Slack answers each fault. Denied is the refusal a misconfigured app gets: not in the channel, a scope
 * missing.
 */
function slackFault(op: string, fault: Exclude<Fault, 'timeout'>): Response {
  const method = op.slice('slack:'.length);
  // Retry-After 0 rather than Slack's usual 1+: the same path through web-api, without a real second's wait per call.
  if (fault === 'throttle') return json(429, { ok: false, error: 'ratelimited' }, { 'retry-after': '0' });
  if (fault === 'outage') return json(500, { ok: false, error: 'internal_error' });
  if (method === 'response_url') return new Response('expired_url', { status: 404 });
  if (method === 'upload') return new Response('Forbidden', { status: 403 });
  if (method.startsWith('chat.')) return json(200, { ok: false, error: 'not_in_channel' });
  const needed = method.startsWith('usergroups.') ? 'usergroups:read' : 'files:write';
  return json(200, { ok: false, error: 'missing_scope', needed, provided: 'chat:write,commands' });
}

type Fetch = typeof fetch;

const AUDIT_CHANNEL = 'C0AUDIT0001';

/** The channel a Web API call is about (web-api sends form-encoded bodies; JSON for a few methods). */
function channelOf(init: RequestInit | undefined): string | undefined {
  const body = typeof init?.body === 'string' ? init.body : undefined;
  if (!body) return undefined;
  if (body.startsWith('{')) return (JSON.parse(body) as { channel?: string }).channel;
  return new URLSearchParams(body).get('channel') ?? undefined;
}

/** The tap Slack calls go to now: web-api's WebClient keeps the fetch it found when the function built it. */
let slackState: TapState | undefined;

/**
 * Wraps the global fetch for the fake's host, once per test file and before any function runs: a function's
 * WebClient takes `globalThis.fetch` when it is built and keeps it for the container's life.
 */
export function tapSlackOnce(host: string): () => void {
  const real = globalThis.fetch;
  const wrapper: Fetch = async (input, init) => {
    const url = new URL(input instanceof Request ? input.url : String(input));
    const state = slackState;
    if (url.host !== host || !state) return real(input, init);
    const current = invocation.getStore();
    if (current?.killed) return never();
    const op = slackOp(url);
    const delivery = current?.delivery ?? state.delivery;
    // The bot is refused in one channel (not invited), not everywhere: the audit channel still takes its word.
    const rule = state.decide(op, delivery, { toAudit: channelOf(init) === AUDIT_CHANNEL });
    const call: TappedCall = { op, delivery, result: 'ok' };
    state.calls.push(call);
    if (rule?.fault === 'hold') {
      rule.hold?.arrived();
      await rule.hold?.release;
      return real(input, init);
    }
    if (rule?.fault === 'kill') throw killed(call, current, state);
    if (rule) {
      Object.assign(call, { result: 'fault', fault: rule.fault });
      // No answer in time, and Slack never got to act: what AbortSignal.timeout makes fetch reject with. (A
      // timeout after Slack acted would show twice however the bot is written: Slack has no idempotency key.)
      if (rule.fault === 'timeout') throw new DOMException('The operation was aborted due to timeout', 'TimeoutError');
      return slackFault(op, rule.fault);
    }
    return real(input, init);
  };
  globalThis.fetch = wrapper;
  return () => {
    if (globalThis.fetch === wrapper) globalThis.fetch = real;
  };
}

/**
 * Taps AWS and Slack until the returned `remove` is called (Slack's fetch must have been wrapped by tapSlackOnce);
 * `ignore` lists the test's own clients (its table reads).
 */
export function installTap(ignore: readonly object[] = []): Tap & { remove(): void } {
  const state = tapState();
  const removeAws = tapAws(state, ignore);
  slackState = state;
  const removeSlack = () => {
    if (slackState === state) slackState = undefined;
  };
  const { calls, rules, ops, effective } = state;
  return {
    calls,
    rules,
    ops,
    effective,
    get delivery() {
      return state.delivery;
    },
    set delivery(value: number) {
      state.delivery = value;
    },
    /** The next kill, from the moment it is read: read it when a delivery starts. */
    get killed() {
      return state.killed;
    },
    remove: () => {
      removeSlack();
      removeAws();
    },
  };
}

/** A rule that holds one call until the test releases it: `arrived` says the call is waiting. */
export function holdCall(
  op: string,
  when: FaultRule['when'],
): { rule: FaultRule; arrived: Promise<void>; release(): void } {
  let arrive: () => void = () => undefined;
  let release: () => void = () => undefined;
  const arrived = new Promise<void>((resolve) => {
    arrive = resolve;
  });
  const released = new Promise<void>((resolve) => {
    release = resolve;
  });
  return { rule: { op, fault: 'hold', when, hold: { arrived: () => arrive(), release: released } }, arrived, release };
}
