// The routing simulator: what automatic distribution (or the business's routing script) would do
// with a day of traffic, computed in memory on the dialog machine and the built-in rule.
export { simulate, type SimulateOptions } from './simulate';
export { generateArrivals } from './traffic';
export type { Decide } from './dispatch';
