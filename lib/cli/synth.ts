import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, readdirSync, renameSync, rmSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { basename, dirname, join, relative, resolve } from 'node:path';
import { parse } from 'yaml';
import { collectWarnings } from '../core/private/warnings';

/** Exit codes of `gitvops synth`. */
export enum SynthExitCode {
  OK = 0,
  FAILED = 1,
  USAGE = 2,
}

const USAGE = `usage: gitvops synth [--check] [--verbose] [--debug] [--app "<command>"] [--output <dir>]
Runs the cdk8s app of cdk8s.yaml (\`app\`, \`output\`) in this process (TypeScript transpile-only),
writes into a temporary directory beside the output and swaps it in only when the app, validation
and every write succeeded: on failure the output is untouched. --check synthesizes to a temporary
directory and exits 1 listing the files that differ from the committed output.`;

const SCRIPT = /\.(ts|tsx|mts|cts|js|cjs|mjs)$/;

interface Options {
  check: boolean;
  verbose: boolean;
  debug: boolean;
  app?: string;
  output?: string;
}

/** The app script and the modules to preload, from a cdk8s.yaml `app` command (`node -r x main.ts`). */
export function parseAppCommand(command: string): { script: string; preload: string[]; args: string[] } | undefined {
  const tokens = command.trim().split(/\s+/);
  const preload: string[] = [];
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i];
    if (t === '-r' || t === '--require') {
      preload.push(tokens[++i]);
    } else if (t.startsWith('--require=')) {
      preload.push(t.slice('--require='.length));
    } else if (!t.startsWith('-') && SCRIPT.test(t)) {
      return { script: t, preload, args: tokens.slice(i + 1) };
    }
  }
  return undefined;
}

/** Every file under `dir` (relative path → sha256 of its bytes, or "" when not `hashed`), sorted. */
function tree(dir: string, hashed = true): Map<string, string> {
  const out = new Map<string, string>();
  const walk = (d: string) => {
    for (const entry of readdirSync(d).sort()) {
      const path = join(d, entry);
      if (statSync(path).isDirectory()) walk(path);
      else out.set(relative(dir, path), hashed ? createHash('sha256').update(readFileSync(path)).digest('hex') : '');
    }
  };
  if (existsSync(dir)) walk(dir);
  return out;
}

/** What a failed app threw, as a report: GitVops' and cdk8s' own messages without a stack. */
export function describeFailure(error: unknown, debug: boolean): string {
  const e = error as Error;
  if (debug) return e?.stack ?? String(error);
  let message = typeof e?.message === 'string' ? e.message : String(error);
  // cdk8s wraps errors raised while an object is resolved
  const wrapped = /^Failed serializing construct at path '([^']*)' with name '[^']*': (?:[A-Za-z]*Error: )?([\s\S]*)$/.exec(message);
  if (wrapped) message = wrapped[2];
  const known = e?.name === 'GitVopsError' || message.startsWith('Validation failed with the following errors:');
  return known ? message : `${message}\n(an unexpected error: run with --debug for the stack trace)`;
}

/** Loads tsx's CommonJS hook for a TypeScript app: the project's own tsx, else the one beside GitVops. */
function registerTypeScript(projectDir: string): string | undefined {
  for (const from of [join(projectDir, 'package.json'), __filename]) {
    try {
      createRequire(from)('tsx/cjs');
      return undefined;
    } catch {
      // try the next place
    }
  }
  return 'a TypeScript app needs tsx (npm install --save-dev tsx), or compile the app and point cdk8s.yaml at the .js file';
}

