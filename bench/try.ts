import { measureStatsAt } from "./stats-scale.bench";
console.log(await measureStatsAt((process.argv[2] ?? "1x") as "1x", console.log));
