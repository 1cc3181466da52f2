import { test, expect } from '@playwright/test';
import { signIn, signOut } from './helpers';

// Each browser mode works at its own station with its own unpaired demo trainee.
function people(project: string) {
  return project === 'js'
    ? { coordinator: 'coord.santang', mentor: 'mentor.santang', mentorName: '王秀英', trainee: 'trainee2.santang', traineeName: '王芳' }
    : { coordinator: 'coord.quanxi', mentor: 'mentor.quanxi', mentorName: '陈志强', trainee: 'trainee2.quanxi', traineeName: '赵强' };
}

test('pair, record a session with an action, confirm it, and see it in oversight', async ({ page }, testInfo) => {
  const who = people(testInfo.project.name);

  await signIn(page, who.coordinator);
  await page.goto('/pairings');
  const traineeValue = await page.locator('#trainee_id option', { hasText: who.traineeName }).getAttribute('value');
  await page.getByLabel('新社工', { exact: true }).selectOption(traineeValue!);
  const mentorValue = await page.locator('#mentor_id option', { hasText: who.mentorName }).getAttribute('value');
  await page.getByLabel('导师', { exact: true }).selectOption(mentorValue!);
  await page.getByLabel('学习协议（目标，支持 Markdown）').fill('三个月内独立完成**入户走访**');
  await page.getByRole('button', { name: '配对', exact: true }).click();
  await expect(page.getByTestId('form-saved')).toHaveText('配对成功。');
  await expect(page.getByTestId('pairings')).toContainText(`${who.traineeName} ← ${who.mentorName}`);
  await signOut(page);

  await signIn(page, who.mentor);
  await expect(page.getByTestId('my-pairings')).toContainText(who.traineeName);
  await expect(page.getByTestId('my-mentees')).toContainText(who.traineeName);
  await page.goto('/supervision/new');
  await page.getByLabel(who.traineeName, { exact: true }).check();
  await page.getByLabel('教育', { exact: true }).check();
  await page.getByLabel('主题').fill('入户核查中如何不诱导提问');
  await page.getByLabel('相关能力项（可选）').fill('B4, A5');
  await page.getByLabel('事项 1').fill('下次入户前写好提问提纲');
  const ownerValue = await page.locator('#action1_owner option', { hasText: who.traineeName }).getAttribute('value');
  await page.locator('#action1_owner').selectOption(ownerValue!);
  await page.locator('#action1_due').fill('2030-01-31');
  await page.getByRole('button', { name: '保存督导记录' }).click();
  await expect(page.getByTestId('form-saved')).toContainText('督导记录已保存');
  await expect(page.getByTestId('attendees')).toContainText('待确认');
  await expect(page.getByTestId('session-items')).toHaveText('A5、B4');
  await expect(page.getByTestId('actions')).toContainText('下次入户前写好提问提纲');
  await signOut(page);

  await signIn(page, who.trainee);
  await expect(page.getByTestId('my-pairings')).toContainText(who.mentorName);
  await expect(page.getByTestId('my-pairings').locator('strong')).toHaveText('入户走访');
  await page.goto('/supervision');
  await page.getByTestId('sessions').getByRole('link', { name: /入户核查中如何不诱导提问/ }).click();
  await page.getByLabel('我的补充意见（可选）').fill('收获很大');
  await page.getByRole('button', { name: '确认这次督导' }).click();
  await expect(page.getByTestId('form-saved')).toHaveText('已确认。');
  await expect(page.getByTestId('attendees')).toContainText('已确认');
  await expect(page.getByRole('button', { name: '确认这次督导' })).toHaveCount(0);
  await signOut(page);

  await signIn(page, who.coordinator);
  await page.goto('/oversight');
  await expect(page.getByTestId(`oversight-${who.traineeName}`)).toContainText('正常');
  await signOut(page);

  // The demo seeded 张丽's last session 40 days ago: past the 30-day threshold.
  await signIn(page, 'admin');
  await page.goto('/oversight?status=attention');
  await expect(page.getByTestId('oversight-张丽')).toContainText('逾期');
  await expect(page.getByTestId(`oversight-${who.traineeName}`)).toHaveCount(0);
});

test('a mentor never sees another mentor’s mentees’ reflections', async ({ page }, testInfo) => {
  const mine = testInfo.project.name === 'js' ? '第一次独立入户' : '第一次讲解政策';
  await signIn(page, 'trainee.santang');
  await page.goto('/reflections');
  await page.getByLabel('标题').fill(mine);
  await page.getByLabel('内容（支持 Markdown）').fill('有些紧张，但做到了结伴入户。');
  await page.getByRole('button', { name: '保存反思' }).click();
  await expect(page.getByTestId('form-saved')).toHaveText('反思已保存。');
  await signOut(page);

  await signIn(page, 'mentor.santang');
  await page.goto('/reflections');
  await expect(page.getByTestId('reflections')).toContainText(mine);
  await signOut(page);

  await signIn(page, 'mentor.quanxi');
  await page.goto('/reflections');
  await expect(page.getByTestId('reflections')).not.toContainText(mine);
});
