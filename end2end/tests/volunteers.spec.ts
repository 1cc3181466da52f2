import { test, expect } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { signIn, signOut } from './helpers';

// Each browser mode works at its own station, in its own project.
function setup(project: string) {
  return project === 'js'
    ? { coordinator: 'coord.santang', project: '海星行动', activity: '成长营陪伴（JS）', township: '三塘镇' }
    : { coordinator: 'coord.quanxi', project: '春蕾计划', activity: '助学走访（无脚本）', township: '泉溪镇' };
}

function yesterday(): string {
  // China time (UTC+8), as the server counts days.
  const d = new Date(Date.now() + 8 * 3600 * 1000 - 24 * 3600 * 1000);
  return d.toISOString().slice(0, 10);
}

test('create an activity, record three volunteers at once, confirm, see totals, export, certify', async ({ page }, testInfo) => {
  const s = setup(testInfo.project.name);
  const day = yesterday();
  await signIn(page, s.coordinator);

  await page.goto('/projects');
  await page.getByTestId('projects').getByRole('link', { name: s.project }).click();
  const projectId = page.url().split('/projects/')[1];
  await page.getByLabel('活动名称', { exact: true }).fill(s.activity);
  await page.getByLabel('日期', { exact: true }).fill(day);
  await page.getByLabel('乡镇', { exact: true }).fill(s.township);
  await page.getByLabel('服务内容').fill('陪伴儿童阅读、做手工');
  await page.getByRole('button', { name: '创建活动' }).click();
  await expect(page.getByTestId('form-saved')).toHaveText('活动已创建。');

  const roster = `/volunteers?project_id=${projectId}&from=${day}&to=${day}`;
  const activityUrl = page.url().split('?')[0];
  await page.goto(roster);
  await expect(page.getByTestId('roster-total')).toHaveText('共 0 名志愿者');

  await page.goto(activityUrl);
  const boxes = page.getByTestId('attendance').locator('input[type=checkbox]:not([disabled])');
  for (let i = 0; i < 3; i++) await boxes.nth(i).check();
  await page.getByRole('button', { name: '登记所选志愿者的时长' }).click();
  await expect(page.getByTestId('form-saved')).toHaveText('时长已登记，待确认。');
  await expect(page.getByTestId('records').getByTestId('record-status')).toHaveText(['待确认', '待确认', '待确认']);

  const picks = page.getByTestId('records').locator('input[type=checkbox]');
  for (let i = 0; i < 3; i++) await picks.nth(i).check();
  await page.getByRole('button', { name: '确认所选记录' }).click();
  await expect(page.getByTestId('confirm-outcome')).toContainText('已确认 3 条');
  await expect(page.getByTestId('records').getByTestId('record-status')).toHaveText(['已确认', '已确认', '已确认']);

  await page.goto(roster);
  await expect(page.getByTestId('roster-total')).toHaveText('共 3 名志愿者');
  await expect(page.getByTestId('service-hours')).toHaveText(['2.5', '2.5', '2.5']);

  const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-roster').click()]);
  const csv = readFileSync((await download.path())!, 'utf8');
  expect(csv.charCodeAt(0)).toBe(0xfeff);
  expect(csv.split('\r\n').filter((l) => l.trim()).length).toBe(4);
  expect(csv).toContain('****');
  expect(csv).not.toMatch(/1\d{10}/);

  await page.getByTestId('roster').getByRole('link').first().click();
  await page.getByLabel('起', { exact: true }).fill(day);
  await page.getByLabel('止', { exact: true }).fill(day);
  await page.getByLabel('负责人').fill('李站长');
  await page.getByLabel('联系电话').fill('0734-8888888');
  await page.getByRole('button', { name: '出具证明' }).click();
  await expect(page.getByTestId('certificate-number')).toHaveText(/^HNZY-\d{4}-\d{6}$/);
  await expect(page.getByTestId('certificate-body')).toContainText('累计志愿服务时长 2.5 小时');
  await page.emulateMedia({ media: 'print' });
  await expect(page.locator('.topbar')).toBeHidden();
  await expect(page.getByTestId('certificate')).toBeVisible();
  await page.emulateMedia({ media: 'screen' });
  // The same certificate as a PDF made on the server, its Chinese text embedded.
  const number = (await page.getByTestId('certificate-number').textContent()) ?? '';
  const [pdf] = await Promise.all([page.waitForEvent('download'), page.getByTestId('certificate-pdf').click()]);
  const pdfPath = (await pdf.path())!;
  expect(readFileSync(pdfPath).subarray(0, 5).toString()).toBe('%PDF-');
  const pdfText = execFileSync('pdftotext', ['-enc', 'UTF-8', pdfPath, '-']).toString();
  expect(pdfText).toContain('志愿服务记录证明');
  expect(pdfText).toContain(number);

  // The mobile number is masked until a coordinator reveals it on purpose, with a reason.
  await page.goBack();
  await expect(page.getByTestId('mobile')).toHaveText(/^1\d{2}\*{4}\d{4}$/);
  await page.getByText('查看完整号码', { exact: true }).first().click();
  await page.getByLabel('查看原因').fill('核对报名信息');
  await page.getByRole('button', { name: '查看完整号码' }).click();
  await expect(page.getByTestId('form-saved')).toContainText('审计日志');
  await expect(page.getByTestId('mobile')).toHaveText(/^1\d{10}$/);
});

