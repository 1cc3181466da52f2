import { test, expect, Page } from '@playwright/test';
import { signIn, signOut } from './helpers';

// Each browser mode uses its own station's trainee and mentor, so the two runs do not meet.
function people(project: string) {
  return project === 'js'
    ? { trainee: 'trainee.santang', traineeName: '李明', mentor: 'mentor.santang' }
    : { trainee: 'trainee.quanxi', traineeName: '张丽', mentor: 'mentor.quanxi' };
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
});

test('an ID number in a reflection is refused and the text is kept', async ({ page }, testInfo) => {
  const who = people(testInfo.project.name);
  await signIn(page, who.trainee);
  const text = '孩子的身份证号 430422201001011234，已核对。';
  await logPractice(page, { setting: '实地', observed: false, reflection: text });
  await expect(page.locator('#reflection-error')).toContainText('身份证号');
  await expect(page.getByLabel('反思（支持 Markdown）')).toHaveValue(text);
  await expect(page.getByLabel('服务对象化名')).toHaveValue('王奶奶');
  await expect(page.getByLabel(/^B1 访前准备/)).toBeChecked();
  // The refused text never travels in a URL (history, proxies, logs).
  expect(decodeURIComponent(page.url())).not.toContain('430422201001011234');
});

test('disguised numbers are refused too: full-width digits, dots, spaces', async ({ page }, testInfo) => {
  const who = people(testInfo.project.name);
  await signIn(page, who.trainee);
  for (const text of ['电话 １３９１２３４５６７８', '号码 139.1234.5678', '４３０４２２２０１００１０１１２３４']) {
    await logPractice(page, { setting: '实地', observed: false, reflection: text });
    await expect(page.locator('#reflection-error')).toBeVisible();
    await expect(page.getByLabel('反思（支持 Markdown）')).toHaveValue(text);
  }
});

test('a mentor of another station cannot see a trainee’s progress', async ({ page }) => {
  await signIn(page, 'mentor.quanxi');
  await page.goto('/trainees');
  await expect(page.getByTestId('trainees')).toContainText('张丽');
  await expect(page.getByTestId('trainees')).not.toContainText('李明');
  await signOut(page);

  await signIn(page, 'admin');
  await page.goto('/trainees');
  await page.getByTestId('trainees').getByRole('link', { name: '李明' }).click();
  const progressUrl = page.url();
  await signOut(page);

  await signIn(page, 'mentor.quanxi');
  const response = await page.goto(progressUrl);
  expect(response?.status()).toBe(404);
  await expect(page.getByTestId('progress-title')).toHaveCount(0);
});
