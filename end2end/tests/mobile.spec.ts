import { test, expect, Page } from '@playwright/test';
import { signIn } from './helpers';

// What a social worker on a cheap phone sees: 360 px wide, with JavaScript on and off.
test.use({ viewport: { width: 360, height: 740 } });

/** Nothing on the page is wider than the screen (no sideways scrolling of the page). */
async function fitsTheScreen(page: Page) {
  const width = await page.evaluate(() => document.documentElement.scrollWidth);
  expect(width).toBeLessThanOrEqual(360);
}

test('below 600 px the roster and the hours list are cards with labelled values', async ({ page }) => {
  await signIn(page, 'coord.santang');
  for (const [url, id] of [['/volunteers', 'roster'], ['/hours', 'records']]) {
    await page.goto(url);
    const table = page.getByTestId(id);
    // The header row is kept for screen readers only (1 px, clipped).
    const head = await table.locator('thead').boundingBox();
    expect(head!.height).toBeLessThanOrEqual(1);
    const cell = table.locator('tbody tr').first().locator('td').nth(1);
    const label = await cell.evaluate((td) => getComputedStyle(td, '::before').content);
    expect(label).not.toBe('none');
    expect(label.length).toBeGreaterThan(2);
    const row = await table.locator('tbody tr').first().boundingBox();
    expect(row!.width).toBeLessThanOrEqual(360);
    await fitsTheScreen(page);
  }
});

test('the progress page opens on the summary, areas folded until worked on', async ({ page }) => {
  await signIn(page, 'trainee.quanxi');
  await page.goto('/progress');
  await expect(page.getByTestId('area-chart')).toBeVisible();
  const areas = page.locator('details.area-card');
  expect(await areas.count()).toBeGreaterThan(3);
  const folded = await page.locator('details.area-card:not([open])').count();
  expect(folded).toBeGreaterThan(0);
  // A folded area opens by tapping its heading (a <details>: no script needed).
  const open = await areas.evaluateAll((all) => all.map((d) => (d as HTMLDetailsElement).open));
  const closed = areas.nth(open.indexOf(false));
  await expect(closed.locator('li').first()).toBeHidden();
  await closed.locator('summary').click();
  await expect(closed.locator('li').first()).toBeVisible();
  await fitsTheScreen(page);
});

test('only who may save the oversight thresholds sees their form', async ({ page }) => {
  await signIn(page, 'coord.santang');
  await page.goto('/oversight');
  await expect(page.getByTestId('oversight')).toBeVisible();
  await expect(page.getByText('阈值设置')).toHaveCount(0);
  await page.context().clearCookies();
  await signIn(page, 'admin.hunan');
  await page.goto('/oversight');
  await expect(page.getByText('阈值设置')).toHaveCount(1);
});

test('a volunteer registration with a bad field shows its error once, beside the field', async ({ page }) => {
  await signIn(page, 'coord.santang');
  await page.goto('/volunteers/new');
  await page.getByLabel('姓名', { exact: true }).fill('错号测试');
  await page.getByLabel('手机号', { exact: true }).fill('12345');
  await page.getByLabel('出生日期', { exact: true }).fill('1990-01-01');
  await page.getByRole('button', { name: '登记' }).click();
  await expect(page.getByLabel('姓名', { exact: true })).toHaveValue('错号测试');
  const errors = page.locator('.alert-error, .field-error');
  await expect(errors).toHaveCount(1);
});

test('the attendance checklist narrows by name', async ({ page }) => {
  await signIn(page, 'coord.santang');
  await page.goto('/projects');
  await page.getByTestId('projects').getByRole('link', { name: '海星行动' }).click();
  const activity = await page.locator('a[href^="/activities/"]').first().getAttribute('href');
  await page.goto(activity!);
  const boxes = page.getByTestId('attendance').locator('li.att');
  const all = await boxes.count();
  expect(all).toBeGreaterThan(1);
  const first = (await boxes.first().locator('label').innerText()).trim().split(/\s/)[0];
  await page.getByLabel('按姓名查找').fill(first);
  await page.getByRole('button', { name: '筛选' }).click();
  await expect(page.getByTestId('attendance-shown')).toContainText(`/ ${all} 人`);
  const shown = await page.getByTestId('attendance').locator('li.att').count();
  expect(shown).toBeGreaterThanOrEqual(1);
  expect(shown).toBeLessThan(all);
  await expect(page.getByTestId('attendance').locator('li.att').first()).toContainText(first);
});

test('a clock-time mistake says 时间, not 日期', async ({ page }) => {
  await signIn(page, 'volunteer.demo');
  await page.goto('/my-hours');
  const form = page.locator('form', { has: page.locator('select[name=activity_id]') });
  const select = form.locator('select[name=activity_id]');
  const options = await select.locator('option').count();
  expect(options).toBeGreaterThan(1);
  await select.selectOption({ index: 1 });
  await form.locator('input[name=start]').fill('10:00');
  await form.locator('input[name=end]').fill('09:00');
  await form.getByRole('button').click();
  await expect(page.getByTestId('form-error')).toHaveText('结束时间须晚于开始时间。');
});

test('tables that scroll sideways can be reached with the keyboard', async ({ page }) => {
  await signIn(page, 'volunteer.demo');
  await page.goto('/my-hours');
  const region = page.locator('.table-wrap').first();
  await expect(region).toHaveAttribute('tabindex', '0');
  await expect(region).toHaveAttribute('role', 'region');
});

test('the favicon, icons and the web app manifest are served', async ({ request }) => {
  for (const path of ['/favicon.ico', '/favicon.svg', '/icon-192.png', '/manifest.webmanifest']) {
    const r = await request.get(path);
    expect(r.status(), path).toBe(200);
  }
  const manifest = await (await request.get('/manifest.webmanifest')).json();
  expect(manifest.start_url).toBe('/');
  expect(manifest.icons.length).toBeGreaterThanOrEqual(2);
});