/** Runs `gitvops synth`; returns the exit code and writes to the given streams. */
export function runSynth(args: string[], out: (line: string) => void, err: (line: string) => void): SynthExitCode {
  const options: Options = { check: false, verbose: false, debug: false };
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (a === '--check') options.check = true;
    else if (a === '--verbose') options.verbose = true;
    else if (a === '--debug') options.debug = true;
    else if (a === '--app') options.app = args[++i];
    else if (a === '--output') options.output = args[++i];
    else if (a === '-h' || a === '--help') {
      out(USAGE);
      return SynthExitCode.OK;
    } else {
      err(`gitvops synth: unknown argument ${JSON.stringify(a)}\n${USAGE}`);
      return SynthExitCode.USAGE;
    }
  }
  const projectDir = process.cwd();
  let config: any = {};
  if (existsSync('cdk8s.yaml')) {
    try {
      config = parse(readFileSync('cdk8s.yaml', 'utf8')) ?? {};
    } catch (e) {
      err(`gitvops synth: cdk8s.yaml is not valid YAML: ${(e as Error).message.split('\n')[0]}`);
      return SynthExitCode.USAGE;
    }
  }
  const appCommand = options.app ?? config.app;
  if (typeof appCommand !== 'string') {
    err('gitvops synth: no app: give --app "<command>" or an `app` in cdk8s.yaml');
    return SynthExitCode.USAGE;
  }
  const app = parseAppCommand(appCommand);
  if (!app) {
    err(`gitvops synth: cannot find the app script in ${JSON.stringify(appCommand)} (expected a .ts or .js file)`);
    return SynthExitCode.USAGE;
  }
  const output = resolve(options.output ?? config.output ?? 'dist');
  const shown = relative(projectDir, output) || '.';
  const temp = join(dirname(output), `.${basename(output)}.gitvops-synth-${process.pid}`);
  rmSync(temp, { recursive: true, force: true });
  mkdirSync(temp, { recursive: true });

  const previousOutdir = process.env.CDK8S_OUTDIR;
  process.env.CDK8S_OUTDIR = temp;
  if (options.check) process.env.GITVOPS_SEAL_CACHE_WRITE = 'off';
  const warnings = collectWarnings();
  const fail = (report: string): SynthExitCode => {
    rmSync(temp, { recursive: true, force: true });
    err(`gitvops synth: failed; ${shown}/ is unchanged\n${report}`);
    return SynthExitCode.FAILED;
  };
  try {
    if (/\.[mc]?tsx?$/.test(app.script)) {
      const missing = registerTypeScript(projectDir);
      if (missing) return fail(missing);
    }
    for (const module of app.preload) require(resolve(projectDir, module));
    process.argv = [process.argv[0], resolve(projectDir, app.script), ...app.args];
    require(resolve(projectDir, app.script));
  } catch (e) {
    return fail(describeFailure(e, options.debug));
  } finally {
    if (previousOutdir === undefined) delete process.env.CDK8S_OUTDIR;
    else process.env.CDK8S_OUTDIR = previousOutdir;
  }
  // contents only matter to --check: a plain synth just counts the files (not reading back megabytes)
  const written = tree(temp, options.check === true);
  if (written.size === 0) {
    return fail(`the app wrote no file: does it call app.synth(), and does it leave the App's outdir to cdk8s (CDK8S_OUTDIR)?`);
  }
  const warningLine = () => {
    if (warnings.length === 0) return;
    if (options.verbose) for (const w of warnings) err(`warning: ${w}`);
    else err(`${warnings.length} warning${warnings.length === 1 ? '' : 's'} (plain-text secret material and the like): run with --verbose to list them`);
  };

  if (options.check) {
    const committed = tree(output);
    rmSync(temp, { recursive: true, force: true });
    const stale: string[] = [];
    for (const [file, hash] of written) {
      if (!committed.has(file)) stale.push(`${shown}/${file}: missing (the app writes it)`);
      else if (committed.get(file) !== hash) stale.push(`${shown}/${file}: differs from what the app writes`);
    }
    for (const file of committed.keys()) if (!written.has(file)) stale.push(`${shown}/${file}: not written by the app any more`);
    warningLine();
    if (stale.length) {
      for (const line of stale) out(line);
      err(`gitvops synth --check: ${shown}/ is stale (${stale.length} file${stale.length === 1 ? '' : 's'}): run gitvops synth and commit`);
      return SynthExitCode.FAILED;
    }
    err(`gitvops synth --check: ${shown}/ is up to date (${written.size} file${written.size === 1 ? '' : 's'})`);
    return SynthExitCode.OK;
  }

  // swap: the old output is moved aside, the new one moved in, the old one removed
  const old = join(dirname(output), `.${basename(output)}.gitvops-old-${process.pid}`);
  const hadOutput = existsSync(output);
  try {
    if (hadOutput) renameSync(output, old);
    try {
      renameSync(temp, output);
    } catch (e) {
      if (hadOutput) renameSync(old, output);
      throw e;
    }
  } catch (e) {
    return fail(`cannot move the new output into place: ${(e as Error).message}`);
  }
  if (hadOutput) rmSync(old, { recursive: true, force: true });
  warningLine();
  err(`gitvops synth: ${shown}/ written (${written.size} file${written.size === 1 ? '' : 's'})`);
  return SynthExitCode.OK;
}
