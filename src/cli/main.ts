import { existsSync, readFileSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { glob, isDynamicPattern } from 'tinyglobby';
import {
  CONFIG_FILE,
  createNodeFileHost,
  defaultConfig,
  findSpecFiles,
  lintDocument,
  parseConfig,
  RULES,
  SKIPPED_FOLDERS,
  type Config,
  type DocumentCache,
  type Finding,
} from '../core';
import { formatJson, formatSarif, formatStylish, type Report } from './format';

const USAGE = `Usage: api-patterns lint [files, folders or globs...] [options]
       api-patterns rules

Lints OpenAPI, Swagger and AsyncAPI files (YAML or JSON) against the API Patterns rules.
Folders are searched for *.yaml, *.yml and *.json files; files that are no API
description are skipped.

Options:
  -f, --format <stylish|json|sarif>  output format (default: stylish)
  -c, --config <file>                config file (default: ./${CONFIG_FILE} if present)
      --max-warnings <n>             exit 1 when there are more than n warnings
  -q, --quiet                        report errors only
  -h, --help                         show this help
  -v, --version                      show the version

Exit status: 0 no error-level findings, 1 error-level findings (or too many
warnings), 2 usage or internal error.`;

class UsageError extends Error {}


export async function main(argv: string[], cwd = process.cwd()): Promise<number> {
  let values;
  let positionals: string[];
  try {
    ({ values, positionals } = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        format: { type: 'string', short: 'f', default: 'stylish' },
        config: { type: 'string', short: 'c' },
        'max-warnings': { type: 'string' },
        quiet: { type: 'boolean', short: 'q', default: false },
        help: { type: 'boolean', short: 'h', default: false },
        version: { type: 'boolean', short: 'v', default: false },
      },
    }));
  } catch (error) {
    process.stderr.write(`api-patterns: ${(error as Error).message}\n\n${USAGE}\n`);
    return 2;
  }
  if (values.help) {
    process.stdout.write(USAGE + '\n');
    return 0;
  }
  if (values.version) {
    process.stdout.write(`${version()}\n`);
    return 0;
  }
  try {
    const [command, ...targets] = positionals;
    if (command === 'rules') {
      for (const r of RULES) process.stdout.write(`${r.id.padEnd(28)} ${r.category.padEnd(16)} ${r.severity.padEnd(8)} ${r.summary}\n`);
      return 0;
    }
    if (command !== 'lint') throw new UsageError(command ? `unknown command '${command}'` : 'missing command');
    const format = values.format as string;
    if (!['stylish', 'json', 'sarif'].includes(format)) throw new UsageError(`unknown format '${format}' (expected stylish, json or sarif)`);
    const maxWarnings = values['max-warnings'] === undefined ? undefined : Number(values['max-warnings']);
    if (maxWarnings !== undefined && (!Number.isInteger(maxWarnings) || maxWarnings < 0)) {
      throw new UsageError(`--max-warnings takes a whole number, not '${values['max-warnings']}'`);
    }
    const config = loadConfig(values.config, cwd);
    const files = await collectFiles(targets.length > 0 ? targets : ['.'], cwd, config);
    const report = lintFiles(files, config, cwd);
    if (values.quiet) report.findings = report.findings.filter((f) => f.severity === 'error');

    const output = format === 'json' ? formatJson(report) : format === 'sarif' ? formatSarif(report, version()) : formatStylish(report, !!process.stdout.isTTY && !process.env.NO_COLOR);
    process.stdout.write(output);
    const errors = report.findings.filter((f) => f.severity === 'error').length;
    const warnings = report.findings.filter((f) => f.severity === 'warning').length;
    return errors > 0 || (maxWarnings !== undefined && warnings > maxWarnings) ? 1 : 0;
  } catch (error) {
    if (error instanceof UsageError) {
      process.stderr.write(`api-patterns: ${error.message}\n\nRun 'api-patterns --help' for usage.\n`);
    } else {
      process.stderr.write(`api-patterns: internal error: ${(error as Error).stack ?? String(error)}\n`);
    }
    return 2;
  }
}

function loadConfig(explicit: string | undefined, cwd: string): Config {
  const file = explicit ? resolve(cwd, explicit) : resolve(cwd, CONFIG_FILE);
  if (!existsSync(file)) {
    if (explicit) throw new UsageError(`config file not found: ${explicit}`);
    return defaultConfig(cwd);
  }
  const text = createNodeFileHost().readFile(file);
  if (text === undefined) throw new UsageError(`cannot read ${file}`);
  return parseConfig(text, file, resolve(file, '..'));
}

async function collectFiles(targets: string[], cwd: string, config: Config): Promise<string[]> {
  const found = new Set<string>();
  for (const target of targets) {
    const abs = resolve(cwd, target);
    if (isDynamicPattern(target)) {
      const matches = await glob(target, { cwd, absolute: true, ignore: SKIPPED_FOLDERS, dot: false });
      if (matches.length === 0) throw new UsageError(`no files match '${target}'`);
      for (const m of matches) found.add(resolve(m));
    } else if (!existsSync(abs)) {
      throw new UsageError(`no such file or folder: ${target}`);
    } else if (statSync(abs).isDirectory()) {
      for (const m of await findSpecFiles(abs, config)) found.add(m);
    } else {
      found.add(abs); // named explicitly: linted even if an ignore glob matches it
    }
  }
  return [...found].sort();
}

function lintFiles(files: string[], config: Config, cwd: string): Report {
  const host = createNodeFileHost();
  const cache: DocumentCache = new Map();
  const findings: Finding[] = [];
  let linted = 0;
  for (const file of files) {
    const text = host.readFile(file);
    if (text === undefined) throw new UsageError(`cannot read ${file}`);
    const result = lintDocument({ uri: file, text }, { config, host, cache });
    if (result.format || result.findings.length > 0) linted++;
    // Keep neither the file's tree nor its fixes (which hold the tree): a folder of thousands of
    // specs must not stay in memory. Files reached through $ref stay cached for the next file.
    cache.delete(file);
    // A message built from a key of the file may be a slice of the file's text, keeping all of it alive.
    for (const { fix: _unused, ...finding } of result.findings) findings.push({ ...finding, message: Buffer.from(finding.message).toString() });
  }
  if (config.file) {
    for (const p of config.problems) {
      findings.unshift({
        file: config.file,
        ruleId: 'invalid-config',
        category: 'parse',
        severity: 'error',
        message: p.message,
        range: p.range,
        offsets: { start: 0, end: 0 },
      });
    }
  }
  return { cwd, findings, filesChecked: files.length, specsLinted: linted };
}

function version(): string {
  try {
    const pkg = JSON.parse(readFileSync(resolve(__dirname, '..', 'package.json'), 'utf8')) as { version?: string };
    return pkg.version ?? '0.0.0';
  } catch {
    return '0.0.0';
  }
}

if (require.main === module) {
  main(process.argv.slice(2)).then(
    (code) => {
      process.exitCode = code;
    },
    (error: unknown) => {
      process.stderr.write(`api-patterns: internal error: ${String(error)}\n`);
      process.exitCode = 2;
    },
  );
}
