// 督导记录 offline draft: every change is kept in localStorage; a record saved without a connection is
// sent when the browser is back online (and on the next visit to the page). The draft id (client_id)
// makes a draft sent twice one record on the server.
(function () {
  "use strict";
  var form = document.getElementById("visit-form");
  if (!form) return;
  var KEY = form.dataset.draftKey;
  var status = document.getElementById("offline-status");
  var idField = form.querySelector("[name=client_id]");

  function say(text, danger) {
    status.textContent = text;
    status.classList.toggle("d-none", !text);
    status.classList.toggle("alert-danger", !!danger);
    status.classList.toggle("alert-info", !danger);
  }
  // The server's errors ({field name: [messages]}): each under its field, which is marked; the summary on top
  // names the fields; the first one is brought into view (the button is at the bottom of a long page).
  function showErrors(errors) {
    Array.prototype.forEach.call(form.querySelectorAll(".js-error"), function (el) { el.remove(); });
    Array.prototype.forEach.call(form.querySelectorAll(".is-invalid"), function (el) { el.classList.remove("is-invalid"); });
    var msgs = [], first = null;
    Object.keys(errors).forEach(function (name) {
      var field = form.elements[name];
      if (field instanceof RadioNodeList) field = field[0];
      var label = field && field.id && form.querySelector("label[for='" + field.id + "']");
      errors[name].forEach(function (m) { msgs.push(label ? label.textContent.trim() + "：" + m : m); });
      if (!field || field.type === "hidden") return;
      field.classList.add("is-invalid");
      var note = document.createElement("div");
      note.className = "invalid-feedback d-block js-error";
      note.textContent = errors[name].join(" ");
      field.insertAdjacentElement("afterend", note);
      first = first || field;
    });
    say(msgs.join(" "), true);
    (first || status).scrollIntoView({ block: "center" });
    if (first) first.focus({ preventScroll: true });
  }
  function newId() {
    return "v-" + Date.now().toString(36) + "-" + Math.random().toString(36).slice(2, 10);
  }
  function load() {
    try { return JSON.parse(localStorage.getItem(KEY) || "null"); } catch (e) { return null; }
  }
  function save(pending) {
    var data = {};
    Array.prototype.forEach.call(form.elements, function (el) {
      if (!el.name || el.type === "file" || el.name === "csrfmiddlewaretoken") return;
      if (el.type === "checkbox") {
        if (el.name === "methods") { (data.methods = data.methods || []); if (el.checked) data.methods.push(el.value); }
        else data[el.name] = el.checked;
      } else if (el.type === "radio") {
        if (el.checked) data[el.name] = el.value;
      } else data[el.name] = el.value;
    });
    var prev = load() || {};
    localStorage.setItem(KEY, JSON.stringify({ fields: data, pending: pending === undefined ? !!prev.pending : pending, saved: Date.now() }));
  }
  function restore(draft) {
    var f = draft.fields || {};
    Array.prototype.forEach.call(form.elements, function (el) {
      if (!el.name || !(el.name in f) || el.type === "file" || el.name === "csrfmiddlewaretoken") return;
      if (el.type === "checkbox") el.checked = el.name === "methods" ? f.methods.indexOf(el.value) >= 0 : !!f[el.name];
      else if (el.type === "radio") el.checked = f[el.name] === el.value;
      else el.value = f[el.name];
    });
  }
  function send() {
    var body = new FormData(form);
    return fetch(form.action || window.location.href, {
      method: "POST", body: body, credentials: "same-origin", headers: { "Accept": "application/json" }
    }).then(function (r) {
      return r.json().then(function (j) { return { status: r.status, json: j }; });
    }).then(function (res) {
      if (res.json.ok) {
        localStorage.removeItem(KEY);
        window.location.href = res.json.url;
        return;
      }
      save(false);
      showErrors(res.json.errors || {});
    });
  }
  function sendPending() {
    if (!navigator.onLine) return;
    say(form.dataset.sending || "正在发送离线保存的督导记录…");
    send().catch(function () { save(true); say("网络仍不可用：记录已保存在本机，恢复连接后自动发送。"); });
  }

  var draft = load();
  if (draft) restore(draft);
  if (!idField.value) idField.value = newId();
  save();
  form.addEventListener("input", function () { save(); });
  form.addEventListener("change", function () { save(); });
  var loadedAt = Date.now();
  var now = document.getElementById("feedback-now");
  if (now) now.addEventListener("click", function () {
    // The bureau's clock, not the phone's: the page carries the server's local time when it was drawn
    // (the one clock, in the bureau's time zone); add what has passed since.
    var drawn = now.dataset.now.split(/[-T:]/).map(Number);
    var t = new Date(Date.UTC(drawn[0], drawn[1] - 1, drawn[2], drawn[3], drawn[4], drawn[5]) + (Date.now() - loadedAt));
    form.querySelector("[name=feedback_at]").value = t.toISOString().slice(0, 16);
    save();
  });
  form.addEventListener("submit", function (ev) {
    ev.preventDefault();
    save(true);
    if (!navigator.onLine) { say("当前离线：记录已保存在本机，恢复连接后自动发送。"); return; }
    send().catch(function () { save(true); say("网络中断：记录已保存在本机，恢复连接后自动发送。"); });
  });
  window.addEventListener("online", sendPending);
  if (draft && draft.pending) sendPending();
})();
