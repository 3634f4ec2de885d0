/**
 * `fn`, answered once per distinct string: for checks of strings that repeat across an app's
 * objects (label and annotation keys, a pool's SSH keys). At most `limit` answers are kept; past it
 * the memory starts again (long-running processes).
 */
export function memoizeString<T>(fn: (value: string) => T, limit = 10_000): (value: string) => T {
  const answers = new Map<string, T>();
  return (value) => {
    if (answers.has(value)) return answers.get(value) as T;
    const answer = fn(value);
    if (answers.size >= limit) answers.clear();
    answers.set(value, answer);
    return answer;
  };
}
