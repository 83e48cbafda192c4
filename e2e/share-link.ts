import type { Page } from '@playwright/test';
import { expect } from './fixtures';

/** Opens Share in the player, and returns the permalink it made (the dialog is closed again). */
export async function shareLink(page: Page): Promise<string> {
  await page.context().grantPermissions(['clipboard-read', 'clipboard-write']);
  await page.getByRole('button', { name: 'Share' }).click();
  const field = page.getByRole('textbox', { name: 'Permalink' });
  await expect(field).toHaveValue(/\/replay#step=\d+&sum=[0-9a-f]{8}&run=/);
  const link = await field.inputValue();
  await page.getByRole('button', { name: 'Close' }).click();
  return link;
}
