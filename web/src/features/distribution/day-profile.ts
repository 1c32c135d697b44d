// A working day's traffic for the simulator: few dialogs at night, a morning climb, the most in the
// afternoon, a calm evening. Relative weights per local hour, 0 to 23.
const WEIGHTS = [1, 0.5, 0.5, 0.5, 0.5, 1, 2, 4, 7, 9, 10, 10, 10, 11, 12, 12, 11, 10, 8, 6, 5, 4, 3, 2];

/** Dialogs per hour for each hour of the day, adding up to `perDay`. */
export function arrivalsPerHour(perDay: number): number[] {
  const sum = WEIGHTS.reduce((a, b) => a + b, 0);
  return WEIGHTS.map((w) => (perDay * w) / sum);
}
