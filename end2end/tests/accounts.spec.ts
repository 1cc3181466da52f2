import { test, expect } from '@playwright/test';
import { DEMO_PASSWORD, signIn, signOut } from './helpers';

test('an admin creates an account, a mistake keeps the input, the new person signs in, deactivation locks them out', async ({ page }, testInfo) => {
  const suffix = testInfo.project.name === 'js' ? 'js' : 'nojs';
  const username = `e2e.${suffix}.${Date.now() % 100000}`;
  const mobile = `139${String(Date.now() % 100000000).padStart(8, '0')}`;
  const password = 'new-worker-2026';

  await signIn(page, 'admin');
  await page.goto('/admin/accounts/new');
  await page.getByLabel('用户名', { exact: true }).fill('Bad Name!');
  await page.getByLabel('姓名').fill('赵测试');
  await page.getByLabel('手机号（可选）').fill(mobile);
  await page.getByLabel('初始密码').fill(password);
  await page.getByLabel('角色').selectOption({ label: '新社工' });
  await page.getByLabel('站点').selectOption({ label: '三塘镇社工站' });
  await page.getByRole('button', { name: '创建账号' }).click();

  await expect(page.locator('#username-error')).toHaveText('用户名只能使用小写字母、数字和 . _ -。');
  await expect(page.getByLabel('姓名')).toHaveValue('赵测试');
  await expect(page.getByLabel('手机号（可选）')).toHaveValue(mobile);
  await expect(page.getByLabel('站点')).toHaveValue(/\d+/);
  await expect(page.getByLabel('角色')).toHaveValue('trainee');

  await page.getByLabel('用户名', { exact: true }).fill(username);
  await page.getByLabel('初始密码').fill(password);
  await page.getByRole('button', { name: '创建账号' }).click();
  await expect(page.getByTestId('form-saved')).toHaveText('账号已创建。');
  await expect(page.getByTestId('account-name')).toHaveText('赵测试');
  await expect(page.getByTestId('account-roles')).toContainText('新社工 · 三塘镇社工站');
  const accountUrl = page.url();
  await signOut(page);

  await signIn(page, username, password);
  await expect(page.getByTestId('greeting')).toHaveText('你好，赵测试');
  await signOut(page);

  await signIn(page, 'admin');
  await page.goto(accountUrl);
  await page.getByRole('button', { name: '停用账号' }).click();
  await expect(page.getByTestId('account-status')).toHaveText('已停用');
  await page.goto('/admin/audit');
  await expect(page.getByTestId('audit')).toContainText('停用账号');
  await signOut(page);

  await signIn(page, username, password);
  await expect(page.getByTestId('form-error')).toHaveText('该账号已停用，请联系管理员。');
});

test('a station admin cannot open an account of another station', async ({ page }) => {
  await signIn(page, 'admin');
  await page.goto('/admin/accounts?q=张丽');
  await page.getByRole('link', { name: /张丽/ }).click();
  const quanxiTraineeUrl = page.url();
  await signOut(page);

  await signIn(page, 'admin.santang');
  const response = await page.goto(quanxiTraineeUrl);
  expect(response?.status()).toBe(404);
  await page.goto('/admin/accounts');
  await expect(page.getByTestId('accounts')).toContainText('李明');
  await expect(page.getByTestId('accounts')).not.toContainText('张丽');
});

test('everyone can change their own password, and a wrong current password is refused', async ({ page }, testInfo) => {
  // Each browser mode changes a different account so the two runs do not disturb each other.
  const user = testInfo.project.name === 'js' ? 'trainee.quanxi' : 'mentor.quanxi';
  await signIn(page, user);
  await page.goto('/account/password');
  await page.getByLabel('当前密码').fill('wrong-current');
  await page.getByLabel('新密码', { exact: true }).fill('brand-new-pass');
  await page.getByLabel('再次输入新密码').fill('brand-new-pass');
  await page.getByRole('button', { name: '保存新密码' }).click();
  await expect(page.locator('#current-error')).toHaveText('当前密码不正确。');

  await page.getByLabel('当前密码').fill(DEMO_PASSWORD);
  await page.getByLabel('新密码', { exact: true }).fill('brand-new-pass');
  await page.getByLabel('再次输入新密码').fill('brand-new-pass');
  await page.getByRole('button', { name: '保存新密码' }).click();
  await expect(page.getByTestId('form-saved')).toContainText('密码已修改');
  await signOut(page);
  await signIn(page, user, 'brand-new-pass');
  await expect(page.getByTestId('greeting')).toBeVisible();

  // Put the demo password back: other scenarios sign in as this person.
  await page.goto('/account/password');
  await page.getByLabel('当前密码').fill('brand-new-pass');
  await page.getByLabel('新密码', { exact: true }).fill(DEMO_PASSWORD);
  await page.getByLabel('再次输入新密码').fill(DEMO_PASSWORD);
  await page.getByRole('button', { name: '保存新密码' }).click();
  await expect(page.getByTestId('form-saved')).toContainText('密码已修改');
});
