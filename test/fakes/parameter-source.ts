import type { ParameterSource } from '../../lib/config/load';

export interface ParameterRead {
  name: string;
  options: { decrypt: boolean; maxAgeSeconds: number };
}

export interface FakeParameterSource extends ParameterSource {
  /** Parameter values by name; change them between calls to simulate an edit in Parameter Store. */
  values: Map<string, string>;
  reads: ParameterRead[];
}

/**
 * Parameter Store with no cache of its own: every `get` reads the current value, or fails like SSM's ParameterNotFound.
 */
export function fakeParameterSource(values: Record<string, string> = {}): FakeParameterSource {
  const source: FakeParameterSource = {
    values: new Map(Object.entries(values)),
    reads: [],
    get(name, options) {
      source.reads.push({ name, options });
      const value = source.values.get(name);
      return value === undefined ? Promise.reject(new Error(`ParameterNotFound: ${name}`)) : Promise.resolve(value);
    },
  };
  return source;
}
