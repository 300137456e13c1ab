import type { Context } from "hono";
import type { AppEnv, Caller, Deps, Tenant } from "../platform/context.js";
import { XdmRepository } from "../schemaregistry/repository.js";
import type { EntityRepository } from "../store/entities.js";
import { MappingSetRepository } from "./repository.js";

/** What a Data Prep handler works with for one request. */
export interface DataPrepContext {
  deps: Deps;
  tenant: Tenant;
  caller: Caller;
  now: number;
  mappingSets: MappingSetRepository;
  schemas: XdmRepository;
}

export function dataPrepContextOf(deps: Deps, entities: EntityRepository): (c: Context<AppEnv>) => DataPrepContext {
  const mappingSets = new MappingSetRepository(entities);
  const schemas = new XdmRepository(entities);
  return (c) => ({ deps, tenant: c.get("tenant"), caller: c.get("caller"), now: deps.now(), mappingSets, schemas });
}
