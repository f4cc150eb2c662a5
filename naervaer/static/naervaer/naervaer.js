// Small behaviours without inline scripts (the Content Security Policy forbids them).
document.addEventListener("submit", (event) => {
  const button = event.submitter;
  const message = (button && button.dataset.confirm) || event.target.dataset.confirm;
  if (message && !window.confirm(message)) {
    event.preventDefault();
  }
});

// The phone menu: the button folds the menu away on narrow screens (the CSS decides when), and
// the page works as before without this script (the menu then stays open).
document.documentElement.classList.add("js");
document.addEventListener("click", (event) => {
  const button = event.target.closest && event.target.closest(".menu-button");
  if (button) {
    button.setAttribute("aria-expanded", String(button.getAttribute("aria-expanded") !== "true"));
  }
});
