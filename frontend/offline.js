// Shegong without a connection. One small file with two roles, so both always agree on the
// outbox's format:
//  - in a page (home, the practice form, an attendance checklist: app/src/components/form/
//    outbox.rs), the outbox: a form posted with no connection is kept on the phone (IndexedDB)
//    with an id made here, listed as "待发送 (n)", and sent when the connection returns. The
//    server stores each id once (offline_submissions), so a resend, a retry or a second tab
//    cannot store a record twice. A refused record stays here with the server's reason.
//  - as the service worker (/sw.js, the same file), it keeps those pages and the versioned
//    CSS for use offline, and asks before signing out with records still waiting.
// Plain JavaScript on purpose: it has to run before and without the WASM, and it is small.
(() => {
  'use strict';
  const DB = 'shegong-offline';
  const STORE = 'outbox';
  const PAGES = 'shegong-pages';
  const FILES = 'shegong-files';
  const QUEUED = ['/api/practice/log', '/api/activities/attendance'];
  const RETRY_MS = 5000;
  const WORKER_SETTLE_MS = 3000;

  // ---- The outbox (IndexedDB), shared by page and service worker ----
  function open() {
    return new Promise((resolve, reject) => {
      const req = indexedDB.open(DB, 1);
      req.onupgradeneeded = () => req.result.createObjectStore(STORE, { keyPath: 'id' });
      req.onsuccess = () => resolve(req.result);
      req.onerror = () => reject(req.error);
    });
  }
  async function run(mode, work) {
    const db = await open();
    return new Promise((resolve, reject) => {
      const tx = db.transaction(STORE, mode);
      const req = work(tx.objectStore(STORE));
      tx.oncomplete = () => { db.close(); resolve(req.result); };
      tx.onerror = () => { db.close(); reject(tx.error); };
    });
  }
  const all = () => run('readonly', (s) => s.getAll());
  const keep = (item) => run('readwrite', (s) => s.put(item));
  const drop = (id) => run('readwrite', (s) => s.delete(id));

  function newId() {
    if (self.crypto && crypto.randomUUID) return crypto.randomUUID();
    const bytes = crypto.getRandomValues(new Uint8Array(16));
    return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
  }
  const onlyText = (fields) => fields.filter(([, v]) => typeof v === 'string');

  if (typeof document === 'undefined') {
    serviceWorker();
  } else if (document.readyState === 'loading') {
    // Loaded `async`: the outbox and the forms may not be parsed yet.
    document.addEventListener('DOMContentLoaded', page, { once: true });
  } else {
    page();
  }

  // ---- The service worker ----
  function serviceWorker() {
    const VERSIONED = /^\/pkg\/[0-9a-f]{8,64}\/[a-z_]+\.[a-z]+$/;
    const pageToKeep = (path) =>
      path === '/' || path === '/practice/new' || /^\/activities\/\d+$/.test(path);

    self.addEventListener('install', () => self.skipWaiting());
    self.addEventListener('activate', (event) => event.waitUntil(self.clients.claim()));
    self.addEventListener('message', (event) => {
      const data = event.data || {};
      const paths = Array.isArray(data.keep) ? data.keep.filter((p) => pageToKeep(p)) : [];
      const files = Array.isArray(data.files) ? data.files.filter((p) => VERSIONED.test(p)) : [];
      event.waitUntil(warm(PAGES, paths).then(() => warm(FILES, files)));
    });
    self.addEventListener('fetch', (event) => {
      const request = event.request;
      const url = new URL(request.url);
      if (url.origin !== location.origin) return;
      if (request.method === 'POST') {
        if (url.pathname === '/api/auth/logout') event.respondWith(signOut(request));
        else if (QUEUED.includes(url.pathname) && request.mode === 'navigate') {
          event.respondWith(postOrKeep(request, url));
        }
        return;
      }
      if (request.method !== 'GET') return;
      if (VERSIONED.test(url.pathname)) {
        event.respondWith(cacheFirst(request));
      } else if (request.mode === 'navigate' && pageToKeep(url.pathname)) {
        event.respondWith(networkFirst(request, url));
      }
    });

    // Versioned files never change: the phone's copy is the file.
    async function cacheFirst(request) {
      const cache = await caches.open(FILES);
      const hit = await cache.match(request);
      if (hit) return hit;
      const response = await fetch(request);
      if (response.ok) await cache.put(request, response.clone());
      return response;
    }

    // A page from the network when there is one (and keep a copy); the kept copy when not.
    async function networkFirst(request, url) {
      try {
        const response = await fetch(request);
        // A page with a message in its address (?saved=…) or a sign-in redirect is not the page.
        if (response.ok && !response.redirected && url.search === '') {
          const cache = await caches.open(PAGES);
          await cache.put(url.pathname, response.clone());
        }
        return response;
      } catch (error) {
        const kept = await caches.match(url.pathname, { cacheName: PAGES });
        if (kept) return kept;
        return new Response(
          '<!doctype html><meta charset="utf-8"><meta name="viewport" content="width=device-width">' +
            '<title>没有网络 · Offline</title><p>没有网络连接，这一页没有保存在本机。</p>' +
            '<p>No connection, and this page is not kept on this phone.</p><p><a href="/">首页 · Home</a></p>',
          { status: 503, headers: { 'Content-Type': 'text/html; charset=utf-8' } },
        );
      }
    }

    // Keeps what is not kept yet (a kept page is refreshed whenever it is opened online).
    async function warm(cacheName, paths) {
      const cache = await caches.open(cacheName);
      for (const path of paths) {
        if (await cache.match(path)) continue;
        try {
          const response = await fetch(path, { credentials: 'same-origin' });
          if (response.ok && !response.redirected) await cache.put(path, response);
        } catch (error) {
          return; // offline now: the pages are kept on the next visit
        }
      }
    }

    // A form posted while the phone believed it was online, and the post failed: keep it.
    async function postOrKeep(request, url) {
      const copy = request.clone();
      try {
        return await fetch(request);
      } catch (error) {
        const form = await copy.formData();
        const id = form.get('client_id');
        if (!id) throw error; // not a form the outbox prepared
        const back = new URL(request.referrer || '/', location.origin).pathname;
        await keep({
          id, user: null, kind: url.pathname.includes('attendance') ? 'attendance' : 'practice',
          action: url.pathname, back, fields: onlyText([...form]), at: Date.now(), error: null,
        });
        return Response.redirect(back + '?queued=1', 303);
      }
    }

    // Signing out with records waiting: ask first (/sign-out); signing out forgets kept pages.
    async function signOut(request) {
      const body = await request.clone().text();
      if (!/(^|&)confirm_unsent=1(&|$)/.test(body)) {
        const waiting = (await all()).length;
        if (waiting > 0) return Response.redirect('/sign-out?unsent=' + waiting, 303);
      }
      const response = await fetch(request);
      await caches.delete(PAGES);
      return response;
    }
  }

  // ---- The page ----
  function page() {
    const box = document.getElementById('outbox');
    if (!box || !self.indexedDB) return;
    const user = box.dataset.user;
    const text = (key, n) => (box.dataset['t' + key] || '').replace('{n}', String(n));
    const list = box.querySelector('[data-outbox-list]');
    const status = box.querySelector('[data-outbox-status]');
    const forms = document.querySelectorAll('form[data-offline]');
    let sending = false;

    // The worker, the outbox's database and sending wait until the page has loaded and the
    // phone is idle: none of it is needed for the first paint, and all of it costs main thread.
    // Starting the worker waits a few seconds more (`settle`), past the page's own start-up and
    // the first taps on a slow phone: it only matters for the next visit without a connection.
    const later = (work, settle = 0) => {
      const idle = () => ('requestIdleCallback' in self ? requestIdleCallback(work, { timeout: 2000 }) : setTimeout(work, 0));
      const after = () => (settle ? setTimeout(idle, settle) : idle());
      if (document.readyState === 'complete') after();
      else addEventListener('load', after, { once: true });
    };
    later(() => {
      if (!('serviceWorker' in navigator)) return;
      navigator.serviceWorker.register('/sw.js').then(() => navigator.serviceWorker.ready).then((reg) => {
        let keepPaths = [];
        try { keepPaths = JSON.parse(box.dataset.keep || '[]'); } catch (error) { /* none */ }
        // The versioned CSS and this script too (the HTTP cache may have let them go).
        const files = [...document.querySelectorAll('link[rel=stylesheet], script[src]')]
          .map((e) => new URL(e.href || e.src).pathname).filter((p) => p.startsWith('/pkg/'));
        if (reg.active) reg.active.postMessage({ keep: keepPaths, files });
      }).catch(() => {});
    }, WORKER_SETTLE_MS);

    for (const form of forms) {
      const id = form.querySelector('input[name=client_id]');
      if (id && !id.value) id.value = newId();
      form.addEventListener('submit', (event) => {
        // Second time round: the server answered, so the form posts as it does without JS.
        if (form.dataset.reachable === '1') {
          delete form.dataset.reachable;
          return;
        }
        event.preventDefault();
        const submitter = event.submitter;
        reachable().then((ok) => {
          if (!ok) return queue(form, submitter);
          form.dataset.reachable = '1';
          form.requestSubmit(submitter || undefined);
        });
      });
    }

    // Whether the server answers now. `navigator.onLine` only knows that there is no network at
    // all (and is wrong after a page came from the service worker's copy), so ask with the
    // smallest request there is. If the post fails after all, the service worker keeps it.
    async function reachable() {
      if (navigator.onLine === false) return false;
      const stop = new AbortController();
      const timer = setTimeout(() => stop.abort(), 10000);
      try {
        await fetch('/sw.js', { method: 'HEAD', cache: 'no-store', signal: stop.signal });
        return true;
      } catch (error) {
        return false;
      } finally {
        clearTimeout(timer);
      }
    }

    function say(message) {
      status.textContent = message;
      status.hidden = !message;
    }

    async function queue(form, submitter) {
      const id = form.querySelector('input[name=client_id]');
      const fields = onlyText([...new FormData(form, submitter)]);
      await keep({
        id: id.value, user, kind: form.dataset.offline, action: new URL(form.action).pathname,
        back: location.pathname, fields, at: Date.now(), error: null,
      });
      form.reset();
      id.value = newId();
      say(text('Saved'));
      await show();
      box.scrollIntoView({ block: 'nearest' });
    }

    async function mine() {
      const items = await all();
      // A record the service worker kept did not know whose it was: the person here made it.
      for (const item of items.filter((i) => i.user === null)) {
        item.user = user;
        await keep(item);
      }
      return items.filter((i) => String(i.user) === String(user)).sort((a, b) => a.at - b.at);
    }

    function describe(item) {
      const get = (name) => (item.fields.find(([k]) => k === name) || [])[1] || '';
      if (item.kind === 'attendance') {
        const ticked = item.fields.filter(([k]) => /\[pick\]$/.test(k)).length;
        return text('Attendance') + ' · ' + text('Ticked', ticked);
      }
      return text('Practice') + ' · ' + get('practised_on');
    }

    async function show() {
      const items = await mine();
      box.querySelector('[data-outbox-count]').textContent = String(items.length);
      box.hidden = items.length === 0 && status.hidden;
      list.replaceChildren(...items.map((item) => {
        const li = document.createElement('li');
        li.dataset.testid = 'outbox-item';
        const what = document.createElement('div');
        what.textContent = describe(item) + ' · ' + new Date(item.at).toLocaleString();
        li.append(what);
        if (item.error) {
          const why = document.createElement('p');
          why.className = 'field-error';
          why.dataset.testid = 'outbox-reason';
          why.textContent = item.error;
          li.append(why);
        }
        const form = [...forms].find((f) => f.dataset.offline === item.kind && location.pathname === item.back);
        if (item.error && form) li.append(button(text('Edit'), () => edit(form, item)));
        li.append(button(text('Discard'), async () => {
          if (!confirm(text('DiscardConfirm'))) return;
          await drop(item.id);
          await show();
        }));
        return li;
      }));
    }

    function button(label, onClick) {
      const b = document.createElement('button');
      b.type = 'button';
      b.className = 'button small';
      b.textContent = label;
      b.addEventListener('click', onClick);
      return b;
    }

    // Puts a refused record back into its form (same id: sending the fixed one replaces it).
    function edit(form, item) {
      for (const el of form.elements) {
        if (!el.name || el.type === 'submit') continue;
        const values = item.fields.filter(([k]) => k === el.name).map(([, v]) => v);
        if (el.type === 'checkbox' || el.type === 'radio') el.checked = values.includes(el.value);
        else if (values.length) el.value = values[0];
      }
      form.scrollIntoView();
    }

    // The server's own words for a refusal: the page it rendered again, error and field notes.
    function reason(html) {
      const doc = new DOMParser().parseFromString(html, 'text/html');
      const notes = [...doc.querySelectorAll('main [role=alert], main .field-error')]
        .map((n) => n.textContent.trim()).filter(Boolean);
      return [...new Set(notes)].join(' ');
    }

    async function send() {
      if (sending || !navigator.onLine) return;
      sending = true;
      let sent = 0;
      try {
        for (const item of await mine()) {
          let response;
          try {
            response = await fetch(item.action, {
              method: 'POST', credentials: 'same-origin', headers: { Accept: 'text/html' },
              body: new URLSearchParams(item.fields),
            });
          } catch (error) {
            break; // still no connection: the next 'online' tries again
          }
          if (response.redirected && new URL(response.url).pathname === '/login') {
            item.error = text('Expired');
            await keep(item);
            break;
          }
          if (response.ok) {
            await drop(item.id);
            sent += 1;
          } else if (response.status >= 500 || response.status === 429) {
            item.error = text('Failed');
            await keep(item);
            break;
          } else {
            item.error = reason(await response.text()) || text('Failed');
            await keep(item);
          }
        }
      } finally {
        sending = false;
        if (sent > 0) say(text('Sent', sent));
        await show();
      }
    }

    if (new URLSearchParams(location.search).has('queued')) say(text('Saved'));
    // When the connection returns; and, since phones do not always say so, every few seconds
    // while something waits (an attempt with no network fails at once, without the radio).
    window.addEventListener('online', send);
    setInterval(() => {
      if (!document.hidden && Number(box.querySelector('[data-outbox-count]').textContent) > 0) send();
    }, RETRY_MS);
    // `data-checked` says the outbox has been read and sent once since the page opened.
    later(() => show().then(send).then(() => { box.dataset.checked = '1'; }));
  }
})();
