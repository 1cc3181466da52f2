import { expect, Page } from '@playwright/test';

/** The password every demo account shares (see app/src/server/db/demo.rs). */
export const DEMO_PASSWORD = 'shegong-demo';

/** Signs in through the real form, as a person would. */
export async function signIn(page: Page, username: string, password = DEMO_PASSWORD) {
  await page.goto('/login');
  await page.getByLabel('用户名或手机号').fill(username);
  await page.getByLabel('密码', { exact: true }).fill(password);
  await page.getByRole('button', { name: '登录' }).click();
}

/** Signs out with the button in the navigation and checks the server confirmed it. */
export async function signOut(page: Page) {
  await page.getByRole('button', { name: '退出' }).click();
  await expect(page).toHaveURL(/\/login\?signed_out=1$/);
}

/** The main navigation. */
export function mainNav(page: Page) {
  return page.getByRole('navigation', { name: '主导航' });
}
