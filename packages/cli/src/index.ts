export { main, buildProgram, formatEvalTable, rowsToCsv, loadPlugins } from "./main";
