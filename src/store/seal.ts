/**
 * Sealed values: what a ticket needs to reach a person again (the asker's platform address, display names) is
 * stored encrypted (AES-256-GCM) with a key derived from the salt, which lives outside the database (salt.ts). A copy
 * of the database file alone does not say who asked or who answered.
 */
import { createCipheriv, createDecipheriv, createHmac, randomBytes } from 'node:crypto';

export class Sealer {
  private readonly key: Buffer;

  constructor(salt: string) {
    this.key = createHmac('sha256', salt).update('faktabot-seal-v1').digest();
  }

  seal(value: unknown): string {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.key, iv);
    const data = Buffer.concat([cipher.update(JSON.stringify(value), 'utf8'), cipher.final()]);
    return `v1.${Buffer.concat([iv, cipher.getAuthTag(), data]).toString('base64')}`;
  }

  /** The value, or undefined when the text was sealed with another salt or altered. */
  unseal<T>(text: string | null | undefined): T | undefined {
    if (!text?.startsWith('v1.')) return undefined;
    try {
      const raw = Buffer.from(text.slice(3), 'base64');
      const decipher = createDecipheriv('aes-256-gcm', this.key, raw.subarray(0, 12));
      decipher.setAuthTag(raw.subarray(12, 28));
      return JSON.parse(Buffer.concat([decipher.update(raw.subarray(28)), decipher.final()]).toString('utf8')) as T;
    } catch {
      return undefined;
    }
  }
}
