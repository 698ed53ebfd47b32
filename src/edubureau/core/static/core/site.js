// Behaviour for every page, here rather than in inline handlers, which the Content-Security-Policy refuses.
// <select data-submit-on-change> submits its form when changed; <button data-print> prints the page;
// <a data-back> goes back a page (its href is where it goes when there is no page to go back to).
document.addEventListener("change", (event) => {
  if (event.target.matches("[data-submit-on-change]")) event.target.form.submit();
});
document.addEventListener("click", (event) => {
  if (event.target.closest("[data-print]")) window.print();
  if (event.target.closest("[data-back]") && history.length > 1) {
    event.preventDefault();
    history.back();
  }
});
