import { IConstruct } from 'constructs';
import { renderYaml } from '../../core/private/config-yaml';
import { invalid, problem } from '../../core/private/errors';
import { sshPublicKeyProblem } from '../../core/private/ssh-key';
import { CloudConfigOptions, CloudInitFile, CloudInitUser, FileEncoding } from '../cloud-config';
import { Command } from '../command';

const PERMISSIONS = /^0?[0-7]{3}$|^0[0-7]{4}$/;
const OWNER = /^[a-z_][a-z0-9_.-]*(:[a-z_][a-z0-9_.-]*)?$/i;
const PACKAGE = /^[A-Za-z0-9][A-Za-z0-9+._:=~*-]*$/;
const TYPED_KEYS = [
  'hostname', 'users', 'ssh_authorized_keys', 'package_update', 'package_upgrade', 'packages',
  'write_files', 'bootcmd', 'runcmd',
];

/**
 * A cloud-config document being built. Rendering is deterministic: typed keys in a fixed
 * order, then extra keys sorted; empty lists are left out rather than written as null.
 */
export class CloudConfigBuilder {
  private readonly files: CloudInitFile[] = [];
  private readonly runcmd: Command[] = [];
  private readonly bootcmd: Command[] = [];
  private readonly packages: string[] = [];
  private readonly sshKeys: string[] = [];
  private readonly users: CloudInitUser[] = [];
  private readonly extra: { [key: string]: any } = {};
  /** The document the last `render` wrote (undefined once anything is added after it). */
  private rendered?: { [key: string]: any };

  constructor(private readonly owner: IConstruct, private readonly options: CloudConfigOptions = {}) {
    options.users?.forEach((u) => this.addUser(u));
    options.sshAuthorizedKeys?.forEach((k) => this.addSshKey(k));
    options.packages?.forEach((p) => this.addPackage(p));
    options.files?.forEach((f) => this.addFile(f));
    options.bootcmd?.forEach((c) => this.addBootCommand(c));
    options.runcmd?.forEach((c) => this.addCommand(c));
    for (const [key, value] of Object.entries(options.extraConfig ?? {})) this.setExtra(key, value);
  }

  /** Adds a file to `write_files`. */
  public addFile(file: CloudInitFile): void {
    const field = `files[${this.files.length}]`;
    if (!file.path.startsWith('/') || file.path.endsWith('/') || file.path.includes('\0')) {
      throw invalid(this.owner, `${field}.path`, file.path, 'an absolute file path (starting with "/")');
    }
    const clash = this.files.find((f) => f.path === file.path);
    if (clash && !file.append) {
      throw invalid(this.owner, `${field}.path`, file.path, 'a path not written already (set append: true to add to a file)');
    }
    if (file.permissions !== undefined && !PERMISSIONS.test(file.permissions)) {
      throw invalid(this.owner, `${field}.permissions`, file.permissions, 'an octal mode string such as "0644" or "0600"');
    }
    if (file.owner !== undefined && !OWNER.test(file.owner)) {
      throw invalid(this.owner, `${field}.owner`, file.owner, '"user" or "user:group"');
    }
    this.files.push(file);
    this.rendered = undefined;
  }

  /** Adds a command to `runcmd`. */
  public addCommand(command: Command): void {
    this.checkCommand(`runcmd[${this.runcmd.length}]`, command);
    this.runcmd.push(command);
    this.rendered = undefined;
  }

  /** Adds a command to `bootcmd`. */
  public addBootCommand(command: Command): void {
    this.checkCommand(`bootcmd[${this.bootcmd.length}]`, command);
    this.bootcmd.push(command);
    this.rendered = undefined;
  }

  /** Adds a package to install (once). */
  public addPackage(name: string): void {
    if (!PACKAGE.test(name)) {
      throw invalid(this.owner, `packages[${this.packages.length}]`, name, 'a package name (optionally with =version)');
    }
    if (!this.packages.includes(name)) this.packages.push(name);
    this.rendered = undefined;
  }

  /** Adds an SSH public key for the default user (once). */
  public addSshKey(key: string): void {
    const why = sshPublicKeyProblem(key);
    if (why) throw invalid(this.owner, `sshAuthorizedKeys[${this.sshKeys.length}]`, key, `an OpenSSH public key ("ssh-ed25519 AAAA… comment"): ${why}`);
    if (!this.sshKeys.includes(key.trim())) this.sshKeys.push(key.trim());
    this.rendered = undefined;
  }