test('a CSV with one bad row reports the row and column and imports nothing', async ({ page }, testInfo) => {
  const s = setup(testInfo.project.name);
  await signIn(page, s.coordinator);
  const station = `${s.township}社工站`;
  const tag = testInfo.project.name === 'js' ? '甲' : '乙';
  const head = '姓名,手机号,证件类型,证件号码,出生日期,性别,所属站点,服务队,技能,同意公开展示,监护人,监护人关系,监护同意日期';
  const good = `导入测试${tag},1980000000${tag === '甲' ? 1 : 2},,,1990-02-03,女,${station},青年服务队,,否,,,`;
  const bad = `坏行${tag},12345,,,1990-02-03,女,${station},,,否,,,`;
  await page.goto('/volunteers/import');
  await page.getByTestId('import-volunteers').locator('input[type=file]').setInputFiles({
    name: 'volunteers.csv',
    mimeType: 'text/csv',
    buffer: Buffer.from('\ufeff' + [head, good, bad].join('\r\n') + '\r\n'),
  });
  await page.getByTestId('import-volunteers').getByRole('button', { name: '检查并导入' }).click();
  await expect(page.getByTestId('import-problems')).toContainText('第 3 行，“手机号”列');
  await page.goto(`/volunteers?q=导入测试${tag}`);
  await expect(page.getByTestId('roster-total')).toHaveText('共 0 名志愿者');

  await page.goto('/volunteers/import');
  await page.getByTestId('import-volunteers').locator('input[type=file]').setInputFiles({
    name: 'volunteers.csv',
    mimeType: 'text/csv',
    buffer: Buffer.from('\ufeff' + [head, good].join('\r\n') + '\r\n'),
  });
  await page.getByTestId('import-volunteers').getByRole('button', { name: '检查并导入' }).click();
  await expect(page.getByTestId('import-ok')).toContainText('已导入 1 条');
  await page.goto(`/volunteers?q=导入测试${tag}`);
  await expect(page.getByTestId('roster-total')).toHaveText('共 1 名志愿者');
});

