export { main, buildProgram, formatEvalTable, rowsToCsv } from "./main";
export { loadPlugins } from "./plugins";
export { WorkerPool } from "./worker-pool";
