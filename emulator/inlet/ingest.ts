import type { CompiledMappingSet, OutputBudget } from "../dataprep/mapping/index.js";
import type { Caller, Deps, Tenant } from "../platform/context.js";
import { altIdOf } from "../schemaregistry/classes.js";
import { schemaValidator } from "../schemaregistry/validator.js";
import type { RecordValidation, Violation } from "../schemaregistry/validator.js";
import type { Document, EntityRepository } from "../store/entities.js";
import { type DataType, type Message, MessageRefused, type SchemaNaming, UNKNOWN_XDM_FORMAT, WRONG_IMS_ORG } from "./messages.js";
import { BoundedMap, type ForeignWrites } from "./foreign-writes.js";
import type { NewRecord, RecordRepository } from "./records.js";
import { emptyDelta, MAPPING_ERROR, type RunDelta, type RunLedger, VALIDATION_ERROR } from "./run-metrics.js";

/**
 * The inlet pipeline, one plain function per stage: find who owns the inlet -> find the flow ->
 * map the event with the flow's mapping set -> validate against the target dataset's schema ->
 * write the record and the run metrics. Writing happens in the caller's transaction.
 */

export const MAX_VALIDATION_ERRORS = 5;

/** Finds a mapping set version compiled for the engine (Data Prep provides it). */
export type MappingResolver = (tenant: Tenant, mappingId: string, version: number) => CompiledMappingSet | undefined;

export interface Inlet {
  inletId: string;
  tenant: Tenant;
  dataType: DataType;
  authenticationRequired: boolean;
  /** The webhook flow that owns the inlet, or the HTTP API base connection. */
  owner: { kind: "flows" | "connections"; doc: Document };
}

export function findInlet(entities: EntityRepository, inletId: string): Inlet | undefined {
  const found = entities.findByInlet(inletId);
  if (found === undefined) return undefined;
  if (found.kind === "flows") {
    return { inletId, tenant: found.tenant, dataType: "raw", authenticationRequired: false, owner: { kind: "flows", doc: found.doc } };
  }
  const params = ((found.doc.auth as { params?: Record<string, unknown> } | undefined)?.params ?? {}) as Record<string, unknown>;
  return {
    inletId,
    tenant: found.tenant,
    dataType: params.dataType === "raw" ? "raw" : "xdm",
    authenticationRequired: params.authenticationRequired === true || params.authenticationRequired === "true",
    owner: { kind: "connections", doc: found.doc },
  };
}

/** Where a message goes: its flow, the dataset and schema, and how to map and validate it. */
export interface Route {
  flow: Document;
  datasetId: string;
  schemaId: string;
  mapper?: CompiledMappingSet;
  validate: (record: unknown) => RecordValidation;
}

export interface PipelineDeps {
  deps: Deps;
  entities: EntityRepository;
  mappings: MappingResolver;
}

export function routeFor(pipeline: PipelineDeps, inlet: Inlet, flowId: string | undefined): Route {
  if (flowId === undefined || flowId === "") throw new MessageRefused(400, "Message has an absent or wrong flow id");
  // A webhook flow owns its inlet: findInlet has just read it.
  const owned = inlet.owner.kind === "flows" && inlet.owner.doc.id === flowId;
  const flow = owned ? inlet.owner.doc : pipeline.entities.get(inlet.tenant, "flows", flowId);
  if (flow === undefined || !belongsToInlet(flow, inlet)) throw new MessageRefused(400, "Message has an absent or wrong flow id");
  if (flow.state !== "enabled") throw new MessageRefused(400, `The dataflow ${flowId} is ${String(flow.state)} and takes no data`);

  const datasetId = targetDataSetId(pipeline, inlet, flow);
  const dataset = datasetId === undefined ? undefined : pipeline.entities.get(inlet.tenant, "catalog/dataSets", datasetId);
  const schemaId = (dataset?.schemaRef as { id?: string } | undefined)?.id;
  if (datasetId === undefined || schemaId === undefined) throw new MessageRefused(400, `The dataflow ${flowId} has no target dataset`);
  const validate = schemaValidator(pipeline.deps.store, inlet.tenant, schemaId);
  if (validate === undefined) throw new MessageRefused(400, `The schema ${schemaId} of dataset ${datasetId} is not found`);

  return { flow, datasetId, schemaId, mapper: mapperOf(pipeline, inlet.tenant, flow), validate };
}

/**
 * Inlets and routes as last resolved, kept while nobody but the inlet writes to the store (a PATCH
 * of the flow, its connections, dataset, schema or mapping set, a delete or a reset drops them).
 * Refusals are not kept: they are resolved again each time.
 */
export class RouteCache {
  private readonly inlets: Map<string, Inlet>;
  private readonly routes: Map<string, Route>;
  private readonly impliedFlows: Map<string, string | undefined>;

  constructor(
    private readonly pipeline: PipelineDeps,
    private readonly foreign: ForeignWrites,
  ) {
    this.inlets = foreign.watch(new BoundedMap<string, Inlet>());
    this.routes = foreign.watch(new BoundedMap<string, Route>());
    this.impliedFlows = foreign.watch(new BoundedMap<string, string | undefined>());
  }

