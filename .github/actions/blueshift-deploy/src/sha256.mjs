// @ts-check
import { createHash, createHmac } from 'node:crypto';

/** @typedef {import('@smithy/types').Checksum} Checksum */

/**
 * Bytes of what the signer hashes: a string (UTF-8), an ArrayBuffer or a view of one.
 * @param {import('@smithy/types').SourceData} data
 * @returns {Buffer}
 */
function bytes(data) {
  if (typeof data === 'string') return Buffer.from(data, 'utf8');
  if (ArrayBuffer.isView(data)) return Buffer.from(data.buffer, data.byteOffset, data.byteLength);
  return Buffer.from(data);
}

/**
 * SHA-256, and HMAC-SHA-256 given a secret, for @smithy/signature-v4 (its `sha256` option), from Node's own crypto:
 * the action needs no hashing package besides the signer.
 * @implements {Checksum}
 */
export class Sha256 {
  /** @param {import('@smithy/types').SourceData} [secret] */
  constructor(secret) {
    /** @private */
    this.secret = secret === undefined ? undefined : bytes(secret);
    /** @private */
    this.hash = this.fresh();
  }

  /** @private */
  fresh() {
    return this.secret === undefined ? createHash('sha256') : createHmac('sha256', this.secret);
  }

  /** @param {Uint8Array} data */
  update(data) {
    this.hash.update(bytes(data));
  }

  /** @returns {Promise<Uint8Array>} */
  digest() {
    return Promise.resolve(new Uint8Array(this.hash.digest()));
  }

  reset() {
    this.hash = this.fresh();
  }
}
