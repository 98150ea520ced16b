import type { SharedFile } from './types';

interface FileRecord {
  id: string;
  filename: string;
  length: number;
  altText?: string;
  bytes?: Buffer;
  mimetype?: string;
}

/**
 * Slack's external upload flow (https://api.slack.com/messaging/files): files.getUploadURLExternal reserves a
 * file id and an upload URL, the bytes are POSTed there, files.completeUploadExternal makes the file real (and
 * shares it).
 */
export class FileStore {
  private readonly files = new Map<string, FileRecord>();
  private counter = 0;

  reserve(filename: string, length: number, altText?: string): string {
    this.counter += 1;
    const id = `F0SANDBOX${String(this.counter).padStart(4, '0')}`;
    this.files.set(id, { id, filename, length, ...(altText ? { altText } : {}) });
    return id;
  }

  /** The bytes POSTed to an upload URL; false when no such upload was reserved. */
  receive(id: string, bytes: Buffer, mimetype: string | undefined): boolean {
    const file = this.files.get(id);
    if (!file) return false;
    file.bytes = bytes;
    file.mimetype = mimetype && mimetype !== 'application/octet-stream' ? mimetype : sniff(bytes);
    return true;
  }

  isUploaded(id: string): boolean {
    return this.files.get(id)?.bytes !== undefined;
  }

  /** The file as a message shows it, once uploaded. */
  shared(id: string, title: string | undefined): SharedFile | undefined {
    const file = this.files.get(id);
    if (!file?.bytes) return undefined;
    return {
      id,
      title: title ?? file.filename,
      filename: file.filename,
      mimetype: file.mimetype ?? 'application/octet-stream',
      url: `/files/${id}`,
    };
  }

  content(id: string): { bytes: Buffer; mimetype: string } | undefined {
    const file = this.files.get(id);
    return file?.bytes ? { bytes: file.bytes, mimetype: file.mimetype ?? 'application/octet-stream' } : undefined;
  }
}

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47]);

/** The bot uploads its graphs as application/octet-stream; browsers want to know it is a PNG. */
function sniff(bytes: Buffer): string {
  return bytes.subarray(0, 4).equals(PNG_SIGNATURE) ? 'image/png' : 'application/octet-stream';
}
