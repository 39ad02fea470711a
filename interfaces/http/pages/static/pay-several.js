/* The several-invoices pay page (PRODUCT §13): keep "ticked in all" equal to the ticked invoices' sum as boxes are
   ticked. The server shows the right sum for what it ticked; without JavaScript the status page shows the sum paid. */
(function () {
  "use strict";

  var total = document.getElementById("pay-total");
  var boxes = document.querySelectorAll("input[name=invoice][data-amount]");
  if (!total || !boxes.length || !window.Intl) {
    return;
  }
  var lang = document.documentElement.lang === "en" ? "en-GB" : "da-DK";
  var currency = total.getAttribute("data-currency");
  var digits = Number(total.getAttribute("data-digits"));
  var format = new Intl.NumberFormat(lang, {
    style: "currency",
    currency: currency,
    currencyDisplay: lang === "en-GB" ? "code" : "symbol",
    minimumFractionDigits: digits,
    maximumFractionDigits: digits
  });

  function update() {
    var sum = 0;
    boxes.forEach(function (box) {
      if (box.checked) {
        sum += Number(box.getAttribute("data-amount"));
      }
    });
    total.textContent = format.format(sum / Math.pow(10, digits));
  }

  boxes.forEach(function (box) { box.addEventListener("change", update); });
}());
