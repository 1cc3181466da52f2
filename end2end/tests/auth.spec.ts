import { test, expect } from '@playwright/test';
import { DEMO_PASSWORD, mainNav, signIn, signOut } from './helpers';

const navByRole = [
  { user: 'trainee.santang', name: '李明', role: '新社工 · 三塘镇社工站', sees: ['首页', '记录练习', '我的进度', '督导记录', '反思日志', '修改密码'], hidden: ['账号管理', '审计日志', '站点与项目', '审核', '师徒配对'] },
  { user: 'mentor.santang', name: '王秀英', role: '导师 · 三塘镇社工站', sees: ['首页', '审核', '学员进度', '督导记录', '督导概览', '修改密码'], hidden: ['账号管理', '审计日志', '站点与项目', '记录练习', '师徒配对'] },
  { user: 'coord.quanxi', name: '陈静', role: '协调员 · 泉溪镇社工站', sees: ['首页', '站点与项目', '师徒配对', '督导概览', '学员进度'], hidden: ['账号管理', '审计日志', '审核', '记录练习'] },
  { user: 'admin', name: '周建国', role: '管理员 · 衡南县社会工作服务站', sees: ['首页', '站点与项目', '账号管理', '审计日志', '审核'], hidden: ['记录练习', '胜任力清单'] },
  { user: 'admin.hunan', name: '罗湘君', role: '管理员 · 湖南省', sees: ['首页', '站点与项目', '账号管理', '审计日志', '胜任力清单'], hidden: ['记录练习'] },
];

for (const r of navByRole) {
  test(`${r.user} signs in and sees the navigation of their role`, async ({ page }) => {
    await signIn(page, r.user);
    await expect(page).toHaveURL(/\/$/);
    await expect(page.getByTestId('greeting')).toHaveText(`你好，${r.name}`);
    await expect(page.getByTestId('roles')).toContainText(r.role);
    const nav = mainNav(page);
    // The role's main tasks are in the bar; everything else opens from 更多.
    await nav.getByText('更多').click();
    for (const link of r.sees) await expect(nav.getByRole('link', { name: link })).toBeVisible();
    for (const link of r.hidden) await expect(nav.getByRole('link', { name: link })).toHaveCount(0);
    await signOut(page);
  });
}

test('a mobile number works as the sign-in name', async ({ page }) => {
  await signIn(page, '13800000004');
  await expect(page.getByTestId('greeting')).toHaveText('你好，王秀英');
});

test('a wrong password shows a clear error and keeps the username', async ({ page }) => {
  await signIn(page, 'trainee.santang', 'not-the-password');
  await expect(page).toHaveURL(/\/login/);
  await expect(page.getByTestId('form-error')).toHaveText('用户名或密码不正确。');
  await expect(page.getByLabel('用户名或手机号')).toHaveValue('trainee.santang');
  await expect(page.getByLabel('密码', { exact: true })).toHaveValue('');
});

test('a trainee who types an admin URL is refused by the server', async ({ page }) => {
  await signIn(page, 'trainee.santang');
  const response = await page.goto('/admin/accounts');
  expect(response?.status()).toBe(403);
  await expect(page.getByTestId('page-error')).toContainText('没有权限');
  await expect(page.getByTestId('accounts')).toHaveCount(0);

  // Calling the server function directly is refused too: hiding the link is not the check.
  const api = await page.request.post('/api/admin/accounts', { form: { search: '', page: '0' } });
  expect(api.ok()).toBe(false);
  expect(await api.text()).toContain('Forbidden');
});

test('a visitor is sent to sign in and comes back to the page they asked for', async ({ page }) => {
  await page.goto('/admin/audit');
  await expect(page).toHaveURL(/\/login\?next=%2Fadmin%2Faudit|\/login\?next=\/admin\/audit/);
  await page.getByLabel('用户名或手机号').fill('admin');
  await page.getByLabel('密码', { exact: true }).fill(DEMO_PASSWORD);
  await page.getByRole('button', { name: '登录' }).click();
  await expect(page).toHaveURL(/\/admin\/audit$/);
  await expect(page.getByTestId('audit')).toContainText('登录');
});

test('signing out ends the session: the back button does not bring the page back', async ({ page }) => {
  await signIn(page, 'admin');
  await page.goto('/admin/accounts');
  await expect(page.getByTestId('accounts')).toContainText('李明');
  await signOut(page);
  await expect(page.getByRole('status')).toHaveText('你已安全退出。');
  await page.goBack();
  await expect(page).toHaveURL(/\/login/);
  await expect(page.getByTestId('accounts')).toHaveCount(0);
  await page.goto('/admin/accounts');
  await expect(page).toHaveURL(/\/login/);
});

test('switching to English works and is remembered', async ({ page }) => {
  await page.goto('/login');
  await page.getByRole('button', { name: 'English' }).click();
  await expect(page.getByRole('heading', { name: 'Sign in' })).toBeVisible();
  await page.getByLabel('Username or mobile number').fill('admin');
  await page.getByLabel('Password', { exact: true }).fill(DEMO_PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByTestId('greeting')).toHaveText('Hello, 周建国');
  await expect(page.getByRole('navigation', { name: 'Main navigation' }).getByRole('link', { name: 'Accounts' })).toBeVisible();
  await page.getByRole('button', { name: '中文' }).click();
  await expect(page.getByTestId('greeting')).toHaveText('你好，周建国');
});

test('with JavaScript, the password can be shown', async ({ page, javaScriptEnabled }) => {
  test.skip(!javaScriptEnabled, 'the toggle is an island: without JavaScript it stays hidden');
  await page.goto('/login');
  const password = page.getByLabel('密码', { exact: true });
  await password.fill('secret-123');
  await page.getByLabel('显示密码').check();
  await expect(password).toHaveAttribute('type', 'text');
});

test('at 360 px a trainee sees their two main tasks, the rest behind 更多, the current page marked', async ({ page }) => {
  await page.setViewportSize({ width: 360, height: 740 });
  await signIn(page, 'trainee.santang');
  const nav = mainNav(page);
  const bar = page.getByTestId('nav-primary');
  await expect(bar.getByRole('link')).toHaveText(['记录练习', '我的进度']);
  await expect(nav.getByRole('link', { name: '反思日志' })).toBeHidden();
  await nav.getByText('更多').click();
  await nav.getByRole('link', { name: '我的练习' }).click();
  await expect(page).toHaveURL(/\/practice$/);
  // The current page is marked, in the bar or (as here) in the folded menu.
  await expect(page.locator('.nav a[aria-current="page"]')).toHaveText('我的练习');
  await expect(page.getByTestId('nav-primary').getByRole('link', { name: '记录练习' })).not.toHaveAttribute('aria-current', 'page');
  // The bar and the menu button fit above the content: no wall of links.
  const main = await page.locator('main').boundingBox();
  expect(main!.y).toBeLessThan(160);
});
