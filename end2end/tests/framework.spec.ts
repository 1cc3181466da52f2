import { test, expect } from '@playwright/test';
import { signIn, signOut } from './helpers';

test('the admin at the top of the tree edits a draft and publishes it as a new, fixed version', async ({ page }) => {
  await signIn(page, 'admin.hunan');
  await page.goto('/admin/frameworks');
  await page.getByRole('button', { name: '基于最新版本创建草稿' }).click();
  await expect(page.getByTestId('form-saved')).toHaveText('草稿已创建。');
  await expect(page.getByTestId('framework-title')).toContainText('草稿');
  const version = (await page.getByTestId('framework-title').textContent())?.match(/v(\d+)/)?.[1];

  const c2 = page.getByTestId('edit-C2');
  await c2.locator('summary').click();
  await c2.getByLabel('能力项').fill('用通俗语言和具体例子讲解政策（修订）');
  await c2.getByLabel('需要独立完成的次数').fill('3');
  await c2.getByRole('button', { name: '保存此项' }).click();
  await expect(page.getByTestId('form-saved')).toHaveText('已保存。');
  await expect(page.getByTestId('edit-C2')).toContainText('（修订）');

  await page.getByRole('button', { name: '发布为新版本' }).click();
  await expect(page.getByTestId('form-saved')).toHaveText('新版本已发布。');
  await expect(page.getByTestId('versions')).toContainText(`v${version}`);
  await page.getByTestId('versions').getByRole('link', { name: new RegExp(`v${version}$`) }).click();
  await expect(page.getByTestId('framework-title')).toContainText('已发布');
  await expect(page.getByRole('button', { name: '保存此项' })).toHaveCount(0);
  await expect(page.getByText('用通俗语言和具体例子讲解政策（修订）')).toBeVisible();
});

test('only admins at the top of the tree reach the framework pages', async ({ page }) => {
  await signIn(page, 'admin.santang');
  const response = await page.goto('/admin/frameworks');
  expect(response?.status()).toBe(403);
  await signOut(page);
  await signIn(page, 'admin');
  expect((await page.goto('/admin/frameworks'))?.status()).toBe(403);
  await signOut(page);
  await signIn(page, 'mentor.santang');
  expect((await page.goto('/admin/frameworks'))?.status()).toBe(403);
});

test('with JavaScript, a reflection can be previewed as it will be saved', async ({ page, javaScriptEnabled }) => {
  test.skip(!javaScriptEnabled, 'the preview is an island');
  await signIn(page, 'trainee.quanxi');
  await page.goto('/practice/new');
  await page.getByLabel('反思（支持 Markdown）').fill('**重点**：先说明来意 <script>alert(1)</script>');
  await page.getByTestId('preview-button').click();
  await expect(page.getByTestId('preview').locator('strong')).toHaveText('重点');
  await expect(page.getByTestId('preview')).toContainText('<script>alert(1)</script>');
  await expect(page.getByTestId('preview').locator('script')).toHaveCount(0);
});
