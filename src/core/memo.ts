/**
 * A pure function of a string, remembered per distinct argument: for values that repeat down a
 * column (labels, titles, activity types). At most `max` entries; when full it starts afresh,
 * so an export of unique values costs bounded memory.
 */
export function memoByString<R>(fn: (value: string) => R, max = 10_000): (value: string) => R {
  const known = new Map<string, R>();
  return (value) => {
    const hit = known.get(value);
    if (hit !== undefined) return hit;
    const result = fn(value);
    if (known.size >= max) known.clear();
    known.set(value, result);
    return result;
  };
}
