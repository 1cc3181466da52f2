import { test, expect, BrowserContext, Page } from '@playwright/test';
import { signIn } from './helpers';

// On a village road with no signal: the outbox (frontend/offline.js) keeps what is made
// offline on the phone and sends it once when the connection returns. The outbox and the
// service worker are scripts, so these run with JavaScript only; without it every form posts
// as always (the other specs).
test.use({ viewport: { width: 360, height: 740 } });

/** Longest wait for the outbox to notice the connection is back (it retries every 5 s). */
const SENT = 12_000;

test.beforeEach(async ({ javaScriptEnabled }) => {
  test.skip(!javaScriptEnabled, 'the outbox and the service worker are scripts');
});

/** The service worker controls the page and has kept `path` for use offline. */
async function keptOffline(page: Page, path: string) {
  await page.evaluate(() => navigator.serviceWorker.ready);
  // The first visit is before the worker: open it again under the worker's control.
  await page.reload();
  await expect.poll(() => page.evaluate(() => !!navigator.serviceWorker.controller)).toBe(true);
  await expect
    .poll(() => page.evaluate(async (p) => !!(await caches.match(p)), path), { timeout: 10_000 })
    .toBe(true);
}

/** Cuts the connection and reopens the page from the phone's copy, its outbox read. */
async function goOffline(page: Page, context: BrowserContext) {
  await context.setOffline(true);
  await page.reload();
  await expect(outbox(page)).toHaveAttribute('data-checked', '1', { timeout: SENT });
}

function outbox(page: Page) {
  return page.getByTestId('outbox');
}

async function fillPractice(page: Page, village: string, reflection: string) {
  await page.getByText('B 入户走访与核查').click();
  await page.getByLabel(/^B1 访前准备/).check();
  await page.getByLabel('实地', { exact: true }).check();
  await page.getByLabel('独立完成', { exact: true }).check();
  await page.getByLabel('村（社区）').fill(village);
  await page.getByLabel('服务对象化名').fill('小林');
  await page.getByLabel('反思（支持 Markdown）').fill(reflection);
}

/** How many of the trainee's practices name `village` (their practice list). */
async function practicesAt(page: Page, village: string) {
  await page.goto('/practice');
  return page.getByTestId('practices').getByText(village).count();
}

test('offline, a trainee logs a practice; the page reopens offline; it is sent once when back online', async ({ page, context }) => {
  await signIn(page, 'trainee.xidu');
  await page.goto('/practice/new');
  await keptOffline(page, '/practice/new');

  await goOffline(page, context);
  await expect(page.getByRole('button', { name: '保存练习' })).toBeVisible();
  await fillPractice(page, '离线村', '没有信号时记下的练习。');
  await page.getByRole('button', { name: '保存练习' }).click();
  await expect(outbox(page)).toBeVisible();
  await expect(outbox(page).locator('[data-outbox-count]')).toHaveText('1');
  await expect(outbox(page).getByTestId('outbox-item')).toContainText('练习记录');
  await expect(outbox(page).locator('[data-outbox-status]')).toContainText('已保存在本机');
  // Still there after reopening the page with no connection.
  await page.reload();
  await expect(outbox(page).getByTestId('outbox-item')).toHaveCount(1);

  // Sent when the connection returns (the outbox retries every few seconds while it waits).
  await context.setOffline(false);
  await expect(outbox(page).locator('[data-outbox-status]')).toContainText('已发送 1 条记录', { timeout: SENT });
  await expect(outbox(page).getByTestId('outbox-item')).toHaveCount(0);
  // A reopened page sends nothing again.
  await page.reload();
  await expect(outbox(page)).toHaveAttribute('data-checked', '1', { timeout: SENT });
  await expect(outbox(page).getByTestId('outbox-item')).toHaveCount(0);
  expect(await practicesAt(page, '离线村')).toBe(1);
});

test('the same queued practice sent twice at once is stored once', async ({ page }) => {
  await signIn(page, 'trainee.xidu');
  await page.goto('/practice/new');
  await fillPractice(page, '重发村', '两个标签页同时发送。');
  // Two tabs sending the same outbox entry at the same moment (and a retry after that).
  const statuses = await page.evaluate(async () => {
    const form = document.querySelector('form[data-offline=practice]') as HTMLFormElement;
    const body = new URLSearchParams([...new FormData(form)] as [string, string][]);
    const post = () => fetch('/api/practice/log', { method: 'POST', body, headers: { Accept: 'text/html' } });
    const both = await Promise.all([post(), post()]);
    const again = await post();
    return [...both, again].map((r) => r.status);
  });
  expect(statuses).toEqual([200, 200, 200]);
  expect(await practicesAt(page, '重发村')).toBe(1);
});

