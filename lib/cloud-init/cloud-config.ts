import { Command } from './command';

/** How a file's content is encoded in the cloud-config. */
export enum FileEncoding {
  /** Plain text. */
  TEXT = 'text/plain',
  /** Base64. */
  BASE64 = 'b64',
  /** Gzip, then base64. */
  GZIP_BASE64 = 'gz+b64',
}

/** A file that cloud-init writes (`write_files`). */
export interface CloudInitFile {
  /** Absolute path of the file in the guest. */
  readonly path: string;
  /** The file content (may embed SecretValues). */
  readonly content: string;
  /** `user:group` that owns the file. @default - root:root (cloud-init's default) */
  readonly owner?: string;
  /** Octal permissions, e.g. `0600`. @default - 0644 (cloud-init's default) */
  readonly permissions?: string;
  /** How `content` is encoded. @default FileEncoding.TEXT */
  readonly encoding?: FileEncoding;
  /** Append to the file instead of replacing it. @default false */
  readonly append?: boolean;
  /** Write the file late (after users and packages exist), in the final stage. @default false */
  readonly defer?: boolean;
}

/** A user that cloud-init creates (`users`). */
export interface CloudInitUser {
  /** The login name. */
  readonly name: string;
  /** Supplementary groups. @default - none */
  readonly groups?: string[];
  /** A sudoers rule, e.g. `ALL=(ALL) NOPASSWD:ALL`. @default - no sudo */
  readonly sudo?: string;
  /** Login shell. @default - the distribution's default */
  readonly shell?: string;
  /** SSH public keys for this user. @default - none */
  readonly sshAuthorizedKeys?: string[];
  /** Lock the password (key-only login). @default true (cloud-init's default) */
  readonly lockPasswd?: boolean;
  /** Create a system user (no home directory, low UID). @default false */
  readonly system?: boolean;
}

/** The typed part of a cloud-config. */
export interface CloudConfigOptions {
  /** The guest's hostname. @default - unset (cloud-init uses the instance's local-hostname) */
  readonly hostname?: string;
  /** Users to create; the distribution's default user is kept. @default - only the default user */
  readonly users?: CloudInitUser[];
  /** SSH public keys for the default user. @default - none */
  readonly sshAuthorizedKeys?: string[];
  /** Refresh the package index on first boot. @default - true when packages are listed */
  readonly packageUpdate?: boolean;
  /** Upgrade all packages on first boot. @default false */
  readonly packageUpgrade?: boolean;
  /** Packages to install on first boot. @default - none */
  readonly packages?: string[];
  /** Files to write. @default - none */
  readonly files?: CloudInitFile[];
  /** Commands run once, late in first boot (`runcmd`). @default - none */
  readonly runcmd?: Command[];
  /** Commands run early on every boot (`bootcmd`). @default - none */
  readonly bootcmd?: Command[];
  /**
   * Any other cloud-config keys (escape hatch), e.g. `{ timezone: 'Europe/Berlin' }`.
   * A key may not repeat one of the typed options.
   * @default - none
   */
  readonly extraConfig?: { [key: string]: any };
}
