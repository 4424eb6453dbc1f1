// Årsring dashboard: the only script. Filters a table as you type (data-filter-for="table id").
document.addEventListener("DOMContentLoaded", () => {
  for (const input of document.querySelectorAll("input[data-filter-for]")) {
    const table = document.getElementById(input.dataset.filterFor);
    if (!table) continue;
    input.addEventListener("input", () => {
      const needle = input.value.trim().toLowerCase();
      let shown = 0;
      for (const row of table.tBodies[0].rows) {
        const match = row.textContent.toLowerCase().includes(needle);
        row.hidden = !match;
        if (match) shown++;
      }
      const counter = document.getElementById(input.dataset.filterFor + "-count");
      if (counter) counter.textContent = String(shown);
    });
  }
});
