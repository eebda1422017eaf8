import type { Located, SpecDocument } from './document';
import { AsyncApiModel } from './model/asyncapi';
import { Anchors, type Anchor } from './model/common';
import { OpenApiModel } from './model/openapi';
import type { Resolver } from './resolve';
import type { Category, Severity, SpecFamily, SpecFormat, TextEdit } from './types';

export interface RuleDoc {
  /** One line: what the rule wants. */
  summary: string;
}

export interface Rule extends RuleDoc {
  id: string;
  category: Category;
  severity: Severity;
  /** Spec families the rule reads. */
  formats: readonly SpecFamily[];
  /** Present when the rule's findings can carry a fix. */
  fixable?: boolean;
  check(ctx: RuleContext): void;
}

export interface Report {
  anchor: Anchor;
  message: string;
  /** Lower than the rule's default for debatable cases, as RULES.md allows. */
  severity?: Severity;
  /** Computed only when asked for: a fix on a 13 MB JSON file re-reads the file. */
  fix?: { title: string; edits: () => TextEdit[] };
}

export interface RawFinding extends Report {
  rule: Rule;
}

export class RuleContext {
  readonly anchors: Anchors;
  readonly root: Located;
  private openapiModel?: OpenApiModel;
  private asyncapiModel?: AsyncApiModel;
  private current?: Rule;
  readonly found: RawFinding[] = [];

  constructor(
    readonly doc: SpecDocument,
    readonly format: SpecFormat,
    readonly resolver: Resolver,
  ) {
    this.anchors = new Anchors(doc);
    this.root = { node: doc.root!, doc };
  }

  get openapi(): OpenApiModel {
    return (this.openapiModel ??= new OpenApiModel(this.root, this.format, this.resolver, this.anchors));
  }

  get asyncapi(): AsyncApiModel {
    return (this.asyncapiModel ??= new AsyncApiModel(this.root, this.format, this.resolver, this.anchors));
  }

  run(rule: Rule): void {
    this.current = rule;
    rule.check(this);
    this.current = undefined;
  }

  report(report: Report): void {
    if (!this.current) throw new Error('report() outside of a rule');
    this.found.push({ ...report, rule: this.current });
  }
}
