import { X509Certificate, constants, createCipheriv, createHash, publicEncrypt, randomBytes } from 'node:crypto';
import { SealingScope } from '../sealed-secret-options';

/** The OAEP label for a scope. */
export function sealingLabel(scope: SealingScope, namespace: string, name: string): string {
  if (scope === SealingScope.STRICT) return `${namespace}/${name}`;
  if (scope === SealingScope.NAMESPACE_WIDE) return namespace;
  return '';
}

/** SHA-256 fingerprint of the certificate's public key (identifies the sealing key). */
export function certificateFingerprint(pem: string): string {
  const key = new X509Certificate(pem).publicKey.export({ type: 'spki', format: 'der' });
  return createHash('sha256').update(key).digest('hex');
}

/**
 * Seals one value as the sealed-secrets controller decrypts it: a fresh 32-byte AES-256-GCM key
 * (zero 12-byte nonce) encrypts the value; the key is RSA-OAEP-SHA256 encrypted with the scope's
 * label; result = base64(uint16 BE length of the RSA ciphertext ‖ RSA ciphertext ‖ AES-GCM
 * ciphertext and tag).
 */
export function sealValue(certificatePem: string, label: string, plaintext: string): string {
  const publicKey = new X509Certificate(certificatePem).publicKey;
  const sessionKey = randomBytes(32);
  const rsa = publicEncrypt({ key: publicKey, padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash: 'sha256', oaepLabel: Buffer.from(label) }, sessionKey);
  const cipher = createCipheriv('aes-256-gcm', sessionKey, Buffer.alloc(12));
  const body = Buffer.concat([cipher.update(Buffer.from(plaintext, 'utf8')), cipher.final(), cipher.getAuthTag()]);
  const length = Buffer.alloc(2);
  length.writeUInt16BE(rsa.length);
  return Buffer.concat([length, rsa, body]).toString('base64');
}
