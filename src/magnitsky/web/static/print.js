// A "Print" button on a record page (the page itself is made for paper: see @media print in app.css).
document.querySelectorAll("[data-print]").forEach((button) => {
  button.addEventListener("click", () => window.print());
});
