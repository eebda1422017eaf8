import type { Rule } from '../rule';
import { rules as idempotency } from './idempotency';
import { rules as ordering } from './ordering';
import { rules as pagination } from './pagination';
import { rules as parse } from './parse';
import { rules as realtime } from './realtime';
import { rules as resource } from './resource';
import { rules as retry } from './retry';
import { rules as status } from './status';
import { rules as versioning } from './versioning';
import { rules as webhooks } from './webhooks';

/** Every rule, grouped by category file: adding a rule touches its category's file only. */
export const RULES: readonly Rule[] = [
  ...idempotency,
  ...pagination,
  ...versioning,
  ...retry,
  ...resource,
  ...status,
  ...webhooks,
  ...realtime,
  ...ordering,
  ...parse,
];

export const RULES_BY_ID: ReadonlyMap<string, Rule> = new Map(RULES.map((r) => [r.id, r]));
