/**
 * Helpers for the simulated account's aws-sdk-client-mock stubs: commands the simulation does not answer fail
 * with an error naming them (instead of aws-sdk-client-mock's silent `undefined`), and errors AWS sends without a
 * modeled shape (AccessDenied, InvalidInstanceID.NotFound) get the `name` the SDK would give them.
 */

interface SendStub {
  send: { callsFake(fake: (command: object) => Promise<never>): unknown };
}

/** Makes every command without its own `on(…)` answer fail, naming the command. Call before the `on(…)`s. */
export function refuseUnknownCommands<TStub extends SendStub>(stub: TStub, service: string): TStub {
  stub.send.callsFake(async (command) => {
    await Promise.resolve();
    throw awsError(
      'SandboxUnsupportedOperation',
      `The sandbox's simulated ${service} does not answer ${command.constructor.name}.`,
    );
  });
  return stub;
}

type ServiceExceptionClass<T> = new (options: {
  name: string;
  $fault: 'client' | 'server';
  $metadata: { httpStatusCode?: number };
  message?: string;
}) => T;

/** An error shaped as the SDK builds it from an unmodeled error code; `base` is the client's ServiceException. */
export function awsError<T = Error>(
  name: string,
  message: string,
  base?: ServiceExceptionClass<T>,
  httpStatusCode = 400,
): T | Error {
  const options = {
    name,
    message,
    $fault: httpStatusCode >= 500 ? ('server' as const) : ('client' as const),
    $metadata: { httpStatusCode },
  };
  return base ? new base(options) : Object.assign(new Error(message), options);
}

/** What every modeled exception's constructor needs besides its message. */
export const errorMeta = { $metadata: { httpStatusCode: 400 } };

/** A fresh UUID, as AWS uses for lock tokens, event ids and instance group ids. */
export { randomUUID as uuid } from 'node:crypto';

/** A stub answer: async like the real client, and a copy, so the bot never holds the simulation's own objects. */
export function answer<I, O>(respond: (input: I) => O): (input: I) => Promise<O> {
  return async (input) => {
    await Promise.resolve();
    return copy(respond(input));
  };
}

/** Deep copy, so the bot's objects and the simulation's state never share references (Uint8Array included). */
export function copy<T>(value: T): T {
  return structuredClone(value);
}