  /** The inlet, as findInlet reads it; call first in each request (it looks for foreign writes). */
  inlet(inletId: string): Inlet | undefined {
    this.foreign.look();
    const known = this.inlets.get(inletId);
    if (known !== undefined) return known;
    const inlet = findInlet(this.pipeline.entities, inletId);
    if (inlet !== undefined) this.inlets.set(inletId, inlet);
    return inlet;
  }

  /** The message's flow id: its XDM header's, `given` (x-adobe-flow-id), or else the one impliedFlowId finds. */
  flowId(inlet: Inlet, message: Message, given: string | undefined): string | undefined {
    const named = flowIdOf(message, given);
    if (named !== undefined || message.kind !== "xdm") return named;
    const datasetId = typeof message.header.datasetId === "string" ? message.header.datasetId : undefined;
    const key = `${inlet.inletId}\u0000${datasetId ?? ""}`;
    if (this.impliedFlows.has(key)) return this.impliedFlows.get(key);
    const flowId = impliedFlowId(this.pipeline, inlet, datasetId);
    this.impliedFlows.set(key, flowId);
    return flowId;
  }

  route(inlet: Inlet, flowId: string | undefined): Route {
    const key = `${inlet.inletId}\u0000${flowId}`;
    const known = this.routes.get(key);
    if (known !== undefined) return known;
    const route = routeFor(this.pipeline, inlet, flowId);
    this.routes.set(key, route);
    return route;
  }
}

/**
 * The flow of an XDM message whose header names none (Adobe's streaming tutorials send such
 * messages, though the spec makes `flowId` required): the one flow of the inlet that writes the
 * header's `datasetId`, or with no `datasetId` the inlet's only flow. None, or several, is
 * undefined: the absent-flow-id refusal.
 */
function impliedFlowId(pipeline: PipelineDeps, inlet: Inlet, datasetId: string | undefined): string | undefined {
  const flows = pipeline.entities.all(inlet.tenant, "flows").filter((flow) => belongsToInlet(flow, inlet));
  const candidates = datasetId === undefined ? flows : flows.filter((flow) => targetDataSetId(pipeline, inlet, flow) === datasetId);
  return candidates.length === 1 ? String(candidates[0].id) : undefined;
}

function targetDataSetId(pipeline: PipelineDeps, inlet: Inlet, flow: Document): string | undefined {
  const targetId = (flow.targetConnectionIds as string[] | undefined)?.[0];
  const target = targetId === undefined ? undefined : pipeline.entities.get(inlet.tenant, "targetConnections", targetId);
  return (target?.params as { dataSetId?: string } | undefined)?.dataSetId;
}

function belongsToInlet(flow: Document, inlet: Inlet): boolean {
  if (inlet.owner.kind === "flows") return flow.id === inlet.owner.doc.id;
  const sources = ((flow.inheritedAttributes as { sourceConnections?: { baseConnection?: { id?: string } }[] } | undefined)
    ?.sourceConnections ?? []);
  return sources.some((source) => source.baseConnection?.id === inlet.owner.doc.id);
}

function mapperOf(pipeline: PipelineDeps, tenant: Tenant, flow: Document): CompiledMappingSet | undefined {
  const transformations = (flow.transformations ?? []) as { name?: string; params?: { mappingId?: string; mappingVersion?: unknown } }[];
  const mapping = transformations.find((transformation) => transformation.name === "Mapping");
  const mappingId = mapping?.params?.mappingId;
  if (mappingId === undefined) return undefined;
  const mapper = pipeline.mappings(tenant, mappingId, Number(mapping?.params?.mappingVersion ?? 0));
  if (mapper === undefined) throw new MessageRefused(400, `The mapping set ${mappingId} of dataflow ${String(flow.id)} is not found`);
  return mapper;
}

/** The XDM header, and the schema its xdmMeta names, must agree with the inlet and the flow the header names. */
export function checkXdmEnvelope(message: Message, inlet: Inlet, route: Route): void {
  if (message.kind !== "xdm") return;
  const { header } = message;
  if (header.imsOrgId !== undefined && header.imsOrgId !== inlet.tenant.imsOrgId) throw new MessageRefused(400, WRONG_IMS_ORG);
  if (header.datasetId !== undefined && header.datasetId !== route.datasetId) {
    const named = typeof header.datasetId === "string" ? header.datasetId : JSON.stringify(header.datasetId);
    throw new MessageRefused(400, `Message names dataset ${named}, but its dataflow writes to ${route.datasetId}`);
  }
  if (namesOtherSchema(header, route.schemaId) || namesOtherSchema(message.meta, route.schemaId)) {
    throw new MessageRefused(400, UNKNOWN_XDM_FORMAT);
  }
}

/**
 * A header or xdmMeta whose `schemaRef.id` is not the schema the flow writes, or without one, whose
 * `xdmSchema` name is not that schema's `meta:altId` (a dataset may name its schema by either id).
 */
