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

// Copy buttons: data-copy names the field whose text is copied; the status line confirms it.
document.addEventListener("click", async (event) => {
  const button = event.target.closest && event.target.closest("[data-copy]");
  if (!button) return;
  const field = document.getElementById(button.dataset.copy);
  field.select();
  try {
    await navigator.clipboard.writeText(field.value);
  } catch {
    document.execCommand("copy");
  }
  const status = document.getElementById(button.dataset.copy + "-status");
  if (status) status.textContent = button.dataset.copied;
});
