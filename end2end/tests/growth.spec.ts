import { test, expect } from '@playwright/test';
import { signIn, signOut } from './helpers';

// Each browser mode works at its own station: the mentor records, an admin over them confirms.
function setup(project: string) {
  return project === 'js'
    ? { mentor: 'mentor.santang', admin: 'admin.santang', topic: '儿童保护培训（JS）' }
    : { mentor: 'mentor.quanxi', admin: 'admin', topic: '儿童保护培训（无脚本）' };
}

function daysAgo(n: number): string {
  // China time (UTC+8), as the server counts days.
  return new Date(Date.now() + 8 * 3600 * 1000 - n * 24 * 3600 * 1000).toISOString().slice(0, 10);
}

test('a mentor records a training with its certificate, an admin confirms it, the progress bar moves', async ({ page }, testInfo) => {
  const s = setup(testInfo.project.name);
  await signIn(page, s.mentor);
  await page.goto('/growth');
  await page.getByLabel('证书等级').selectOption('assistant');
  await page.getByLabel('证书编号').fill('A2025-0042');
  await page.getByLabel('首次登记日期').fill(daysAgo(400));
  await page.getByRole('button', { name: '保存证书信息' }).click();
  await expect(page.getByTestId('form-saved')).toHaveText('证书信息已保存。');
  await expect(page.getByTestId('growth-progress')).toHaveText('0.0 / 72.0 学时');

  // A bad number of hours is refused beside the field and what was typed stays.
  await page.getByLabel('开始日期').fill(daysAgo(3));
  await page.getByLabel('培训机构').fill('衡阳市社会工作协会');
  await page.getByLabel('培训主题').fill(s.topic);
  await page.getByLabel('学时（小时）').fill('六');
  await page.getByLabel('结业证书或证明').fill('结业证书 HN-2026-001');
  await page.getByRole('button', { name: '提交，等待站点管理员确认' }).click();
  await expect(page.getByText('请填写小时数，如 6 或 1.5（最多两位小数）。')).toBeVisible();
  await expect(page.getByLabel('培训主题')).toHaveValue(s.topic);
  await page.getByLabel('学时（小时）').fill('6');
  await page.getByRole('button', { name: '提交，等待站点管理员确认' }).click();
  await expect(page.getByTestId('form-saved')).toHaveText('培训已登记，等待站点管理员确认。');
  await expect(page.getByTestId('trainings').locator('li', { hasText: s.topic }).getByTestId('training-status')).toHaveText('待确认');
  await expect(page.getByTestId('growth-progress')).toHaveText('0.0 / 72.0 学时');
  await signOut(page);

  await signIn(page, s.admin);
  await page.goto('/growth/review');
  const item = page.getByTestId('trainings-waiting').locator('li', { hasText: s.topic });
  await expect(item).toContainText('结业证书 HN-2026-001');
  await item.getByRole('button', { name: '确认' }).click();
  await expect(page.getByTestId('form-saved')).toHaveText('培训已确认。');
  await expect(page.getByTestId('trainings-waiting').locator('li', { hasText: s.topic })).toHaveCount(0);
  await signOut(page);

  await signIn(page, s.mentor);
  await page.goto('/growth');
  await expect(page.getByTestId('growth-progress')).toHaveText('6.0 / 72.0 学时');
  await expect(page.getByTestId('growth-bar')).toHaveAttribute('width', '8.3');
  await expect(page.getByTestId('trainings').locator('li', { hasText: s.topic }).getByTestId('training-status')).toHaveText('已确认');
});

test('a station records one training for several staff; the list of who is behind and the home warning follow', async ({ page }, testInfo) => {
  const s = testInfo.project.name === 'js'
    ? { worker: 'trainee2.santang', name: '王芳', admin: 'admin.santang', topic: '站点督导技巧培训（JS）' }
    : { worker: 'trainee2.quanxi', name: '赵强', admin: 'admin', topic: '站点督导技巧培训（无脚本）' };
  // Registered long enough ago that the period ends in about four months, with no hours yet.
  await signIn(page, s.worker);
  await page.goto('/growth');
  await page.getByLabel('证书等级').selectOption('assistant');
  await page.getByLabel('证书编号').fill('A2023-0100');
  await page.getByLabel('首次登记日期').fill(daysAgo(3 * 365 - 120));
  await page.getByRole('button', { name: '保存证书信息' }).click();
  await expect(page.getByTestId('form-saved')).toBeVisible();
  await page.goto('/');
  await expect(page.getByTestId('growth-warning')).toContainText('不足 6 个月');
  await expect(page.getByTestId('growth-warning')).toContainText('0.0 / 72.0 学时');
  await signOut(page);

  await signIn(page, s.admin);
  await page.goto('/growth/behind');
  const row = page.getByTestId('behind').locator('tr', { hasText: s.name });
  await expect(row).toContainText('0.0 / 72.0 学时');
  await expect(row).toContainText('不足 6 个月');

  await page.goto('/growth/review');
  const form = page.getByTestId('station-training-form');
  await form.getByLabel('开始日期').fill(daysAgo(2));
  await form.getByLabel('培训机构').fill('衡南县民政局');
  await form.getByLabel('培训主题').fill(s.topic);
  await form.getByLabel('学时（小时）').fill('3');
  // Nobody ticked: refused beside the list, and what was typed stays.
  await form.getByRole('button', { name: '登记并确认' }).click();
  await expect(page.getByText('请至少勾选一名参加人员。')).toBeVisible();
  await expect(page.getByTestId('station-training-form').getByLabel('培训主题')).toHaveValue(s.topic);
  await page.getByTestId('attendees').getByLabel(new RegExp(s.name)).check();
  await page.getByTestId('station-training-form').getByRole('button', { name: '登记并确认' }).click();
  await expect(page.getByTestId('form-saved')).toHaveText('培训已为勾选的社工登记并确认。');
  await signOut(page);

  await signIn(page, s.worker);
  await page.goto('/growth');
  await expect(page.getByTestId('growth-progress')).toHaveText('3.0 / 72.0 学时');
  await expect(page.getByTestId('trainings').locator('li', { hasText: s.topic }).getByTestId('training-status')).toHaveText('已确认');
});
