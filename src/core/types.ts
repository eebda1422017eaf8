export type Category =
  | 'idempotency'
  | 'pagination'
  | 'versioning'
  | 'retry-safety'
  | 'resource-design'
  | 'status-codes'
  | 'webhooks'
  | 'real-time'
  | 'ordering'
  | 'parse';

export type Severity = 'error' | 'warning' | 'info' | 'hint';

/** Zero-based, like LSP; the command line adds one when it prints. */
export interface Position {
  line: number;
  character: number;
}

export interface Range {
  start: Position;
  end: Position;
}

/** An edit of the linted file, by UTF-16 offsets into the text that was linted. */
export interface TextEdit {
  start: number;
  end: number;
  newText: string;
}

/** Edits are computed on demand: most findings are never fixed, and a JSON fix re-reads the file. */
export interface Fix {
  title: string;
  edits(): TextEdit[];
}

export interface Finding {
  /** Absolute path or URI of the file the finding is in, as given to the engine. */
  file: string;
  ruleId: string;
  category: Category;
  severity: Severity;
  message: string;
  range: Range;
  /** Offsets of the range, for editors that work with offsets. */
  offsets: { start: number; end: number };
  fix?: Fix;
}

export type SpecFamily = 'openapi' | 'asyncapi';

export interface SpecFormat {
  family: SpecFamily;
  /** 'swagger-2.0', 'openapi-3.0', 'openapi-3.1', 'asyncapi-2', 'asyncapi-3'. */
  dialect: 'swagger-2.0' | 'openapi-3.0' | 'openapi-3.1' | 'asyncapi-2' | 'asyncapi-3';
  version: string;
}
