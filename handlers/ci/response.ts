/** An HTTP API (payload format 2.0) response with a JSON body. */
export interface CiResponse {
  statusCode: number;
  headers: Record<string, string>;
  body: string;
}

export function answer(statusCode: number, body: object, headers: Record<string, string> = {}): CiResponse {
  return { statusCode, headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) };
}
