// Progressive enhancement for a report being generated: fetch the page every few seconds and
// show its progress in place (an aria-live region) until the files are ready. Without
// JavaScript the page has a link to refresh it.
const region = document.querySelector("[data-report-progress]");
if (region) {
  const url = region.dataset.reportProgress;
  const poll = async () => {
    try {
      const response = await fetch(url, { headers: { Accept: "text/html" }, credentials: "same-origin" });
      if (!response.ok) return;
      const page = new DOMParser().parseFromString(await response.text(), "text/html");
      const fresh = page.querySelector("#report-progress");
      if (!fresh) return;
      region.innerHTML = fresh.innerHTML;
      if (fresh.hasAttribute("data-report-progress")) {
        window.setTimeout(poll, 3000);
      }
    } catch (error) {
      window.setTimeout(poll, 6000);
    }
  };
  window.setTimeout(poll, 3000);
}
