import { dirname, isAbsolute, resolve, sep } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import {
  CONFIG_FILE,
  createNodeFileHost,
  defaultConfig,
  isIgnored,
  lintDocument,
  parseConfig,
  RULES_BY_ID,
  type Config,
  type DocumentCache,
  type Finding,
} from '../core';
import type { SpecDocument } from '../core/document';
import type { RuleSetting } from '../core/config';

/** The `apiPatterns.*` settings of a workspace folder. */
export interface Settings {
  enable: boolean;
  run: 'onType' | 'onSave';
  /** Rule id → off | on | error | warning | info | hint; applied over the config file. */
  rules: Record<string, string>;
  /** Config file, relative to the workspace folder. */
  configPath: string;
}

const DISK = createNodeFileHost();

export const DEFAULT_SETTINGS: Settings = { enable: true, run: 'onType', rules: {}, configPath: CONFIG_FILE };

export function uriToPath(uri: string): string {
  return uri.startsWith('file:') ? fileURLToPath(uri) : uri;
}

export function pathToUri(path: string): string {
  return pathToFileURL(path).href;
}

export interface LintOutcome {
  findings: Finding[];
  /** Files the linted document read through `$ref`, transitively. */
  references: string[];
  isSpec: boolean;
  /** Pass back to the next lint of the same file: typing inside a string then skips the parse. */
  document?: SpecDocument;
}

/**
 * What the language server knows of the workspace: folders, their config files and
 * settings, and which open documents reference which files. Free of the protocol,
 * so that it can be driven directly by tests and the benchmark.
 */
export class LintService {
  private folders: string[] = [];
  private firstFolder: string | undefined;
  private readonly settings = new Map<string, Settings>();
  private readonly configs = new Map<string, Config>();
  private readonly references = new Map<string, Set<string>>();

  constructor(private readonly openText: (path: string) => string | undefined) {}

  setFolders(folders: string[]): void {
    // Longest first, so that a nested folder wins over its parent.
    this.folders = [...folders].sort((a, b) => b.length - a.length);
    this.firstFolder = folders[0];
    this.configs.clear();
  }

  setSettings(folder: string, settings: Settings): void {
    this.settings.set(folder, settings);
    this.configs.delete(folder);
  }

  /** Forget loaded config files: one of them changed. */
  reloadConfigs(): void {
    this.configs.clear();
  }

  folderOf(path: string): string | undefined {
    return this.folders.find((f) => path === f || path.startsWith(f.endsWith(sep) ? f : f + sep));
  }

  settingsFor(path: string): Settings {
    const folder = this.folderOf(path);
    return (folder === undefined ? undefined : this.settings.get(folder)) ?? this.settings.get('') ?? DEFAULT_SETTINGS;
  }

  configFile(folder: string): string {
    return resolve(folder, this.settingsFor(folder).configPath || CONFIG_FILE);
  }

  isConfigFile(path: string): boolean {
    const folder = this.folderOf(path);
    return !!folder && this.configFile(folder) === path;
  }

  /** The folder's config file merged with its settings; settings win, being the user's own. */
  configFor(path: string): Config {
    // An untitled buffer has no folder of its own: the first workspace folder's config applies.
    const folder = this.folderOf(path) ?? (isAbsolute(path) ? dirname(path) : this.firstFolder);
    if (!folder) return defaultConfig('/');
    let config = this.configs.get(folder);
    if (!config) {
      const file = this.configFile(folder);
      const text = this.openText(file) ?? DISK.readFile(file);
      config = text === undefined ? defaultConfig(folder) : parseConfig(text, file, folder);
      const rules = new Map(config.rules);
      for (const [id, raw] of Object.entries(this.settingsFor(path).rules ?? {})) {
        const rule = RULES_BY_ID.get(id);
        const setting = String(raw).toLowerCase();
        if (!rule) continue;
        if (setting === 'on') rules.set(id, rule.severity);
        else if (['off', 'error', 'warning', 'info', 'hint'].includes(setting)) rules.set(id, setting as RuleSetting);
      }
      config = { ...config, rules };
      this.configs.set(folder, config);
    }
    return config;
  }

  /** Reads a file as the editor has it: the open buffer, else the disk. */
  readText(path: string): string | undefined {
    return this.openText(path) ?? DISK.readFile(path);
  }

  lint(path: string, text: string, previous?: SpecDocument): LintOutcome {
    const config = this.configFor(path);
    if (isIgnored(config, path)) return { findings: [], references: [], isSpec: false };
    const cache: DocumentCache = new Map();
    const host = { readFile: (p: string) => this.readText(p) };
    const result = lintDocument({ uri: path, text }, { config, host, cache, previous });
    const references = [...cache.keys()].filter((p) => p !== path);
    this.references.set(path, new Set(references));
    return { findings: result.findings, references, isSpec: result.format !== undefined || result.findings.length > 0, document: result.document };
  }

  forget(path: string): void {
    this.references.delete(path);
  }

  /** Documents that read `path` through `$ref`: they must be linted again when it changes. */
  dependents(path: string): string[] {
    const out: string[] = [];
    for (const [doc, refs] of this.references) if (refs.has(path)) out.push(doc);
    return out;
  }
}