  /** Adds a user. */
  public addUser(user: CloudInitUser): void {
    const field = `users[${this.users.length}]`;
    if (!/^[a-z_][a-z0-9_-]*$/.test(user.name) || user.name.length > 32) {
      throw invalid(this.owner, `${field}.name`, user.name, 'a login name: lower-case letters, digits, "_" and "-", at most 32 characters');
    }
    user.sshAuthorizedKeys?.forEach((key, j) => {
      const why = sshPublicKeyProblem(key);
      if (why) throw invalid(this.owner, `${field}.sshAuthorizedKeys[${j}]`, key, `an OpenSSH public key ("ssh-ed25519 AAAA… comment"): ${why}`);
    });
    if (this.users.some((u) => u.name === user.name)) {
      throw invalid(this.owner, `${field}.name`, user.name, 'a user name not used already');
    }
    this.users.push(user);
    this.rendered = undefined;
  }

  /** Sets any other cloud-config key (escape hatch). */
  public setExtra(key: string, value: any): void {
    if (TYPED_KEYS.includes(key)) {
      throw problem(this.owner, `extraConfig.${key}`, `cannot be set through extraConfig; use the typed option instead`);
    }
    this.extra[key] = value;
    this.rendered = undefined;
  }

  /** The files so far, for constructs that inspect them. */
  public get fileList(): CloudInitFile[] {
    return [...this.files];
  }

  /** The document as a plain object, in rendering order. */
  public toObject(): { [key: string]: any } {
    const doc: { [key: string]: any } = {};
    const o = this.options;
    if (o.hostname !== undefined) doc.hostname = o.hostname;
    if (this.users.length) doc.users = ['default', ...this.users.map(renderUser)];
    if (this.sshKeys.length) doc.ssh_authorized_keys = [...this.sshKeys];
    const packageUpdate = o.packageUpdate ?? (this.packages.length > 0 ? true : undefined);
    if (packageUpdate !== undefined) doc.package_update = packageUpdate;
    if (o.packageUpgrade !== undefined) doc.package_upgrade = o.packageUpgrade;
    if (this.packages.length) doc.packages = [...this.packages];
    if (this.files.length) doc.write_files = this.files.map(renderFile);
    if (this.bootcmd.length) doc.bootcmd = this.bootcmd.map((c) => c._toCloudConfig());
    if (this.runcmd.length) doc.runcmd = this.runcmd.map((c) => c._toCloudConfig());
    for (const key of Object.keys(this.extra).sort()) doc[key] = this.extra[key];
    return doc;
  }

  /** The user data: `#cloud-config` and the YAML document. */
  public render(): string {
    this.rendered = this.toObject();
    return `#cloud-config\n${renderYaml(this.rendered)}`;
  }

  /**
   * The document as `render` last wrote it (validation checks what was written without building
   * it again), else as it is now.
   */
  public renderedObject(): { [key: string]: any } {
    return this.rendered ?? this.toObject();
  }

  private checkCommand(field: string, command: Command): void {
    if (command.isEmpty) throw invalid(this.owner, field, command._toCloudConfig(), 'a non-empty command');
  }
}

function renderUser(user: CloudInitUser): { [key: string]: any } {
  const out: { [key: string]: any } = { name: user.name };
  if (user.groups?.length) out.groups = user.groups.join(', ');
  if (user.sudo !== undefined) out.sudo = user.sudo;
  if (user.shell !== undefined) out.shell = user.shell;
  if (user.system !== undefined) out.system = user.system;
  if (user.lockPasswd !== undefined) out.lock_passwd = user.lockPasswd;
  if (user.sshAuthorizedKeys?.length) out.ssh_authorized_keys = [...user.sshAuthorizedKeys];
  return out;
}

function renderFile(file: CloudInitFile): { [key: string]: any } {
  const out: { [key: string]: any } = { path: file.path };
  if (file.encoding !== undefined && file.encoding !== FileEncoding.TEXT) out.encoding = file.encoding;
  out.content = file.content;
  if (file.owner !== undefined) out.owner = file.owner;
  if (file.permissions !== undefined) out.permissions = file.permissions;
  if (file.append) out.append = true;
  if (file.defer) out.defer = true;
  return out;
}
