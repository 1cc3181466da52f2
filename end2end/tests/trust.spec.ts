import { test, expect } from '@playwright/test';
import { DEMO_PASSWORD, signIn, signOut } from './helpers';

const server = () => `http://127.0.0.1:${Number(process.env.SHEGONG_E2E_PORT ?? 3100)}`;

/** Serves `html` as if from another site, without any network. */
async function evilPage(page: import('@playwright/test').Page, html: string) {
  await page.route('http://evil.test/**', (route) =>
    route.fulfill({ status: 200, contentType: 'text/html; charset=utf-8', body: html }),
  );
  await page.goto('http://evil.test/');
}

test('a form posted from another site is refused: no sign-in, no password change', async ({ page }) => {
  // Signed in here, the person visits another site that posts to Shegong behind their back.
  await signIn(page, 'coord.quanxi');
  await expect(page.getByTestId('greeting')).toBeVisible();
  await evilPage(
    page,
    `<form id="f" method="post" action="${server()}/api/auth/password">
       <input name="current" value="${DEMO_PASSWORD}"><input name="new" value="stolen-pass-1">
       <input name="confirm" value="stolen-pass-1"><button>go</button></form>`,
  );
  const [response] = await Promise.all([
    page.waitForResponse((r) => r.url().endsWith('/api/auth/password')),
    page.click('button'),
  ]);
  expect(response.status()).toBe(403);
  await expect(page.locator('body')).toContainText('请求来自其他网站');

  await evilPage(
    page,
    `<form method="post" action="${server()}/api/auth/login">
       <input name="username" value="admin"><input name="password" value="${DEMO_PASSWORD}">
       <button>go</button></form>`,
  );
  const [login] = await Promise.all([
    page.waitForResponse((r) => r.url().endsWith('/api/auth/login')),
    page.click('button'),
  ]);
  expect(login.status()).toBe(403);

  // The password did not change: the owner still signs in with it.
  await page.goto('/');
  await signOut(page);
  await signIn(page, 'coord.quanxi');
  await expect(page.getByTestId('greeting')).toBeVisible();
});

test('a crafted link cannot send a signed-in person to another site', async ({ page }) => {
  await signIn(page, 'mentor.quanxi');
  for (const next of ['https://evil.example', '//evil.example', '/%09/evil.example', '/login?next=https://evil.example']) {
    await page.goto(`/login?next=${encodeURIComponent(next)}`);
    expect(new URL(page.url()).host).toBe(new URL(server()).host);
  }
});

test('pages load their scripts under the Content-Security-Policy without violations', async ({ page, javaScriptEnabled }) => {
  test.skip(!javaScriptEnabled, 'only scripts can violate the script policy');
  const violations: string[] = [];
  page.on('console', (msg) => {
    if (/Content Security Policy|Refused to/i.test(msg.text())) violations.push(msg.text());
  });
  const response = await page.goto('/login');
  expect(response?.headers()['content-security-policy']).toMatch(/script-src 'self' 'nonce-[0-9a-f]+'/);
  // The password toggle is an island: it works only if the hydration script was allowed to run.
  await page.getByLabel('密码', { exact: true }).fill('secret-123');
  await page.getByLabel('显示密码').check();
  await expect(page.getByLabel('密码', { exact: true })).toHaveAttribute('type', 'text');
  await signIn(page, 'trainee.quanxi');
  await page.goto('/practice/new');
  await page.waitForLoadState('networkidle');
  expect(violations).toEqual([]);
});
