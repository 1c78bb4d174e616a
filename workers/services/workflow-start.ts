/**
 * Starts a record's Workflow instance, or finds it already there, for every process; one retry
 * for a transient failure. The instance id is the record's id, so a duplicate `create` throws: a
 * repeat (`fresh` false) looks first, and a create that failed is checked, since it may still
 * have landed. What this cannot start, the nightly sweeper (`services/sweeper.ts`) does.
 *
 * @example
 * await ensureInstance(env.ASPIRATION_FLOW, code, { code }, true);
 */
export async function ensureInstance(
  flow: Pick<Workflow, "get" | "create">,
  id: string,
  params: unknown,
  fresh: boolean,
): Promise<void> {
  const exists = () =>
    flow.get(id).then(
      () => true,
      () => false,
    );
  if (!fresh && (await exists())) return;
  for (let attempt = 1; ; attempt++) {
    try {
      await flow.create({ id, params });
      return;
    } catch (err) {
      if (await exists()) return;
      if (attempt >= 2) throw err;
    }
  }
}
