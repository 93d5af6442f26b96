export { METERS, type Usage, usageOf } from "./meters.js";
export { costOf } from "./price.js";
export {
  COSTS_DEFAULTS,
  type CostsConfig,
  costsSection,
  LIST_PRICES,
  type Prices,
  type PriceTable,
  pricesFrom,
} from "./prices.js";
export { type CostGrouping, type CostReport, type CostRow, costReport } from "./report.js";
export { meter } from "./stage.js";
