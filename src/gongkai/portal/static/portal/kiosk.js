// Service-hall kiosk: return to the start page after a period without touches, so the next visitor
// starts fresh. A warning with a "continue" button appears 20 seconds before (WCAG 2.2.1); any touch
// or key press restarts the timer. Without JavaScript a <noscript> meta refresh does the same job.
(function () {
  "use strict";
  var body = document.body;
  var idle = parseInt(body.getAttribute("data-idle-seconds"), 10) || 90;
  var home = body.getAttribute("data-home") || "/kiosk/";
  var warning = document.getElementById("kiosk-timeout");
  var warnTimer, homeTimer;

  function restart() {
    clearTimeout(warnTimer);
    clearTimeout(homeTimer);
    if (warning) { warning.hidden = true; }
    warnTimer = setTimeout(function () { if (warning) { warning.hidden = false; } }, Math.max(idle - 20, 1) * 1000);
    homeTimer = setTimeout(function () { window.location.href = home; }, idle * 1000);
  }

  ["pointerdown", "keydown", "touchstart", "scroll"].forEach(function (name) {
    window.addEventListener(name, restart, { passive: true });
  });
  var keep = document.getElementById("kiosk-continue");
  if (keep) { keep.addEventListener("click", restart); }
  restart();
})();
