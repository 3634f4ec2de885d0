/**
 * One command for `runcmd` or `bootcmd`: a shell string, or an argument vector run without a
 * shell.
 */
export class Command {
  /** A command line run by `sh -c`. */
  public static shell(script: string): Command {
    return new Command(script);
  }

  /** A program and its arguments, run without a shell (no quoting needed). */
  public static exec(program: string, ...args: string[]): Command {
    return new Command([program, ...args]);
  }

  private constructor(private readonly value: string | string[]) {}

  /** True when the command has no text at all (an empty string or argument vector). */
  public get isEmpty(): boolean {
    return Array.isArray(this.value) ? this.value.length === 0 || this.value[0].trim() === '' : this.value.trim() === '';
  }

  /** The value as cloud-init takes it: a string or a list of strings. @internal */
  public _toCloudConfig(): string | string[] {
    return Array.isArray(this.value) ? [...this.value] : this.value;
  }
}
