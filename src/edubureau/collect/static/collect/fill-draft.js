// 填报 offline draft: every change is kept in localStorage (per submission and form version); a save or
// submit made without a connection is kept and sent when the browser is back online (or on the next visit).
// A photo chosen offline stays in its file input (a browser cannot keep it in localStorage) and goes with
// that send, as long as the page stays open.
(function () {
  "use strict";
  var form = document.getElementById("fill-form");
  if (!form) return;
  var KEY = form.dataset.draftKey;
  var serverSaved = Number(form.dataset.saved || 0) * 1000;
  var status = document.getElementById("offline-status");
  var action = form.querySelector("[name=action]");

  function say(text, danger) {
    status.textContent = text;
    status.classList.toggle("d-none", !text);
    status.classList.toggle("alert-danger", !!danger);
    status.classList.toggle("alert-info", !danger);
  }
  function load() {
    try { return JSON.parse(localStorage.getItem(KEY) || "null"); } catch (e) { return null; }
  }
  function save(pending) {
    var data = {};
    Array.prototype.forEach.call(form.elements, function (el) {
      if (!el.name || el.name === "csrfmiddlewaretoken" || el.name === "action" || el.type === "file") return;
      if (el.type === "checkbox") { (data[el.name] = data[el.name] || []); if (el.checked) data[el.name].push(el.value); }
      else if (el.type === "radio") { if (el.checked) data[el.name] = el.value; }
      else data[el.name] = el.value;
    });
    var prev = load() || {};
    localStorage.setItem(KEY, JSON.stringify({
      fields: data, pending: pending === undefined ? (prev.pending || "") : pending, saved: Date.now()
    }));
  }
  function restore(draft) {
    var f = draft.fields || {};
    Array.prototype.forEach.call(form.elements, function (el) {
      if (!el.name || !(el.name in f) || el.name === "csrfmiddlewaretoken" || el.name === "action" || el.type === "file") return;
      if (el.type === "checkbox") el.checked = (f[el.name] || []).indexOf(el.value) >= 0;
      else if (el.type === "radio") el.checked = f[el.name] === el.value;
      else el.value = f[el.name];
    });
  }
  function send(what) {
    action.value = what;
    // form.action would be the inputs named "action", not the URL
    return fetch(form.getAttribute("action"), {
      method: "POST", body: new FormData(form), credentials: "same-origin", headers: { "Accept": "application/json" }
    }).then(function (r) { return r.json(); }).then(function (j) {
      if (j.ok) {
        localStorage.removeItem(KEY);
        window.location.href = j.url;
        return;
      }
      save("");
      say((j.errors || []).join(" "), true);
      // the buttons are at the bottom of a long form, the errors at its top
      status.scrollIntoView({ block: "center" });
    });
  }
  function sendPending() {
    var draft = load();
    if (!navigator.onLine || !draft || !draft.pending) return;
    say("正在发送离线保存的填报…");
    send(draft.pending).catch(function () { say("网络仍不可用：填报已保存在本机，恢复连接后自动发送。"); });
  }

  var draft = load();
  if (draft && (draft.pending || draft.saved > serverSaved)) {
    restore(draft);
    if (!draft.pending) say("已恢复本机上尚未保存到系统的填写内容。");
  }
  form.addEventListener("input", function () { save(); });
  form.addEventListener("change", function () { save(); });
  form.addEventListener("submit", function (ev) {
    ev.preventDefault();
    var what = (ev.submitter && ev.submitter.value) || "save";
    save(what);
    if (!navigator.onLine) { say("当前离线：填报已保存在本机，恢复连接后自动发送。"); return; }
    send(what).catch(function () { say("网络中断：填报已保存在本机，恢复连接后自动发送。"); });
  });
  window.addEventListener("online", sendPending);
  if (draft && draft.pending) sendPending();
})();
