import { defineConfig } from '@playwright/test';

// Every scenario runs twice: with JavaScript (islands hydrate) and without (plain HTML forms).
// The server (`make e2e` passes the debug or release build, from the repository's root) runs
// on a fresh SQLite database with demo data, on its own port.
const port = Number(process.env.SHEGONG_E2E_PORT ?? 3100);
const bin = process.env.SHEGONG_E2E_BIN ?? 'target/release/shegong';
const db = `.data/e2e-${Date.now()}.db`;

export default defineConfig({
  testDir: './tests',
  timeout: 30_000,
  expect: { timeout: 5_000 },
  fullyParallel: false,
  workers: 1,
  reporter: [['list']],
  use: {
    baseURL: `http://127.0.0.1:${port}`,
    viewport: { width: 360, height: 740 },
    locale: 'zh-CN',
    launchOptions: {
      executablePath: '/usr/bin/chromium',
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
      ],
    },
  },
  projects: [
    { name: 'js', use: { javaScriptEnabled: true } },
    { name: 'no-js', use: { javaScriptEnabled: false } },
  ],
  webServer: {
    command: `mkdir -p .data && cd .. && SHEGONG_DEMO=1 SHEGONG_ADDR=127.0.0.1:${port} SHEGONG_DATABASE_URL=sqlite://end2end/${db} SHEGONG_LOG=warn ./${bin} serve`,
    url: `http://127.0.0.1:${port}/login`,
    timeout: 60_000,
    reuseExistingServer: false,
    stdout: 'ignore',
    stderr: 'pipe',
  },
});
