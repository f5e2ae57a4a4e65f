// A job's progress page, with JavaScript: poll its JSON and update the page in place.
// Without JavaScript the page refreshes itself (a <noscript> meta refresh) while the job runs.
const root = document.querySelector("[data-job-status-url]");

if (root) {
  const url = root.dataset.jobStatusUrl;
  const set = (selector, text) => {
    const el = root.querySelector(selector);
    if (el && text !== undefined && el.textContent !== text) el.textContent = text;
  };

  const poll = async () => {
    try {
      const response = await fetch(url, { headers: { Accept: "application/json" }, credentials: "same-origin" });
      if (!response.ok) throw new Error(response.statusText);
      const job = await response.json();
      if (!job.active) {
        window.location.reload(); // the finished page has the result link or the error
        return;
      }
      set("[data-job-percent-text]", job.percent_text);
      const bar = root.querySelector("[data-job-bar]");
      if (bar) {
        bar.value = job.percent;
        bar.textContent = job.percent_text;
      }
      set("[data-job-message]", job.message);
      set("[data-job-stage]", job.stage || undefined);
      const tag = root.querySelector("[data-job-status] .govuk-tag");
      if (tag) {
        tag.textContent = job.status_label;
        tag.className = `govuk-tag ${job.tag_classes}`;
      }
    } catch (error) {
      // A missed poll is retried; the page still shows the last known state.
    }
    window.setTimeout(poll, 2000);
  };
  window.setTimeout(poll, 2000);
}
