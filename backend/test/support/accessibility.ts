import AxeBuilder from '@axe-core/playwright';
import type { Page } from 'playwright-core';

/** Violations axe-core rates serious or critical (what must never ship). */
export async function seriousViolations(page: Page): Promise<string[]> {
  const { violations } = await new AxeBuilder({ page }).analyze();
  return violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${v.id}: ${v.help} (${v.nodes.length})`);
}
