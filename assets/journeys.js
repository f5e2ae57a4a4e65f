// Journey maps: a print button, and dragging a stage's column heading onto another to reorder.
// Progressive enhancement only: the "Move earlier" and "Move later" buttons do the same without
// JavaScript (and from the keyboard). A drop posts the new order as an ordinary form.
const printButton = document.querySelector("[data-journey-print]");
if (printButton) {
  printButton.hidden = false;
  printButton.addEventListener("click", () => window.print());
}

const grid = document.querySelector("[data-journey-order-url]");

if (grid && grid.querySelectorAll("th[data-stage-id]").length > 1) {
  const heads = Array.from(grid.querySelectorAll("th[data-stage-id]"));
  let dragged = null;

  const submitOrder = (ids) => {
    const form = document.createElement("form");
    form.method = "post";
    form.action = grid.dataset.journeyOrderUrl;
    for (const [name, value] of [["csrf_token", grid.dataset.csrfToken], ["order", ids.join(" ")]]) {
      const input = document.createElement("input");
      input.type = "hidden";
      input.name = name;
      input.value = value;
      form.append(input);
    }
    document.body.append(form);
    form.submit();
  };

  for (const head of heads) {
    head.draggable = true;
    head.classList.add("app-journey-stage--draggable");
    head.addEventListener("dragstart", (event) => {
      dragged = head;
      event.dataTransfer.effectAllowed = "move";
      event.dataTransfer.setData("text/plain", head.dataset.stageId);
      head.classList.add("app-journey-stage--dragging");
    });
    head.addEventListener("dragend", () => {
      head.classList.remove("app-journey-stage--dragging");
      dragged = null;
    });
    head.addEventListener("dragover", (event) => {
      if (dragged && dragged !== head) {
        event.preventDefault();
        head.classList.add("app-journey-stage--drop-target");
      }
    });
    head.addEventListener("dragleave", () => head.classList.remove("app-journey-stage--drop-target"));
    head.addEventListener("drop", (event) => {
      event.preventDefault();
      head.classList.remove("app-journey-stage--drop-target");
      if (!dragged || dragged === head) return;
      const ids = heads.map((h) => h.dataset.stageId);
      const from = ids.indexOf(dragged.dataset.stageId);
      const to = ids.indexOf(head.dataset.stageId);
      ids.splice(to, 0, ids.splice(from, 1)[0]);
      submitOrder(ids);
    });
  }
}
