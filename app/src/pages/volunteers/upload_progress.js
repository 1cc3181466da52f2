// Upload progress for the import forms. Without a script the form posts as it is and the
// server answers with the result page; with one, the file goes up by XMLHttpRequest so the
// page can show how much has been sent, then how the check goes on, and the server's answer
// (the same page the plain form would get) takes over.
for (const form of document.querySelectorAll("form[data-progress]")) {
  form.addEventListener("submit", (event) => {
    const bar = form.querySelector("progress");
    const status = form.querySelector("[data-progress-status]");
    const button = form.querySelector("button[type=submit]");
    if (!bar || !status || !window.FormData) return;
    event.preventDefault();
    const say = (text) => {
      status.hidden = false;
      status.textContent = text;
    };
    bar.hidden = false;
    bar.removeAttribute("value");
    if (button) button.disabled = true;
    form.dataset.state = "sending";
    say(form.dataset.tSending.replace("{pct}", "0"));
    const xhr = new XMLHttpRequest();
    xhr.open("POST", form.action);
    xhr.upload.addEventListener("progress", (e) => {
      if (!e.lengthComputable || e.total === 0) return;
      bar.max = e.total;
      bar.value = e.loaded;
      say(form.dataset.tSending.replace("{pct}", String(Math.floor((100 * e.loaded) / e.total))));
    });
    xhr.upload.addEventListener("load", () => {
      // Sent: the server now checks every row, which takes a while for 100,000 of them.
      bar.removeAttribute("value");
      form.dataset.state = "checking";
      say(form.dataset.tChecking);
    });
    xhr.addEventListener("load", () => {
      const target = new URL(xhr.responseURL || form.action, location.href);
      if (target.pathname + target.search !== new URL(form.action, location.href).pathname) {
        // Imported: the server sent the browser on to the result; open it as a page.
        location.assign(target.href);
        return;
      }
      // Refused: the answer is the page listing each problem; show it as the plain form would.
      document.open();
      document.write(xhr.responseText);
      document.close();
    });
    xhr.addEventListener("error", () => {
      bar.hidden = true;
      if (button) button.disabled = false;
      form.dataset.state = "failed";
      say(form.dataset.tFailed);
    });
    xhr.send(new FormData(form));
  });
}
