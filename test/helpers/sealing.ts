// A throwaway sealed-secrets key pair, and the controller's decryption (for tests only).
import { execFileSync } from 'node:child_process';
import { constants, createDecipheriv, privateDecrypt } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** A fresh RSA certificate and key, as the controller would have (PEM), in `dir`. */
export function makeSealingKeyPair(): { dir: string; cert: string; key: string; certFile: string; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), 'gitvops-seal-'));
  execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', join(dir, 'key.pem'), '-out', join(dir, 'cert.pem'), '-subj', '/CN=sealed-secret', '-days', '2'], { stdio: 'ignore' });
  return {
    dir,
    cert: readFileSync(join(dir, 'cert.pem'), 'utf8'),
    key: readFileSync(join(dir, 'key.pem'), 'utf8'),
    certFile: join(dir, 'cert.pem'),
    cleanup: () => rmSync(dir, { recursive: true, force: true }),
  };
}

/** Opens a sealed value the way the controller does (RSA-OAEP-SHA256 with the scope's label, then AES-256-GCM). */
export function unsealValue(privateKey: string, value: string, label: string): string {
  const raw = Buffer.from(value, 'base64');
  const length = raw.readUInt16BE(0);
  const sessionKey = privateDecrypt({ key: privateKey, padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash: 'sha256', oaepLabel: Buffer.from(label) }, raw.subarray(2, 2 + length));
  const body = raw.subarray(2 + length);
  const decipher = createDecipheriv('aes-256-gcm', sessionKey, Buffer.alloc(12));
  decipher.setAuthTag(body.subarray(body.length - 16));
  return Buffer.concat([decipher.update(body.subarray(0, body.length - 16)), decipher.final()]).toString('utf8');
}