test('a volunteer sees their own hours, asks for a correction, but cannot open the roster', async ({ page }) => {
  await signIn(page, 'volunteer.demo');
  await page.goto('/my-hours');
  await expect(page.getByTestId('my-service')).not.toHaveText('0.0');

  await page.getByText('申请更正已确认记录').click();
  const form = page.getByTestId('corrections').locator('form').first();
  const label = await form.getByRole('button').textContent();
  const id = label!.match(/#(\d+)/)![1];
  await form.getByLabel('结束').fill('10:00');
  await form.getByLabel('更正原因').fill('那天提前离开了');
  await form.getByRole('button').click();
  await expect(page.getByTestId('form-saved')).toContainText('更正申请已提交');
  const row = page.getByTestId('records').locator('tr', { hasText: `更正记录 #${id}` }).first();
  await expect(row.getByTestId('record-status')).toHaveText('待确认');
  await expect(row).toContainText('已等待 0 天');

  await page.goto('/volunteers');
  await expect(page.locator('body')).toContainText('没有权限');
});

test('a coordinator exports a period for the national volunteer system: a wrong period keeps what was typed', async ({ page }, testInfo) => {
  const s = setup(testInfo.project.name);
  await signIn(page, s.coordinator);
  await page.goto('/hours');
  await page.getByTestId('national-link').click();
  await expect(page.getByRole('heading', { name: '报送全国志愿服务信息系统' })).toBeVisible();
  // Last month is offered first, with what it holds.
  await expect(page.getByTestId('national-counts')).toContainText('条已确认记录');

  await page.getByLabel('起', { exact: true }).fill('2026-03-10');
  await page.getByLabel('止', { exact: true }).fill('2026-03-01');
  await page.getByRole('button', { name: '查看该时段' }).click();
  await expect(page.locator('#to-error')).toHaveText('结束日期不能早于开始日期。');
  await expect(page.getByLabel('起', { exact: true })).toHaveValue('2026-03-10');
  await expect(page.getByTestId('national-counts')).toHaveCount(0);

  const to = yesterday();
  const from = new Date(Date.parse(to) - 180 * 24 * 3600 * 1000).toISOString().slice(0, 10);
  await page.getByLabel('起', { exact: true }).fill(from);
  await page.getByLabel('止', { exact: true }).fill(to);
  await page.getByRole('button', { name: '查看该时段' }).click();
  const counts = page.getByTestId('national-counts');
  await expect(counts).toContainText(`${from} 至 ${to}`);
  const [, records, volunteers] = (await counts.textContent())!.match(/(\d+) 条已确认记录，(\d+) 名志愿者/)!;
  expect(Number(records)).toBeGreaterThan(0);

  const [recordsFile] = await Promise.all([page.waitForEvent('download'), page.getByTestId('national-records').click()]);
  const recordsCsv = readFileSync((await recordsFile.path())!, 'utf8');
  expect(recordsCsv.charCodeAt(0)).toBe(0xfeff);
  const lines = recordsCsv.split('\r\n').filter((l) => l.trim());
  expect(lines[0]).toContain('记录编号,志愿者编号,姓名,证件类型,证件号码,项目名称,活动名称');
  expect(lines.length).toBe(Number(records) + 1);
  expect(recordsCsv).toContain('录入时长');
  expect(recordsCsv).toContain('衡南县');

  const [volunteersFile] = await Promise.all([page.waitForEvent('download'), page.getByTestId('national-volunteers').click()]);
  const volunteersCsv = readFileSync((await volunteersFile.path())!, 'utf8');
  const people = volunteersCsv.split('\r\n').filter((l) => l.trim());
  expect(people[0]).toContain('志愿者编号,姓名,证件类型,证件号码,性别,出生日期,手机号码');
  expect(people.length).toBe(Number(volunteers) + 1);
  // The station's own volunteers: whole mobile numbers, for the national system.
  expect(volunteersCsv).toMatch(/,1\d{10},/);
});

test('rosters, hours and templates download as Excel workbooks', async ({ page }, testInfo) => {
  const s = setup(testInfo.project.name);
  await signIn(page, s.coordinator);
  const workbook = async (testId: string) => {
    const [file] = await Promise.all([page.waitForEvent('download'), page.getByTestId(testId).click()]);
    expect(file.suggestedFilename()).toMatch(/\.xlsx$/);
    const bytes = readFileSync((await file.path())!);
    expect(bytes.subarray(0, 4).toString('latin1')).toBe('PK\u0003\u0004');
    expect(bytes.length).toBeGreaterThan(1000);
  };
  await page.goto('/volunteers');
  await workbook('export-roster-xlsx');
  await page.goto('/hours');
  await workbook('export-hours-xlsx');
  await page.goto('/volunteers/import');
  await workbook('template-volunteers-xlsx');
  await page.goto('/volunteers/national');
  await workbook('national-records-xlsx');
  await page.goto('/volunteer-reports');
  await workbook('export-totals-xlsx');
  await workbook('export-register-xlsx');
});

test('downloads of personal data are offered to coordinators only, not to an admin who would be refused', async ({ page }) => {
  await signIn(page, 'admin.santang');
  await page.goto('/volunteers');
  await expect(page.getByTestId('roster-total')).toBeVisible();
  await expect(page.getByTestId('export-roster')).toHaveCount(0);
  await expect(page.getByTestId('export-roster-xlsx')).toHaveCount(0);
  await page.goto('/hours');
  await expect(page.getByRole('heading', { name: '志愿时长记录' })).toBeVisible();
  await expect(page.getByTestId('export-hours')).toHaveCount(0);
  await expect(page.getByTestId('national-link')).toHaveCount(0);
  const refused = await page.request.get('/volunteers/export.xlsx');
  expect(refused.status()).toBe(403);
});

test('QR check-in: the coordinator shows the code, a new volunteer activates, checks in and out on a phone, the coordinator confirms', async ({ page }, testInfo) => {
  // Check-in and check-out are a minute apart on the server's clock: the test waits for it.
  test.setTimeout(150_000);
  const s = setup(testInfo.project.name);
  const js = testInfo.project.name === 'js';
  const name = js ? '扫码志愿者甲' : '扫码志愿者乙';
  const mobile = js ? '19970000011' : '19970000022';
  const today = new Date(Date.now() + 8 * 3600 * 1000).toISOString().slice(0, 10);
  await signIn(page, s.coordinator);

  // A new volunteer of this station, and the one-time code that lets them sign in.
  await page.goto('/volunteers/new');
  await page.getByLabel('姓名', { exact: true }).fill(name);
  await page.getByLabel('手机号', { exact: true }).fill(mobile);
  await page.getByLabel('出生日期').fill('1995-05-05');
  await page.getByRole('button', { name: '登记', exact: true }).click();
  await expect(page.getByTestId('form-saved')).toBeVisible();
  await page.getByRole('button', { name: '生成激活码' }).click();
  await expect(page.getByTestId('form-saved')).toHaveText('激活码已生成。');
  const code = (await page.getByTestId('activation-code').textContent())?.trim() ?? '';
  expect(code).toMatch(/^\d{8}$/);
  expect(page.url()).not.toContain(code);
  await page.reload();
  await expect(page.getByTestId('activation-code')).toHaveCount(0);

  // An activity open all day, and its check-in screen.
  await page.goto('/projects');
  await page.getByTestId('projects').getByRole('link', { name: s.project }).click();
  await page.getByLabel('活动名称', { exact: true }).fill(`扫码签到（${testInfo.project.name}）`);
  await page.getByLabel('日期', { exact: true }).fill(today);
  await page.getByLabel('开始', { exact: true }).fill('00:00');
  await page.getByLabel('结束', { exact: true }).fill('23:59');
  await page.getByLabel('乡镇', { exact: true }).fill(s.township);
  await page.getByLabel('服务内容').fill('社区探访');
  await page.getByRole('button', { name: '创建活动' }).click();
  await expect(page.getByTestId('form-saved')).toHaveText('活动已创建。');
  await page.getByTestId('checkin-screen-link').click();
  const screenUrl = page.url();
  await expect(page.getByTestId('checkin-window')).toContainText('签到进行中');
  await expect(page.getByTestId('checkin-qr').locator('svg')).toBeVisible();
  const typed = (await page.getByTestId('checkin-code').textContent())?.trim() ?? '';
  expect(typed).toMatch(/^\d{6}$/);
  const encoded = new URL((await page.getByTestId('checkin-qr').getAttribute('data-url')) ?? '');
  expect(encoded.searchParams.get('t')).toMatch(/^\d+\.[0-9a-f]{16}$/);
  await signOut(page);

  // The volunteer's phone (360 px) opens the encoded address: sign in first, by activating.
  await page.goto(encoded.pathname + encoded.search);
  await expect(page).toHaveURL(/\/login\?next=/);
  await page.getByTestId('activate-link').click();
  await page.getByLabel('手机号').fill(mobile);
  await page.getByLabel('激活码（8 位数字）').fill(code);
  await page.getByLabel('设置密码（至少 8 位）').fill('scan-pass-123');
  await page.getByLabel('再次输入密码').fill('scan-pass-123');
  await page.getByRole('button', { name: '激活并登录' }).click();
  await expect(page).toHaveURL(/\/checkin\/\d+\?t=/);
  await expect(page.getByTestId('scan-status')).toHaveText('尚未签到');
  await page.getByRole('button', { name: '签到', exact: true }).click();
  await expect(page.getByTestId('form-saved')).toHaveText('已签到。离开时请再扫码签退。');
  await expect(page.getByTestId('scan-status')).toContainText('签到');

  // A minute later, leaving: this time with the typed code (a phone that cannot scan).
  const wait = 61_500 - (Date.now() % 60_000);
  await page.waitForTimeout(wait);
  await page.goto('/checkin');
  await page.getByLabel('签到码').fill(typed);
  await page.getByRole('button', { name: '前往签到' }).click();
  await page.getByRole('button', { name: '签退', exact: true }).click();
  await expect(page.getByTestId('form-saved')).toHaveText('已签退，时长等待组织方确认。');
  await expect(page.getByTestId('scan-status')).toContainText('签退');
  await signOut(page);

  // The coordinator confirms every scanned record at once; everywhere it shows as scanned.
  await signIn(page, s.coordinator);
  await page.goto(screenUrl);
  await expect(page.getByTestId('checkins')).toContainText(name);
  await page.getByRole('button', { name: '确认全部扫码记录（1 条）' }).click();
  await expect(page.getByTestId('form-saved')).toHaveText('扫码记录已处理。');
  await expect(page.getByTestId('confirmed-n')).toHaveText('本次确认 1 条。');
  await page.goto(screenUrl.replace(/\/checkin$/, ''));
  const row = page.getByTestId('records').locator('tr', { hasText: name });
  await expect(row.getByTestId('scan-badge')).toHaveText('扫码');
  await expect(row.getByTestId('record-status')).toHaveText('已确认');
  await page.goto(`/volunteers?q=${encodeURIComponent(name)}`);
  await expect(page.getByTestId('roster').locator('th', { hasText: '其中信用时长' })).toHaveCount(1);
  const scanned = await page.getByTestId('scan-hours').first().textContent();
  await expect(page.getByTestId('service-hours').first()).toHaveText(scanned ?? '');
});

test('a large import shows how far it has got (with JS), then the result', async ({ page }, testInfo) => {
  test.skip(testInfo.project.name !== 'js', 'without JavaScript the form posts as it is (the CSV test above)');
  await signIn(page, 'coord.santang');
  const head = '姓名,手机号,证件类型,证件号码,出生日期,性别,所属站点,服务队,技能,同意公开展示,监护人,监护人关系,监护同意日期';
  const rows = Array.from({ length: 2000 }, (_, i) => `进度测试${i},${19850000000 + i},,,1990-02-03,男,三塘镇社工站,,,否,,,`);
  // Hold the upload at the server's door for a moment, as a slow village connection would.
  await page.route('**/volunteers/import', async (route) => {
    if (route.request().method() === 'POST') await new Promise((r) => setTimeout(r, 1500));
    await route.continue();
  });
  await page.goto('/volunteers/import');
  const form = page.getByTestId('import-volunteers');
  await form.locator('input[type=file]').setInputFiles({
    name: 'volunteers.csv',
    mimeType: 'text/csv',
    buffer: Buffer.from('\ufeff' + [head, ...rows].join('\r\n') + '\r\n'),
  });
  await form.getByRole('button', { name: '检查并导入' }).click();
  await expect(page.getByTestId('import-progress-volunteers')).toBeVisible();
  await expect(form.getByRole('status')).toHaveText(/正在上传… \d+%|已上传，正在逐行检查/);
  await expect(form.getByRole('button', { name: '检查并导入' })).toBeDisabled();
  await expect(page.getByTestId('import-ok')).toContainText('已导入 2000 条', { timeout: 30_000 });
  await page.goto('/volunteers?q=进度测试1999');
  await expect(page.getByTestId('roster-total')).toHaveText('共 1 名志愿者');
});
