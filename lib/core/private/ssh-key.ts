import { memoizeString } from './memo';

/**
 * OpenSSH public keys as `authorized_keys` holds them: `<type> <base64 blob> [comment]`, where
 * the blob starts with the key type again as an SSH string (uint32 length, then the bytes) —
 * RFC 4253 §6.6 and OpenSSH's PROTOCOL.certkeys. A blob that is not base64, or that holds
 * another type, is not a key (`ssh-rsa AAAA-not-a-key`).
 */
const KEY_TYPES = new Set([
  'ssh-rsa', 'ssh-dss', 'ssh-ed25519', 'ecdsa-sha2-nistp256', 'ecdsa-sha2-nistp384', 'ecdsa-sha2-nistp521',
  'sk-ecdsa-sha2-nistp256@openssh.com', 'sk-ssh-ed25519@openssh.com',
]);
const BASE64 = /^[A-Za-z0-9+/]+={0,2}$/;

/** Why `text` is not an OpenSSH public key, or undefined when it is one (once per key text: every node of a pool carries the same keys). */
export const sshPublicKeyProblem: (text: string) => string | undefined = memoizeString(keyProblem);

function keyProblem(text: string): string | undefined {
  const [type, blob] = text.trim().split(/\s+/);
  const base = type?.replace(/-cert-v01@openssh\.com$/, '');
  if (!type || !KEY_TYPES.has(base)) return `the key type ${JSON.stringify(type ?? '')} is not an OpenSSH public key type`;
  if (!blob || blob.length % 4 !== 0 || !BASE64.test(blob)) return 'the key body is not base64';
  const raw = Buffer.from(blob, 'base64');
  if (raw.length < 4) return 'the key body is too short';
  const length = raw.readUInt32BE(0);
  const embedded = raw.subarray(4, 4 + length).toString('latin1');
  if (length > raw.length - 4 || embedded !== type) return `the key body does not hold a ${type} key`;
  if (raw.length <= 4 + length) return 'the key body holds no key';
  return undefined;
}
