import { test, expect, Locator, Page } from '@playwright/test';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { signIn, signOut } from './helpers';

// Each browser mode uses its own station's trainee and mentor, so the two runs do not meet.
function people(project: string) {
  return project === 'js'
    ? { trainee: 'trainee.santang', traineeName: '李明', mentor: 'mentor.santang', mentorName: '王秀英', admin: 'admin.santang' }
    : { trainee: 'trainee.quanxi', traineeName: '张丽', mentor: 'mentor.quanxi', mentorName: '陈志强', admin: 'admin' };
}

// The PDF a link downloads, as text (poppler's pdftotext): proves it is a valid PDF with the
// Chinese text embedded, not just bytes.
async function downloadedPdfText(page: Page, link: Locator): Promise<string> {
  const [download] = await Promise.all([page.waitForEvent('download'), link.click()]);
  const path = await download.path();
  const bytes = readFileSync(path);
  expect(bytes.subarray(0, 5).toString()).toBe('%PDF-');
  return execFileSync('pdftotext', ['-enc', 'UTF-8', path, '-']).toString();
}

async function logPractice(page: Page, opts: { setting: string; observed: boolean; reflection: string }) {
  await page.goto('/practice/new');
  await page.getByText('B 入户走访与核查').click();
  await page.getByLabel(/^B1 访前准备/).check();
  await page.getByLabel(opts.setting, { exact: true }).check();
  await page.getByLabel('独立完成', { exact: true }).check();
  if (opts.observed) await page.getByLabel('导师在场观察').check();
  await page.getByLabel('村（社区）').fill('石门村');
  await page.getByLabel('服务对象化名').fill('王奶奶');
  await page.getByLabel('反思（支持 Markdown）').fill(opts.reflection);
  await page.getByRole('button', { name: '保存练习' }).click();
}

test('a trainee logs two practices; the mentor confirms the observation and signs it; progress shows 达标', async ({ page }, testInfo) => {
  const who = people(testInfo.project.name);
  await signIn(page, who.trainee);

  await logPractice(page, { setting: '实地', observed: true, reflection: '**访前**查阅了档案，备齐了低保申请表。' });
  await expect(page.getByTestId('form-saved')).toHaveText('练习已保存。');
  await expect(page.getByTestId('practices')).toContainText('B1');
  await expect(page.getByTestId('practices').locator('strong').first()).toHaveText('访前');
  // Ticking "observed by my mentor" is a claim until the mentor confirms it.
  await expect(page.getByTestId('observation-unconfirmed').first()).toBeVisible();

  await logPractice(page, { setting: '模拟', observed: false, reflection: '模拟练习：先说明来意，再核对材料。' });
  await expect(page.getByTestId('form-saved')).toBeVisible();
  await page.goto('/progress');
  const b1 = page.getByTestId('item-B1');
  await expect(b1).toContainText('练习中');
  await expect(b1).toContainText('1 次实地独立完成（导师观察）');
  await expect(b1.getByRole('button', { name: '申请审核' })).toHaveCount(0);
  await signOut(page);

  await signIn(page, who.mentor);
  await page.goto('/review');
  const claims = page.getByTestId('observation-claims');
  await expect(claims).toContainText(who.traineeName);
  await claims.getByRole('button', { name: '确认我在场观察' }).first().click();
  await expect(page.getByTestId('form-saved')).toHaveText('已确认观察。');
  await signOut(page);

  await signIn(page, who.trainee);
  await page.goto('/progress');
  await page.getByTestId('item-B1').getByRole('button', { name: '申请审核' }).click();
  await expect(page.getByTestId('form-saved')).toHaveText('已提交审核申请。');
  await expect(page.getByTestId('item-B1')).toContainText('待审核');
  await signOut(page);

  await signIn(page, who.mentor);
  await page.goto('/review');
  await page.getByTestId('review-queue').getByRole('link', { name: new RegExp(`${who.traineeName}.*B1`) }).click();
  await expect(page.getByTestId('review-title')).toContainText('B1');
  await expect(page.getByTestId('evidence').getByTestId('practice')).toHaveCount(2);
  await page.getByLabel('达标', { exact: true }).check();
  await page.getByRole('button', { name: '提交结论' }).click();
  await expect(page.getByTestId('form-saved')).toHaveText('结论已提交。');
  await expect(page.getByTestId('decision')).toContainText('达标');
  await signOut(page);

  await signIn(page, who.trainee);
  await page.goto('/progress');
  await expect(page.getByTestId('item-B1')).toContainText('达标');
  await expect(page.getByTestId('area-B')).toContainText('1/6');
  await expect(page.getByTestId('area-chart')).toContainText('1/6');
  await expect(page.getByTestId('decisions')).toContainText('B1');

  // The growth portfolio shows the signed-off item with its mentor; its PDF carries the name.
  await page.goto('/growth/portfolio');
  const item = page.getByTestId('portfolio-items').locator('tr', { hasText: 'B1' });
  await expect(item).toContainText('达标');
  await expect(item).toContainText(who.mentorName);
  await expect(page.getByTestId('portfolio-competent')).toContainText('达标 1 /');
  await expect(page.getByTestId('portfolio-pairings')).toContainText(who.mentorName);
  await expect(page.getByTestId('portfolio')).not.toContainText('王奶奶');
  const text = await downloadedPdfText(page, page.getByTestId('portfolio-pdf'));
  expect(text).toContain(who.traineeName);
  expect(text).toContain('成长档案');
  expect(text).toContain(who.mentorName);
  expect(text).not.toContain('王奶奶');
  const url = new URL(page.url());
  await signOut(page);

  // The station's admin opens it from the account and downloads it too.
  await signIn(page, who.admin);
  await page.goto(`/admin/accounts?q=${encodeURIComponent(who.trainee)}`);
  await page.getByRole('link', { name: new RegExp(who.trainee) }).first().click();
  await page.getByTestId('account-portfolio').click();
  await expect(page.getByTestId('portfolio-name')).toHaveText(who.traineeName);
  expect(await downloadedPdfText(page, page.getByTestId('portfolio-pdf'))).toContain(who.traineeName);
  expect(url.pathname).toBe('/growth/portfolio');
});

