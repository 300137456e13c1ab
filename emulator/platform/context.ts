import type { FaultRules } from "../control/faults.js";
import type { RequestJournal } from "../control/journal.js";
import type { Store } from "../store/db.js";
import type { IdSource } from "./ids.js";

/** The org and sandbox a request acts in; every stored row carries both. */
export interface Tenant {
  imsOrgId: string;
  sandboxName: string;
}

/** Who made the request, as the stored documents record it. */
export interface Caller {
  userId: string;
  clientId: string;
}

export interface AppEnv {
  Variables: {
    requestId: string;
    tenant: Tenant;
    caller: Caller;
    /** The fault rule id (or "header") that answered or delayed the request, for the journal. */
    fault?: string;
  };
}

/** What the app needs from the outside world; tests pass their own. */
export interface Deps {
  store: Store;
  ids: IdSource;
  now: () => number;
  /** Base of every inletUrl, without a trailing slash. */
  inletBaseUrl: () => string;
  apiKeys?: string[];
  orgIds?: string[];
  log?: (line: Record<string, unknown>) => void;
  /** Prints an error no answer explains (the request answers 500), per LOG_LEVEL; console.error when absent. */
  logError?: (error: unknown) => void;
  /** Schema Registry tenant id of an org that no fixture set names (DEFAULT_TENANT_ID). */
  defaultTenantId?: string;
  /** Recent requests (JOURNAL_SIZE, JOURNAL_BODIES); createApp makes a default one when absent. */
  journal?: RequestJournal;
  /** Fault rules; createApp makes an empty set when absent. */
  faults?: FaultRules;
  /** BODY_LIMIT: the largest request body (bytes) of the platform paths; createApp uses 10 MiB when absent. */
  bodyLimit?: number;
  /** False while start-up is still loading fixtures: GET /_emulator/ready answers 503. */
  ready?: () => boolean;
}