test('a record the server refuses stays queued with its reason, and signing out warns first', async ({ page, context }) => {
  await signIn(page, 'trainee.xidu');
  await page.goto('/practice/new');
  await keptOffline(page, '/practice/new');

  await goOffline(page, context);
  await fillPractice(page, '退回村', '服务对象身份证 430421199001011233，已核对。');
  await page.getByRole('button', { name: '保存练习' }).click();
  await expect(outbox(page).getByTestId('outbox-item')).toHaveCount(1);

  await context.setOffline(false);
  const reason = outbox(page).getByTestId('outbox-reason');
  await expect(reason).toContainText('身份证号码', { timeout: SENT });
  await expect(outbox(page).getByTestId('outbox-item')).toHaveCount(1);
  expect(await practicesAt(page, '退回村')).toBe(0);

  // Still waiting after the page is opened again online: nothing is dropped silently.
  await page.goto('/practice/new');
  await expect(outbox(page)).toHaveAttribute('data-checked', '1', { timeout: SENT });
  await expect(outbox(page).getByTestId('outbox-item')).toHaveCount(1);
  await expect(outbox(page).getByTestId('outbox-reason')).toContainText('身份证号码');

  // "Fix and resend" puts it back into the form; without the number it is stored.
  await outbox(page).getByRole('button', { name: '修改后重发' }).click();
  await expect(page.getByLabel('村（社区）')).toHaveValue('退回村');

  // Signing out with a record waiting asks first.
  await page.getByRole('button', { name: '退出' }).click();
  await expect(page).toHaveURL(/\/sign-out\?unsent=1$/);
  await expect(page.getByTestId('unsent-warning')).toContainText('1 条记录没有发送');
  await page.getByRole('link', { name: '返回，先发送' }).click();

  await page.goto('/practice/new');
  await expect(outbox(page)).toHaveAttribute('data-checked', '1', { timeout: SENT });
  await outbox(page).getByRole('button', { name: '修改后重发' }).click();
  await page.getByLabel('反思（支持 Markdown）').fill('服务对象的证件已核对。');
  await page.getByRole('button', { name: '保存练习' }).click();
  await expect(page.getByTestId('form-saved')).toHaveText('练习已保存。');
  expect(await practicesAt(page, '退回村')).toBe(1);
  // The refused copy in the outbox carries the same id: sending it now stores nothing more.
  await page.goto('/practice/new');
  await expect(outbox(page)).toHaveAttribute('data-checked', '1', { timeout: SENT });
  await expect(outbox(page).getByTestId('outbox-item')).toHaveCount(0);
  expect(await practicesAt(page, '退回村')).toBe(1);

  // Nothing waiting: signing out goes straight through.
  await page.getByRole('button', { name: '退出' }).click();
  await expect(page).toHaveURL(/\/login\?signed_out=1$/);
});

test('offline, a coordinator ticks two volunteers on a kept checklist; they are recorded once online', async ({ page, context }) => {
  await signIn(page, 'coord.xidu');
  await page.goto('/');
  const keep: string[] = JSON.parse((await outbox(page).getAttribute('data-keep')) ?? '[]');
  const activity = keep.find((p) => p.startsWith('/activities/'));
  expect(activity, 'a recent activity is kept for the checklist').toBeTruthy();
  await keptOffline(page, activity!);

  await page.goto(activity!);
  const waiting = () => page.getByTestId('records').getByTestId('record-status').filter({ hasText: '待确认' }).count();
  const before = await waiting();

  await goOffline(page, context);
  const boxes = page.getByTestId('attendance').locator('input[type=checkbox]:not([disabled])');
  await boxes.nth(0).check();
  await boxes.nth(1).check();
  await page.getByRole('button', { name: '登记所选志愿者的时长' }).click();
  await expect(outbox(page).getByTestId('outbox-item')).toHaveCount(1);
  await expect(outbox(page).getByTestId('outbox-item')).toContainText('活动签到 · 2 人');

  await context.setOffline(false);
  await expect(outbox(page).getByTestId('outbox-item')).toHaveCount(0, { timeout: SENT });
  await page.goto(activity!);
  expect(await waiting()).toBe(before + 2);
});
