import { AppError } from "../errors";

/**
 * How deeply a JSON body may nest objects and arrays. The deepest input we accept, a KIM
 * application, is three levels (application → members → member); every admin input is shallower.
 * Sixteen leaves room for growth while refusing the thousands of levels that would overflow the
 * stack of any recursive walk (canonical JSON, `JSON.stringify`, validation).
 */
export const MAX_JSON_DEPTH = 16;

/** The 400 for a body nested deeper than `MAX_JSON_DEPTH`. */
export const jsonTooDeep = () =>
  new AppError(400, "bad_request", `Data JSON terlalu bertingkat: paling banyak ${MAX_JSON_DEPTH} tingkat.`);

/**
 * True when `value` nests objects or arrays more than `max` levels deep (a scalar is level 0,
 * `{}` level 1). Walks with its own stack, so any depth is measured without recursion.
 *
 * @example
 * jsonDepthExceeds({ members: [{ nik: "1" }] }, 3) // false
 * jsonDepthExceeds([[[[]]]], 3) // true
 */
export function jsonDepthExceeds(value: unknown, max = MAX_JSON_DEPTH): boolean {
  const stack: { value: unknown; depth: number }[] = [{ value, depth: 0 }];
  for (let item = stack.pop(); item; item = stack.pop()) {
    if (typeof item.value !== "object" || item.value === null) continue;
    const depth = item.depth + 1;
    if (depth > max) return true;
    for (const child of Object.values(item.value)) stack.push({ value: child, depth });
  }
  return false;
}

/**
 * Throws the 400 `bad_request` when `value` nests deeper than `MAX_JSON_DEPTH`: call it on
 * parsed JSON before anything walks it recursively.
 */
export function assertJsonDepth(value: unknown): void {
  if (jsonDepthExceeds(value)) throw jsonTooDeep();
}
