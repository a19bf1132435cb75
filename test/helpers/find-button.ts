/** Finds a button by `action_id` anywhere in a message's blocks and returns its value. */
export function buttonValue(blocks: readonly unknown[], actionId: string): string {
  for (const block of blocks) {
    const elements = (block as { elements?: unknown[]; accessory?: unknown }).elements ?? [];
    const accessory = (block as { accessory?: unknown }).accessory;
    for (const element of [...elements, accessory]) {
      const candidate = element as { action_id?: string; value?: string } | undefined;
      if (candidate?.action_id === actionId && typeof candidate.value === 'string') return candidate.value;
    }
  }
  throw new Error(`no button ${actionId} in the message`);
}

/** Every `action_id` of every button in a message. */
export function actionIds(blocks: readonly unknown[]): string[] {
  const ids: string[] = [];
  for (const block of blocks) {
    const elements = (block as { elements?: unknown[] }).elements ?? [];
    for (const element of [...elements, (block as { accessory?: unknown }).accessory]) {
      const id = (element as { action_id?: string } | undefined)?.action_id;
      if (id) ids.push(id);
    }
  }
  return ids;
}
