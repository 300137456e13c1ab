import { OpenAPIHono } from "@hono/zod-openapi";
import type { Context } from "hono";
import type { AppEnv, Deps } from "../platform/context.js";
import { EntityRepository } from "../store/entities.js";
import { registerActionRoute } from "./actions.js";
import { registerConnectionTestRoute } from "./connection-test.js";
import type { FlowContext } from "./context.js";
import { registerEntityRoutes } from "./entity-routes.js";
import { RESOURCES } from "./resources.js";
import { registerRunRoutes } from "./runs.js";
import { registerSpecRoutes } from "./specs/routes.js";
import type { SpecCatalogue } from "./specs/repository.js";

/** Flow Service, mounted at /data/foundation/flowservice. */
export function flowServiceRoutes(deps: Deps, specs: SpecCatalogue, newRouter: () => OpenAPIHono<AppEnv>): OpenAPIHono<AppEnv> {
  const app = newRouter();
  const entities = new EntityRepository(deps.store.db);
  const contextOf = (c: Context<AppEnv>): FlowContext => ({
    deps,
    tenant: c.get("tenant"),
    caller: c.get("caller"),
    now: deps.now(),
    entities,
    specs,
  });
  registerSpecRoutes(app, specs);
  for (const resource of RESOURCES) {
    registerEntityRoutes(app, resource, contextOf);
    registerActionRoute(app, resource, contextOf);
  }
  registerConnectionTestRoute(app, contextOf);
  registerRunRoutes(app, contextOf);
  return app;
}
