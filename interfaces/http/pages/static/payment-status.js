/* The payment page's live status (PRODUCT §6.5): follow the payment's Server-Sent Events and, at a final status,
   redraw the status region from the page itself (so the words stay the server's, in the page's language). The
   stream repeats the status at least every 15 seconds; when it fails, or says nothing for SILENT_MS, poll the
   payment every 2 seconds instead. Without JavaScript the page has an "update" link. */
(function () {
  "use strict";

  var FINAL = ["complete", "failed", "refunded"];
  var POLL_MS = 2000;
  var SILENT_MS = 20000;
  var region = document.querySelector("[data-payment-id]");
  if (!region || !window.fetch) {
    return;
  }
  var paymentId = region.getAttribute("data-payment-id");
  var api = "/api/v1/payments/" + encodeURIComponent(paymentId);
  var source = null;
  var pollTimer = null;
  var watchdog = null;
  var finished = false;

  function isFinal(status) {
    return FINAL.indexOf(status) !== -1;
  }

  function showLive() {
    region.querySelectorAll("[data-live-only]").forEach(function (el) { el.hidden = false; });
    region.querySelectorAll("[data-static-only]").forEach(function (el) { el.hidden = true; });
  }

  function stop() {
    if (watchdog) {
      window.clearTimeout(watchdog);
      watchdog = null;
    }
    if (source) {
      source.close();
      source = null;
    }
    if (pollTimer) {
      window.clearTimeout(pollTimer);
      pollTimer = null;
    }
  }

  function redraw() {
    window.fetch(window.location.pathname, { credentials: "same-origin", headers: { Accept: "text/html" } })
      .then(function (response) {
        if (!response.ok) {
          throw new Error("status page answered " + response.status);
        }
        return response.text();
      })
      .then(function (html) {
        var fresh = new DOMParser().parseFromString(html, "text/html").querySelector("[data-payment-id]");
        if (!fresh) {
          throw new Error("no status region");
        }
        region.className = fresh.className;
        region.setAttribute("data-status", fresh.getAttribute("data-status"));
        region.innerHTML = fresh.innerHTML;
      })
      .catch(function () {
        window.location.reload();
      });
  }

  function seen(status) {
    if (finished || !isFinal(status)) {
      return;
    }
    finished = true;
    stop();
    redraw();
  }

  function poll() {
    pollTimer = null;
    window.fetch(api, { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (response) { return response.ok ? response.json() : null; })
      .then(function (payment) {
        if (payment) {
          seen(payment.status);
        }
      })
      .catch(function () { /* try again on the next tick */ })
      .then(function () {
        if (!finished) {
          pollTimer = window.setTimeout(poll, POLL_MS);
        }
      });
  }

  function fallBackToPolling() {
    if (watchdog) {
      window.clearTimeout(watchdog);
      watchdog = null;
    }
    if (source) {
      source.close();
      source = null;
    }
    if (!finished && !pollTimer) {
      poll();
    }
  }

  showLive();
  if (isFinal(region.getAttribute("data-status"))) {
    return;
  }
  if (!window.EventSource) {
    fallBackToPolling();
    return;
  }
  function heard() {
    if (watchdog) {
      window.clearTimeout(watchdog);
    }
    watchdog = window.setTimeout(fallBackToPolling, SILENT_MS);
  }

  source = new window.EventSource(api + "/events");
  heard();
  source.addEventListener("status", function (event) {
    heard();
    try {
      seen(JSON.parse(event.data).status);
    } catch (ignored) {
      fallBackToPolling();
    }
  });
  source.addEventListener("error", fallBackToPolling);
})();
