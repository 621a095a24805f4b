// Copy a claim's permanent link. The link is in a data attribute written by the generator.
for (const button of document.querySelectorAll("[data-parley-copy]")) {
  button.addEventListener("click", async () => {
    const url = new URL(button.dataset.parleyCopy, location.href).href;
    try {
      await navigator.clipboard.writeText(url);
      button.textContent = "link copied";
    } catch (error) {
      // Clipboard refused (e.g. not a secure context): show the link to copy by hand.
      window.prompt("Copy this link:", url);
    }
    setTimeout(() => { button.textContent = "copy link"; }, 2000);
  });
}