function namesOtherSchema(named: SchemaNaming, schemaId: string): boolean {
  const id = named.schemaRef?.id;
  if (id !== undefined) return id !== schemaId;
  const { xdmSchema } = named;
  if (xdmSchema === null || typeof xdmSchema !== "object" || typeof xdmSchema.name !== "string") return false;
  return xdmSchema.name !== schemaId && xdmSchema.name !== altIdOf(schemaId);
}

/**
 * The flow id of a message: an XDM header's flowId (the message routes itself), else the
 * x-adobe-flow-id header or query parameter. A header flowId that is not a string (an array, an
 * object) names no flow of the inlet: refused as a wrong flow id.
 */
function flowIdOf(message: Message, given: string | undefined): string | undefined {
  const named: unknown = message.kind === "xdm" ? message.header.flowId : undefined;
  if (named !== undefined) return typeof named === "string" ? named : JSON.stringify(named);
  return given === "" ? undefined : given;
}

export interface Outcome {
  status: "ingested" | "failed";
  record: unknown;
  errors: Record<string, unknown>[];
  /** Schema violations, at most five, for a sync-validation report. */
  violations: unknown[];
  errorCode?: string;
}

/**
 * Maps and validates one message. Never throws for bad data: a bad record is an outcome. `budget`:
 * what the request's mapped records may still hold (a batch shares one).
 */
export function processMessage(route: Route, message: Message, budget?: OutputBudget): Outcome {
  if (message.kind === "xdm" && message.entity === undefined) return invalid(undefined, [MISSING_XDM_ENTITY]);
  const input = message.kind === "xdm" ? message.entity : message.event;
  let record = input;
  if (route.mapper !== undefined) {
    const mapped = route.mapper.map(input, budget);
    record = mapped.data;
    if (mapped.errors.length > 0) {
      return {
        status: "failed",
        record,
        errors: mapped.errors.map((error) => ({ code: MAPPING_ERROR.code, ...error })),
        violations: [],
        errorCode: MAPPING_ERROR.code,
      };
    }
  }
  const validation = route.validate(record);
  if (validation.valid) return { status: "ingested", record, errors: [], violations: [] };
  return invalid(record, validation.errors);
}

/** The failed-batch error of Adobe's failed-batches guide, as a violation of the sync report. */
const MISSING_XDM_ENTITY: Violation = {
  schemaLocation: "#",
  pointerToViolation: "#",
  causingExceptions: [],
  keyword: "required",
  message: "Payload body is missing xdmEntity",
};

function invalid(record: unknown, found: Violation[]): Outcome {
  const violations = found.slice(0, MAX_VALIDATION_ERRORS);
  return {
    status: "failed",
    record,
    errors: violations.map((violation) => ({ code: VALIDATION_ERROR.code, ...violation })),
    violations,
    errorCode: VALIDATION_ERROR.code,
  };
}

/** Accumulates what a request to one inlet wrote, per flow, so each flow's run is updated once per request. */
export class Commit {
  private readonly records: NewRecord[] = [];
  private readonly deltas = new Map<string, RunDelta>();

  constructor(
    private readonly inlet: Inlet,
    private readonly receivedMs: number,
  ) {}

  /** `rawJson`: the raw message as JSON (the text as sent), when the caller has it; serialised otherwise. */
  add(route: Route, outcome: Outcome, raw: unknown, xactionId: string, inputBytes: number, rawJson?: string): void {
    const flowId = String(route.flow.id);
    // Serialised once: for the run's byte count and for the row.
    const recordJson = outcome.record === undefined ? null : JSON.stringify(outcome.record);
    this.records.push({
      datasetId: route.datasetId,
      flowId,
      inletId: this.inlet.inletId,
      xactionId,
      receivedTimeMs: this.receivedMs,
      status: outcome.status,
      record: outcome.record,
      raw,
      errors: outcome.errors,
      recordJson,
      rawJson,
    });
    let delta = this.deltas.get(flowId);
    if (delta === undefined) {
      delta = emptyDelta(this.receivedMs);
      this.deltas.set(flowId, delta);
    }
    delta.input += 1;
    delta.inputBytes += inputBytes;
    if (outcome.status === "ingested") {
      delta.output += 1;
      delta.outputBytes += Buffer.byteLength(recordJson ?? "");
    } else {
      delta.failed += 1;
      const code = outcome.errorCode ?? VALIDATION_ERROR.code;
      delta.errors.set(code, (delta.errors.get(code) ?? 0) + 1);
    }
  }

  get size(): number {
    return this.records.length;
  }

  /**
   * Writes every record and hands the run deltas to the ledger, which writes the runs before the
   * transaction commits; call inside one transaction (a savepoint of the group).
   */
  write(records: RecordRepository, ledger: RunLedger, foreign: ForeignWrites, caller: Caller): void {
    foreign.own(records.insertAll(this.inlet.tenant, this.records));
    for (const [flowId, delta] of this.deltas) ledger.add(this.inlet.tenant, flowId, caller, delta);
  }
}
