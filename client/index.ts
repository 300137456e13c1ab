import { CatalogClient } from "./catalog.js";
import { DataPrepClient } from "./dataprep.js";
import { EmulatorClient } from "./emulator.js";
import { FlowServiceClient } from "./flowservice.js";
import { type ClientOptions, HttpCore } from "./http.js";
import { InletClient } from "./inlet.js";
import { SchemaRegistryClient } from "./schemaregistry.js";

/**
 * The reference client for Adobe Experience Platform's Flow Service and its neighbours. It speaks
 * only Adobe's documented API (so it works against https://platform.adobe.io as well as the
 * emulator), except `emulator`, the emulator's control plane.
 */
export interface AepClient {
  flowService: FlowServiceClient;
  dataPrep: DataPrepClient;
  catalog: CatalogClient;
  schemaRegistry: SchemaRegistryClient;
  inlet: InletClient;
  emulator: EmulatorClient;
}

export function createClient(options: ClientOptions): AepClient {
  const http = new HttpCore(options);
  return {
    flowService: new FlowServiceClient(http),
    dataPrep: new DataPrepClient(http),
    catalog: new CatalogClient(http),
    schemaRegistry: new SchemaRegistryClient(http),
    inlet: new InletClient(http),
    emulator: new EmulatorClient(http),
  };
}

export { AepError, collect, DEFAULT_BASE_URL, type ClientOptions } from "./http.js";
export type { CatalogClient, DataSets } from "./catalog.js";
export type { DataPrepClient, MappingSets } from "./dataprep.js";
export type { EmulatorClient, Faults } from "./emulator.js";
export type { FlowEntities, FlowServiceClient, Flows, Runs, Specs } from "./flowservice.js";
export type { InletClient } from "./inlet.js";
export type { SchemaRegistryClient, XdmResources } from "./schemaregistry.js";
export type * from "./types.js";
