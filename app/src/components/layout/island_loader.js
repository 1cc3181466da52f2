// Written into the page by island_loader.rs after `const pkg = "/pkg/<version>";`.
const wake = () =>
  import(`${pkg}/shegong.js`).then(async (m) => {
    await m.default({ module_or_path: `${pkg}/shegong_bg.wasm` });
    m.hydrate();
    for (const el of document.querySelectorAll('leptos-island')) {
      const island = m[el.dataset.component];
      if (island) island(el);
    }
  });
const idle = () =>
  'requestIdleCallback' in window ? requestIdleCallback(wake, { timeout: 3000 }) : setTimeout(wake, 0);
if (document.readyState === 'complete') idle();
else addEventListener('load', idle, { once: true });
