// Behaviour for every page, here rather than in inline handlers, which the Content-Security-Policy refuses.
// <select data-submit-on-change> submits its form when changed; <button data-print> prints the page.
document.addEventListener("change", (event) => {
  if (event.target.matches("[data-submit-on-change]")) event.target.form.submit();
});
document.addEventListener("click", (event) => {
  if (event.target.closest("[data-print]")) window.print();
});
