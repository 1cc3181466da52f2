import { test, expect, Page } from '@playwright/test';
import { signIn } from './helpers';

/** Today's date in China (UTC+8), as the server counts days. */
function chinaToday(): string {
  return new Date(Date.now() + 8 * 3600 * 1000).toISOString().slice(0, 10);
}

function rows(page: Page) {
  return page.getByTestId('overview-volunteers').locator('tbody tr[data-testid^="overview-row-"]');
}

test('the county admin reads the overview, its hours match the reports, drills into 三塘镇 and back', async ({ page }) => {
  await signIn(page, 'admin');
  // The county account's home page is the overview of its county.
  await expect(page.getByTestId('overview')).toBeVisible();
  await expect(page.getByRole('heading', { level: 1, name: '衡南县社会工作服务站 · 概览' })).toBeVisible();
  await expect(rows(page)).toHaveCount(23);

  // Choose this year with the period form (a plain GET form: works without JavaScript).
  await page.getByLabel('统计期间').selectOption('year');
  await page.getByRole('button', { name: '筛选' }).click();
  await expect(page).toHaveURL(/period=year/);
  await expect(rows(page)).toHaveCount(23);
  const hoursOf = async (station: string) =>
    (await page.getByTestId(`overview-row-${station}`).getByTestId('service-hours').innerText()).trim();
  const santang = await hoursOf('三塘镇社工站');
  const quanxi = await hoursOf('泉溪镇社工站');
  expect(Number(santang)).toBeGreaterThan(0);

  // The same period in the volunteer reports gives the same hours per station.
  const today = chinaToday();
  await page.goto(`/volunteer-reports?from=${today.slice(0, 4)}-01-01&to=${today}`);
  const reported = async (station: string) =>
    (await page.getByTestId('by-station').locator('tr', { hasText: station }).locator('td').nth(1).innerText()).trim();
  expect(await reported('三塘镇社工站')).toBe(santang);
  expect(await reported('泉溪镇社工站')).toBe(quanxi);

  // Drill down into a station and back up through the breadcrumbs.
  await page.goto('/overview?period=year');
  await page.getByTestId('overview-volunteers').getByRole('link', { name: '三塘镇社工站' }).click();
  await expect(page.getByRole('heading', { level: 1, name: '三塘镇社工站 · 概览' })).toBeVisible();
  await expect(page).toHaveURL(/period=year/);
  expect(await page.getByTestId('overview-volunteers').locator('tr.total td[data-testid="service-hours"]').innerText()).toBe(santang);
  const crumbs = page.getByRole('navigation', { name: '所在层级' });
  await expect(crumbs.getByRole('link', { name: '衡阳市' })).toHaveCount(0);
  await crumbs.getByRole('link', { name: '衡南县社会工作服务站' }).click();
  await expect(page.getByRole('heading', { level: 1, name: '衡南县社会工作服务站 · 概览' })).toBeVisible();

  // Cells past a threshold say why in words; the trends are drawn on the server.
  await expect(page.locator('svg.chart')).toHaveCount(3);
  // Another county is not this account's to read.
  await page.goto('/overview?node=999999');
  await expect(page.getByTestId('page-error')).toBeVisible();
});

test('the city admin sees both counties; a station coordinator only their station', async ({ page }) => {
  await signIn(page, 'admin.hengyang');
  await expect(page.getByRole('heading', { level: 1, name: '衡阳市 · 概览' })).toBeVisible();
  await expect(rows(page)).toHaveCount(2);
  await expect(page.getByTestId('overview-row-衡南县社会工作服务站')).toBeVisible();
  await expect(page.getByTestId('overview-row-衡阳县社会工作服务站')).toBeVisible();
  await page.getByTestId('overview-volunteers').getByRole('link', { name: '衡阳县社会工作服务站' }).click();
  await expect(rows(page)).toHaveCount(3);
  const countyUrl = page.url();

  await page.context().clearCookies();
  await signIn(page, 'coord.santang');
  await page.goto('/overview');
  await expect(page.getByRole('heading', { level: 1, name: '三塘镇社工站 · 概览' })).toBeVisible();
  await expect(page.getByRole('link', { name: '泉溪镇社工站' })).toHaveCount(0);
  await page.goto(countyUrl);
  await expect(page.getByTestId('page-error')).toBeVisible();
});
